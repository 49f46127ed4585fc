"""The voting explorer: draw on a 9x9 grid, and watch every stage and the
X and O votes follow.

Only wiring. The browser paints the grid and sends only the newest drawing
(Painting, in cnnlib/widgets/base.py); cnnlib.classify does the maths for it,
and cnnlib.draw.voting.voting_scene describes what the browser draws. The
load and change buttons call cnnlib.transforms.
"""
from numpy.random import default_rng

from cnnlib._checks import as_grid, as_name, as_seed
from cnnlib.data import load_features, load_grid
from cnnlib.draw.voting import grid_key, vote_text, voting_scene
from cnnlib.transforms import blank, flip, flip_pixels, from_cells, rotate, scale, shift, thicken
from cnnlib.voting import classify, vote_weights
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import button_control

FEATURES = ("diagonal", "cross", "antidiagonal")
LOADS = {"load x": ("load X", "x"), "load o": ("load O", "o"), "load blank": ("blank", "blank")}
# The change buttons: name -> (label, function(grid) -> grid); noise needs the
# explorer's seeded generator, so it is added per explorer.
CHANGES = {
    "shift ↘": ("shift ↘", lambda g: shift(g, 1, 1)),
    "shift ↖": ("shift ↖", lambda g: shift(g, -1, -1)),
    "rotate 20°": ("rotate 20°", lambda g: rotate(g, 20)),
    "smaller": ("smaller", lambda g: scale(g, 0.7)),
    "thicker": ("thicker", lambda g: thicken(g, 1)),
}
STATIC_NOTE = ("Without a kernel this page knows the votes of the loadable pictures, "
               "their changes and every one-cell change of the X and the O; "
               "any other drawing needs a running notebook.")


def load(name):
    """The picture a load button gives: 'x', 'o' or 'blank'."""
    return blank() if name == "blank" else load_grid(name)


class VotingExplorer(Explorer):
    """State shown: grid (9, 9) of ±1, poll (the Poll from classify: maps,
    rectified, pooled, votes, winner), votes, winner, painted (how many
    grids the browser has sent)."""

    def __init__(self, picture="x", seed=0):
        picture = as_name(picture, "picture", ("x", "o", "blank"), "picture to start from")
        seed = as_seed(seed)
        self.rng = default_rng(seed)
        self.features = load_features(FEATURES)
        self.weights = vote_weights(self.features)
        self.changes = {**CHANGES, "noise": ("noise", lambda g: flip_pixels(g, 6, self.rng))}
        self.grid = load(picture)
        controls = [button_control(name, label) for name, (label, _) in LOADS.items()]
        controls += [button_control(name, label) for name, (label, _) in self.changes.items()]
        self.kind = "voting"
        super().__init__(controls, args={"picture": picture, "seed": seed})
        self.static_note = STATIC_NOTE

    def update(self, changed):
        self.poll = classify(self.grid, self.weights, self.features)
        self.votes, self.winner = self.poll.votes, self.poll.winner
        self.scene = {"panels": voting_scene(self.poll, FEATURES),
                      "caption": f"votes: {vote_text(self.votes, self.winner)}",
                      "main": "picture"}

    def on_event(self, message):
        """A button: load a picture or change it."""
        if message.get("event") == "button":
            name = message.get("name")
            if name in LOADS:
                self.set_grid(load(LOADS[name][1]))
            elif name in self.changes:
                self.set_grid(self.changes[name][1](self.grid))

    def paint_grid(self, cells):
        """The browser's newest drawing: 81 values, row by row."""
        self.set_grid(from_cells(cells))

    def set_grid(self, grid):
        """Show a new picture (9, 9) of +1 (stroke) and -1 (background):
        classify it, send the numbers once. Anything else is refused and the
        explorer keeps its picture."""
        grid = as_grid(grid, "grid", (9, 9), only=(1.0, -1.0),
                       hint="a 9x9 grid of +1 (stroke) and -1 (background), e.g. load_grid('x')")
        self.grid = grid
        self.redraw({"grid"})

    def grid_table(self):
        """The scenes a static page can show without a kernel, by grid_key:
        the three loadable pictures, every change of each, and every one-cell
        flip of the X and the O. Also the buttons' moves between them, and
        the load buttons' pictures, the same from any picture:
        {"scenes": {key: scene}, "moves": {key: {button name: key}},
        "anywhere": {load button name: key}}."""
        start, scenes, moves = self.grid, {}, {}

        def visit(grid):
            key = grid_key(grid)
            if key not in scenes:
                self.set_grid(grid)
                scenes[key] = self.scene
            return key
        for name, (_, picture) in LOADS.items():
            base = load(picture)
            key = visit(base)
            moves[key] = {**{n: grid_key(load(p)) for n, (_, p) in LOADS.items()},
                          **{n: visit(change(base)) for n, (_, change) in CHANGES.items()}}
            if picture != "blank":
                for r in range(9):
                    for c in range(9):
                        visit(flip(base, r, c))
        self.set_grid(start)
        return {"scenes": scenes, "moves": moves,
                "anywhere": {n: grid_key(load(p)) for n, (_, p) in LOADS.items()}}


def voting_explorer(picture="x", seed=0):
    """Draw on a 9x9 grid by clicking or dragging across cells; every stage
    and the X and O votes follow. picture: 'x', 'o' or 'blank' to start
    from; seed: for the noise button's random pixels."""
    return VotingExplorer(picture, seed)
