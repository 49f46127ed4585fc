"""The voting explorer: draw on a 9x9 grid by clicking cells, and watch every
stage and the X and O votes follow.

Only wiring: the cells are ipywidgets Buttons (keyboard-focusable: Tab to a
cell, Enter or Space flips it), the load buttons call cnnlib.transforms,
cnnlib.classify does the maths and cnnlib.draw.voting draws it. Loading a picture
restyles the 81 cells and redraws the figure once.
"""
import ipywidgets as w
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from numpy.random import default_rng

from cnnlib._checks import as_array, as_choice
from cnnlib.data import load_features, load_grid
from cnnlib.draw.base import CMAP, rgba_png, style
from cnnlib.draw.voting import CellPainter, VotingArtist, vote_text
from cnnlib.transforms import blank, flip_pixels, rotate, scale, shift, thicken
from cnnlib.voting import classify, vote_weights
from cnnlib.widgets.base import PngExplorer as Explorer, FigureView

FEATURES = ("diagonal", "cross", "antidiagonal")
STROKE, BACKGROUND = to_hex(CMAP(1.0)), to_hex(CMAP(0.0))
CELL = w.Layout(width="38px", height="30px", padding="0px", margin="1px")


class PaintedView(FigureView):
    """A FigureView whose refresh repaints only the changed cells (CellPainter)."""

    def __init__(self, artist):
        self.painter = CellPainter(artist)
        super().__init__(artist.fig)

    def refresh(self):
        self.image.value = rgba_png(self.painter.render())
        self.renders += 1


def _edits(rng):
    """The transform buttons: label -> (tooltip, function(grid) -> grid)."""
    return {
        "shift ↘": ("move the picture one row down and one column right", lambda g: shift(g, 1, 1)),
        "shift ↖": ("move the picture one row up and one column left", lambda g: shift(g, -1, -1)),
        "rotate 20°": ("rotate anticlockwise by 20 degrees", lambda g: rotate(g, 20)),
        "smaller": ("shrink to 70% about the centre", lambda g: scale(g, 0.7)),
        "thicker": ("make every stroke one pixel thicker", lambda g: thicken(g, 1)),
        "noise": ("flip 6 random pixels (seeded)", lambda g: flip_pixels(g, 6, rng)),
    }


class VotingExplorer(Explorer):
    """State shown: grid (9, 9) of ±1, poll (the Poll from classify: maps,
    rectified, pooled, votes, winner), votes, winner. cells[r][c] are the
    81 Buttons; controls are the load and transform buttons."""

    def __init__(self, picture="x", seed=0):
        as_choice(picture, "picture", ["x", "o", "blank"])
        self.rng = default_rng(seed)
        self.features = load_features(FEATURES)
        self.weights = vote_weights(self.features)
        self.grid = self._load(picture)
        self.cells = [[self._cell(r, c) for c in range(9)] for r in range(9)]
        self.controls = {}
        for name in ("x", "o", "blank"):
            self.controls[f"load {name}"] = self._button(
                f"load {name.upper() if name != 'blank' else 'blank'}",
                f"replace the picture with {'the ideal ' + name.upper() if name != 'blank' else 'background only'}",
                lambda _, name=name: self.set_grid(self._load(name)))
        for label, (tip, edit) in _edits(self.rng).items():
            self.controls[label] = self._button(
                label, tip, lambda _, edit=edit: self.set_grid(edit(self.grid)))
        with style():
            fig = Figure(layout="constrained")
        self._classify()
        self.artist = VotingArtist(fig, self.poll, FEATURES, grid=False)
        self.votes_label = w.HTML()
        self._restyle()
        self._show(refresh=False)
        self.view = PaintedView(self.artist)
        pad = w.GridBox([b for row in self.cells for b in row],
                        layout=w.Layout(grid_template_columns="repeat(9, 40px)"))
        buttons = w.VBox([w.HTML("<b>Load</b>"), *[self.controls[f"load {n}"] for n in ("x", "o", "blank")],
                          w.HTML("<b>Change the picture</b>"),
                          *[self.controls[k] for k in _edits(self.rng)]])
        intro = w.HTML("Click a cell (or Tab to it and press Enter) to flip it "
                       "between stroke (+1) and background (−1).")
        self.widget = w.VBox([intro, w.HBox([pad, buttons]), self.votes_label, self.view.image])

    @staticmethod
    def _load(name):
        return blank() if name == "blank" else load_grid(name)

    def _button(self, label, tooltip, handler):
        button = w.Button(description=label, tooltip=tooltip, layout=w.Layout(width="150px"))
        button.on_click(handler)
        return button

    def _cell(self, r, c):
        button = w.Button(description="", tooltip=f"row {r}, column {c}: click to flip",
                          layout=CELL)
        button.on_click(lambda _: self.flip(r, c))
        return button

    def _restyle(self):
        """Colour and number every cell from self.grid."""
        for r, row in enumerate(self.cells):
            for c, button in enumerate(row):
                stroke = self.grid[r, c] > 0
                button.description = "1" if stroke else "-1"
                button.style.button_color = STROKE if stroke else BACKGROUND
                button.style.text_color = "white"

    def _classify(self):
        self.poll = classify(self.grid, self.weights, self.features)
        self.votes, self.winner = self.poll.votes, self.poll.winner

    def _show(self, refresh=True):
        self.artist.update(self.poll)
        self.votes_label.value = (f"<span style='font-size:20px'><b>votes:</b> "
                                  f"{vote_text(self.votes, self.winner)}</span>")
        if refresh:
            self.view.refresh()

    def flip(self, r, c):
        """Flip one cell (what a click does), then redraw once."""
        grid = self.grid.copy()
        grid[r, c] = -grid[r, c]
        self.set_grid(grid)

    def set_grid(self, grid):
        """Show a new picture (9, 9): restyle the cells, classify, redraw once."""
        self.grid = as_array(grid, "grid", (2,), "a 9x9 grid of +1/-1")
        self._restyle()
        self._classify()
        self._show()


def voting_explorer(picture="x", seed=0):
    """Draw on a 9x9 grid by clicking cells; every stage and the X and O votes
    update live. picture: 'x', 'o' or 'blank' to start from; seed: for the
    noise button's random pixels."""
    return VotingExplorer(picture, seed)
