"""axe-core's WCAG 2.1 A and AA rules on everything the series renders, in
headless Chromium at projector size (axe-playwright-python carries axe-core;
nothing is fetched while testing).

Two places, each test one page or one output, so a failure names where:
- every page of `make html` (the index and each notebook, with every reveal
  opened and every explorer started), the whole page;
- in JupyterLab, one notebook showing every explorer of cnnlib.widgets (a
  test below keeps that list complete), a figure (show), a reveal holding
  printed text and a figure, 01's sliding animation, and a reveal written in
  a markdown cell as the notebooks write them. axe's context is scoped to
  our own nodes there: each explorer's root, each output's node, the
  markdown's <details>. JupyterLab's own interface (menus, toolbars, the
  cells' prompts, the editor, its light theme's colours) is outside what
  the series can change, so it is not checked.

Two checks need no browser: every explorer class is in that notebook, and
every keyboard stop nbconvert leaves on an exported page is a named region.

The goal is 0 violations: a failure lists each rule's id, impact, the number
of nodes and the first node's target and HTML. `pytest -m axe tests/browser`
runs these alone.
"""
import importlib
import inspect
import pkgutil

import nbformat
import pytest
from axe_playwright_python.sync_playwright import Axe
from explorer_page import KERNEL_SETUP, drawings_setup
from lab_driver import ARTIFACTS
from notebook_tab import explorers_notebook

import notebooks as tool

pytestmark = pytest.mark.axe

WCAG21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
             "resultTypes": ["violations"]}
AXE = Axe()


def violations(page, context=None):
    """axe's WCAG 2.1 A/AA violations on page (within context, when given),
    once it has checked some node there with some rule."""
    results = AXE.run(page, context=context, options=WCAG21_AA).response
    assert any(rule["nodes"] for rule in results["passes"] + results["violations"]), \
        f"axe checked nothing in {context or 'the page'}"
    return results["violations"]


def said(found, where):
    """One line a rule: its id, impact, how many nodes, and the first node."""
    return [f"{where}: {v['id']} ({v['impact']}) on {len(v['nodes'])} nodes, first "
            f"{v['nodes'][0]['target']}: {v['nodes'][0]['html'][:200]}" for v in found]


# --- every page of make html -------------------------------------------------
PAGES = ["index", *(p.stem for p in tool.series())]


@pytest.fixture(scope="module")
def reader(projector):
    page = projector.new_page()
    yield page
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_exported_page_has_no_wcag_violations(pages, reader, name):
    """The whole page, as a reader meets it: explorers started (or saying
    why not), every reveal opened, so what is folded is checked too."""
    reader.goto((pages / f"{name}.html").as_uri())
    reader.wait_for_load_state("load")
    reader.wait_for_function("() => document.querySelectorAll('.cnn-static').length === "
                             "document.querySelectorAll('.cnn-static[data-live], "
                             ".cnn-static[data-error]').length", timeout=20000)
    opened = reader.evaluate("() => [...document.querySelectorAll('details')]"
                             ".map(d => { d.open = true; return d.open; }).length")
    if name != "index":     # every notebook asks, then reveals
        assert opened > 0, f"{name}: no reveal found to open"
    found = said(violations(reader), name)
    assert found == [], "\n".join(found)


def test_every_keyboard_stop_of_an_exported_page_says_what_it_is(tmp_path):
    """nbconvert makes inputs and outputs keyboard stops (to scroll wide
    ones): each stop left is a region named by its cell; text is no stop."""
    import re

    import export_html
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Some *text*."),
        nbformat.v4.new_code_cell("print(1)\n2", execution_count=1, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n"),
            nbformat.v4.new_output("execute_result", data={"text/plain": "2"},
                                   execution_count=1)])])
    nbformat.write(nb, tmp_path / "tiny.ipynb")
    html = export_html.export_notebook(tmp_path / "tiny.ipynb", tmp_path).read_text()
    stops = re.findall(r"<[a-z]+ [^>]*tabindex=\"0\"[^>]*>", html)
    names = [re.search(r'role="region" aria-label="([^"]+)"', stop) for stop in stops]
    assert [n and n.group(1) for n in names] == ["code, cell 2", "output, cell 2",
                                                "output 2, cell 2"]
    assert '<div class="jp-Cell-inputWrapper">' in html     # the markdown cell's


# --- in JupyterLab: every explorer, a figure, a reveal, the animation ----------
FOLDER = "axe_drawings"
SETUP = KERNEL_SETUP + """
from cnnlib.draw import reveal
from cnnlib.draw.base import show
from cnnlib.draw.filtering import maps_figure, sliding_animation
from IPython.display import HTML
x = c.load_grid("x")
features, names = c.load_features(), ["diagonal", "cross", "antidiagonal"]
""" + drawings_setup(FOLDER)
# Every explorer class (cnnlib.widgets), shown once as the notebooks show it.
EXPLORERS = {
    "MatchingExplorer": "from cnnlib.widgets.matching import matching_explorer\n"
                        "matching_explorer(shift=1)",
    "FilteringExplorer": "from cnnlib.widgets.filtering import filtering_explorer\n"
                         "filtering_explorer()",
    "PoolingExplorer": "from cnnlib.widgets.pooling import pooling_explorer\n"
                       "pooling_explorer(position=3)",
    "ReluView": "from cnnlib.widgets.relu import relu_view\nrelu_view()",
    "StackingExplorer": "from cnnlib.widgets.stacking import stacking_explorer\n"
                        "stacking_explorer()",
    "VotingExplorer": "from cnnlib.widgets.voting import voting_explorer\nvoting_explorer()",
    "TrainingExplorer": "from cnnlib.widgets.training import training_explorer\n"
                        "training_explorer(data, learning_rate=0.3)",
    "DescentExplorer": "from cnnlib.widgets.training import descent_explorer\n"
                       'descent_explorer(half, data["train_images"], data["train_labels"], '
                       '"fc1_w", (5, 1), start=half.params["fc1_w"][5, 1] + 2.5)',
    "FgsmExplorer": "from cnnlib.widgets.adversarial import fgsm_explorer\n"
                    "fgsm_explorer(model, data, epsilon=0.3)",
    "StickerExplorer": "from cnnlib.widgets.adversarial import sticker_explorer\n"
                       "sticker_explorer(model, data, row=4, col=4, size=3)",
    "SoundExplorer": "from cnnlib.widgets.beyond import sound_explorer\n"
                     "sound_explorer(ear, start_hz=150, end_hz=500)",
    "ScrambleExplorer": "from cnnlib.widgets.beyond import scramble_explorer\n"
                        'scramble_explorer(results, c.load_grid("x"))',
    "DeepExplorer": "from cnnlib.widgets.deep import deep_explorer\ndeep_explorer()",
    "DrawingsExplorer": "from cnnlib.widgets.own_drawings import drawing_explorer\n"
                        f'drawing_explorer("{FOLDER}", classes=("x", "o"))',
}
# Our other outputs, as the notebooks make them (01's cells).
OUTPUTS = {
    "figure": 'show(maps_figure(x, features, names), "the three maps of the X")',
    "reveal": 'with reveal("the three maps") as answer:\n'
              '    print(c.convolve(x, features).max(axis=(1, 2)))\n'
              '    answer.show(maps_figure(x, features, names), "the three maps of the X")',
    "animation": 'HTML(sliding_animation(x, features[0], "diagonal"))',
}
# The notebooks' own markdown reveal: the first one of the series, as written.
MARKDOWN = "markdown reveal"


def markdown_reveal():
    for path in tool.series():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and "<details" in cell.source:
                return cell.source
    raise AssertionError("no notebook of the series has a markdown reveal")


def explorer_classes():
    """The name of every explorer class a notebook can show (cnnlib.widgets)."""
    import cnnlib.widgets
    from cnnlib.widgets.base import Explorer
    found = set()
    for info in pkgutil.iter_modules(cnnlib.widgets.__path__):
        module = importlib.import_module(f"cnnlib.widgets.{info.name}")
        found |= {name for name, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, Explorer) and cls is not Explorer
                  and cls.__module__ == module.__name__ and not name.startswith("_")}
    return found


def test_every_explorer_class_is_checked():
    assert set(EXPLORERS) == explorer_classes()


TARGETS = [*EXPLORERS, *OUTPUTS, MARKDOWN]
# Each target's node, marked data-axe="k" for axe's context: an explorer's
# root (not JupyterLab's widget frame around it), an output's node (not its
# prompt), the markdown's <details>. Reveals are opened, so what they fold is
# checked too. Returns the number of nodes marked per target.
MARK_JS = """(cells) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const nodes = [...panel.querySelectorAll('.jp-Cell')];
  return cells.map(([k, index, kind]) => {
    const cell = nodes[index];
    const found = kind === 'explorer' ? [...cell.querySelectorAll('.cnn-explorer')]
      : kind === 'markdown' ? [...cell.querySelectorAll('.jp-RenderedMarkdown details')]
      : [...cell.querySelectorAll('.jp-OutputArea-output')];
    found.forEach((n) => { n.dataset.axe = String(k); });
    cell.querySelectorAll('details').forEach((d) => { d.open = true; });
    return found.length;
  });
}"""


@pytest.fixture(scope="module")
def tab(lab, lab_page, served_dir):
    cells = [SETUP, *EXPLORERS.values(), *OUTPUTS.values(),
             nbformat.v4.new_markdown_cell(markdown_reveal())]
    with explorers_notebook(lab, lab_page, served_dir, "axe_outputs.ipynb", cells,
                            len(EXPLORERS), ARTIFACTS) as tab:
        kinds = ["explorer"] * len(EXPLORERS) + ["output"] * len(OUTPUTS) + ["markdown"]
        tab.marked = tab.page.evaluate(MARK_JS, [[k, k + 1, kind] for k, kind in enumerate(kinds)])
        yield tab


@pytest.mark.browser
@pytest.mark.parametrize("target", TARGETS)
def test_jupyterlab_output_has_no_wcag_violations(tab, target):
    """One explorer or output of ours, scrolled into view, checked alone."""
    assert tab.errors() == []
    k = TARGETS.index(target)
    assert tab.marked[k] == 1, f"{target}: {tab.marked[k]} nodes found, not one"
    node = tab.panel.locator(f"[data-axe='{k}']")
    node.evaluate("n => n.scrollIntoView({block: 'start'})")
    tab.page.wait_for_timeout(200)
    found = said(violations(tab.page, {"include": [[f"[data-axe='{k}']"]]}), target)
    assert found == [], "\n".join(found)
