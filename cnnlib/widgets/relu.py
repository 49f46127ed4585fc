"""The ReLU view: the picture, its map before and after ReLU, the zeroed cells marked.

Only wiring: the dropdowns pick a picture and a feature, cnnlib.activations.relu_step
makes the map before and after ReLU, cnnlib.draw.relu.relu_scene describes what the
browser draws (and the static picture).
"""
from cnnlib._checks import as_choice
from cnnlib.activations import relu_step
from cnnlib.draw.base import features, pictures
from cnnlib.draw.relu import relu_scene
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import dropdown_control


class ReluView(Explorer):
    """State shown: picture, feature, grid (9, 9) the picture filtered,
    map_before (H, W), map_after (H, W), zeroed (H, W) bool: the cells ReLU
    set to zero."""

    def __init__(self, picture="X", feature="diagonal"):
        self.pictures, self.features = pictures(), features()
        as_choice(picture, "picture", list(self.pictures))
        as_choice(feature, "feature", list(self.features))
        self.kind, self.prefetch = "relu", True
        super().__init__([
            dropdown_control("picture", "picture", list(self.pictures), picture),
            dropdown_control("feature", "feature", list(self.features), feature),
        ], args=dict(picture=picture, feature=feature))

    def update(self, changed):
        self.picture, self.feature = self.values["picture"], self.values["feature"]
        self.map_before, self.map_after = relu_step(self.pictures[self.picture],
                                                    self.features[self.feature])
        self.zeroed = self.map_before < 0
        self.grid = self.pictures[self.picture]
        self.scene = relu_scene(self.map_before, f"{self.picture}, {self.feature}", self.grid)


def relu_view(picture="X", feature="diagonal"):
    """A map before and after ReLU, with dropdowns for the picture and the feature."""
    return ReluView(picture, feature)
