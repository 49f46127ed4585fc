"""The browser-drawn explorers (cnnlib.widgets.base.Explorer) in JupyterLab,
in headless Chromium at projector size (1280x720 at 150% zoom).

One notebook shows every explorer of 00-05 and a bare round trip (an
ipywidgets slider whose value the kernel copies into a label). For every
explorer: it renders with no error; every slider and dropdown changes the
picture from the keyboard; the picture is SVG (vector); its controls and its
main picture fit one screen; numbers in cells are at least 12 device pixels;
ArrowDown on a dropdown changes its value and stays in the cell; Play's stop
keeps the position. The voting grid: a click flips the cell at once and the
votes follow, equal to the maths for the grid drawn, also after 12 fast
clicks. The move times (key press or click to the new picture on screen)
are written to test-artifacts/browser_moves.json for the benchmark
(benchmarks/bench_browser.py).
"""
import json
import statistics
import time

import nbformat
import numpy as np
import pytest
from lab_driver import ARTIFACTS
from notebook_tab import running

pytestmark = pytest.mark.browser

EXPLORERS = {
    "matching": "from cnnlib.widgets.matching import matching_explorer\nmatching_explorer(shift=1)",
    "filtering": "from cnnlib.widgets.filtering import filtering_explorer\nfiltering_explorer()",
    "pooling": "from cnnlib.widgets.pooling import pooling_explorer\npooling_explorer(position=3)",
    "relu": "from cnnlib.widgets.relu import relu_view\nrelu_view()",
    "stacking": "from cnnlib.widgets.stacking import stacking_explorer\nstacking_explorer()",
    "voting": "from cnnlib.widgets.voting import voting_explorer\nvoting_explorer()",
}
BARE = """import ipywidgets as w
bare = w.IntSlider(0, 0, 100, description="bare")
echo = w.Label("0")
bare.observe(lambda change: setattr(echo, "value", str(change["new"])), names="value")
w.VBox([bare, echo])"""
# A filtering explorer whose maths fails at stride 3: the error must reach the
# page (the red error line), and the stride slider go back to the last good value.
FRAGILE = """from cnnlib.widgets.filtering import FilteringExplorer
class Fragile(FilteringExplorer):
    def update(self, changed):
        if self.values["stride"] == 3:
            raise RuntimeError("the maths failed at stride 3")
        super().update(changed)
fragile = Fragile()
fragile.kind = "fragile"
fragile"""
TIMES = {}     # explorer: control -> [ms], and "bare round trip" -> [ms]
BACKLOG = {}   # the voting grid's 12 fast clicks: ms from the last click to final votes

MEASURE_JS = """([root, target]) => {
  const node = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) ' + root)[0];
  const watched = node.querySelector(target) || node;
  window.__move = new Promise((resolve) => {
    let t0 = null;
    document.addEventListener('keydown', () => { t0 = performance.now(); }, {capture: true, once: true});
    const seen = new MutationObserver(() => {
      if (t0 === null) return;
      seen.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    });
    seen.observe(watched, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => { seen.disconnect(); resolve(null); }, 8000);
  });
}"""


def timed_press(tab, root, target, key):
    """Press key (on whatever has focus); ms until target under root changed and painted."""
    tab.page.evaluate(MEASURE_JS, [root, target])
    tab.page.keyboard.press(key)
    return tab.page.evaluate("() => window.__move")


@pytest.fixture(scope="module")
def tab(lab, lab_page, served_dir):
    cells = [BARE] + list(EXPLORERS.values()) + [FRAGILE]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, served_dir / "explorers.ipynb")
    with running(lab, lab_page, "explorers.ipynb", ARTIFACTS) as tab:
        tab.page.wait_for_function(
            f"() => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
            f".cnn-explorer').length === {len(EXPLORERS) + 1}", timeout=30000)
        yield tab


def explorer(tab, kind):
    return tab.panel.locator(f".cnn-explorer[data-kind='{kind}']")


def test_every_explorer_renders_as_svg_without_errors(tab):
    assert tab.errors() == []
    text = tab.text()
    assert "Error displaying widget" not in text and "children=" not in text
    for kind in EXPLORERS:
        root = explorer(tab, kind)
        assert root.locator(".cnn-panels svg").count() > 0, kind
        assert root.locator(".cnn-panels img, .cnn-panels canvas").count() == 0, kind


def test_bare_round_trip(tab):
    handle = tab.panel.locator(".widget-slider .noUi-handle").first
    times = []
    for _ in range(25):
        handle.focus()
        times.append(timed_press_bare(tab))
    times = [t for t in times if t is not None]
    assert len(times) >= 20
    TIMES["bare round trip"] = times


def timed_press_bare(tab):
    tab.page.evaluate("""() => {
      const out = Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .widget-label'))
        .find((n) => /^\\d+$/.test(n.textContent));
      window.__move = new Promise((resolve) => {
        let t0 = null;
        document.addEventListener('keydown', () => { t0 = performance.now(); }, {capture: true, once: true});
        const seen = new MutationObserver(() => {
          if (t0 === null) return;
          seen.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        });
        seen.observe(out, {subtree: true, childList: true, characterData: true});
        setTimeout(() => { seen.disconnect(); resolve(null); }, 8000);
      });
    }""")
    tab.page.keyboard.press("ArrowRight")
    return tab.page.evaluate("() => window.__move")


RESTORE_JS = """(n, value) => {
  if (n.tagName === 'SELECT') { n.selectedIndex = value; n.dispatchEvent(new Event('change')); }
  else { n.value = value; n.dispatchEvent(new Event('input')); }
}"""


@pytest.mark.parametrize("kind", EXPLORERS)
def test_every_control_changes_the_picture_from_the_keyboard(tab, kind):
    """Each control in turn, from the explorer's start (the one before is
    put back): each key press changes the picture, and the keys stay in
    the explorer's cell."""
    root = explorer(tab, kind)
    selector = f".cnn-explorer[data-kind='{kind}']"
    problems, first = [], True
    active = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    for control in ("input[type=range]", "select"):
        for j in range(root.locator(control).count()):
            node = root.locator(control).nth(j)
            name = node.evaluate("n => n.closest('.cnn-control').dataset.name")
            start = node.evaluate("n => n.tagName === 'SELECT' ? n.selectedIndex : n.value")
            times, unchanged = [], 0
            # the explorer's first control 20 times (the move times), the others 3
            for k in range(20 if first else 3):
                at_end = node.evaluate("n => n.tagName === 'SELECT' ? n.selectedIndex === "
                                       "n.options.length - 1 : Number(n.value) >= Number(n.max)")
                key = ("ArrowUp" if at_end else "ArrowDown") if control == "select" else (
                    "ArrowLeft" if at_end else "ArrowRight")
                before = root.locator(".cnn-panels").inner_html()
                node.focus()
                cell = tab.page.evaluate(active)
                times.append(timed_press(tab, selector, ".cnn-panels", key))
                if tab.page.evaluate(active) != cell:
                    problems.append(f"{name}: {key} moved JupyterLab to another cell")
                # one step may legitimately look the same (a 10% shrink of a 9x9 grid)
                unchanged = unchanged + 1 if root.locator(".cnn-panels").inner_html() == before else 0
                if unchanged == 2:
                    problems.append(f"{name}: {key} twice left the picture unchanged")
                    break
            TIMES[f"{kind}: {name}"] = [t for t in times if t is not None]
            first = False
            node.evaluate(RESTORE_JS, start)          # back to the start, not timed
            tab.wait_kernel_idle()
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


def test_scrubbing_draws_within_a_frame(tab):
    """Dragging the filtering position across its 49 steps, there, back and
    there again: each step is drawn in the browser from the frames sent
    once (no kernel). The times of the input handler and
    the draw are kept for `make bench`, which judges them (goal: 20 ms at the
    95th percentile, a 60 Hz frame) on a quiet machine; a test asserts no
    duration."""
    root = explorer(tab, "filtering")
    for name in ("stride", "padding"):      # back to 49 positions
        root.locator(f".cnn-control[data-name='{name}'] input").evaluate(
            "n => { n.value = n.min; n.dispatchEvent(new Event('input')); }")
    tab.page.wait_for_function("n => n.querySelector(\".cnn-control[data-name='position'] input\")"
                               ".max === '48'", arg=root.element_handle(), timeout=10000)
    ms = root.evaluate("""async (n) => {
      const input = n.querySelector(".cnn-control[data-name='position'] input");
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const times = [], last = Number(input.max);
      const steps = [...Array(last + 1).keys()];
      for (const i of [...steps, ...steps.slice().reverse(), ...steps]) {
        const t0 = performance.now(), drawn = n.dataset.drawn;
        input.value = i;
        input.dispatchEvent(new Event('input'));
        const handler = performance.now() - t0;
        for (let f = 0; f < 5 && n.dataset.drawn === drawn; f++) await frame();
        if (n.dataset.drawn !== drawn) times.push(handler + Number(n.dataset.drawMs));
      }
      return times;
    }""")
    assert len(ms) >= 3 * 40
    TIMES["filtering: scrub frame"] = ms


# The voting grid: ms from a click (pointerdown) until the votes drawn are
# the kernel's for the newest grid, and painted (two frames later).
VOTES_JS = """(root) => {
  if (window.__vote) return;
  const state = window.__vote = {down: null, done: null};
  root.addEventListener('pointerdown', () => { state.down = performance.now(); state.done = null; },
                        {capture: true});
  // after the explorer's own listener, in the same task as the click: the cell's colour now
  window.addEventListener('pointerdown', (e) => {
    const d = e.target.dataset || {};
    const cell = root.querySelector(`.cnn-panel[data-key='picture'] .cnn-cell[data-r='${d.r}'][data-c='${d.c}']`);
    state.fillAtDown = cell ? cell.getAttribute('fill') : null;
  });
  new MutationObserver(() => {
    if (state.down === null || state.done !== null || root.dataset.painting) return;
    state.done = 'painting';
    requestAnimationFrame(() => requestAnimationFrame(() => { state.done = performance.now() - state.down; }));
  }).observe(root, {attributes: true, attributeFilter: ['data-drawn']});
}"""


def voting_cells(tab):
    """The voting explorer scrolled into view; {(r, c): (x, y)} the centre of each cell to draw on."""
    root = explorer(tab, "voting")
    root.evaluate("n => n.scrollIntoView({block: 'start'})")
    root.evaluate(VOTES_JS)
    boxes = root.evaluate("""n => Array.from(n.querySelectorAll('.cnn-paint .cnn-cell')).map((c) => {
      const b = c.getBoundingClientRect();
      return [Number(c.dataset.r), Number(c.dataset.c), b.x + b.width / 2, b.y + b.height / 2]; })""")
    return root, {(r, c): (x, y) for r, c, x, y in boxes}


def votes_final_ms(tab, timeout=10):
    """Wait for the votes of the newest grid to be on screen; ms since the last click."""
    tab.page.wait_for_function("() => typeof window.__vote.done === 'number'", timeout=timeout * 1000)
    return tab.page.evaluate("() => window.__vote.done")


def drawn_votes(root):
    """(the 9x9 grid drawn on, the caption with the votes) as the page shows them."""
    cells = root.evaluate("n => Array.from(n.querySelectorAll(\".cnn-panel[data-key='picture'] "
                          ".cnn-num\")).map((t) => Number(t.textContent))")
    return np.reshape(cells, (9, 9)), " ".join(root.locator(".cnn-caption").inner_text().split())


def expected_caption(grid):
    from cnnlib.data import load_features
    from cnnlib.draw.voting import vote_text
    from cnnlib.voting import classify, vote_weights
    from cnnlib.widgets.voting import FEATURES
    features = load_features(FEATURES)
    poll = classify(grid, vote_weights(features), features)
    return " ".join(f"votes: {vote_text(poll.votes, poll.winner)}".split())


def test_a_click_flips_the_cell_at_once_and_the_votes_follow(tab):
    """Each click: the cell flips before the kernel answers (drawn in the
    same task as the click), then the votes for the new grid arrive. 24
    clicks, one at a time, timed to the votes on screen."""
    root, cells = voting_cells(tab)
    grid, _ = drawn_votes(root)
    fill = "n => n.querySelector(\".cnn-panel[data-key='picture'] .cnn-cell[data-r='%d'][data-c='%d']\").getAttribute('fill')"
    times = []
    for k in range(24):
        r, c = [(4, 4), (0, 8), (3, 5), (8, 0)][k % 4]
        before = root.evaluate(fill % (r, c))
        tab.page.mouse.click(*cells[r, c])
        grid[r, c] = -grid[r, c]
        times.append(votes_final_ms(tab))
        assert tab.page.evaluate("() => window.__vote.fillAtDown") not in (before, None)
        shown, caption = drawn_votes(root)
        np.testing.assert_array_equal(shown, grid)
        assert caption == expected_caption(grid)
        assert root.evaluate(fill % (r, c)) != before
    TIMES["voting: click"] = times


def test_fast_clicks_build_no_backlog(tab):
    """voting_backlog_ms: 12 clicks in 2 seconds on 12 cells; the time from
    the last click until the votes on screen are final, and equal to the
    maths for the final grid."""
    root, cells = voting_cells(tab)
    grid, _ = drawn_votes(root)
    order = [(r, c) for r in (1, 4, 7) for c in (0, 2, 5, 8)]
    start = time.perf_counter()
    for k, (r, c) in enumerate(order):
        time.sleep(max(0.0, start + k * 2.0 / len(order) - time.perf_counter()))
        tab.page.mouse.click(*cells[r, c])
        grid[r, c] = -grid[r, c]
    assert time.perf_counter() - start <= 2.2
    BACKLOG["ms"] = votes_final_ms(tab)
    shown, caption = drawn_votes(root)
    np.testing.assert_array_equal(shown, grid)
    assert caption == expected_caption(grid)
    assert root.evaluate("n => n.dataset.painting") == ""


def test_moves_against_the_bare_round_trip(tab):
    """browser_move_vs_roundtrip: for each explorer, the p95 of its moves
    (key press or click to new picture on screen, at least 20; for the
    voting grid, to the new votes) over the bare round trip's median in the
    same page; goal <= 2. With voting_backlog_ms (and over the round trip),
    written to test-artifacts/browser_moves.json for the benchmark."""
    if "bare round trip" not in TIMES:
        pytest.skip("the round trip was not measured")
    bare = statistics.median(TIMES["bare round trip"])
    ratios = {}
    for kind in EXPLORERS:
        moves = [t for name, ts in TIMES.items() if name.startswith(kind + ":") and
                 "scrub" not in name for t in ts]
        if len(moves) >= 20:
            ratios[kind] = statistics.quantiles(moves, n=20)[-1] / bare
    scrub = TIMES.get("filtering: scrub frame", [])
    p95 = {kind: ratio * bare for kind, ratio in ratios.items()}
    result = {"bare_round_trip_ms": bare, "move_p95_vs_roundtrip": ratios, "move_p95_ms": p95,
              "scrub_frame_ms_p95": statistics.quantiles(scrub, n=20)[-1] if scrub else None,
              "voting_backlog_ms": BACKLOG.get("ms"),
              "voting_backlog_vs_roundtrip": BACKLOG["ms"] / bare if "ms" in BACKLOG else None}
    (ARTIFACTS / "browser_moves.json").write_text(json.dumps(result, indent=1))
    # The goals (<= 2, and scrub frames <= 20 ms) are judged by `make bench`
    # (benchmarks/bench_browser.py); here: every explorer measured.
    assert set(ratios) == set(EXPLORERS) and "ms" in BACKLOG, result
