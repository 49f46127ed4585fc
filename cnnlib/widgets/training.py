"""Training live: Step, Play and Reset train in the kernel and send only
numbers (the curves, the learned features); and gradient descent on one
weight, every step of every learning rate computed once, so the steps slider
scrubs in the browser.

Only wiring: cnnlib.network does the training, cnnlib.descent the maths,
cnnlib.draw.training the scenes. Nothing is trained
at import or until a button is pressed.
"""
from numpy.random import default_rng

from cnnlib._checks import as_choice, as_dataset, as_float, as_int
from cnnlib.dataset import load_dataset
from cnnlib.descent import descent_walk, first_update, loss_curve, one_weight, record_epoch
from cnnlib.draw.training import (
    descent_scene,
    descent_span,
    next_step_panel,
    scaled,
    training_scene,
    training_status,
)
from cnnlib.network import init_model
from cnnlib.training import batch_sizes
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import button_control, dropdown_control, play_control, slider_control

MAX_EPOCHS = 30
RATES = [0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 3.0]
# One weight among hundreds moves the loss only a little: its slope is small,
# so one-weight descent needs larger learning rates to move visibly.
DESCENT_RATES = [0.1, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0]
BATCHES = [1, 5, 20, 100]


class TrainingExplorer(Explorer):
    """State shown: model, epoch, history (dict of lists per epoch),
    features_shown (F, k, k) scaled, status (the line under the picture),
    settings (the hyperparameters in words), and what the next Step will do
    with the settings chosen: batches (the size of each of its batches, one
    update each) and first_update (descent.first_update: its batch's loss
    before and after, the largest weight change).

    The 'epochs trained' slider is what Step, Play and Reset move: training
    follows it. Moving it back replays training from the seed with the
    current settings. The network's shape and the seed need new weights; the
    learning rate, batch size and training images apply from the next step on.
    """

    needs_kernel = True     # a static page shows its picture

    def __init__(self, data, features=4, feature_size=3, learning_rate=0.5,
                 batch_size=20, train_size=400, seed=0):
        self.data = data = as_dataset(data)
        n = len(data["train_images"])
        sizes = sorted({s for s in (25, 50, 100, 200, n) if s <= n})
        as_choice(feature_size, "feature_size", [3, 5])
        as_choice(learning_rate, "learning_rate", RATES)
        as_choice(batch_size, "batch_size", BATCHES)
        as_choice(train_size, "train_size", sizes)
        features = as_int(features, "features", 1, 6)
        seed = as_int(seed, "seed", 0, 9)
        self.model, self.epoch = None, 0
        self.kind = "training"
        super().__init__([
            button_control("step", "Step: one epoch"),
            play_control("play", "Play", "epochs", 400),
            slider_control("epochs", "epochs trained", 0, 0, MAX_EPOCHS),
            button_control("reset", "Reset"),
            dropdown_control("learning_rate", "learning rate", RATES, learning_rate),
            dropdown_control("batch_size", "batch size", BATCHES, batch_size),
            dropdown_control("train_size", "training images", sizes, train_size),
            slider_control("features", "features", features, 1, 6, track=100),
            dropdown_control("feature_size", "feature size", [3, 5], feature_size),
            slider_control("seed", "seed", seed, 0, 9, track=100),
        ], args=dict(features=features, feature_size=feature_size, learning_rate=learning_rate,
                     batch_size=batch_size, train_size=train_size, seed=seed))

    def update(self, changed):
        v = self.values
        if self.model is None or changed & {"features", "feature_size", "seed"}:
            self.reset()
        elif "epochs" in changed and v["epochs"] < self.epoch:
            self.reset(v["epochs"])
        self.train(self.values["epochs"] - self.epoch)
        self._show()

    def reset(self, epochs=0):
        """New random weights from the seed; nothing trained yet."""
        v = self.values
        self.rng = default_rng(v["seed"])
        self.model = init_model(self.rng, image_shape=self.data["train_images"].shape[1:],
                                classes=self.data["classes"], features=v["features"],
                                feature_size=v["feature_size"])
        self.epoch = 0
        if v["epochs"] != epochs:
            self.set_values(epochs=epochs)

    def train(self, epochs):
        """Train `epochs` epochs with the current settings (none if 0 or less)."""
        v, n = self.values, self.values["train_size"]
        for _ in range(max(0, min(epochs, MAX_EPOCHS - self.epoch))):
            record_epoch(self.model, self.data["train_images"][:n],
                         self.data["train_labels"][:n], self.data["test_images"],
                         self.data["test_labels"], v["learning_rate"], v["batch_size"], self.rng)
            self.epoch += 1

    def on_event(self, message):
        """Step trains one epoch more, Reset goes back to epoch 0 (both through
        the 'epochs trained' slider, so the browser's slider follows)."""
        if message.get("event") != "button":
            return
        if message.get("name") == "step":
            self.set_values(epochs=min(self.epoch + 1, MAX_EPOCHS))
        elif message.get("name") == "reset":
            if self.epoch == 0:
                with self.hold_sync():
                    self.reset()
                    self._show()
            self.set_values(epochs=0)

    def _show(self):
        v = self.values
        self.history = {k: list(h) for k, h in self.model.history.items()}
        self.features_shown = self.model.features()
        self.status = training_status(self.epoch, self.history)
        self.settings = (f"{v['features']} features of {v['feature_size']}x{v['feature_size']}, "
                         f"learning rate {v['learning_rate']:g}, batch size {v['batch_size']}, "
                         f"{v['train_size']} training images, seed {v['seed']}")
        # what the next Step will do with the settings chosen, before it is pressed
        n = v["train_size"]
        self.batches = batch_sizes(n, v["batch_size"])
        self.first_update = first_update(self.model, self.data["train_images"][:n],
                                         self.data["train_labels"][:n], v["learning_rate"],
                                         v["batch_size"], self.rng)
        self.scene = training_scene(self.history, self.features_shown, self.status, MAX_EPOCHS,
                                    next_step=next_step_panel(self.batches, self.first_update,
                                                              v["learning_rate"], self.epoch,
                                                              MAX_EPOCHS))
        self.features_shown = scaled(self.features_shown)


def training_explorer(data=None, **hyper):
    """Train the network live: Step, Play, Reset and the hyperparameters.
    data: a dict like load_dataset() (default: the stored dataset)."""
    if data is None:
        data = load_dataset()
    return TrainingExplorer(data, **hyper)


class DescentExplorer(Explorer):
    """Gradient descent on one weight of a trained model, all others held still.
    State shown: learning_rate, path (weights visited), losses (theirs),
    weight, loss, slope, next_weight. Every step of every learning rate is
    computed at the start (walks: rate -> (weights, losses, slopes)), so the
    steps slider scrubs in the browser and a new rate only swaps frames."""

    needs_kernel = True     # a static page shows its picture

    def __init__(self, model, grids, labels, name, index, start, span=3.0,
                 learning_rate=5.0, steps=12):
        as_choice(learning_rate, "learning_rate", DESCENT_RATES)
        steps = as_int(steps, "steps", 1, 40)
        self.loss_at, self.slope_at = one_weight(model, grids, labels, name, index)
        centre = float(model.params[name][index])
        start = as_float(start, "start", centre - START_REACH, centre + START_REACH,
                         hint=f"the walk starts within {START_REACH:g} of the weight's "
                              f"value now, {centre:.4g}, so that the plot can span both")
        span = as_float(span, "span", above=0)
        self.start, self.label = start, f"{name}{list(index)}"
        self.centre, self.span = centre, span
        # one step beyond the slider's end: the last frame shows its next step too
        self.walks = {rate: descent_walk(model, grids, labels, name, index, start, rate, steps + 1)
                      for rate in DESCENT_RATES}
        middle, half, points = descent_span([ws for ws, _, _ in self.walks.values()],
                                            self.centre, self.span)
        self.curve = loss_curve(self.loss_at, middle, half, points)
        # one plot for every rate: it spans every point any of them visits
        every = list(self.walks.values())
        self.scenes = {rate: descent_scene(*self.curve, *walk, rate, self.label, self.centre,
                                           self.span, every) for rate, walk in self.walks.items()}
        self.kind = "descent"
        super().__init__([
            play_control("play", "Play", "steps", 700),
            slider_control("steps", "steps taken", 0, 0, steps, track=260),
            dropdown_control("learning_rate", "learning rate", DESCENT_RATES, learning_rate),
        ], args=dict(name=name, index=[int(i) for i in index], start=float(start), span=span,
                     learning_rate=learning_rate, steps=steps), scrub="steps")

    def update(self, changed):
        self.learning_rate = self.values["learning_rate"]
        self.scene, self.frames = self.scenes[self.learning_rate]
        self.show_frame(self.values["steps"])

    def show_frame(self, index):
        weights, losses, slopes = self.walks[self.values["learning_rate"]]
        self.step = index
        self.path, self.losses = weights[:index + 1], losses[:index + 1]
        self.weight, self.loss, self.slope = float(weights[index]), float(losses[index]), \
            float(slopes[index])
        self.next_weight = float(weights[index + 1])


START_REACH = 1e5      # how far from the weight a walk may start (the plot spans both)


def descent_explorer(model, grids, labels, name, index, start, **options):
    """Gradient descent on one weight: the loss curve, the slope, and a
    slider that takes one step per notch (every step computed at the start)."""
    return DescentExplorer(model, grids, labels, name, index, start, **options)
