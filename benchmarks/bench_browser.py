"""The browser suite (tests/browser/): every notebook run in JupyterLab in
headless Chromium, with its sliders, dropdowns, grid and Play checked; and
the explorers' move times, measured by tests/browser/measure_moves.py (which
no test run collects: the tests try each control once and judge no time).

browser_suite_seconds: wall time of the whole suite as make test-browser runs
    it (two workers, each with a JupyterLab server and a Chromium; goal < 180 s). n/a without Chromium.
browser_move_vs_roundtrip: the worst over the explorers of the p95 time from
    a key press to the new picture on screen (at least 20 moves), divided by
    a bare widget round trip (a slider whose value the kernel copies into a
    label) measured in the same page. Goal <= 2.
browser_roundtrip_ms: that bare round trip (median), for scale.
scrub_frame_ms_p95: a scrubbed slider (the filtering position) while
    dragging: input handler and draw, 95th percentile. Goal <= 20 ms.
voting_backlog_ms: 12 clicks in 2 seconds on the voting grid; the time from
    the last click until the votes on screen are final (and equal to the
    maths for the final grid: the test checks). voting_backlog_vs_roundtrip:
    the same over the bare round trip. Goal <= 2.
The suite is run here, every time: the figures never come from an earlier
run (test-artifacts/browser_moves.json is removed first). The move figures
come from a run of tests/browser/measure_moves.py alone, in a fresh
JupyterLab page as a class opens one, not a page that has already run every
notebook of the suite (its garbage collections land in the frames).
"""
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run():
    import lab_driver
    if lab_driver.missing_requirement():
        return [(name, None, goal, unit) for name, goal, unit in FIGURES]
    moves = REPO / "test-artifacts" / "browser_moves.json"
    moves.unlink(missing_ok=True)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/browser", "-q", "-p",
                           "no:randomly", "-n", "2", "--dist", "loadfile"],   # as make test-browser
                          cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:])
    moves.unlink(missing_ok=True)
    alone = subprocess.run([sys.executable, "-m", "pytest", "tests/browser/measure_moves.py", "-q",
                            "-p", "no:randomly"], cwd=REPO, capture_output=True, text=True)
    print("move measurements:", alone.stdout.strip().splitlines()[-1] if alone.stdout.strip()
          else alone.stderr[-300:])
    result = json.loads(moves.read_text()) if moves.exists() else {}
    ratios, p95 = result.get("move_p95_vs_roundtrip") or {}, result.get("move_p95_ms") or {}
    if ratios:
        print("browser moves, p95 ms (/ round trip):", ", ".join(
            f"{k} {p95.get(k, float('nan')):.0f} ({v:.2f})" for k, v in ratios.items()))
    values = {"browser_suite_seconds": seconds if done.returncode == 0 else None,
              "browser_move_vs_roundtrip": max(ratios.values()) if ratios else None,
              "browser_roundtrip_ms": result.get("bare_round_trip_ms"),
              "scrub_frame_ms_p95": result.get("scrub_frame_ms_p95"),
              "voting_backlog_ms": result.get("voting_backlog_ms"),
              "voting_backlog_vs_roundtrip": result.get("voting_backlog_vs_roundtrip")}
    return [(name, values[name], goal, unit) for name, goal, unit in FIGURES]


FIGURES = [("browser_suite_seconds", 180, "s"), ("browser_move_vs_roundtrip", 2, "ratio"),
           ("browser_roundtrip_ms", None, "ms"), ("scrub_frame_ms_p95", 20, "ms"),
           ("voting_backlog_ms", None, "ms"), ("voting_backlog_vs_roundtrip", 2, "ratio")]
