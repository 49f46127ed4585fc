"""The ReLU view: a map before and after ReLU, the zeroed cells marked.

Only wiring: the dropdowns pick a picture and a feature, cnnlib.convolve
makes the map, and draw_relu draws it into one persistent figure.
"""
import ipywidgets as w

from cnnlib._checks import as_choice
from cnnlib.draw.base import features, freeze_layout, new_figure, pictures
from cnnlib.draw.relu import ReluArtist
from cnnlib.filtering import convolve
from cnnlib.widgets.base import FigureView, PngExplorer as Explorer, dropdown, on_change


class ReluView(Explorer):
    """State shown: picture, feature, map_before (H, W), map_after (H, W),
    zeroed (H, W) bool: the cells ReLU set to zero."""

    def __init__(self, picture="X", feature="diagonal"):
        self.pictures, self.features = pictures(), features()
        as_choice(picture, "picture", list(self.pictures))
        as_choice(feature, "feature", list(self.features))
        self.controls = {
            "picture": dropdown("picture", list(self.pictures), picture),
            "feature": dropdown("feature", list(self.features), feature),
        }
        fig, axes = new_figure(2, 1, width=4.2, height=4.4)
        self.artist = ReluArtist(axes[0, 0], axes[0, 1], self._map())
        self._show()
        freeze_layout(fig)
        self.view = FigureView(fig)
        on_change(self.redraw, *self.controls.values())
        self.widget = w.VBox([w.HBox(list(self.controls.values())), self.view.image])

    def _map(self):
        grid = self.pictures[self.controls["picture"].value]
        return convolve(grid, self.features[self.controls["feature"].value])

    def _show(self):
        self.picture = self.controls["picture"].value
        self.feature = self.controls["feature"].value
        self.map_before = self._map()
        self.zeroed = self.artist.update(self.map_before, f"{self.picture}, {self.feature}")
        self.map_after = self.artist.after.values

    def redraw(self):
        self._show()
        self.view.refresh()


def relu_view(picture="X", feature="diagonal"):
    """A map before and after ReLU, with dropdowns for the picture and the feature."""
    return ReluView(picture, feature)
