"""The drawing explorer (notebook 10) in JupyterLab, in headless Chromium at
projector size (1280x720 at 150% zoom), used as a class would use it.

The folder starts with five drawings each of X and O. In file order: the
explorer renders as SVG with no error; a click flips a cell and a drag
paints the cells it crosses (and the kernel gets the drawing); a name typed
in the "new class" box (Enter) adds the class (a bad one is explained in the
red error line), typing there never reaches JupyterLab's shortcuts, and a
T drawn by dragging and saved lands in the folder as the same `#`/`.` grid;
a second T saved while a slow kernel still has strokes to take is saved
whole, and the grid comes back empty; "train" trains on X, O and the new T and
shows the loss and the accuracy curves and the probabilities; the controls,
the picture and what the notebook tells the class to watch fit one screen,
and every number drawn is at least 12 device pixels; a saved drawing chosen
in "saved drawing" shows on the grid and "remove chosen" deletes its file.
"""
import pytest
from lab_driver import ARTIFACTS
from notebook_tab import explorers_notebook

pytestmark = pytest.mark.browser

FOLDER = "browser_drawings"
SETUP = f"""\
import numpy as np
from cnnlib.data import load_grid
from cnnlib.own_drawings import save_drawings, sketches
from cnnlib.widgets.own_drawings import drawing_explorer
save_drawings(sketches({{n: load_grid(n) for n in ("x", "o")}}, 5, np.random.default_rng(0)),
              "{FOLDER}")"""
SHOW = f'explorer = drawing_explorer("{FOLDER}", classes=("x", "o"))\nexplorer'
# A T on the 9x9 grid: the bar along row 1, the stem down column 4.
T_BAR = [(1, c) for c in range(1, 8)]
T_STEM = [(r, 4) for r in range(2, 8)]
# What notebook 10 tells the class to watch, beside the picture.
WATCHED = ["counts", "training", "accuracy", "probabilities"]


@pytest.fixture(scope="module")
def tab(lab, lab_page, served_dir):
    with explorers_notebook(lab, lab_page, served_dir, "drawing_explorer.ipynb", [SETUP, SHOW], 1,
                            ARTIFACTS) as tab:
        tab.page.wait_for_function(
            "() => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
            ".cnn-explorer[data-kind=drawings] .cnn-panel[data-key=picture] svg').length === 1",
            timeout=30000)
        yield tab


def root(tab):
    return tab.panel.locator(".cnn-explorer[data-kind='drawings']")


def cell(tab, r, c):
    return root(tab).locator(f".cnn-panel[data-key='picture'] rect.cnn-cell[data-r='{r}'][data-c='{c}']")


def fills(tab, cells):
    return [cell(tab, r, c).get_attribute("fill") for r, c in cells]


def all_fills(tab):
    """The fill of every cell of the picture, row by row."""
    return root(tab).locator(".cnn-panel[data-key='picture'] rect.cnn-cell").evaluate_all(
        "rects => rects.map((r) => r.getAttribute('fill'))")


def drag(tab, cells, wait=True):
    """Press on the first cell, move across the others, release, and wait
    for the kernel (if wait). (The cells' places are read at once, in the page: a
    painted grid is drawn anew, its cells replaced.)"""
    picture = root(tab).locator(".cnn-panel[data-key='picture']")
    picture.scroll_into_view_if_needed()
    points = picture.evaluate("""(n, cells) => cells.map(([r, c]) => {
      const b = n.querySelector(`rect.cnn-cell[data-r='${r}'][data-c='${c}']`).getBoundingClientRect();
      return [b.x + b.width / 2, b.y + b.height / 2]; })""", cells)
    mouse = tab.page.mouse
    mouse.move(*points[0])
    mouse.down()
    for point in points[1:]:
        mouse.move(*point, steps=3)
    mouse.up()
    if wait:
        tab.wait_kernel_idle()


# The kernel made slow to take a drawing (0.4 s each), as a busy one is.
SLOW_PAINT = """\
import time
def slow(cells, take=explorer.paint_grid):
    time.sleep(0.4)
    take(cells)
explorer.paint_grid = slow"""


def run(tab, code):
    """Run code in the notebook's kernel (no cell), and wait for it."""
    tab.page.evaluate("""async (code) => {
      const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      const reply = await kernel.requestExecute({code, silent: true}).done;
      if (reply.content.status !== 'ok') throw new Error(reply.content.evalue);
    }""", code)


def texts(locator):
    """The text of every SVG text element the locator finds."""
    return locator.evaluate_all("nodes => nodes.map((t) => t.textContent)")


def control(tab, name, what="button"):
    return root(tab).locator(f".cnn-control[data-name='{name}'] {what}")


def caption(tab):
    return root(tab).locator(".cnn-caption").inner_text()


def wait_caption(tab, text, timeout=20000):
    tab.page.wait_for_function(
        "([n, text]) => n.querySelector('.cnn-caption').textContent.includes(text)",
        arg=[root(tab).element_handle(), text], timeout=timeout)


def grid_text(cells, size=9):
    rows = [["."] * size for _ in range(size)]
    for r, c in cells:
        rows[r][c] = "#"
    return "\n".join("".join(row) for row in rows)


def test_renders_as_svg_without_errors(tab):
    assert tab.errors() == []
    text = tab.text()
    assert "Error displaying widget" not in text and "children=" not in text
    panels = root(tab).locator(".cnn-panels")
    assert panels.locator("svg").count() >= 2          # the picture and the counts
    assert panels.locator("img, canvas").count() == 0
    assert root(tab).locator(".cnn-control[data-name='new_class'] input[type=text]").count() == 1


def test_a_click_flips_a_cell_and_a_drag_paints_the_cells_it_crosses(tab):
    paper = fills(tab, [(0, 0)])[0]
    cell(tab, 0, 0).click()
    tab.wait_kernel_idle()
    stroke = fills(tab, [(0, 0)])[0]
    assert stroke != paper
    cell(tab, 0, 0).click()                             # again: back to paper
    tab.wait_kernel_idle()
    assert fills(tab, [(0, 0)]) == [paper]
    row = [(4, c) for c in range(1, 8)]
    drag(tab, row)
    tab.wait_kernel_idle()                              # drawn from the kernel's scene now
    assert fills(tab, row) == [stroke] * len(row)
    assert fills(tab, [(4, 0), (4, 8), (3, 4), (5, 4)]) == [paper] * 4
    control(tab, "clear").click()
    tab.wait_kernel_idle()
    assert fills(tab, row) == [paper] * len(row)


def test_a_class_named_in_the_box_is_drawn_into_and_saved(tab, served_dir):
    count = tab.page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.length")
    box = control(tab, "new_class", "input")
    box.click()
    tab.page.keyboard.type("abdd")                      # JupyterLab's shortcuts, were they to leak
    assert box.input_value() == "abdd"
    assert tab.page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets.length") == count
    box.fill("a/b")                                     # not a folder name: said in red
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_function("n => n.querySelector('.cnn-error').textContent.startsWith('No new class')",
                               arg=root(tab).element_handle(), timeout=10000)
    tab.wait_kernel_idle()
    tab.page.keyboard.type("T")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_function(        # the controls are built anew with the new option
        "n => { const s = n.querySelector(\".cnn-control[data-name='label'] select\");"
        " return s.options[s.selectedIndex].textContent === 'T'; }",
        arg=root(tab).element_handle(), timeout=10000)
    tab.wait_kernel_idle()
    assert box.input_value() == "" and root(tab).locator(".cnn-error").text_content() == ""
    bars = root(tab).locator(".cnn-panel[data-key='counts']").inner_text()
    assert "T" in bars
    assert "'T'" in root(tab).locator(".cnn-panel[data-key='picture'] .cnn-title").inner_text()
    drag(tab, T_BAR)
    drag(tab, T_STEM)
    tab.wait_kernel_idle()
    control(tab, "save").click()
    tab.wait_kernel_idle()
    saved = served_dir / FOLDER / "T" / "001.txt"
    assert saved.exists()
    assert saved.read_text().strip() == grid_text(T_BAR + T_STEM)
    # the grid is fresh for the next drawing, and the count says 1
    assert set(all_fills(tab)) == set(fills(tab, [(0, 0)]))
    assert texts(root(tab).locator(".cnn-panel[data-key='counts'] .cnn-num")) == ["5", "5", "1"]


def test_save_pressed_while_the_kernel_is_still_drawing_saves_the_whole_drawing(tab, served_dir):
    """A second T drawn fast and saved at once, before the kernel has taken
    the last strokes (the kernel is kept busy meanwhile): the button waits
    its turn behind the newest drawing, so the file holds the whole T and
    the grid comes back empty."""
    run(tab, SLOW_PAINT)
    try:
        drag(tab, T_BAR, wait=False)
        drag(tab, T_STEM, wait=False)
        assert root(tab).evaluate("n => n.dataset.painting") == "true"    # strokes still waiting
        control(tab, "save").click()
        tab.wait_kernel_idle()
    finally:
        run(tab, "del explorer.paint_grid")
    tab.page.wait_for_function("n => n.dataset.painting === ''", arg=root(tab).element_handle(),
                               timeout=10000)
    saved = served_dir / FOLDER / "T" / "002.txt"
    assert saved.read_text().strip() == grid_text(T_BAR + T_STEM)
    assert set(all_fills(tab)) == set(fills(tab, [(0, 0)]))
    assert texts(root(tab).locator(".cnn-panel[data-key='counts'] .cnn-num")) == ["5", "5", "2"]


def test_train_from_the_ui_shows_the_curve_and_the_answer(tab):
    # train on X, O and the two T
    control(tab, "train").click()
    wait_caption(tab, "trained on all your drawings")
    tab.wait_kernel_idle()
    assert "x: 5, o: 5, T: 2" in caption(tab)
    for key in ("training", "accuracy"):               # the loss, the accuracy: an axis each
        curve = root(tab).locator(f".cnn-panel[data-key='{key}']")
        assert curve.locator("polyline.cnn-series").count() == 1
    drag(tab, T_BAR)
    drag(tab, T_STEM)
    tab.wait_kernel_idle()
    probabilities = root(tab).locator(".cnn-panel[data-key='probabilities']")
    labels = texts(probabilities.locator("text[text-anchor='end']"))
    assert labels == ["x", "o", "T"]          # the folder's classes in order, then the new one
    said = texts(probabilities.locator(".cnn-num"))
    assert said[2].endswith("←"), said                 # the T drawn as it was taught
    assert root(tab).locator(".cnn-panel[data-key='maps'] svg").count() == 4


def test_fits_a_projector_screen_with_readable_numbers(tab):
    node = root(tab)
    node.evaluate("n => n.scrollIntoView({block: 'start'})")
    tab.page.wait_for_timeout(200)
    geometry = node.evaluate("""(n, watched) => {
      const scroller = n.closest('.jp-WindowedPanel-outer') || n.closest('.jp-Notebook');
      const view = scroller.getBoundingClientRect();
      const boxes = [n.querySelector('.cnn-controls'), n.querySelector('.cnn-panel[data-main]'),
                     ...watched.map((k) => n.querySelector(`.cnn-panel[data-key='${k}']`))]
        .map((e) => e.getBoundingClientRect());
      const sizes = Array.from(n.querySelectorAll('.cnn-panels svg text'))
        .filter((t) => /[0-9]/.test(t.textContent)).map((t) => {
          const svg = t.ownerSVGElement;
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return Number(t.getAttribute('font-size')) * scale * devicePixelRatio;
        });
      return {height: Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top)),
              screen: view.height, right: Math.max(...boxes.map((b) => b.right)), width: view.right,
              numbers: sizes.length, smallest: Math.min(...sizes)};
    }""", WATCHED)
    tab.page.screenshot(path=str(ARTIFACTS / "explorer-drawings.png"))
    assert geometry["height"] <= geometry["screen"], geometry
    assert geometry["right"] <= geometry["width"], geometry
    assert geometry["numbers"] > 0 and geometry["smallest"] >= 12, geometry


def test_a_saved_drawing_chosen_shows_and_is_removed(tab, served_dir):
    first_t = served_dir / FOLDER / "T" / "001.txt"
    assert first_t.exists()
    control(tab, "chosen", "select").select_option("T/001.txt")
    tab.page.wait_for_function(
        "n => n.querySelector(\".cnn-panel[data-key='picture'] .cnn-title\").textContent"
        ".startsWith('T/001.txt')", arg=root(tab).element_handle(), timeout=10000)
    tab.wait_kernel_idle()
    stroke = fills(tab, T_BAR[:1])[0]
    assert fills(tab, T_BAR + T_STEM) == [stroke] * len(T_BAR + T_STEM)
    control(tab, "remove").click()
    tab.wait_kernel_idle()
    assert not first_t.exists() and (served_dir / FOLDER / "T" / "002.txt").exists()
    assert texts(root(tab).locator(".cnn-panel[data-key='counts'] .cnn-num")) == ["5", "5", "1"]
    assert "T/001.txt" not in control(tab, "chosen", "select").inner_text()
    assert root(tab).locator(".cnn-error").text_content() == ""
