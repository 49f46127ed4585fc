"""Drawing ReLU: a map before and after, with the cells set to zero marked.

relu_scene() is the ReLU view's picture; commute_figure() is notebook 03's
ReLU-then-pool against pool-then-ReLU.
"""
import numpy as np

from cnnlib.activations import relu
from cnnlib.draw.base import (MUTED, described, draw_grid, grid_inches, grid_panel, grid_summary,
                              new_figure, sentence, styled)
from cnnlib.pooling import max_pool

ZEROED = "#222222"     # outline of a cell that ReLU set to zero


def relu_scene(values, name="", picture=None):
    """What the ReLU view draws: the picture that was filtered (if given,
    (9, 9)), the map before and after ReLU, the zeroed cells outlined
    dashed. values: (H, W)."""
    values = np.asarray(values, float)
    zeroed = values < 0
    # one row on a projector (1280x720 at 150%) in every state: a small
    # picture with no numbers (what was filtered), and both titles on two
    # lines, so each panel is as
    # wide as its grid whatever the picture's and feature's names. (On one
    # line "rotated O, antidiagonal: before ReLU" widened its panel by 61 px,
    # leaving 5 px of the row: a slightly wider font, such as the theme's
    # fallback Verdana, or notebook margin put the after panel on a second
    # row, off the screen.)
    marks = [{"r": int(i), "c": int(j), "h": 1, "w": 1, "color": ZEROED, "dash": True}
             for i, j in zip(*np.nonzero(zeroed))]
    prefix = f"{name}:\n" if name else ""
    panels = [] if picture is None else [
        grid_panel("picture", picture, "picture", numbers=False, cell=16)]
    return {"main": "after", "caption": "", "panels": panels + [
        grid_panel("before", values, f"{prefix}before ReLU", whole=False, cell=30),
        grid_panel("after", relu(values), f"after ReLU: {int(zeroed.sum())} of {zeroed.size} "
                   f"\ncells set to 0 (dashed)", whole=False, cell=30, marks=marks),
    ]}


@styled
def commute_figure(values, name=""):
    """ReLU then pool (top row) against pool then ReLU (bottom row): the last
    panels are equal because max is monotone. values: (H, W)."""
    pooled = max_pool(values)
    # each panel as wide as its numbers need; ticks and axis labels on the first column only
    big, _ = grid_inches(values, whole=False, ticks=False)
    small, _ = grid_inches(pooled, whole=False, ticks=False)
    widths = [big + 0.75, big, small]
    _, height = grid_inches(values, whole=False)
    fig, axes = new_figure(3, 2, width=sum(widths) / 3, height=height,
                           gridspec_kw={"width_ratios": widths})
    steps = [
        [(values, "map"), (relu(values), "ReLU"), (max_pool(relu(values)), "then pool")],
        [(values, "map"), (max_pool(values), "pool"), (relu(max_pool(values)), "then ReLU")],
    ]
    for row, panels in enumerate(steps):
        for col, (v, title) in enumerate(panels):
            size = 11 if max(v.shape) > 5 else 13
            draw_grid(axes[row, col], v, title=title, fontsize=size, whole=False, ticks=col == 0)
    axes[1, 2].set_title("then ReLU:\nsame as above", color=MUTED)
    fig.suptitle(f"ReLU then pool = pool then ReLU{' (' + name + ')' if name else ''}",
                 fontsize=15)
    first, second = steps[0][-1][0], steps[1][-1][0]
    same = "the same" if np.allclose(first, second) else "not the same"
    zeroed = int(np.sum(values < 0))
    return described(fig, sentence(
        grid_summary(values, f"map{' (' + name + ')' if name else ''}", whole=False),
        f"ReLU sets its {zeroed} negative cells to 0; ReLU then pool gives "
        + grid_summary(first, "result", whole=False),
        f"pool then ReLU gives {same} result"))
