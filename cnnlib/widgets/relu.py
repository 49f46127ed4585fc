"""The ReLU view: the picture, its map before and after ReLU, the zeroed cells marked.

Only wiring: the dropdowns pick a picture and a feature, cnnlib.activations.relu_step
makes the map before and after ReLU, cnnlib.draw.relu.relu_scene describes what the
browser draws (and the static picture).
"""
from cnnlib.activations import relu_step
from cnnlib.draw.base import features, pictures
from cnnlib.draw.relu import relu_scene
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import picture_controls


class ReluView(Explorer):
    """State shown: picture, feature, grid (9, 9) the picture filtered,
    map_before (H, W), map_after (H, W), zeroed (H, W) bool: the cells ReLU
    set to zero."""

    def __init__(self, picture="X", feature="diagonal"):
        self.pictures, self.features = pictures(), features()
        controls = picture_controls(self.pictures, self.features, picture, feature)
        self.kind, self.prefetch = "relu", True
        super().__init__(controls, args=dict(picture=picture, feature=feature))

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
