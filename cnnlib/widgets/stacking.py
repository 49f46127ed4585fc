"""The stacking explorer: choose the layers, their order and the repeats,
and see every stage's maps and shapes.

Only wiring: the controls make a list of layers for cnnlib.stack, and
draw_stacking draws the stages into one persistent figure.
"""
import ipywidgets as w
from matplotlib.figure import Figure

from cnnlib._checks import as_choice
from cnnlib.draw.base import pictures, style
from cnnlib.draw.stacking import StackingArtist, shapes_line
from cnnlib.stacking import stack
from cnnlib.widgets.base import PngExplorer as Explorer, FigureView, dropdown, on_change, slider

NONE = "(none)"
LAYER_CHOICES = ["filter", "relu", "pool", NONE]
PADDING_CHOICES = [("0: each filter shrinks the maps by 2", 0),
                   ("1: filters keep the size", 1)]


class StackingExplorer(Explorer):
    """State shown: layers (the list given to cnnlib.stack), repeats,
    stages (list of Stage), shapes (list of (C, H, W)), message (why the
    stack stopped early, or '')."""

    def __init__(self, layers=("filter", "relu", "pool"), repeats=1, picture="X", padding=0):
        self.pictures = pictures()
        as_choice(picture, "picture", list(self.pictures))
        as_choice(padding, "padding", [0, 1])
        layers = list(layers) + [NONE] * (3 - len(layers))
        if len(layers) != 3:
            raise ValueError(f"layers must list at most 3 layers, got {len(layers)}")
        for i, layer in enumerate(layers):
            as_choice(layer, f"layers[{i}]", LAYER_CHOICES)
        self.controls = {
            **{f"layer {i + 1}": dropdown(f"layer {i + 1}", LAYER_CHOICES, layer,
                                          layout=w.Layout(width="170px"))
               for i, layer in enumerate(layers)},
            "repeats": slider("repeats", repeats, 1, 3),
            "picture": dropdown("picture", list(self.pictures), picture),
            "padding": dropdown("filter padding", PADDING_CHOICES, padding),
        }
        self.shapes_label = w.HTML()
        self.message_label = w.HTML()
        with style():
            fig = Figure(layout="constrained")
        self._compute()
        self.artist = StackingArtist(fig, self.stages, self._title())
        self._show_text()
        self.view = FigureView(fig)
        on_change(self.redraw, *self.controls.values())
        c = self.controls
        rows = [w.HBox([c["layer 1"], c["layer 2"], c["layer 3"], c["repeats"]]),
                w.HBox([c["picture"], c["padding"]]),
                self.shapes_label, self.message_label, self.view.image]
        self.widget = w.VBox(rows)

    def _compute(self):
        c = self.controls
        chosen = [c[f"layer {i + 1}"].value for i in range(3)]
        padding = c["padding"].value
        self.layers = [("filter", {"padding": padding}) if name == "filter" and padding
                       else name for name in chosen if name != NONE]
        self.repeats = c["repeats"].value
        self.picture = c["picture"].value
        grid = self.pictures[self.picture]
        try:
            self.stages, self.message = stack(grid, self.layers, self.repeats), ""
        except ValueError as error:
            self.message = str(error)
            self.stages = stack(grid, self.layers, self.repeats, stop_when_too_small=True)
        self.shapes = [s.shape for s in self.stages]

    def _title(self):
        names = ", ".join(n if isinstance(n, str) else n[0] for n in self.layers) or "no layers"
        padding = ", filter padding 1" if self.controls["padding"].value else ""
        return f"{self.picture} through [{names}] × {self.repeats}{padding}"

    def _show_text(self):
        self.shapes_label.value = f"<b>shapes:</b> {shapes_line(self.stages)}"
        self.message_label.value = (f"<b>The stack stopped early.</b> {self.message}"
                                    if self.message else "")

    def redraw(self):
        self._compute()
        self.artist.update(self.stages, self._title())
        self._show_text()
        self.view.refresh()


def stacking_explorer(layers=("filter", "relu", "pool"), repeats=1, picture="X", padding=0):
    """Choose up to three layers, their order and how many times they repeat,
    and see every stage's maps and shapes."""
    return StackingExplorer(layers, repeats, picture, padding)
