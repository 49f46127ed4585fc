"""Drawing a stack of layers: one column per stage, one row per map.

A stage is cnnlib.stacking.Stage(name, maps (C, H, W)). Columns wrap after
PER_ROW stages, so a long stack becomes several bands of rows. The panels
are laid out again only when the stages' names or shapes change; a new
picture through the same layers is an in-place update of the numbers.
"""
import numpy as np
from matplotlib.figure import Figure

from cnnlib.draw.base import draw_grid, freeze_layout, numbers_out_of_layout, style

PER_ROW = 4        # stage columns per band
PANEL = 2.6        # inches per map panel


def shape_text(shape):
    """(3, 7, 7) -> '3×7×7'."""
    return "×".join(str(n) for n in shape)


def stage_title(i, stage):
    """'1 filter\\n3×7×7': the stage's number, name and shape."""
    return f"{i} {stage.name}\n{shape_text(stage.shape)}"


def number_size(n, whole=False, inches=PANEL):
    """Font size (points) for the numbers of an n x n map in an inches-wide panel;
    whole numbers ('-1', '1') are shorter than '.33', so they can be larger."""
    return float(np.clip((0.46 if whole else 0.36) * inches * 72 / n, 7, 13))


def band_scale(stages):
    """How tall a band of stages is drawn, as a fraction of PANEL: maps of
    6x6 cells or more get full panels, smaller ones (2x2, 1x1 late in a stack)
    need less room, down to 0.6."""
    return float(np.clip(max(max(s.shape[1:]) for s in stages) / 6, 0.6, 1.0))


class StackingArtist:
    """Every stage of a stack drawn into one persistent Figure.

    update(stages) redraws in place when the layout is unchanged, else it
    clears the figure and lays the panels out again (same Figure object).
    """

    def __init__(self, fig, stages, title=""):
        self.fig, self.key, self.grids = fig, None, []
        self.update(stages, title)

    def update(self, stages, title=""):
        key = tuple((s.name, s.shape) for s in stages)
        if key != self.key:
            self._layout(stages)
            self.key = key
        for grids, stage in zip(self.grids, stages):
            for artist, values in zip(grids, stage.maps):
                artist.update(values)
        self.title.set_text(title)

    def _layout(self, stages):
        fig = self.fig
        fig.clear()
        fig.set_layout_engine("constrained")
        depth = max(s.shape[0] for s in stages)
        cols = min(len(stages), PER_ROW)
        bands = -(-len(stages) // PER_ROW)
        scales = [band_scale(stages[b * PER_ROW:(b + 1) * PER_ROW]) for b in range(bands)]
        fig.set_size_inches(cols * PANEL + 0.6, sum(scales) * depth * PANEL + 0.9)
        with style():
            gs = fig.add_gridspec(bands * depth, cols,
                                  height_ratios=[k for k in scales for _ in range(depth)])
            self.grids, labelled, scores = [], set(), False
            for i, stage in enumerate(stages):
                # from the first filter on, maps hold scores: decimals, even when all 0
                scores = scores or stage.name == "filter"
                band, col = divmod(i, PER_ROW)
                grids = []
                for m, values in enumerate(stage.maps):
                    ax = fig.add_subplot(gs[band * depth + m, col])
                    # label each row of maps once per band, at its leftmost panel
                    label = "" if (band, m) in labelled else f"map {m}"
                    labelled.add((band, m))
                    whole = not scores and bool(np.all(values == np.round(values)))
                    size = number_size(max(values.shape), whole, PANEL * scales[band])
                    artist = draw_grid(ax, values, fontsize=size,
                                       xlabel="", ylabel=label, whole=None if whole else False)
                    ax.tick_params(which="both", length=0, labelbottom=False,
                                   labelleft=False)
                    if m == 0:
                        ax.set_title(stage_title(i, stage), fontsize=13)
                    grids.append(artist)
                self.grids.append(grids)
            self.title = fig.suptitle("Xg", fontsize=15)    # room for any title
            numbers_out_of_layout(a for grids in self.grids for a in grids)
            # Lay the panels out once, then freeze: constrained layout on every
            # render costs more than drawing the numbers.
            freeze_layout(fig)


def stacking_figure(stages, title=""):
    """A static figure of every stage of a stack (a list of Stage)."""
    with style():
        fig = Figure(layout="constrained")
    StackingArtist(fig, stages, title)
    return fig


def shapes_line(stages):
    """'input 1×9×9 → filter 3×7×7 → ...': the shapes, as one line of text."""
    return " → ".join(f"{s.name} {shape_text(s.shape)}" for s in stages)

