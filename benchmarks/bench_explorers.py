"""Issue 11: the kernel-side work of one explorer move, against a naive redraw.

explorer_kernel_ms_vs_naive: for every explorer below and every kind of
    control it has (each slider, each dropdown, a painted grid), the median
    kernel-side work of one move, divided by a naive matplotlib redraw timed
    in the same run (a new Figure with three 9x9 panels with a number in
    every cell, saved as PNG with a tight bounding box); the worst of them.
    Goal <= 0.03. The work of a move is: the value set as the browser sets
    it, the explorer's update, and the message to the browser serialised
    (a stand-in comm json-encodes what would be sent).
explorer_kernel_ms_worst / _median: the same moves in milliseconds.
explorer_near_ms_worst: the kernel-side work, once a picture is drawn, of
    computing and packing the first answer of states one control change
    away (send_near: the nearest NEAR_FIRST states, for the explorers that
    send them: the browser draws those moves without a round trip). No goal;
    what the states near cost per move is bench_prefetch.py's figure.
naive_redraw_ms: the reference redraw in milliseconds.
EXPLORERS lists (name, factory, moves); an explorer added to the series is
added here.
"""
import io
import json
import statistics
import time

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cnnlib.widgets.filtering import filtering_explorer
from cnnlib.widgets.matching import matching_explorer
from cnnlib.widgets.pooling import pooling_explorer
from cnnlib.widgets.relu import relu_view
from cnnlib.widgets.stacking import stacking_explorer
from cnnlib.widgets.voting import voting_explorer


SENT = [0]


def send(msg, buffers=None):
    """Stands in for Widget._send: encodes every message as the comm would."""
    SENT[0] += len(json.dumps(msg, separators=(",", ":")))


def naive_redraw():
    rng = np.random.default_rng(0)
    fig = Figure(figsize=(9, 3.2))
    for ax in fig.subplots(1, 3):
        values = rng.uniform(-1, 1, (9, 9))
        ax.imshow(values, cmap="RdBu_r", vmin=-1, vmax=1)
        for i in range(9):
            for j in range(9):
                ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize=7)
    FigureCanvasAgg(fig)
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")


def control_moves(explorer):
    """(kind of control, [one move per call]) for each slider and dropdown:
    every value it offers, in turn, ending where it started."""
    for spec in explorer.controls_spec:
        name = spec["name"]
        if spec["kind"] == "slider":
            values = list(range(spec["min"], spec["max"] + 1, spec.get("step", 1)))
        elif spec["kind"] == "dropdown":
            values = [v for _, v in spec["options"]][:6]
        else:
            continue
        start = explorer.values[name]
        values = [v for v in values if v != start][:12] + [start]
        yield f"{spec['kind']} {name}", [lambda v=v, n=name: explorer.set_values(**{n: v})
                                         for v in values]


def voting_moves(explorer):
    yield from control_moves(explorer)
    cells = list(explorer.grid.ravel().tolist())
    paints = []
    for k in (40, 0, 40, 0, 20, 20):
        cells = list(cells)
        cells[k] = -cells[k]
        paints.append(lambda c=cells: explorer.paint(c))
    yield "painted grid", paints


EXPLORERS = [
    ("matching", matching_explorer, control_moves),
    ("filtering", filtering_explorer, control_moves),
    ("pooling", pooling_explorer, control_moves),
    ("relu", relu_view, control_moves),
    ("stacking", stacking_explorer, control_moves),
    ("voting", voting_explorer, voting_moves),
]


def median_ms(actions, rounds=3):
    times = []
    for _ in range(rounds):
        for act in actions:
            start = time.perf_counter()
            act()
            times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def near_ms(factory, rounds=3):
    """Median ms of answering the browser's first "near" request (a new
    explorer each round: nothing computed yet)."""
    times = []
    for _ in range(rounds):
        explorer = factory()
        explorer._send = send
        start = time.perf_counter()
        explorer.send_near()
        times.append(time.perf_counter() - start)
        explorer.close()
    return 1000 * statistics.median(times)


def measure():
    """{"explorer: control": median ms}, and the naive redraw's median ms."""
    naive_redraw()                                  # warm the font cache
    naive = median_ms([naive_redraw] * 5, rounds=1)
    moves = {}
    for name, factory, kinds in EXPLORERS:
        explorer = factory()
        explorer._send = send
        for kind, actions in kinds(explorer):
            moves[f"{name}: {kind}"] = median_ms(actions)
        explorer.close()
    return moves, naive


def run():
    moves, naive = measure()
    worst = max(moves, key=moves.get)
    print(f"naive redraw {naive:.1f} ms; worst move {worst} {moves[worst]:.2f} ms; "
          + ", ".join(f"{k} {v:.2f}" for k, v in sorted(moves.items(), key=lambda kv: -kv[1])[:6]))
    near = {name: near_ms(factory) for name, factory, _ in EXPLORERS if factory().prefetch}
    print("states near, ms: " + ", ".join(f"{k} {v:.0f}" for k, v in near.items()))
    return [
        ("explorer_kernel_ms_vs_naive", moves[worst] / naive, 0.03, "ratio"),
        ("explorer_kernel_ms_worst", moves[worst], None, "ms"),
        ("explorer_kernel_ms_median", statistics.median(moves.values()), None, "ms"),
        ("naive_redraw_ms", naive, None, "ms"),
        ("explorer_near_ms_worst", max(near.values()), None, "ms"),
    ]
