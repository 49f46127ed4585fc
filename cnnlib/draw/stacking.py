"""Drawing a stack of layers: one column per stage, one row per map.

A stage is cnnlib.stacking.Stage(name, maps (C, H, W)). Columns wrap after
PER_ROW stages, so a long stack becomes several bands of rows. The panels
are laid out again only when the stages' names or shapes change; a new
picture through the same layers is an in-place update of the numbers.
"""
import numpy as np
from matplotlib.figure import Figure

from cnnlib.draw.base import draw_grid, freeze_layout, grid_panel, numbers_out_of_layout, style

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



# --- The browser's picture (the stacking explorer draws these panels as SVG) ---

HEIGHT = 225       # CSS pixels for the maps of a stage: fits a projected screen
WIDTH = 720        # CSS pixels for all the stages side by side
GAP = 14           # between two stages
READABLE = 20      # the smallest cell (CSS px) whose two-decimal number still reads
LARGEST = 30       # cells never grow past this, however small the map


def stage_cells(stages, maps_shown):
    """The cell size (CSS px) of each stage, so that every stage's maps_shown
    maps fit HEIGHT and all the stages fit WIDTH side by side; small maps get
    larger cells, up to LARGEST."""
    cells = [min(LARGEST, HEIGHT // (min(maps_shown, s.shape[0]) * s.shape[1])) for s in stages]
    width = sum(c * s.shape[2] for c, s in zip(cells, stages)) + GAP * len(stages)
    if width > WIDTH:
        cells = [max(4, int(c * WIDTH / width)) for c in cells]
    return cells


def stacking_scene(stages, show=None):
    """Every stage of a stack as browser panels: one 'stack' panel per stage
    (its maps one above the other), titled like the static figure.

    show: None for every map, or the index of the one map to show large.
    Cells too small for a readable number show colours only; the numbers of
    whole-number maps ('1', '-1') need less room than scores ('.33').
    """
    maps_shown = 1 if show is not None else max(s.shape[0] for s in stages)
    panels, scores = [], False
    for i, (stage, cell) in enumerate(zip(stages, stage_cells(stages, maps_shown))):
        scores = scores or stage.name == "filter"
        grids = []
        for m, values in enumerate(stage.maps):
            if show is not None and m != min(show, len(stage.maps) - 1):
                continue
            whole = not scores and bool(np.all(values == np.round(values)))
            numbers = cell >= (14 if whole else READABLE)
            grids.append(grid_panel(f"stage {i} map {m}", values,
                                    title=f"map {m}" if show is not None else "",
                                    whole=None if whole else False, cell=cell,
                                    numbers=numbers))
        panels.append({"type": "stack", "key": f"stage {i}", "title": stage_title(i, stage),
                       "grids": grids})
    return panels
