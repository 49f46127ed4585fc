"""Drawing the polls: every stage of classify() and the X and O votes.

One row per feature: the filtered map, the map after ReLU and the pooled
map; at the right, the votes as bars (voting_figure, for notebook 05);
voting_scene() is the voting explorer's picture.
"""
import numpy as np
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from cnnlib.draw.base import (CMAP, HIGHLIGHT, MUTED, cell_inches, described, draw_grid,
                              grid_panel, grid_summary, labels_summary, new_figure,
                              picture_summary, sentence, style)

PANEL = 2.6                      # inches per map panel
CLASS_COLOURS = {"x": CMAP(0.85), "o": CMAP(0.15)}


MOST_DECIMALS = 4


def shown_votes(votes, winner):
    """The votes as the pictures print them: ({class: text}, the winner or None).

    Two decimals, or as many more (up to MOST_DECIMALS) as it takes for the
    winner's shown vote to be ahead of every other shown vote, so that the
    digits on screen decide. Votes still equal at MOST_DECIMALS are a tie at
    the shown precision: no winner is named (None)."""
    for decimals in range(2, MOST_DECIMALS + 1):
        texts = {label: f"{float(value):.{decimals}f}" for label, value in votes.items()}
        if all(float(texts[winner]) > float(t) for label, t in texts.items() if label != winner):
            return texts, winner
    return texts, None


def vote_text(votes, winner):
    """'X 0.66   O 0.58   → X': the votes as one line of text (shown_votes);
    '→ tie' when the shown votes are equal."""
    texts, shown = shown_votes(votes, winner)
    parts = [f"{label.upper()} {text}" for label, text in texts.items()]
    return "   ".join(parts) + f"   → {shown.upper() if shown else 'tie'}"


def bar_text(votes, winner):
    """{class: '0.66  wins'}: each bar's number, 'wins' after the shown winner's
    (none in a tie at the shown precision)."""
    texts, shown = shown_votes(votes, winner)
    return {label: text + ("  wins" if label == shown else "") for label, text in texts.items()}


def voting_figure(poll, feature_names, title=""):
    """A static figure of every stage of a Poll (cnnlib.voting.classify): the
    picture and the votes as bars on top, then one row per feature (filtered,
    ReLU, pooled), every cell as large as its number needs on a projector."""
    f = len(poll.maps)
    size = lambda values: 11 if values.shape[0] > 5 else 13      # a small map's numbers larger
    stages = [poll.maps, poll.rectified, poll.pooled]
    # each column's cells as large as its own numbers need, at their own size
    cells = [max(cell_inches(v, fontsize=size(v), whole=False) for v in stage) for stage in stages]
    widths = [cell * stage.shape[-1] for cell, stage in zip(cells, stages)]
    side = cell_inches(poll.grid) * poll.grid.shape[0] + 0.45
    with style():
        row = max(cell * stage.shape[-2] for cell, stage in zip(cells, stages)) + 0.15
        fig = Figure(figsize=(sum(widths) + 0.9, side + f * row + 1.0), layout="constrained")
        gs = fig.add_gridspec(f + 1, 3, width_ratios=widths, height_ratios=[side] + [row] * f)
        _quiet(draw_grid(fig.add_subplot(gs[0, 0]), poll.grid, title="picture",
                         xlabel="", ylabel="").axes)
        for m in range(f):
            for k, (name, values) in enumerate([("filtered", poll.maps[m]),
                                                ("ReLU", poll.rectified[m]),
                                                ("pooled", poll.pooled[m])]):
                title_k = f"{name} {'×'.join(map(str, values.shape))}" if m == 0 else None
                _quiet(draw_grid(fig.add_subplot(gs[m + 1, k]), values, title=title_k,
                                 fontsize=size(values), xlabel="",
                                 whole=False, ylabel=feature_names[m] if k == 0 else "").axes)
        _votes(fig.add_subplot(gs[0, 1:]), poll)
        fig.suptitle(title or f"The polls: {vote_text(poll.votes, poll.winner)}", fontsize=15)
    texts, shown = shown_votes(poll.votes, poll.winner)
    votes = ", ".join(f"{label.upper()} {text}" for label, text in texts.items())
    return described(fig, sentence(
        picture_summary(poll.grid, "the picture") + "; filtered, rectified and pooled by each "
        "feature: " + ", ".join(grid_summary(p, f"pooled map of the {name} feature", whole=False)
                              for name, p in zip(feature_names, poll.pooled)),
        f"votes (weighted averages of the pooled values): {votes}, "
        + (f"{shown.upper()} wins" if shown else "a tie")))


def _quiet(ax):
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)


def _votes(ax, poll):
    """The votes as horizontal bars, the shown winner's outlined and in bold."""
    labels, shown = list(poll.votes), bar_text(poll.votes, poll.winner)
    for i, (label, value) in enumerate(poll.votes.items()):
        won = shown[label].endswith("wins")
        ax.barh(i, value, height=0.6, color=CLASS_COLOURS.get(label, MUTED),
                edgecolor=HIGHLIGHT if won else "black", linewidth=3.5 if won else 0)
        ax.text(value + 0.02, i, shown[label], va="center", fontsize=13,
                fontweight="bold" if won else "normal")
    ax.set_yticks(range(len(labels)), [k.upper() for k in labels], fontsize=16)
    ax.set(xlim=(0, 1.3), xticks=[0, 0.25, 0.5, 0.75, 1], ylim=(len(labels) - 0.4, -0.6),
           xlabel="vote: a weighted average", title="votes")
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)


# --- The browser's picture (the voting explorer draws these panels as SVG) ---

PICTURE_CELL = 23     # CSS px per cell of the picture to draw on (two-character numbers)
STAGE_HEIGHT = 225    # CSS px for a column of three maps: fits a projected screen


def vote_bars(votes, winner):
    """The votes as a bars panel: one bar per class, the winner outlined in the text."""
    shown = bar_text(votes, winner)
    return {"type": "bars", "key": "votes", "title": "votes", "max": 1.0, "width": 230,
            "labelWidth": 40,
            "bars": [{"label": k.upper(), "value": float(v),
                      "text": shown[k],
                      "color": to_hex(CLASS_COLOURS.get(k, MUTED))}
                     for k, v in votes.items()]}


def voting_scene(poll, feature_names):
    """Every stage of a Poll as browser panels: the picture (paintable: the
    browser flips a clicked cell at once), then one column per stage
    (filtered, ReLU, pooled) with a map per feature, then the votes."""
    picture = grid_panel("picture", poll.grid, title="click or drag to draw",
                         cell=PICTURE_CELL, whole=True, paint=True)
    columns = []
    for name, stack in (("filtered", poll.maps), ("ReLU", poll.rectified), ("pooled", poll.pooled)):
        # 4x4 pooled maps get cells for readable numbers ('1.00' at 12 px); 7x7 maps show colours
        cell = max(28, STAGE_HEIGHT // (len(stack) * stack.shape[1])) if stack.shape[1] <= 4 \
            else min(24, STAGE_HEIGHT // (len(stack) * stack.shape[1]))
        grids = [grid_panel(f"{name} {m}", values, whole=False, cell=cell,
                            numbers=cell >= 20,
                            title=feature_names[m] if name == "filtered" else " ")
                 for m, values in enumerate(stack)]
        columns.append({"type": "stack", "key": name,
                        "title": f"{name} {'×'.join(map(str, stack.shape))}", "grids": grids})
    return [picture, *columns, vote_bars(poll.votes, poll.winner)]


def grid_key(grid):
    """A ±1 picture as a short text key, row by row: '+' stroke, '-' background
    (the browser builds the same key to look a drawing up in a static page)."""
    return "".join("+" if v > 0 else "-" for v in np.ravel(grid))


def pictures_figure(grids, titles, per_row=6, width=1.45):
    """A static sheet of small pictures without cell numbers (e.g. the hard
    cases): per_row to a row, width inches per panel."""
    rows = -(-len(grids) // per_row)
    fig, axes = new_figure(per_row, rows, width=width, height=width + 0.3)
    for i, ax in enumerate(axes.flat):
        if i < len(grids):
            draw_grid(ax, grids[i], title=titles[i], numbers=False, xlabel="", ylabel="")
            ax.set_xticks([])
            ax.set_yticks([])
        else:
            ax.set_visible(False)
    return described(fig, sentence(labels_summary(titles[:len(grids)], "small pictures, shaded "
                                                  "without numbers")))
