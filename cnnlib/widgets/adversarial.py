"""Fooling the network live: an FGSM epsilon slider, and a sticker placed
with sliders.

Only wiring: cnnlib.adversarial computes the attacks, the model its
probabilities, cnnlib.draw.adversarial describes what the browser draws.
FGSM needs one gradient per picture: every epsilon is computed at once and
sent as frames, so the epsilon slider scrubs in the browser. A sticker is
computed in the kernel at each move (about a millisecond).
"""
from cnnlib._checks import as_choice, as_dataset, as_int, as_model
from cnnlib.adversarial import change, fgsm_sweep, sticker
from cnnlib.draw.adversarial import fgsm_scene, sticker_scene
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import choice_slider_control, dropdown_control, slider_control

# The epsilon slider's stops: 0.00 to 0.60 by 0.01 (exact two-decimal values).
EPSILONS = [round(0.01 * i, 2) for i in range(61)]


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
    """Shared: a picture dropdown, and the state shown: picture, grid, label,
    attacked (H, W), noise (H, W) the change actually made, probabilities,
    prediction ("x"/"o") and confidence (the probability of the prediction)."""

    needs_kernel = True     # a static page shows its picture

    def _pictures(self, model, data, picture):
        self.model = as_model(model, needs=("probabilities", "predict", "input_gradient"))
        self.pictures = right_pictures(model, as_dataset(data, parts=("test",)))
        names = list(self.pictures)
        picture = names[0] if picture is None else as_choice(picture, "picture", names)
        return dropdown_control("picture", "picture", names, picture)

    def _show(self, attacked, noise, probabilities, prediction):
        self.attacked, self.noise = attacked, noise
        self.probabilities, self.prediction = probabilities, str(prediction)
        self.confidence = float(max(probabilities))

    @property
    def classes(self):
        return list(self.model.classes)


class FgsmExplorer(_AttackExplorer):
    """FGSM with an epsilon slider. Also shows: epsilon. Holds every epsilon's
    attacked image (sweep (E, H, W)), change and probabilities (E, classes)."""

    def __init__(self, model, data, picture=None, epsilon=0.0):
        picture_control = self._pictures(model, data, picture)
        self.kind = "fgsm"
        super().__init__([
            picture_control,
            choice_slider_control("epsilon", "epsilon (pixel move)", EPSILONS, epsilon,
                                  labels=[f"{e:.2f}" for e in EPSILONS], track=240),
        ], args=dict(picture=picture_control["value"], epsilon=epsilon), scrub="epsilon")

    def update(self, changed):
        self.picture = self.values["picture"]
        self.grid, self.label = self.pictures[self.picture]
        self.sweep = fgsm_sweep(self.model, self.grid, self.label, EPSILONS)
        self.changes = change(self.grid, self.sweep)
        self.sweep_probabilities = self.model.probabilities(self.sweep)
        self.sweep_predictions = self.model.predict(self.sweep)
        self.scene, self.frames = fgsm_scene(self.grid, self.sweep, self.changes,
                                             self.sweep_probabilities, self.classes, EPSILONS)
        self.show_frame(self.values["epsilon"])

    def show_frame(self, index):
        self.epsilon = EPSILONS[index]
        self._show(self.sweep[index], self.changes[index], self.sweep_probabilities[index],
                   self.sweep_predictions[index])


def fgsm_explorer(model, data, picture=None, epsilon=0.0):
    """Move epsilon and watch the noise, the attacked image and the answer.
    epsilon: one of 0.00, 0.01, ..., 0.60."""
    return FgsmExplorer(model, data, picture, epsilon)


class StickerExplorer(_AttackExplorer):
    """A sticker (patch attack) placed with sliders. Also shows: row, col, size.
    The row and column sliders end where the square still fits."""

    def __init__(self, model, data, picture=None, row=0, col=0, size=3):
        picture_control = self._pictures(model, data, picture)
        h, w = model.hyper["image_shape"]
        size = as_int(size, "size", 1, 5, hint="the sticker's side in pixels")
        fits = f"a {size}x{size} sticker must fit in the {h}x{w} picture"
        row = as_int(row, "row", 0, h - size, hint=fits)
        col = as_int(col, "col", 0, w - size, hint=fits)
        self.kind = "sticker"
        super().__init__([
            picture_control,
            slider_control("row", "row", row, 0, h - 1, track=100),
            slider_control("col", "column", col, 0, w - 1, track=100),
            slider_control("size", "size", size, 1, 5, track=80),
        ], args=dict(picture=picture_control["value"], row=row, col=col, size=size))

    def update(self, changed):
        self.picture = self.values["picture"]
        self.grid, self.label = self.pictures[self.picture]
        h, w = self.grid.shape
        # Keep the square inside the grid: the sliders' ranges follow the size.
        self.size = self.values["size"]
        for name, side in (("row", h), ("col", w)):
            if self.control(name)["max"] != side - self.size:
                self.set_control(name, max=side - self.size)
        self.row, self.col = self.values["row"], self.values["col"]
        attacked = sticker(self.model, self.grid, self.label, self.row, self.col, self.size)
        self._show(attacked, change(self.grid, attacked), self.model.probabilities(attacked),
                   self.model.predict(attacked))
        self.scene = sticker_scene(self.grid, self.attacked, self.noise, self.probabilities,
                                   self.classes, self.row, self.col, self.size)


def sticker_explorer(model, data, picture=None, row=0, col=0, size=3):
    """Place a sticker with sliders: only its square may change, by any amount."""
    return StickerExplorer(model, data, picture, row, col, size)
