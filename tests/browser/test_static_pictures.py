"""One output per explorer, as JupyterLab shows it (headless Chromium,
1280x720 at 150% zoom).

An explorer's output carries the live widget and, in the same display, a
static PNG of its first view. In a notebook opened but not run (no widget
models in the kernel yet), JupyterLab must show that picture, not the text
line ('<MatchingExplorer: ...>') nor an error; once run, the live widget
alone (test_browser_notebooks checks that on every run notebook). The
screenshots go to test-artifacts/unrun/ to be looked at: sharp, fitting,
readable.
"""
import checks
import pytest
from lab_driver import ARTIFACTS
from notebook_tab import NotebookTab

import notebooks as tool

pytestmark = pytest.mark.browser
PATHS = tool.series()
FOUND = {}     # notebook -> explorer outputs it holds (committed)

# Per explorer output of the open notebook (model order): what its node shows.
SHOWN_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const nodes = Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell'));
  const shown = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    const outs = Array.from(nodes[i].querySelectorAll('.jp-OutputArea-output'));
    for (let j = 0; j < cell.outputs.length; j++) {
      const data = cell.outputs.get(j).toJSON().data || {};
      if (!('application/vnd.cnnlib.explorer+json' in data || ('application/vnd.jupyter.widget-view+json' in data && 'image/png' in data))) continue;
      const node = outs[j], img = node && node.querySelector('img');
      shown.push({cell: i, output: j, text: node ? node.innerText.slice(0, 200) : '',
                  img: img ? {natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
                              complete: img.complete} : null,
                  live: !!(node && node.querySelector('.cnn-explorer'))});
    }
  }
  return shown;
}"""


@pytest.fixture(params=PATHS, ids=[p.stem for p in PATHS])
def unrun(request, lab, lab_page):
    """The notebook opened as committed: a kernel, but no cell run."""
    tab = NotebookTab(lab_page, request.param.stem)
    try:
        tab.open(request.param.name)
        lab_page.wait_for_timeout(1000)        # renderers settle
        yield tab
    finally:
        tab.finish(lab)


def test_an_unrun_notebook_shows_each_explorers_picture(unrun):
    tab = unrun
    shown = tab.page.evaluate(SHOWN_JS)
    FOUND[tab.name] = len(shown)
    if not shown:
        pytest.skip(f"{tab.name} holds no explorer output (committed before the explorers)")
    folder = ARTIFACTS / "unrun"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for k, out in enumerate(shown):
        where = f"cell {out['cell']}"
        if out["img"] is None:
            problems.append(f"{where}: no picture, shows {out['text'][:80]!r}")
            continue
        if not (out["img"]["complete"] and out["img"]["natural"] > 0):
            problems.append(f"{where}: the picture did not load")
        if "Explorer" in out["text"] or "Error" in out["text"] or "Loading" in out["text"]:
            problems.append(f"{where}: text beside the picture: {out['text'][:80]!r}")
        if out["img"]["shown"] < checks.MIN_SCALE * out["img"]["natural"]:
            problems.append(f"{where}: picture shrunk to "
                            f"{out['img']['shown'] / out['img']['natural']:.0%}")
        if out["live"]:
            problems.append(f"{where}: a live explorer in a notebook that did not run")
        node = tab.panel.locator(".jp-Cell").nth(out["cell"]).locator(
            ".jp-OutputArea-output").nth(out["output"])
        node.scroll_into_view_if_needed()
        tab.page.screenshot(path=str(folder / f"{tab.name}-{k}.png"))
    assert problems == []


def test_the_series_holds_explorer_outputs():
    """Guards the test above against passing by finding nothing: the
    notebooks of 00-05 hold at least one explorer output each."""
    if len(FOUND) < len(PATHS):
        pytest.skip("the notebooks were not all opened in this run")
    early = [p.stem for p in PATHS if p.stem[:2] in ("00", "01", "02", "03", "04", "05")]
    assert all(FOUND[name] >= 1 for name in early), FOUND
