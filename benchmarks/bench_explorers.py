"""Issue 3, notebooks 03-05: how fast the ReLU view, the stacking explorer and
the voting explorer are built and redraw (kernel side, from code).

voting_build_ms:        voting_explorer() with its 81 cell buttons and first PNG.
voting_click_ms_median: one cell click: flip, classify, repaint the changed cells, one PNG.
relu_redraw_ms_median:  the ReLU view after a feature change.
stacking_redraw_ms_median: the stacking explorer after a picture change
                        (the lecture's three layers, numbers updated in place).
"""
import statistics
import time

from cnnlib.widgets.relu import relu_view
from cnnlib.widgets.stacking import stacking_explorer
from cnnlib.widgets.voting import voting_explorer


def median_ms(action, args, rounds=2):
    times = []
    for _ in range(rounds):
        for arg in args:
            start = time.perf_counter()
            action(arg)
            times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def run():
    start = time.perf_counter()
    voting = voting_explorer()
    build_ms = 1000 * (time.perf_counter() - start)
    click_ms = median_ms(lambda rc: voting.cells[rc[0]][rc[1]].click(),
                         [(4, 4), (0, 0), (4, 4), (0, 0), (2, 6), (2, 6)])
    relu = relu_view()
    relu_ms = median_ms(lambda f: setattr(relu.controls["feature"], "value", f),
                        ["cross", "antidiagonal", "diagonal"])
    stacking = stacking_explorer()
    stacking_ms = median_ms(lambda p: setattr(stacking.controls["picture"], "value", p),
                            ["O", "shifted X", "X"])
    return [
        ("voting_build_ms", build_ms, 1500, "ms"),
        ("voting_click_ms_median", click_ms, 150, "ms"),
        ("relu_redraw_ms_median", relu_ms, 250, "ms"),
        ("stacking_redraw_ms_median", stacking_ms, 600, "ms"),
    ]
