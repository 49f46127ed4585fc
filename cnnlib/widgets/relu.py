"""The ReLU view: the picture, its map before and after ReLU, the zeroed cells marked.

Only wiring: the dropdowns pick a picture and a feature, cnnlib.convolve
makes the map, and draw_relu draws it into one persistent figure.
"""
import ipywidgets as w

from cnnlib._checks import as_choice
from cnnlib.draw.base import features, freeze_layout, new_figure, pictures
from cnnlib.draw.relu import ReluArtist
from cnnlib.filtering import convolve
from cnnlib.widgets.base import Explorer, FigureView, dropdown, on_change


class ReluView(Explorer):
    """State shown: picture, feature, grid (9, 9) the picture filtered,
    map_before (H, W), map_after (H, W), zeroed (H, W) bool: the cells ReLU
    set to zero."""

    def __init__(self, picture="X", feature="diagonal"):
        self.pictures, self.features = pictures(), features()
        as_choice(picture, "picture", list(self.pictures))
        as_choice(feature, "feature", list(self.features))
        self.controls = {
            "picture": dropdown("picture", list(self.pictures), picture),
            "feature": dropdown("feature", list(self.features), feature),
        }
        fig, axes = new_figure(3, 1, width=3.6, height=4.0)
        self.artist = ReluArtist(axes[0, 1], axes[0, 2], self._map(), axes[0, 0], self._grid())
        self._show()
        freeze_layout(fig)
        self.view = FigureView(fig)
        on_change(self.redraw, *self.controls.values())
        self.widget = w.VBox([w.HBox(list(self.controls.values())), self.view.image])

    def _grid(self):
        return self.pictures[self.controls["picture"].value]

    def _map(self):
        return convolve(self._grid(), self.features[self.controls["feature"].value])

    def _show(self):
        self.picture = self.controls["picture"].value
        self.feature = self.controls["feature"].value
        self.grid = self._grid()
        self.map_before = self._map()
        self.zeroed = self.artist.update(self.map_before, f"{self.picture}, {self.feature}",
                                         self.grid)
        self.map_after = self.artist.after.values

    def redraw(self):
        self._show()
        self.view.refresh()


def relu_view(picture="X", feature="diagonal"):
    """The picture, its map before and after ReLU, with dropdowns for the
    picture and the feature."""
    return ReluView(picture, feature)
