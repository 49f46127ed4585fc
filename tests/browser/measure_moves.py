"""The explorers' move times, for `make bench` (benchmarks/bench_browser.py),
which runs this file alone in a fresh JupyterLab page; `make test` and
`make test-browser` never run it (its name is not test_*.py), and it judges
no time itself: the bench compares the figures with their goals.

In one page (tests/browser/explorer_page.py): a bare widget round trip,
25 times; each explorer's first control 20 times and its other controls 3
times each (key press to the new picture on screen); the filtering position
scrubbed across its 49 steps three times (input handler and draw, no
kernel); 24 clicks on the voting grid, each to the new votes on screen; and
12 clicks in 2 seconds, from the last click to the final votes. Written to
test-artifacts/browser_moves.json:
  bare_round_trip_ms         the round trip's median
  move_p95_ms, move_p95_vs_roundtrip   per explorer, the p95 of its moves
  scrub_frame_ms_p95         the scrub's 95th percentile
  voting_backlog_ms, voting_backlog_vs_roundtrip
"""
import json
import statistics
import time

import pytest
from checks import RESTORE_JS, next_key
from explorer_page import (EXPLORERS, explorer, explorers_tab, filtering_at_every_position,
                           timed_press, timed_press_bare, votes_final_ms, voting_cells)
from lab_driver import ARTIFACTS

pytestmark = pytest.mark.browser
TIMES = {}     # explorer: control -> [ms], and "bare round trip" -> [ms]
BACKLOG = {}


@pytest.fixture(scope="module")
def tab(lab, lab_page, served_dir):
    with explorers_tab(lab, lab_page, served_dir) as tab:
        yield tab


def test_bare_round_trip(tab):
    handle = tab.panel.locator(".widget-slider .noUi-handle").first
    times = []
    for _ in range(25):
        handle.focus()
        times.append(timed_press_bare(tab))
    TIMES["bare round trip"] = [t for t in times if t is not None]
    assert len(TIMES["bare round trip"]) >= 20


@pytest.mark.parametrize("kind", EXPLORERS)
def test_moves(tab, kind):
    root = explorer(tab, kind)
    selector = f".cnn-explorer[data-kind='{kind}']"
    first = True
    for control in ("input[type=range]", "select"):
        for j in range(root.locator(control).count()):
            node = root.locator(control).nth(j)
            name = node.evaluate("n => n.closest('.cnn-control').dataset.name")
            start = node.evaluate("n => n.tagName === 'SELECT' ? n.selectedIndex : n.value")
            times = []
            for _ in range(20 if first else 3):
                key = next_key(node)
                node.focus()
                times.append(timed_press(tab, selector, ".cnn-panels", key))
            TIMES[f"{kind}: {name}"] = [t for t in times if t is not None]
            first = False
            node.evaluate(RESTORE_JS, start)
            tab.wait_kernel_idle()


def test_scrub(tab):
    root = filtering_at_every_position(tab)
    TIMES["filtering: scrub frame"] = root.evaluate("""async (n) => {
      const input = n.querySelector(".cnn-control[data-name='position'] input");
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const times = [], steps = [...Array(Number(input.max) + 1).keys()];
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


def test_clicks(tab):
    _, cells = voting_cells(tab)
    times = []
    for k in range(24):
        tab.page.mouse.click(*cells[[(4, 4), (0, 8), (3, 5), (8, 0)][k % 4]])
        times.append(votes_final_ms(tab))
    TIMES["voting: click"] = times


def test_backlog(tab):
    _, cells = voting_cells(tab)
    order = [(r, c) for r in (1, 4, 7) for c in (0, 2, 5, 8)]
    start = time.perf_counter()
    for k, cell in enumerate(order):
        time.sleep(max(0.0, start + k * 2.0 / len(order) - time.perf_counter()))
        tab.page.mouse.click(*cells[cell])
    BACKLOG["ms"] = votes_final_ms(tab)


def test_write_the_figures():
    """browser_move_vs_roundtrip: per explorer, the p95 of its moves (at
    least 20) over the bare round trip's median in the same page."""
    bare = statistics.median(TIMES["bare round trip"])
    ratios = {}
    for kind in EXPLORERS:
        moves = [t for name, ts in TIMES.items() if name.startswith(kind + ":") and
                 "scrub" not in name for t in ts]
        if len(moves) >= 20:
            ratios[kind] = statistics.quantiles(moves, n=20)[-1] / bare
    scrub = TIMES.get("filtering: scrub frame", [])
    result = {"bare_round_trip_ms": bare, "move_p95_vs_roundtrip": ratios,
              "move_p95_ms": {kind: ratio * bare for kind, ratio in ratios.items()},
              "scrub_frame_ms_p95": statistics.quantiles(scrub, n=20)[-1] if len(scrub) > 1 else None,
              "voting_backlog_ms": BACKLOG.get("ms"),
              "voting_backlog_vs_roundtrip": BACKLOG["ms"] / bare if "ms" in BACKLOG else None}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser_moves.json").write_text(json.dumps(result, indent=1))
    assert set(ratios) == set(EXPLORERS), result
