"""Drawing ReLU: a map before and after, with the cells set to zero marked.

Draws into given axes and updates in place (GridArtist.update, patch
visibility), so the ReLU view redraws without a new figure.
"""
import numpy as np

from cnnlib.activations import relu
from cnnlib.draw.base import MUTED, box, draw_grid, grid_panel, new_figure, numbers_out_of_layout
from cnnlib.pooling import max_pool

ZEROED = "#222222"     # outline of a cell that ReLU set to zero


class ReluArtist:
    """Two grids, before and after ReLU; cells that ReLU zeroed are outlined
    with a dashed box in the 'after' panel. With ax_picture and picture, a
    third panel shows the picture that was filtered into the map.
    update(values, name, picture) redraws in place."""

    def __init__(self, ax_before, ax_after, values, ax_picture=None, picture=None):
        values = np.asarray(values, float)
        self.picture = None
        if ax_picture is not None:
            self.picture = draw_grid(ax_picture, picture, title="picture", numbers=False)
        self.before = draw_grid(ax_before, values, title="before ReLU", whole=False)
        self.after = draw_grid(ax_after, relu(values), title="after ReLU", whole=False)
        h, w = values.shape
        self.marks = [[box(ax_after, i, j, 1, 1, color=ZEROED, linewidth=2.0,
                           linestyle=(0, (3, 2))) for j in range(w)] for i in range(h)]
        self.ax_before, self.ax_after = ax_before, ax_after
        numbers_out_of_layout([self.before, self.after])
        for patch in (p for row in self.marks for p in row):
            patch.set_in_layout(False)
        self.update(values)

    def update(self, values, name="", picture=None):
        """Show a new map (H, W) of the same shape (and the picture it was
        filtered from, if there is a picture panel). Returns the zeroed mask."""
        values = np.asarray(values, float)
        if self.picture is not None and picture is not None:
            self.picture.update(picture)
        after = relu(values)
        zeroed = values < 0
        self.before.update(values)
        self.after.update(after)
        for i, row in enumerate(self.marks):
            for j, patch in enumerate(row):
                patch.set_visible(bool(zeroed[i, j]))
        prefix = f"{name}: " if name else ""
        self.ax_before.set_title(f"{prefix}before ReLU")
        self.ax_after.set_title(f"after ReLU: {int(zeroed.sum())} of {zeroed.size} "
                                f"cells\nset to 0 (dashed)", fontsize=12)
        return zeroed


def relu_scene(values, name="", picture=None):
    """What the ReLU view's browser view draws (the same as ReluArtist): the
    picture that was filtered (if given, (9, 9)), the map before and after
    ReLU, the zeroed cells outlined dashed. values: (H, W)."""
    values = np.asarray(values, float)
    zeroed = values < 0
    # one row on a projector (1280x720 at 150%) in every state: a small
    # picture with no numbers (what was filtered), and both titles on two
    # lines (the after-title as in the static figure), so each panel is as
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


def relu_figure(values, name="", picture=None):
    """A static figure: one map before and after ReLU, after the picture it
    was filtered from if one is given. values: (H, W); picture: (9, 9)."""
    if picture is None:
        fig, axes = new_figure(2, 1, width=4.2, height=4.4)
        artist = ReluArtist(axes[0, 0], axes[0, 1], values)
    else:
        fig, axes = new_figure(3, 1, width=3.6, height=4.0)
        artist = ReluArtist(axes[0, 1], axes[0, 2], values, axes[0, 0], picture)
    artist.update(values, name, picture)
    return fig


def commute_figure(values, name=""):
    """ReLU then pool (top row) against pool then ReLU (bottom row): the last
    panels are equal because max is monotone. values: (H, W)."""
    fig, axes = new_figure(3, 2, width=3.6, height=3.7)
    steps = [
        [(values, "map"), (relu(values), "ReLU"), (max_pool(relu(values)), "then pool")],
        [(values, "map"), (max_pool(values), "pool"), (relu(max_pool(values)), "then ReLU")],
    ]
    for row, panels in enumerate(steps):
        for col, (v, title) in enumerate(panels):
            size = 9.5 if max(v.shape) > 5 else 13
            artist = draw_grid(axes[row, col], v, title=title, fontsize=size, whole=False)
            numbers_out_of_layout([artist])
    axes[1, 2].set_title("then ReLU: the same as above", color=MUTED)
    fig.suptitle(f"ReLU then pool = pool then ReLU{' (' + name + ')' if name else ''}",
                 fontsize=15)
    return fig
