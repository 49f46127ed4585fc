"""The filtering explorer: slide a feature over a picture and watch the map fill in.

Only wiring: the controls pick a picture, a feature, a position, a stride and
a padding; cnnlib.draw.filtering.filtering_step gathers what that shows and
FilteringPanels draws it into one persistent figure.
"""
import ipywidgets as w

from cnnlib._checks import as_choice, as_int
from cnnlib.draw.base import features, pictures
from cnnlib.draw.filtering import filtering_figure, filtering_step, size_sentence
from cnnlib.widgets.base import BlitFigureView, PngExplorer as Explorer, dropdown, play_for, slider


class FilteringExplorer(Explorer):
    """State shown: picture, feature, step (a FilteringStep), map_shown (H', W')
    with NaN where the kernel has not been yet, products_shown (k, k),
    mean_shown, window (row, col) of the map, output_shape, size_text."""

    def __init__(self, picture="X", feature="diagonal", position=0, stride=1, padding=0,
                 mode="truncate"):
        self.pictures, self.features = pictures(), features()
        as_choice(picture, "picture", list(self.pictures))
        as_choice(feature, "feature", list(self.features))
        stride = as_int(stride, "stride", 1, hint="1, 2 or 3")
        padding = as_int(padding, "padding", 0, hint="0, 1 or 2")
        as_choice(stride, "stride", [1, 2, 3])
        as_choice(padding, "padding", [0, 1, 2])
        step = filtering_step(self.pictures[picture], self.features[feature],
                              as_int(position, "position", 0), stride, padding)
        self.controls = {
            "picture": dropdown("picture", list(self.pictures), picture),
            "feature": dropdown("feature", list(self.features), feature),
            "position": slider("kernel position", step.position, 0, step.last_position),
            "stride": slider("stride", stride, 1, 3),
            "padding": slider("zero padding", padding, 0, 2),
        }
        self.controls["play"] = play_for(self.controls["position"], interval_ms=500,
                                         description="Play: slide the kernel")
        fig, self.panels = filtering_figure(step, feature, mode)
        self.size_label = w.HTML()
        self._holding = False
        self._show(step)
        self.view = BlitFigureView(fig, self.panels.moving)
        c = self.controls
        c["position"].observe(lambda change: self.redraw(), names="value")
        for name in ("picture", "feature"):
            c[name].observe(lambda change: self.redraw(full=True), names="value")
        for name in ("stride", "padding"):
            c[name].observe(lambda change: self._resize(), names="value")
        self.widget = w.VBox([w.HBox([c["picture"], c["feature"]]),
                              w.HBox([c["play"], c["position"]]),
                              w.HBox([c["stride"], c["padding"]]),
                              self.size_label, self.view.image])

    def _step(self):
        c = self.controls
        return filtering_step(self.pictures[c["picture"].value],
                              self.features[c["feature"].value],
                              c["position"].value, c["stride"].value, c["padding"].value)

    def _show(self, step):
        self.step = step
        self.picture = self.controls["picture"].value
        self.feature = self.controls["feature"].value
        self.map_shown = step.map_shown
        self.products_shown = step.products
        self.mean_shown = step.mean
        self.window = (step.row, step.col)
        self.output_shape = step.map_full.shape
        self.size_text = size_sentence(step)
        self.size_label.value = self.size_text
        self.panels.update(step, self.feature)

    def redraw(self, full=False):
        """Show the controls' current state; full=True after more than the
        position changed (the picture, the feature, the layout)."""
        if self._holding:
            return
        self._show(self._step())
        self.view.refresh(full=full)

    def _resize(self):
        """Stride or padding changed: the map's size and the position's range change."""
        self._holding = True
        try:
            self.controls["position"].max = self._step().last_position
        finally:
            self._holding = False
        self.redraw(full=True)



def filtering_explorer(picture="X", feature="diagonal", position=0, stride=1, padding=0):
    """Slide a feature over a picture: the window, its products and their mean,
    the map filling in; stride and zero padding with the output-size formula."""
    return FilteringExplorer(picture, feature, position, stride, padding)
