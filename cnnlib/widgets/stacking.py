"""The stacking explorer: choose the layers, their order and the repeats,
and see every stage's maps and shapes.

Only wiring: the controls make a list of layers for cnnlib.stack; the
browser draws the stages from cnnlib.draw.stacking.stacking_scene (and
the static picture is the same scene).
"""
import numbers

from cnnlib._checks import as_choice, describe, same_choice
from cnnlib.data import load_features
from cnnlib.draw.base import pictures
from cnnlib.draw.stacking import GAP, shapes_line, stacking_scene
from cnnlib.stacking import stack
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import dropdown_control, slider_control

NONE = "(none)"
LAYER_CHOICES = ["filter", "relu", "pool", NONE]
# Short labels: the controls take two rows at projector width.
PADDING_CHOICES = [("0 (maps shrink)", 0), ("1 (same size)", 1)]
SHOW_CHOICES = [("every map", "all"), ("map 0, numbers", 0), ("map 1, numbers", 1),
                ("map 2, numbers", 2)]


class StackingExplorer(Explorer):
    """State shown: layers (the list given to cnnlib.stack), repeats,
    stages (list of Stage), shapes (list of (C, H, W)), message (why the
    stack stopped early, or '')."""

    def __init__(self, layers=("filter", "relu", "pool"), repeats=1, picture="X", padding=0,
                 show="all"):
        self.pictures, self.features = pictures(), load_features()
        as_choice(picture, "picture", list(self.pictures))
        as_choice(padding, "padding", [0, 1])
        as_choice(show, "show", [v for _, v in SHOW_CHOICES])
        if isinstance(layers, (str, bytes, dict)) or not hasattr(layers, "__len__"):
            raise TypeError(f"layers must be a list of up to 3 layers such as "
                            f"('filter', 'relu', 'pool'), got {describe(layers)}")
        layers = list(layers) + [NONE] * (3 - len(layers))
        if len(layers) != 3:
            raise ValueError(f"layers must list at most 3 layers, got {len(layers)}; "
                             f"e.g. ('filter', 'relu', 'pool')")
        for i, layer in enumerate(layers):
            as_choice(layer, f"layers[{i}]", LAYER_CHOICES)
        if not any(same_choice(repeats, n) for n in (1, 2, 3)):
            raise (TypeError if not isinstance(repeats, numbers.Real) else ValueError)(
                f"repeats must be 1, 2 or 3, got {describe(repeats)}")
        repeats = int(repeats)
        controls = [dropdown_control(f"layer {i + 1}", f"layer {i + 1}", LAYER_CHOICES, layer)
                    for i, layer in enumerate(layers)]
        controls += [slider_control("repeats", "repeats", repeats, 1, 3, track=120),
                     dropdown_control("picture", "picture", list(self.pictures), picture),
                     dropdown_control("padding", "filter padding", PADDING_CHOICES, padding),
                     dropdown_control("show", "show", SHOW_CHOICES, show)]
        self.kind, self.prefetch = "stacking", True
        super().__init__(controls, args={"layers": list(layers), "repeats": repeats,
                                         "picture": picture, "padding": padding, "show": show})

    def update(self, changed):
        v = self.values
        chosen = [v[f"layer {i + 1}"] for i in range(3)]
        padding = v["padding"]
        self.layers = [("filter", {"padding": padding}) if name == "filter" and padding
                       else name for name in chosen if name != NONE]
        self.repeats, self.picture = v["repeats"], v["picture"]
        grid = self.pictures[self.picture]
        # the features read once, not from disk at every filter of every move
        layers = [("filter", {"padding": padding, "weights": self.features}) if name == "filter"
                  else name for name in chosen if name != NONE]
        try:
            self.stages, self.message = stack(grid, layers, self.repeats), ""
        except ValueError as error:
            self.message = str(error)
            self.stages = stack(grid, layers, self.repeats, stop_when_too_small=True)
        self.shapes = [s.shape for s in self.stages]
        # the layer that could not run: the next one after the last stage
        stopped = self.message and stack_layer_name(self.layers, len(self.stages) - 1)
        panels = stacking_scene(self.stages, None if v["show"] == "all" else v["show"], stopped)
        caption = f"shapes: {shapes_line(self.stages)}"
        if self.message:
            caption += " (stopped early)"
        stages = [p for p in panels if p["type"] == "stack"]
        self.scene = {"panels": panels, "caption": caption, "main": stages[-1]["key"],
                      "title": self.title(), "gap": GAP}

    def title(self):
        """'X through [filter, relu, pool] × 2': what the picture shows."""
        names = ", ".join(n if isinstance(n, str) else n[0] for n in self.layers) or "no layers"
        padding = ", filter padding 1" if self.values["padding"] else ""
        return f"{self.picture} through [{names}] × {self.repeats}{padding}"


def stack_layer_name(layers, k):
    """The name of the k-th layer applied (0-based) when layers repeat."""
    layer = layers[k % len(layers)]
    return layer if isinstance(layer, str) else layer[0]


def stacking_explorer(layers=("filter", "relu", "pool"), repeats=1, picture="X", padding=0,
                      show="all"):
    """Choose up to three layers, their order and how many times they repeat,
    and see every stage's maps and shapes. show: 'all' maps, or one map's
    index (0, 1, 2) to see it large with its numbers."""
    return StackingExplorer(layers, repeats, picture, padding, show)
