"""Fooling the network live: an FGSM epsilon slider, and a sticker placed
with sliders.

Only wiring: cnnlib.adversarial computes the attacks, the model its
probabilities, cnnlib.draw.adversarial draws them in one persistent figure.
"""
import ipywidgets as w

from cnnlib.adversarial import fgsm, sticker
from cnnlib.draw.adversarial import AttackArtist, StickerArtist, attack_figure
from cnnlib.draw.base import png_bytes
from cnnlib.widgets.base import DESCRIPTION, PngExplorer as Explorer, FigureView, dropdown, on_change, slider


def right_pictures(model, data, per_class=3):
    """A few test images the model gets right: {'X (test 0)': (grid, 'x'), ...}."""
    out = {}
    x, y = data["test_images"], data["test_labels"]
    for k, name in enumerate(model.classes):
        picked = [i for i in range(len(x)) if y[i] == k and model.predict(x[i]) == name]
        for i in picked[:per_class]:
            out[f"{name.upper()} (test image {i})"] = (x[i], name)
    return out


class _AttackExplorer(Explorer):
    """Shared: a picture dropdown, one figure, and the state shown:
    picture, label, attacked (H, W), noise (H, W), probabilities,
    prediction ("x"/"o") and confidence (the probability of the prediction)."""

    def _setup(self, model, data, picture, artist_class, extra):
        self.model = model
        self.pictures = right_pictures(model, data)
        names = list(self.pictures)
        picture = names[0] if picture is None else picture
        if picture not in names:
            raise ValueError(f"picture must be one of {', '.join(map(repr, names))}; "
                             f"got {picture!r}")
        self.controls = {"picture": dropdown("picture", names, picture), **extra}
        fig, axes = attack_figure()
        self.artist = artist_class(axes, self.pictures[picture][0], model.classes)
        self._show()
        png_bytes(fig)                    # constrained layout settles in two passes
        self.view = FigureView(fig)
        fig.set_layout_engine("none")     # laid out once: redraws skip the layout
        on_change(self.redraw, *self.controls.values())
        # Controls wrap onto a second line rather than squash on a narrow screen.
        bar = w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([bar, self.view.image])

    def _finish(self, attacked, noise_title, attacked_title="image + noise"):
        self.attacked = attacked
        self.noise = attacked - self.grid
        self.probabilities = self.model.probabilities(attacked)
        self.prediction = self.model.predict(attacked)
        self.confidence = float(max(self.probabilities))
        self.artist.update(self.grid, attacked, self.probabilities, noise_title,
                           attacked_title)

    def redraw(self):
        if getattr(self, "_busy", False):     # a slider's range moved: one redraw is enough
            return
        self._busy = True
        try:
            self._show()
        finally:
            self._busy = False
        self.view.refresh()


class FgsmExplorer(_AttackExplorer):
    """FGSM with an epsilon slider. Also shows: epsilon."""

    def __init__(self, model, data, picture=None, epsilon=0.0, largest=0.6):
        eps = w.FloatSlider(value=epsilon, min=0.0, max=largest, step=0.01,
                            description="epsilon (how far each pixel may move)",
                            readout_format=".2f", style=DESCRIPTION,
                            layout=w.Layout(width="480px"))
        self._setup(model, data, picture, AttackArtist, {"epsilon": eps})

    def _show(self):
        self.picture = self.controls["picture"].value
        self.grid, self.label = self.pictures[self.picture]
        self.epsilon = self.controls["epsilon"].value
        attacked = fgsm(self.model, self.grid, self.label, self.epsilon)
        self._finish(attacked, f"noise actually added\n(±{self.epsilon:.2f} before "
                               "clipping to [-1, 1])")


def fgsm_explorer(model, data, picture=None, epsilon=0.0):
    """Move epsilon and watch the noise, the attacked image and the answer."""
    return FgsmExplorer(model, data, picture, epsilon)


class StickerExplorer(_AttackExplorer):
    """A sticker (patch attack) placed with sliders. Also shows: row, col, size."""

    def __init__(self, model, data, picture=None, row=0, col=0, size=3):
        h, wd = model.hyper["image_shape"]
        extra = {"row": slider("sticker row", row, 0, h - 1),
                 "col": slider("sticker column", col, 0, wd - 1),
                 "size": slider("sticker size", size, 1, 5)}
        self._setup(model, data, picture, StickerArtist, extra)

    def _show(self):
        c = self.controls
        self.picture = c["picture"].value
        self.grid, self.label = self.pictures[self.picture]
        h, wd = self.grid.shape
        # Keep the square inside the grid: the sliders' ranges follow the size.
        self.size = c["size"].value
        for name, side in (("row", h), ("col", wd)):
            c[name].max = side - self.size
        self.row, self.col = c["row"].value, c["col"].value
        attacked = sticker(self.model, self.grid, self.label, self.row, self.col, self.size)
        self.artist.place(self.row, self.col, self.size)
        self._finish(attacked, f"change made by the sticker\n"
                               f"({self.size}x{self.size} at ({self.row}, {self.col}))",
                     "image + sticker")


def sticker_explorer(model, data, picture=None, row=0, col=0, size=3):
    """Place a sticker with sliders: only its square may change, by any amount."""
    return StickerExplorer(model, data, picture, row, col, size)
