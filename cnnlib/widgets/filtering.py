"""The filtering explorer: slide a feature over a picture and watch the map fill in.

Only wiring: the controls pick a picture, a feature, a position, a stride and
a padding. cnnlib.draw.filtering.filtering_scene describes every position at
once, so the position slider and Play scrub in the browser with no kernel
work; cnnlib.filtering.filtering_step gives the state the kernel holds at each position.
"""
from cnnlib._checks import as_int
from cnnlib.draw.base import features, pictures
from cnnlib.draw.filtering import filtering_scene, size_sentence
from cnnlib.filtering import filtering_step
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import picture_controls, play_control, slider_control


class FilteringExplorer(Explorer):
    """State shown: picture, feature, step (a FilteringStep), map_shown (H', W')
    with NaN where the kernel has not been yet, products_shown (k, k),
    mean_shown, window (row, col) of the map, output_shape, size_text."""

    def __init__(self, picture="X", feature="diagonal", position=0, stride=1, padding=0,
                 mode="truncate"):
        self.pictures, self.features, self.mode = pictures(), features(), mode
        chosen = picture_controls(self.pictures, self.features, picture, feature)
        stride, padding = as_int(stride, "stride", 1, 3), as_int(padding, "padding", 0, 2)
        position = as_int(position, "position", 0)
        # the last position at this stride and padding: a later one is refused
        last = filtering_step(self.pictures[picture], self.features[feature], 0, stride,
                              padding).last_position
        self.kind, self.prefetch = "filtering", True
        super().__init__([
            *chosen,
            slider_control("stride", "stride", stride, 1, 3),
            slider_control("padding", "padding", padding, 0, 2),
            play_control("play", "Play: slide the kernel", "position", 500),
            slider_control("position", "kernel position", position, 0, last, track=340),
        ], args=dict(picture=picture, feature=feature, position=position, stride=stride,
                     padding=padding), scrub="position")

    def _inputs(self):
        v = self.values
        return self.pictures[v["picture"]], self.features[v["feature"]], v["stride"], v["padding"]

    def update(self, changed):
        image, kernel, stride, padding = self._inputs()
        self.scene, self.frames = filtering_scene(image, kernel, stride, padding,
                                                  self.values["feature"], self.mode)
        self.follow_frames()

    def show_frame(self, index):
        image, kernel, stride, padding = self._inputs()
        step = filtering_step(image, kernel, index, stride, padding)
        self.step, self.picture, self.feature = step, self.values["picture"], self.values["feature"]
        self.map_shown, self.products_shown, self.mean_shown = step.map_shown, step.products, step.mean
        self.window, self.output_shape = (step.row, step.col), step.map_full.shape
        self.size_text = size_sentence(step)


def filtering_explorer(picture="X", feature="diagonal", position=0, stride=1, padding=0):
    """Slide a feature over a picture: the window, its products and their mean,
    the map filling in; stride and zero padding with the output-size formula."""
    return FilteringExplorer(picture, feature, position, stride, padding)
