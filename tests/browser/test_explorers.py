"""The browser-drawn explorers (cnnlib.widgets.base.Explorer) in JupyterLab,
in headless Chromium at projector size (1280x720 at 150% zoom).

One notebook shows every explorer of 00-05 (tests/browser/explorer_page.py).
For every explorer: it renders with no error; every slider and dropdown,
pressed once from the keyboard, changes the picture and keeps the keys in the
explorer's cell; the picture is SVG (vector); its controls and its main
picture fit one screen; numbers in cells are at least 12 device pixels; Play's
stop keeps the position; scrubbing draws every step from the frames sent once.
The voting grid: a click flips the cell at once and the votes follow, equal to
the maths for the grid drawn, also after 12 fast clicks. How long the moves
take is measured by `make bench` (tests/browser/measure_moves.py), not here.
"""
import numpy as np
import pytest
from checks import RESTORE_JS, next_key, renders_as_svg
from explorer_page import (EXPLORERS, drawn_votes, expected_caption, explorer, explorers_tab,
                           filtering_at_every_position, votes_final_ms, voting_cells)
from lab_driver import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tab(lab, lab_page, served_dir):
    with explorers_tab(lab, lab_page, served_dir) as tab:
        yield tab


def test_every_explorer_renders_as_svg_without_errors(tab):
    renders_as_svg(tab, EXPLORERS)


@pytest.mark.parametrize("kind", EXPLORERS)
def test_every_control_changes_the_picture_from_the_keyboard(tab, kind):
    """Each control in turn, pressed once from the explorer's start (the one
    before is put back): the picture changes, and the keys stay in the
    explorer's cell. A step may legitimately look the same (a 10% shrink of
    a 9x9 grid), so a control gets a second press before it counts as dead."""
    root = explorer(tab, kind)
    problems, tried = [], 0
    active = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    for control in ("input[type=range]", "select"):
        for j in range(root.locator(control).count()):
            node = root.locator(control).nth(j)
            name = node.evaluate("n => n.closest('.cnn-control').dataset.name")
            start = node.evaluate("n => n.tagName === 'SELECT' ? n.selectedIndex : n.value")
            before = root.locator(".cnn-panels").inner_html()
            for _ in range(2):
                key = next_key(node)
                node.focus()
                cell = tab.page.evaluate(active)
                tab.page.keyboard.press(key)
                tab.wait_for_change(lambda: root.locator(".cnn-panels").inner_html(), before,
                                    timeout=5)
                if tab.page.evaluate(active) != cell:
                    problems.append(f"{name}: {key} moved JupyterLab to another cell")
                if root.locator(".cnn-panels").inner_html() != before:
                    break
            else:
                problems.append(f"{name}: two presses left the picture unchanged")
            tried += 1
            node.evaluate(RESTORE_JS, start)          # back to the start
            tab.wait_kernel_idle()
    if not tried:
        pytest.skip(f"{kind} has no slider or dropdown (its grid is clicked below)")
    assert problems == []


# Where an explorer's controls and main picture sit against the notebook's
# scroller (the screen below JupyterLab's bars), and its smallest cell number.
FIT_JS = """n => {
  const scroller = n.closest('.jp-WindowedPanel-outer') || n.closest('.jp-Notebook');
  const view = scroller.getBoundingClientRect();
  const controls = n.querySelector('.cnn-controls').getBoundingClientRect();
  const main = (n.querySelector('.cnn-panel[data-main]') || n.querySelector('.cnn-panel')).getBoundingClientRect();
  const sizes = Array.from(n.querySelectorAll('.cnn-panels .cnn-num')).map((t) => {
    const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Number(t.getAttribute('font-size')) * scale * devicePixelRatio;
  });
  return {height: Math.max(controls.bottom, main.bottom) - Math.min(controls.top, main.top),
          screen: view.height, right: Math.max(controls.right, main.right), width: view.right,
          smallest: sizes.length ? Math.min(...sizes) : null};
}"""


def assert_fits(geometry):
    """Controls and main picture within one screen, numbers >= 12 device px."""
    assert geometry["height"] <= geometry["screen"], geometry
    assert geometry["right"] <= geometry["width"], geometry
    if geometry["smallest"] is not None:
        assert geometry["smallest"] >= 12, geometry


@pytest.mark.parametrize("kind", EXPLORERS)
def test_fits_a_projector_screen_with_readable_numbers(tab, kind):
    root = explorer(tab, kind)
    root.evaluate("n => n.scrollIntoView({block: 'start'})")
    tab.page.wait_for_timeout(200)
    geometry = root.evaluate(FIT_JS)
    tab.page.screenshot(path=str(ARTIFACTS / f"explorer-{kind}.png"))
    assert_fits(geometry)


# The ReLU view drawn for picture i and feature j: both dropdowns set, and
# the before-panel's title naming them (from the states near, or the kernel).
RELU_STATE_JS = """async (n, [i, j]) => {
  const [picture, feature] = n.querySelectorAll('select');
  for (const [select, k] of [[picture, i], [feature, j]]) {
    if (select.selectedIndex !== k) { select.selectedIndex = k; select.dispatchEvent(new Event('change')); }
  }
  const name = `${picture.options[i].text}, ${feature.options[j].text}:\\n`;
  const title = () => n.querySelector(".cnn-panel[data-key='before'] .cnn-title").textContent;
  for (const start = performance.now(); !title().startsWith(name); ) {
    if (performance.now() - start > 15000) throw new Error(`not drawn: ${name} (shows ${title()})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const at = n.querySelector('.cnn-panel[data-main]').getBoundingClientRect(), box = n.getBoundingClientRect();
  return [at.left - box.left, at.top - box.top, at.width, at.height].map(Math.round);
}"""


def test_every_relu_state_fits_a_projector_screen(tab):
    """Every picture with every feature, not only the start: the names in
    the titles differ in length, yet every state fits one screen and the
    main picture (after ReLU) stays where it is, the same size."""
    root = explorer(tab, "relu")
    root.evaluate("n => n.scrollIntoView({block: 'start'})")
    selects = root.locator("select")
    start = [selects.nth(k).evaluate("n => n.selectedIndex") for k in range(2)]
    counts = [selects.nth(k).locator("option").count() for k in range(2)]
    misfits, places = [], {}
    try:
        for i in range(counts[0]):
            for j in range(counts[1]):
                place = tuple(root.evaluate(RELU_STATE_JS, [i, j]))
                places.setdefault(place, []).append((i, j))
                geometry = root.evaluate(FIT_JS)
                try:
                    assert_fits(geometry)
                except AssertionError:
                    misfits.append(((i, j), geometry))
    finally:
        root.evaluate(RELU_STATE_JS, start)
        tab.wait_kernel_idle()
    assert counts[0] * counts[1] >= 36 and misfits == [], misfits
    assert len(places) == 1, places


@pytest.mark.parametrize("kind", ["filtering", "pooling"])
def test_play_stop_keeps_the_position(tab, kind):
    root = explorer(tab, kind)
    position = root.locator(".cnn-control[data-name='position'] input")
    play = root.locator(".cnn-play")
    position.evaluate("n => { n.value = 0; n.dispatchEvent(new Event('input')); }")
    play.focus()
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_timeout(1600)
    play.focus()
    tab.page.keyboard.press("Enter")
    stopped = int(position.input_value())
    tab.page.wait_for_timeout(800)
    assert stopped > 0 and int(position.input_value()) == stopped


def test_an_error_in_the_kernel_shows_in_the_widget_and_the_slider_goes_back(tab):
    root = explorer(tab, "fragile")
    stride = root.locator(".cnn-control[data-name='stride'] input")
    error = root.locator(".cnn-error")
    assert not error.is_visible()                          # no error: the line takes no room
    stride.evaluate("n => { n.value = 3; n.dispatchEvent(new Event('input')); }")
    tab.page.wait_for_function("n => n.textContent.includes('the maths failed')",
                               arg=error.element_handle(), timeout=10000)
    assert error.inner_text() == "RuntimeError: the maths failed at stride 3"
    assert error.evaluate("n => getComputedStyle(n).color") == "rgb(176, 0, 32)"
    assert error.get_attribute("role") == "alert"
    tab.page.wait_for_function("n => n.value === '1'", arg=stride.element_handle(), timeout=10000)
    stride.evaluate("n => { n.value = 2; n.dispatchEvent(new Event('input')); }")
    tab.page.wait_for_function("n => n.textContent === ''", arg=error.element_handle(),
                               timeout=10000)
    assert not error.is_visible() and stride.input_value() == "2"
    assert tab.errors() == []


def test_scrubbing_draws_every_step_without_the_kernel(tab):
    """Dragging the filtering position across its 49 steps and back: each
    step is drawn in the browser from the frames sent once, within five
    frames of the input (how fast is measured by `make bench`)."""
    root = filtering_at_every_position(tab)
    missed = root.evaluate("""async (n) => {
      const input = n.querySelector(".cnn-control[data-name='position'] input");
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const missed = [], steps = [...Array(Number(input.max) + 1).keys()];
      for (const i of [...steps.slice(1), ...steps.slice().reverse().slice(1)]) {
        const drawn = n.dataset.drawn;
        input.value = i;
        input.dispatchEvent(new Event('input'));
        for (let f = 0; f < 5 && n.dataset.drawn === drawn; f++) await frame();
        if (n.dataset.drawn === drawn) missed.push(i);
      }
      return missed;
    }""")
    assert missed == []


def test_a_click_flips_the_cell_at_once_and_the_votes_follow(tab):
    """Each click: the cell flips before the kernel answers (drawn in the
    same task as the click), then the votes for the new grid arrive: four
    clicks, one at a time, each on a cell of its own."""
    root, cells = voting_cells(tab)
    grid, _ = drawn_votes(root)
    fill = "n => n.querySelector(\".cnn-panel[data-key='picture'] .cnn-cell[data-r='%d'][data-c='%d']\").getAttribute('fill')"
    for r, c in [(4, 4), (0, 8), (3, 5), (8, 0)]:
        before = root.evaluate(fill % (r, c))
        tab.page.mouse.click(*cells[r, c])
        grid[r, c] = -grid[r, c]
        votes_final_ms(tab)
        assert tab.page.evaluate("() => window.__vote.fillAtDown") not in (before, None)
        shown, caption = drawn_votes(root)
        np.testing.assert_array_equal(shown, grid)
        assert caption == expected_caption(grid)
        assert root.evaluate(fill % (r, c)) != before


def test_fast_clicks_end_on_the_votes_of_the_last_grid(tab):
    """12 clicks on 12 cells as fast as the mouse goes: once the votes on
    screen are final they are the maths' for the final grid, and nothing is
    left painting (how long that takes is measured by `make bench`)."""
    root, cells = voting_cells(tab)
    grid, _ = drawn_votes(root)
    for r, c in [(r, c) for r in (1, 4, 7) for c in (0, 2, 5, 8)]:
        tab.page.mouse.click(*cells[r, c])
        grid[r, c] = -grid[r, c]
    votes_final_ms(tab)
    shown, caption = drawn_votes(root)
    np.testing.assert_array_equal(shown, grid)
    assert caption == expected_caption(grid)
    assert root.evaluate("n => n.dataset.painting") == ""
