"""The pooling explorer: slide a max-pooling window over a map.

Only wiring: the controls pick the map (a picture filtered by a feature),
the position, the window size, the stride, the edge handling and the
padding; draw_pooling.pooling_step gathers what that shows and
PoolingPanels draws it into one persistent figure.
"""
import ipywidgets as w

from cnnlib._checks import as_bool, as_choice, as_int
from cnnlib.draw.base import features, pictures
from cnnlib.draw.pooling import pooling_figure, pooling_step, size_sentence
from cnnlib.filtering import convolve
from cnnlib.widgets.base import BlitFigureView, PngExplorer as Explorer, dropdown, play_for, slider

EDGES = [("keep partial windows", True), ("drop partial windows", False)]


class PoolingExplorer(Explorer):
    """State shown: picture, feature, map_in (H, W) the map being pooled,
    step (a PoolingStep), pooled_shown (H', W') with NaN where the window has
    not been yet, window_values (size, size), max_shown, window (row, col)
    of the pooled map, output_shape, size_text."""

    def __init__(self, picture="X", feature="diagonal", position=0, size=2, stride=2,
                 padding=0, keep_edges=True, mode="truncate"):
        self.pictures, self.features = pictures(), features()
        as_choice(picture, "picture", list(self.pictures))
        as_choice(feature, "feature", list(self.features))
        as_choice(as_int(size, "size", 1, hint="1 to 4"), "size", [1, 2, 3, 4])
        as_choice(as_int(stride, "stride", 1, hint="1 to 4"), "stride", [1, 2, 3, 4])
        as_choice(as_int(padding, "padding", 0, hint="0, 1 or 2"), "padding", [0, 1, 2])
        keep_edges = as_bool(keep_edges, "keep_edges")
        self.controls = {
            "picture": dropdown("picture", list(self.pictures), picture),
            "feature": dropdown("feature", list(self.features), feature),
            "position": slider("window position", 0, 0, 0),
            "size": slider("window size", size, 1, 4),
            "stride": slider("stride", stride, 1, 4),
            "edges": dropdown("edges", EDGES, keep_edges),
            "padding": slider("zero padding", padding, 0, 2),
        }
        self.controls["play"] = play_for(self.controls["position"], interval_ms=600,
                                         description="Play: slide the window")
        self._holding = False
        self.map_in = self._map()
        step = self._step()
        self.controls["position"].max = step.last_position
        self.controls["position"].value = min(as_int(position, "position", 0),
                                              step.last_position)
        fig, self.panels = pooling_figure(self._step(), mode)
        self.size_label = w.HTML()
        self._show(self._step())
        self.view = BlitFigureView(fig, self.panels.moving)
        c = self.controls
        c["position"].observe(lambda change: self.redraw(), names="value")
        for name in ("picture", "feature", "size", "stride", "edges", "padding"):
            c[name].observe(lambda change: self._resize(), names="value")
        self.widget = w.VBox([w.HBox([c["picture"], c["feature"]]),
                              w.HBox([c["play"], c["position"]]),
                              w.HBox([c["size"], c["stride"]]),
                              w.HBox([c["edges"], c["padding"]]),
                              self.size_label, self.view.image])

    def _map(self):
        c = self.controls
        return convolve(self.pictures[c["picture"].value], self.features[c["feature"].value])

    def _step(self):
        c = self.controls
        return pooling_step(self.map_in, c["position"].value, c["size"].value,
                            c["stride"].value, c["padding"].value, c["edges"].value)

    def _show(self, step):
        self.step = step
        self.picture = self.controls["picture"].value
        self.feature = self.controls["feature"].value
        self.pooled_shown = step.pooled_shown
        self.window_values = step.window
        self.max_shown = step.value
        self.window = (step.row, step.col)
        self.output_shape = step.pooled_full.shape
        self.size_text = size_sentence(step)
        self.size_label.value = self.size_text
        self.panels.update(step)

    def redraw(self, full=False):
        """Show the controls' current state; full=True after more than the
        position changed."""
        if self._holding:
            return
        self._show(self._step())
        self.view.refresh(full=full)

    def _resize(self):
        """Anything but the position changed: new map, size or range."""
        self._holding = True
        try:
            self.map_in = self._map()
            self.controls["position"].max = self._step().last_position
        finally:
            self._holding = False
        self.redraw(full=True)



def pooling_explorer(picture="X", feature="diagonal", position=0, size=2, stride=2,
                     padding=0, keep_edges=True):
    """Slide a max-pooling window over a filtered map: the window, its max,
    the pooled map filling in; window size, stride, edges and zero padding."""
    return PoolingExplorer(picture, feature, position, size, stride, padding, keep_edges)
