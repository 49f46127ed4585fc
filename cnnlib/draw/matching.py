"""Drawing for notebook 00: the literal pixel matcher and matching pieces.

match_scene() is the matcher's picture: a reference and a transformed copy,
their agreement (the element-wise product) and the match scores.
The static figures show the match falling as the picture changes, the X
rebuilt from three 3x3 pieces, and the stages of a small CNN.
"""
import numpy as np

from cnnlib import matching
from cnnlib.draw.base import (
    HIGHLIGHT,
    MUTED,
    box,
    curve_summary,
    described,
    draw_grid,
    picture_summary,
    grid_panel,
    MAX_WIDTH,
    grid_inches,
    ink,
    new_figure,
    places,
    sentence,
    style,
    times,
)
from cnnlib.stacking import LECTURE, stack

PIECE_COLOURS = ["#ffb000", "#009e73", "#cc79a7"]   # Okabe-Ito: colour-blind safe


def match_scene(reference, candidate, matches, fraction, hits):
    """What the matcher's browser view draws: the reference, the candidate,
    their agreement and the two scores."""
    agree = matching.agreement(reference, candidate)
    return {"main": "candidate", "caption": "",
            "announce": f"{matches} of {np.size(reference)} pixels match: all pixels "
                        f"{100 * fraction:.0f}%, stroke pixels hit {100 * hits:.0f}%",
            "panels": [
        grid_panel("candidate", candidate, "the picture we get", cell=22),
        {"type": "bars", "key": "score", "title": "match score", "max": 100, "width": 250,
         "labelWidth": 120, "bars": [
             {"label": "all pixels match", "value": 100 * fraction,
              "text": f"{100 * fraction:.0f}%", "color": MUTED, "ink": ink(MUTED)},
             {"label": "stroke pixels hit", "value": 100 * hits,
              "text": f"{100 * hits:.0f}%", "color": HIGHLIGHT, "ink": ink(HIGHLIGHT)}]},
        grid_panel("reference", reference, "the X we look for", cell=22),
        grid_panel("agree", agree, f"agree (+1) or differ (−1): "
                   f"{matches} of {np.size(reference)} pixels match", cell=22),
    ]}


def curves_figure(grid):
    """The match falling as each transformation grows: all pixels matching
    against stroke pixels hit, one panel per kind of change."""
    parts = ["the match in percent as the picture changes, one panel per change"]
    with style():
        # two by two: four panels in a row would be too narrow for the projector
        fig, axes = new_figure(2, 2, width=MAX_WIDTH / 2, height=2.9, sharey=True)
        for ax, (kind, (lo, hi, step, unit)) in zip(axes.flat, matching.AMOUNTS.items()):
            amounts = np.arange(lo, hi + 1, step)
            for measure, colour, label in (("pixels", MUTED, "all pixels match"),
                                           ("stroke", HIGHLIGHT, "stroke pixels hit")):
                curve = 100 * matching.match_curve(grid, kind, amounts, measure)
                ax.plot(amounts, curve, "o-", color=colour, label=label, linewidth=2.5)
                parts.append(curve_summary(amounts, curve / 100, f"{kind}, {label}", unit))
            ax.set_title(kind)
            ax.set_xticks(amounts)
            ax.set_xlabel(unit)
            ax.set_ylim(0, 105)
            ax.grid(alpha=0.3)
        axes[0, 0].set_ylabel("percent")
        axes[1, 0].set_ylabel("percent")
        axes[0, 0].legend(loc="lower left")
    return described(fig, sentence(*parts))


def pieces_figure(grid, features, names):
    """Where each 3x3 feature matches the grid perfectly, and the grid rebuilt
    from those pieces alone. features: (F, k, k)."""
    placements = matching.perfect_matches(grid, features)
    with style():
        # the X and its rebuilt copy as large as their numbers need, the pieces between
        side, height = grid_inches(grid, whole=True, titles=2)
        piece = (MAX_WIDTH - 2 * side) / len(names)
        fig, axes = new_figure(len(names) + 2, 1, width=MAX_WIDTH / (len(names) + 2),
                               height=height,
                               gridspec_kw={"width_ratios": [side] + [piece] * len(names) + [side]})
        draw_grid(axes[0, 0], grid, title="the X:\nperfect matches", numbers=False)
        k = features.shape[-1]
        for f, row, col in placements:
            inset = 0.12 * (f + 1)   # nest the boxes so overlapping ones stay visible
            box(axes[0, 0], row + inset, col + inset, k - 2 * inset, k - 2 * inset,
                color=PIECE_COLOURS[f % 3], linewidth=2.5)
        for f, (ax, name) in enumerate(zip(axes[0, 1:-1], names)):
            draw_grid(ax, features[f], title=name, fontsize=13, xlabel="", ylabel="")
            box(ax, 0, 0, k, k, color=PIECE_COLOURS[f % 3], linewidth=5)
        rebuilt = matching.rebuild(grid.shape, features, placements)
        same = "the same X" if np.array_equal(rebuilt, grid) else "not quite the X"
        draw_grid(axes[0, -1], rebuilt, title=f"rebuilt from pieces:\n{same}")
    counts = [sum(1 for f_, _, _ in placements if f_ == f) for f in range(len(names))]
    return described(fig, sentence(
        "where each 3 by 3 piece matches the picture perfectly: "
        + ", ".join(f"{name} {times(n)}" for name, n in zip(names, counts)),
        f"rebuilt from those pieces alone: {same}, "
        f"{int(np.sum(rebuilt == grid))} of {grid.size} pixels as in the picture"))


def stages_figure(grid, features, names):
    """Two stages of feature transformation, each a filter, a ReLU and a pool
    (cnnlib.stack with repeats=2): the picture, then one row per stage with
    the three maps it gives. Stage 2 filters the three pooled maps of stage 1
    (with the lecture's features, the simplification of notebook 04)."""
    stages = stack(grid, LECTURE, repeats=2)
    first, second = stages[3].maps, stages[6].maps
    with style():
        # colours only: no ticks, so that four panels fit across the projector
        fig, axes = new_figure(len(names) + 1, 2, width=MAX_WIDTH / (len(names) + 1), height=2.9)
        draw_grid(axes[0, 0], grid, title="picture", numbers=False, ticks=False)
        axes[1, 0].axis("off")
        axes[1, 0].text(0.5, 0.5, "each stage:\nfilter\n↓\nReLU\n↓\npool",
                        ha="center", va="center", fontsize=15, transform=axes[1, 0].transAxes)
        # shading only, no sizes or values: notebooks 02 and 04 ask for them
        for j, name in enumerate(names):
            draw_grid(axes[0, j + 1], first[j], numbers=False, title=f"stage 1,\n{name}",
                      ticks=False)
            draw_grid(axes[1, j + 1], second[j], numbers=False, title=f"stage 2,\nmap {j + 1}",
                      ticks=False)
    # no sizes or values here either: only where each map is strong
    strongest = lambda maps: ", ".join(
        f"{name} at {places(m == m.max(), 1)}" for name, m in zip(names, maps))
    return described(fig, sentence(
        picture_summary(grid, "the picture"),
        f"two stages, each a filter, a ReLU and a pool, shaded without numbers; stage 1 gives "
        f"one map per feature, strongest: {strongest(first)}",
        f"stage 2 gives three smaller maps, strongest: {strongest(second)}"))
