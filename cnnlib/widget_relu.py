"""The ReLU view: a map before and after ReLU, the zeroed cells marked.

Only wiring: the dropdowns pick a picture and a feature, cnnlib.convolve
makes the map, and draw_relu draws it into one persistent figure.
"""
import ipywidgets as w

from cnnlib._checks import _describe
from cnnlib.data import feature_names, load_feature, load_grid
from cnnlib.draw_relu import ReluArtist
from cnnlib.draw_voting import freeze_layout
from cnnlib.drawing import new_figure
from cnnlib.filtering import convolve
from cnnlib.transforms import variants
from cnnlib.widgets import FigureView, Snapshot, dropdown, on_change


def pictures():
    """The pictures the explorers offer: {'X': grid, 'O': grid, 'shifted X': ...},
    in the same order as the filtering explorer's."""
    out = {"X": load_grid("x"), "O": load_grid("o")}
    for name in ("x", "o"):
        for label, make in variants().items():
            out[f"{label} {name.upper()}"] = make(load_grid(name))
    return out


def choice(value, name, options):
    """Check that value is one of options (exact), for an explorer's arguments."""
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; "
                         f"got {_describe(value)}")
    return value


class Explorer:
    """What every explorer in this family shares: .controls, .view, .widget,
    and it displays as its ipywidgets container."""

    def snapshot(self, name="explorer"):
        """What the explorer shows now, as a static image for the notebook
        (no re-render): the figure that reads on GitHub above the live widget."""
        return Snapshot(self.view, name)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):
        return f"<{type(self).__name__}: {', '.join(self.controls)}>"


class ReluView(Explorer):
    """State shown: picture, feature, map_before (H, W), map_after (H, W),
    zeroed (H, W) bool: the cells ReLU set to zero."""

    def __init__(self, picture="X", feature="diagonal"):
        self.pictures = pictures()
        choice(picture, "picture", list(self.pictures))
        choice(feature, "feature", feature_names())
        self.controls = {
            "picture": dropdown("picture", list(self.pictures), picture),
            "feature": dropdown("feature", feature_names(), feature),
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
        return convolve(grid, load_feature(self.controls["feature"].value))

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
