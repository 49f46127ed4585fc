"""The pooling explorer: slide a max-pooling window over a map.

Only wiring: the controls pick the map (a picture filtered by a feature),
the position, the window size, the stride, the edge handling and the
padding. cnnlib.draw.pooling.pooling_scene describes every position at once,
so the position slider and Play scrub in the browser with no kernel work;
cnnlib.pooling.pooling_step gives the state the kernel holds at each position.
"""
from cnnlib._checks import as_bool, as_int
from cnnlib.draw.base import features, pictures
from cnnlib.draw.pooling import pooling_scene, size_sentence
from cnnlib.filtering import feature_map
from cnnlib.pooling import pooling_step
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import dropdown_control, picture_controls, play_control, slider_control

EDGES = [("keep partial windows", True), ("drop partial windows", False)]


class PoolingExplorer(Explorer):
    """State shown: picture, feature, map_in (H, W) the map being pooled,
    step (a PoolingStep), pooled_shown (H', W') with NaN where the window has
    not been yet, window_values (size, size), max_shown, window (row, col)
    of the pooled map, output_shape, size_text."""

    def __init__(self, picture="X", feature="diagonal", position=0, size=2, stride=2,
                 padding=0, keep_edges=True, mode="truncate"):
        self.pictures, self.features, self.mode = pictures(), features(), mode
        chosen = picture_controls(self.pictures, self.features, picture, feature)
        size, stride = as_int(size, "size", 1, 4), as_int(stride, "stride", 1, 4)
        padding = as_int(padding, "padding", 0, 2)
        keep_edges = as_bool(keep_edges, "keep_edges")
        position = as_int(position, "position", 0)
        self.kind, self.prefetch = "pooling", True
        self._map_key = None
        # the last position of this window, stride and padding: a later one is refused
        last = pooling_step(feature_map(self.pictures[picture], self.features[feature]), 0, size,
                            stride, padding, keep_edges).pooled_full.size - 1
        super().__init__([
            *chosen,
            slider_control("size", "window", size, 1, 4),
            slider_control("stride", "stride", stride, 1, 4),
            dropdown_control("edges", "edges", EDGES, keep_edges),
            slider_control("padding", "padding", padding, 0, 2),
            play_control("play", "Play: slide the window", "position", 600),
            slider_control("position", "window position", position, 0, last, track=300),
        ], args=dict(picture=picture, feature=feature, position=position, size=size,
                     stride=stride, padding=padding, keep_edges=keep_edges), scrub="position")

    def update(self, changed):
        v = self.values
        if self._map_key != (v["picture"], v["feature"]):
            self._map_key = (v["picture"], v["feature"])
            self.map_in = feature_map(self.pictures[v["picture"]], self.features[v["feature"]])
        self.scene, self.frames = pooling_scene(self.map_in, v["size"], v["stride"],
                                                v["padding"], v["edges"], self.mode)
        self.follow_frames()

    def show_frame(self, index):
        v = self.values
        step = pooling_step(self.map_in, index, v["size"], v["stride"], v["padding"], v["edges"])
        self.step, self.picture, self.feature = step, v["picture"], v["feature"]
        self.pooled_shown, self.window_values, self.max_shown = (step.pooled_shown, step.window,
                                                                 step.value)
        self.window, self.output_shape = (step.row, step.col), step.pooled_full.shape
        self.size_text = size_sentence(step)


def pooling_explorer(picture="X", feature="diagonal", position=0, size=2, stride=2,
                     padding=0, keep_edges=True):
    """Slide a max-pooling window over a filtered map: the window, its max,
    the pooled map filling in; window size, stride, edges and zero padding."""
    return PoolingExplorer(picture, feature, position, size, stride, padding, keep_edges)
