"""The browser-drawn explorers (cnnlib.widgets.base.Explorer) in JupyterLab,
in headless Chromium at projector size (1280x720 at 150% zoom).

One notebook shows every explorer of 00-05 and a bare round trip (an
ipywidgets slider whose value the kernel copies into a label). For every
explorer: it renders with no error; every slider and dropdown changes the
picture from the keyboard; the picture is SVG (vector); its controls and its
main picture fit one screen; numbers in cells are at least 12 device pixels;
ArrowDown on a dropdown changes its value and stays in the cell; Play's stop
keeps the position. The move times (key press to new picture on screen)
are kept in TIMES for the benchmark (benchmarks/bench_browser.py).
"""
import json
import statistics

import nbformat
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
# Faults found and not fixed yet (the stacking explorer): seen as expected
# failures until they are, so they stay in view.
KNOWN = {
    ("keyboard", "stacking"): "the repeats slider's last steps leave the picture unchanged",
    ("fit", "stacking"): "controls and main picture are about 380 CSS px tall, the screen 359",
}


def cases(check):
    return [pytest.param(kind, marks=pytest.mark.xfail(reason=KNOWN[check, kind], strict=False))
            if (check, kind) in KNOWN else kind for kind in EXPLORERS]

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


@pytest.mark.parametrize("kind", cases("keyboard"))
def test_every_control_changes_the_picture_from_the_keyboard(tab, kind):
    root = explorer(tab, kind)
    selector = f".cnn-explorer[data-kind='{kind}']"
    problems = []
    active = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    for control in ("input[type=range]", "select"):
        for j in range(root.locator(control).count()):
            node = root.locator(control).nth(j)
            name = node.evaluate("n => n.closest('.cnn-control').dataset.name")
            times, unchanged = [], 0
            for k in range(20 if control == "input[type=range]" and j == 0 else 3):
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
    assert problems == []


@pytest.mark.parametrize("kind", cases("fit"))
def test_fits_a_projector_screen_with_readable_numbers(tab, kind):
    root = explorer(tab, kind)
    root.evaluate("n => n.scrollIntoView({block: 'start'})")
    tab.page.wait_for_timeout(200)
    geometry = root.evaluate("""n => {
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
    }""")
    tab.page.screenshot(path=str(ARTIFACTS / f"explorer-{kind}.png"))
    assert geometry["height"] <= geometry["screen"], geometry
    assert geometry["right"] <= geometry["width"], geometry
    if geometry["smallest"] is not None:
        assert geometry["smallest"] >= 12, geometry


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
    """Dragging the filtering position: each step is drawn in the browser
    from the frames sent once (no kernel). The times of the input handler and
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
      const times = [];
      for (let i = 0; i <= Number(input.max); i++) {
        const t0 = performance.now(), drawn = n.dataset.drawn;
        input.value = i;
        input.dispatchEvent(new Event('input'));
        const handler = performance.now() - t0;
        for (let f = 0; f < 5 && n.dataset.drawn === drawn; f++) await frame();
        if (n.dataset.drawn !== drawn) times.push(handler + Number(n.dataset.drawMs));
      }
      return times;
    }""")
    assert len(ms) >= 40
    TIMES["filtering: scrub frame"] = ms


def test_moves_against_the_bare_round_trip(tab):
    """browser_move_vs_roundtrip: for each explorer, the p95 of its moves
    (key press to new picture on screen, at least 20) over the bare round
    trip's median in the same page; goal <= 2. Written to
    test-artifacts/browser_moves.json for the benchmark."""
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
    result = {"bare_round_trip_ms": bare, "move_p95_vs_roundtrip": ratios,
              "scrub_frame_ms_p95": statistics.quantiles(scrub, n=20)[-1] if scrub else None}
    (ARTIFACTS / "browser_moves.json").write_text(json.dumps(result, indent=1))
    # The goal (<= 2, and scrub frames <= 20 ms) is judged by `make bench`
    # (benchmarks/bench_browser.py), on a quiet machine; here: measured at all.
    assert {"matching", "filtering", "pooling"} <= set(ratios), result
