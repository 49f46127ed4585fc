"""The explorers as a screen reader meets them: Chromium's own accessibility
tree (DevTools' Accessibility domain), in JupyterLab, for every explorer of
00-05 (tests/browser/explorer_page.py), of 06-08 (the notebook of
tests/browser/test_kernel_explorers.py) and of 09-10, one notebook open at a time.

For each explorer: every panel's picture is an image named and described by
the kernel's words (cnnlib.draw.base.spoken); a control moved from the
keyboard changes the one polite live region to the new numbers, equal to
the maths (filtering, pooling, voting) and to the kernel's sentence for the
controls now shown (all); each number grid's hidden table holds the numbers
its SVG draws. The voting grid, painted from the keyboard, says the cell and
its new value. An exported page (make html) speaks the same way, and its
picture's alt text is the explorer's description.
test-artifacts/a11y_tree_filtering.txt: the filtering explorer's tree
before and after three moves (for reading; the moves' announcements asserted).
"""
import html

import nbformat
import numpy as np
import pytest
from checks import next_key
from explorer_page import (EXPLORERS, KERNEL_EXPLORERS, KERNEL_SETUP, later_explorers,
                           expected_caption, explorer, explorers_tab)
from lab_driver import ARTIFACTS
from notebook_tab import explorers_notebook

import cnnlib
from cnnlib.draw.base import cell_text, features, pictures

pytestmark = pytest.mark.browser

# The control each explorer is moved by (voting: its grid, painted by keys).
MOVED = {"filtering": "position", "pooling": "position", "matching": "shift",
         "relu": "picture", "stacking": "picture", "voting": None,
         "descent": "steps", "training": "seed", "fgsm": "epsilon", "sticker": "row",
         "sound": "noise", "scramble": "fraction", "deep": "unit", "drawings": None}

# 09's and 10's explorers, in their own notebook (the drawings in FOLDER, under
# the served folder: the kernel's and this process's explorers read the same).
FOLDER = "a11y_drawings"
MORE_SETUP, MORE = later_explorers(FOLDER)
_MORE_FOLDER = {}

# Every text the live region held, per explorer (kept from when this is run).
RECORD_JS = """(n) => {
  const live = n.querySelector('.cnn-live');
  window.__said = window.__said || {};
  const said = window.__said[n.dataset.kind] = [live.textContent];
  new MutationObserver(() => said.push(live.textContent))
    .observe(live, {childList: true, characterData: true, subtree: true});
}"""

# The browser's control values: {name: slider position or dropdown index}.
CONTROLS_JS = """(n) => Object.fromEntries(Array.from(n.querySelectorAll('.cnn-control')).flatMap((c) => {
  const i = c.querySelector('input[type=range]'), s = c.querySelector('select');
  return i ? [[c.dataset.name, ['slider', Number(i.value)]]]
           : s ? [[c.dataset.name, ['dropdown', s.selectedIndex]]] : [];
}))"""

# Each grid picture's numbers and its hidden table's cells, in order.
TABLES_JS = """(n) => Array.from(n.querySelectorAll('.cnn-panels svg.cnn-grid')).map((svg) => {
  let t = svg.nextElementSibling;
  while (t && t.tagName !== 'svg' && !t.querySelector('table')) t = t.nextElementSibling;
  t = t && t.tagName !== 'svg' ? t.querySelector('table') : null;
  return {label: svg.getAttribute('aria-label'),
          drawn: Array.from(svg.querySelectorAll('.cnn-num')).map((x) => x.textContent),
          table: t && t.tagName === 'TABLE'
            ? Array.from(t.querySelectorAll('tbody td')).map((x) => x.textContent).filter(Boolean) : null,
          caption: t && t.tagName === 'TABLE' ? t.querySelector('caption').textContent : null};
})"""


# --- Chromium's accessibility tree ------------------------------------------------

def ax_nodes(tab, root):
    """Chromium's accessibility nodes of the page by id, and the one of the explorer's root."""
    cdp = tab.page.context.new_cdp_session(tab.page)
    try:
        root.evaluate("n => n.setAttribute('data-ax-root', '1')")
        doc = cdp.send("DOM.getDocument", {"depth": 0})
        found = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"],
                                               "selector": "[data-ax-root='1']"})
        backend = cdp.send("DOM.describeNode", {"nodeId": found["nodeId"]})["node"]["backendNodeId"]
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        root.evaluate("n => n.removeAttribute('data-ax-root')")
        cdp.detach()
    by_id = {n["nodeId"]: n for n in nodes}
    return by_id, next(n for n in nodes if n.get("backendDOMNodeId") == backend)


def ax_subtree(tab, root):
    """The accessibility nodes under an explorer's root, as (depth, node),
    ignored nodes left out (their children kept), in document order."""
    by_id, start = ax_nodes(tab, root)
    out = []

    def walk(node, depth):
        shown = not node.get("ignored")
        if shown:
            out.append((depth, node))
        for child in node.get("childIds", []):
            if child in by_id:
                walk(by_id[child], depth + shown)
    walk(start, 0)
    return out


def field(node, name):
    return (node.get(name) or {}).get("value", "")


def prop(node, name):
    return next((p["value"].get("value") for p in node.get("properties", []) if p["name"] == name),
                None)


def tree_text(tab, root):
    """The tree as a screen reader's user meets it: role, name, -- description,
    [live], = value; an image's insides and a dropdown's options left out,
    each table row on one line."""
    by_id, start = ax_nodes(tab, root)
    lines = []

    def kids(node):
        for child in node.get("childIds", []):
            if child in by_id:
                c = by_id[child]
                yield from (kids(c) if c.get("ignored") else [c])

    def texts(node):
        own = [field(node, "name")] if field(node, "role") in ("cell", "rowheader",
                                                                 "columnheader") else []
        return own or [t for c in kids(node) for t in texts(c)]

    def walk(node, depth):
        role, name = field(node, "role"), field(node, "name")
        pad = "  " * depth
        if role == "row":
            lines.append(pad + "row: " + " | ".join(texts(node)))
            return
        if role in ("InlineTextBox", "MenuListPopup") or (role == "StaticText" and depth and
                                                           field(by_id.get(node.get("parentId"), {}),
                                                                 "role") in ("button",)):
            return
        if role in ("generic", "none", "LabelText", "rowgroup") and not name:
            for c in kids(node):
                walk(c, depth)
            return
        line = f"{pad}{role} {name!r}"
        if field(node, "description"):
            line += f" -- {field(node, 'description')}"
        if prop(node, "live"):
            line += f" [live: {prop(node, 'live')}]"
        if field(node, "value") != "":
            line += f" = {field(node, 'value')}"
        lines.append(line)
        if role != "image":
            for c in kids(node):
                walk(c, depth + 1)
    walk(start, 0)
    return "\n".join(lines)


def live_text(root):
    return root.locator(".cnn-live").text_content()


# --- The kernel's words for what the browser shows ---------------------------------

_KERNEL_NAMES = {}


def build(kind):
    """The explorer as the notebook makes it (06-08's with the same trained networks)."""
    if kind in EXPLORERS:
        source, namespace = EXPLORERS[kind].split("\n"), {}
        exec("\n".join(source[:-1]), namespace)
        return eval(source[-1], namespace)
    if kind in MORE:
        from cnnlib.widgets.deep import deep_explorer
        from cnnlib.widgets.own_drawings import drawing_explorer
        return eval(MORE[kind].replace(FOLDER, str(_MORE_FOLDER["path"])),
                    {"deep_explorer": deep_explorer, "drawing_explorer": drawing_explorer})
    if not _KERNEL_NAMES:
        exec(KERNEL_SETUP, _KERNEL_NAMES)
    return eval(KERNEL_EXPLORERS[kind], _KERNEL_NAMES)


def headless(kind, tab, root):
    """The same explorer built here, its controls set to what the browser shows."""
    made = build(kind)
    shown = root.evaluate(CONTROLS_JS)
    values = {}
    for name, (kind_, v) in shown.items():
        values[name] = made.control(name)["options"][v][1] if kind_ == "dropdown" else v
    scrub = {made.scrub: values.pop(made.scrub)} if made.scrub in values else {}
    made.set_values(**values)
    if scrub:
        made.set_values(**scrub)
    if made.paintable:                          # the picture drawn in the browser
        made.paint(painted(root))
    return made


def painted(root):
    """The paintable grid's cells as the browser shows them (its table), row by row."""
    return root.evaluate("n => Array.from(n.querySelectorAll('.cnn-paint tbody td'))"
                         ".map((t) => Number(t.textContent))")


def announced(made):
    frame = made.frames[made.values[made.scrub]] if made.scrub else {}
    return frame.get("announce") or made.scene["announce"]


def maths_says(kind, made):
    """What the maths says the sentence must hold after the move (None: no check here)."""
    v = made.values
    if kind == "filtering":
        full = cnnlib.convolve(pictures()[v["picture"]], features()[v["feature"]], stride=v["stride"],
                               padding=v["padding"])
        row, col = divmod(v["position"], full.shape[1])
        return f"kernel at row {row}, column {col}: mean of products {cell_text(float(full[row, col]))}"
    if kind == "pooling":
        maps = cnnlib.convolve(pictures()[v["picture"]], features()[v["feature"]])
        pooled = cnnlib.max_pool(maps, size=v["size"], stride=v["stride"], padding=v["padding"],
                                 keep_edges=v["edges"])
        row, col = divmod(v["position"], pooled.shape[1])
        return f"window at row {row}, column {col}: max {cell_text(float(pooled[row, col]))}"
    if kind == "scramble":
        results, i = _KERNEL_NAMES["results"], v["fraction"]
        accuracy = ", ".join(f"{round(100 * float(results[name][i]), 2):g}% {name}"
                             for name in ("pattern CNN", "fully connected"))
        return (f"{round(100 * float(results['fractions'][i]), 4):g}% of pixel positions "
                f"scrambled: accuracy {accuracy}")
    return None


# --- The checks ----------------------------------------------------------------------

def check_pictures(tab, kind):
    """Every picture an image with the kernel's name and description; one polite live region."""
    root = explorer(tab, kind)
    tab.wait_kernel_idle()
    made = headless(kind, tab, root)
    try:
        frame = made.frames[made.values[made.scrub]] if made.scrub else {}
        panels = [{**p, **frame.get(p["key"], {})} for p in made.scene["panels"]]
        pictures = [q for p in panels for q in (p.get("grids") or [] if p["type"] == "stack" else [p])
                    if p["type"] != "text"]
        images = [(field(n, "name"), field(n, "description")) for _, n in ax_subtree(tab, root)
                  if field(n, "role") == "image"]
        expected = [(q["name"], q["description"]) for q in pictures]
        assert images == expected
        lives = [n for _, n in ax_subtree(tab, root) if field(n, "role") == "status"]
        assert len(lives) == 1 and prop(lives[0], "live") == "polite"
    finally:
        made.close()


def check_move(tab, kind):
    """A keyboard move: the live region says the new numbers, the maths' and the kernel's."""
    root = explorer(tab, kind)
    root.evaluate("n => n.scrollIntoView({block: 'start'})")
    tab.wait_kernel_idle()
    root.evaluate(RECORD_JS)
    before = live_text(root)
    if MOVED[kind] is None:                     # voting, drawings: the grid painted by keys
        grid = root.locator(".cnn-paint")
        grid.focus()
        tab.page.keyboard.press("ArrowRight")
        tab.page.keyboard.press("Enter")
        tab.wait_for_change(lambda: live_text(root), before, timeout=10)
        tab.wait_kernel_idle()
        tab.page.wait_for_function("n => !n.dataset.painting", arg=root.element_handle())
    else:
        node = root.locator(f".cnn-control[data-name='{MOVED[kind]}'] input, "
                            f".cnn-control[data-name='{MOVED[kind]}'] select").first
        node.focus()
        tab.page.keyboard.press(next_key(node))
        tab.wait_for_change(lambda: live_text(root), before, timeout=10)
        tab.wait_kernel_idle()
    tab.page.wait_for_timeout(300)
    said = live_text(root)
    assert said != before
    made = headless(kind, tab, root)
    try:
        assert said == announced(made)
        maths = maths_says(kind, made)
        if maths is not None:
            assert said == maths
        if kind == "voting":
            grid = np.reshape(painted(root), (9, 9))
            assert grid[4, 5] == -cnnlib.load_grid("x")[4, 5]        # the cell flipped
            assert said.startswith(expected_caption(grid))              # the votes: the maths'
        if MOVED[kind] is None:                 # the cell painted, and its new value, said
            grid = np.reshape(painted(root), made.grid.shape)
            history = tab.page.evaluate(f"() => window.__said[{kind!r}]")
            name = next(p["name"] for p in made.scene["panels"] if p.get("paint"))
            assert f"{name}: row 4, column 5, {int(grid[4, 5])}" in history, history
    finally:
        made.close()


def check_tables(tab, kind):
    """Each number grid's table: the SVG's numbers, captioned with its name."""
    root = explorer(tab, kind)
    tab.wait_kernel_idle()
    grids = root.evaluate(TABLES_JS)
    assert grids or kind == "descent"          # (its one picture is a curve)
    for g in grids:
        if g["drawn"]:
            assert g["table"] == g["drawn"], g["label"]
            assert g["caption"] == g["label"]


def dump_filtering_tree(tab):
    """The filtering explorer's accessibility tree at the start and after
    three keyboard moves (position twice, then the feature), written to
    test-artifacts/a11y_tree_filtering.txt; each move changes the live region."""
    root = explorer(tab, "filtering")
    root.evaluate("n => n.scrollIntoView({block: 'start'})")
    tab.wait_kernel_idle()
    parts = ["## before", tree_text(tab, root)]
    moves = [("position", "ArrowRight"), ("position", "ArrowRight"), ("feature", "ArrowDown")]
    for name, key in moves:
        before = live_text(root)
        node = root.locator(f".cnn-control[data-name='{name}'] input, "
                            f".cnn-control[data-name='{name}'] select").first
        node.focus()
        key = next_key(node)
        tab.page.keyboard.press(key)
        tab.wait_for_change(lambda: live_text(root), before, timeout=5)
        tab.wait_kernel_idle()
        tab.page.wait_for_timeout(300)
        tree = tree_text(tab, root)
        if name == "position":      # (a new feature may give the same mean at that position)
            assert live_text(root) != before, name
        assert tree != parts[-1], name
        parts += [f"## after {name}: {key}", tree]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "a11y_tree_filtering.txt").write_text("\n\n".join(parts) + "\n")
    assert "status" in parts[-1] and "kernel at row" in parts[-1]


# --- The tests: one notebook open at a time --------------------------------------------

@pytest.fixture(scope="class")
def lecture_tab(lab, lab_page, served_dir):
    with explorers_tab(lab, lab_page, served_dir) as tab:
        yield tab


@pytest.fixture(scope="class")
def kernel_tab(lab, lab_page, served_dir):
    with explorers_notebook(lab, lab_page, served_dir, "a11y_kernel_explorers.ipynb",
                            [KERNEL_SETUP, *KERNEL_EXPLORERS.values()], len(KERNEL_EXPLORERS),
                            ARTIFACTS) as tab:
        yield tab


def pytest_generate_tests(metafunc):
    """Each class's checks run for each explorer of its notebook (KINDS)."""
    if "kind" in metafunc.fixturenames and metafunc.cls is not None:
        metafunc.parametrize("kind", list(metafunc.cls.KINDS))


class Checks:
    """The three checks of every explorer, on the notebook the class's tab opens."""

    def test_every_picture_is_named_and_described_by_its_numbers(self, tab, kind):
        check_pictures(tab, kind)

    def test_a_keyboard_move_is_announced_with_the_new_numbers(self, tab, kind):
        check_move(tab, kind)

    def test_each_grid_table_holds_the_numbers_its_picture_draws(self, tab, kind):
        check_tables(tab, kind)


class TestLectureExplorers(Checks):
    """00-05's explorers (tests/browser/explorer_page.py's notebook)."""
    KINDS = EXPLORERS

    @pytest.fixture
    def tab(self, lecture_tab):
        return lecture_tab

    def test_filtering_tree_before_and_after_three_moves(self, tab):
        dump_filtering_tree(tab)


class TestKernelExplorers(Checks):
    """06-08's explorers (the notebook of tests/browser/test_kernel_explorers.py)."""
    KINDS = KERNEL_EXPLORERS

    @pytest.fixture
    def tab(self, kernel_tab):
        return kernel_tab


@pytest.fixture(scope="class")
def more_tab(lab, lab_page, served_dir):
    _MORE_FOLDER["path"] = served_dir / FOLDER
    with explorers_notebook(lab, lab_page, served_dir, "a11y_more_explorers.ipynb",
                            [MORE_SETUP, *MORE.values()], len(MORE), ARTIFACTS,
                            timeout=300) as tab:
        yield tab


class TestDeepAndDrawingExplorers(Checks):
    """09's deep explorer and 10's drawing explorer (painted from the keyboard)."""
    KINDS = MORE

    @pytest.fixture
    def tab(self, more_tab):
        return more_tab


# --- A static page (make html) speaks the same way ------------------------------------

def test_a_static_page_explorer_speaks_and_its_picture_has_the_alt_text(tmp_path, projector):
    """An exported page (tools/export_html.py) with a filtering explorer: the
    fallback picture's alt is the explorer's description; once live, a key
    on the position slider changes the live region to the maths' sentence and
    every grid's table holds its picture's numbers."""
    import base64

    import export_html
    from cnnlib.widgets.filtering import filtering_explorer

    made = filtering_explorer()
    data, metadata = made._repr_mimebundle_()
    data = {**data, "image/png": base64.b64encode(data["image/png"]).decode("ascii")}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("filtering_explorer()")])
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    nbformat.write(nb, tmp_path / "01_speaking.ipynb")
    page_file = export_html.export_notebook(tmp_path / "01_speaking.ipynb", tmp_path)
    assert f'alt="{html.escape(made.description())}"' in page_file.read_text()
    page = projector.new_page()
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function("() => document.querySelector('.cnn-static[data-live]')", timeout=20000)
        root = page.locator(".cnn-explorer")
        before = live_text(root)
        node = root.locator(".cnn-control[data-name='position'] input")
        node.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("([n, before]) => n.querySelector('.cnn-live').textContent !== before",
                               arg=[root.element_handle(), before], timeout=5000)
        made.set_values(position=1)
        assert live_text(root) == announced(made) == maths_says("filtering", made)
        grids = root.evaluate(TABLES_JS)
        assert len(grids) == 4 and all(g["table"] == g["drawn"] for g in grids)
    finally:
        page.close()
        made.close()
