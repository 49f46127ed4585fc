"""Training live: Step, Play and Reset, with the curves and features redrawn
in place; and gradient descent on one weight, one step per slider notch.

Only wiring: cnnlib.network does the training, cnnlib.descent the maths,
cnnlib.draw.training the drawing. Nothing is trained at import or until
a button is pressed.
"""
import ipywidgets as w
from numpy.random import default_rng

from cnnlib._checks import as_choice
from cnnlib.descent import (descent_path, descent_step, loss_curve, one_weight, record_epoch,
                            visited_range)
from cnnlib.draw.base import new_figure
from cnnlib.draw.training import CurvesArtist, DescentArtist, FeaturesArtist, training_figure
from cnnlib.network import init_model
from cnnlib.widgets.base import PngExplorer as Explorer, FigureView, dropdown, on_change, play_for, slider

MAX_EPOCHS = 30
RATES = [0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 3.0]
# One weight among hundreds moves the loss only a little: its slope is small,
# so one-weight descent needs larger learning rates to move visibly.
DESCENT_RATES = [0.1, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0]




def _button(description, tooltip):
    return w.Button(description=description, tooltip=tooltip,
                    layout=w.Layout(width="110px"))


class TrainingExplorer(Explorer):
    """State shown: model, epoch, history (dict of lists per epoch),
    features_shown (F, k, k) scaled, status (the text under the buttons)."""

    def __init__(self, data, features=4, feature_size=3, learning_rate=0.5,
                 batch_size=20, train_size=400, seed=0):
        self.data = data
        n = len(data["train_images"])
        sizes = sorted({s for s in (25, 50, 100, 200, n) if s <= n})
        as_choice(feature_size, "feature_size", [3, 5])
        as_choice(learning_rate, "learning_rate", RATES)
        as_choice(batch_size, "batch_size", [1, 5, 20, 100])
        as_choice(train_size, "train_size", sizes)
        self.controls = {
            "features": slider("features", features, 1, 6),
            "feature_size": dropdown("feature size", [3, 5], feature_size),
            "learning_rate": dropdown("learning rate", RATES, learning_rate),
            "batch_size": dropdown("batch size", [1, 5, 20, 100], batch_size),
            "train_size": dropdown("training images", sizes, train_size),
            "seed": slider("seed", seed, 0, 9),
            "step": _button("Step", "train for one epoch (one pass over the training images)"),
            "reset": _button("Reset", "start again from the seed's starting weights"),
        }
        # Play (or the student) moves this counter; training follows it. Moving it
        # back replays training from the seed with the current settings.
        self.epoch_counter = slider("epochs trained", 0, 0, MAX_EPOCHS)
        self.controls["play"] = play_for(self.epoch_counter, interval_ms=400,
                                         description="Play")
        fig, ax_loss, ax_acc, feature_axes = training_figure(6)
        self.curves = CurvesArtist(ax_loss, ax_acc, epochs=MAX_EPOCHS)
        self.feature_axes = feature_axes
        self.features_artist = None
        self.fig = fig
        fig.supxlabel("the features as they are learned (scaled so the largest weight is 1)",
                      fontsize=12)
        self.status_line = w.HTML()
        self.reset()
        self.view = FigureView(fig)
        fig.set_layout_engine("none")     # laid out once: redraws skip the layout
        self.controls["step"].on_click(lambda _: self.step())
        self.controls["reset"].on_click(lambda _: self.reset_and_show())
        # The network's shape and the seed need new weights; the learning rate,
        # batch size and training images apply from the next step on.
        on_change(self.reset_and_show, *(self.controls[k] for k in
                                         ("features", "feature_size", "seed")))
        on_change(self.redraw, *(self.controls[k] for k in
                                 ("learning_rate", "batch_size", "train_size")))
        self.epoch_counter.observe(self._follow_play, names="value")
        c = self.controls
        self.widget = w.VBox([
            w.HBox([c["step"], c["play"], self.epoch_counter, c["reset"]]),
            self.status_line,
            w.HBox([c["features"], c["feature_size"], c["learning_rate"]]),
            w.HBox([c["batch_size"], c["train_size"], c["seed"]]),
            self.view.image])

    def reset(self):
        """New random weights from the seed; nothing trained yet."""
        c = self.controls
        self.rng = default_rng(c["seed"].value)
        self.model = init_model(self.rng, features=c["features"].value,
                                feature_size=c["feature_size"].value)
        self.epoch = 0
        self._pause = True
        self.epoch_counter.value = 0
        self._pause = False
        self._show()

    def reset_and_show(self):
        self.reset()
        self.view.refresh()

    def redraw(self):
        self._show()
        self.view.refresh()

    def step(self, epochs=1):
        """Train `epochs` epochs (one by default), then redraw once."""
        c, n = self.controls, self.controls["train_size"].value
        for _ in range(min(epochs, MAX_EPOCHS - self.epoch)):
            record_epoch(self.model, self.data["train_images"][:n],
                         self.data["train_labels"][:n], self.data["test_images"],
                         self.data["test_labels"], c["learning_rate"].value,
                         c["batch_size"].value, self.rng)
            self.epoch += 1
        self._pause = True
        self.epoch_counter.value = self.epoch
        self._pause = False
        self._show()
        self.view.refresh()

    def _follow_play(self, change):
        # Play or the slider moved the epoch counter: train until the model catches up.
        if self._pause or change["new"] == self.epoch:
            return
        if change["new"] < self.epoch:
            self.reset()
        self.step(change["new"] - self.epoch)

    def _show(self):
        self.history = {k: list(v) for k, v in self.model.history.items()}
        self.curves.update(self.history)
        if self.features_artist is None:
            self.features_artist = FeaturesArtist(self.feature_axes, self.model.features())
        self.features_shown = self.features_artist.update(self.model.features())
        if self.history["loss"]:
            self.status = (f"epoch {self.epoch}: loss {self.history['loss'][-1]:.3f}, "
                           f"training {self.history['train_accuracy'][-1]:.0%}, "
                           f"test {self.history['test_accuracy'][-1]:.0%}")
        else:
            self.status = "epoch 0: random weights. Press Step or Play."
        self.status_line.value = f"<b>{self.status}</b>"
        c = self.controls
        self.settings = (f"{c['features'].value} features of {c['feature_size'].value}x"
                         f"{c['feature_size'].value}, learning rate {c['learning_rate'].value:g}, "
                         f"batch size {c['batch_size'].value}, {c['train_size'].value} "
                         f"training images, seed {c['seed'].value}")
        self.fig.suptitle(self.settings, fontsize=11.5)


def training_explorer(data=None, **hyper):
    """Train the network live: Step, Play, Reset and the hyperparameters.
    data: a dict like load_dataset() (default: the stored dataset)."""
    if data is None:
        from cnnlib.dataset import load_dataset
        data = load_dataset()
    return TrainingExplorer(data, **hyper)


class DescentExplorer(Explorer):
    """Gradient descent on one weight of a trained model, all others held still.
    State shown: path (weights visited), weight, loss, slope."""

    def __init__(self, model, grids, labels, name, index, start, span=3.0,
                 learning_rate=5.0, steps=12):
        as_choice(learning_rate, "learning_rate", DESCENT_RATES)
        self.loss_at, self.slope_at = one_weight(model, grids, labels, name, index)
        self.start = float(start)
        centre = float(model.params[name][index])
        # The curve covers every point any offered learning rate visits.
        low, high = visited_range([descent_path(self.slope_at, self.start, rate, steps + 1)
                                   for rate in DESCENT_RATES], centre, span)
        ws, losses = loss_curve(self.loss_at, (low + high) / 2, (high - low) / 2)
        self.controls = {
            "learning_rate": dropdown("learning rate", DESCENT_RATES, learning_rate),
            "steps": slider("steps taken", 0, 0, steps),
        }
        self.controls["play"] = play_for(self.controls["steps"], interval_ms=700)
        fig, axes = new_figure(1, 1, width=7.5, height=4.2)
        label = f"{name}{list(index)}"
        self.artist = DescentArtist(axes[0, 0], ws, losses, label)
        self._show()
        self.view = FigureView(fig)
        fig.set_layout_engine("none")     # laid out once: redraws skip the layout
        on_change(self.redraw, self.controls["learning_rate"], self.controls["steps"])
        c = self.controls
        self.widget = w.VBox([w.HBox([c["steps"], c["play"], c["learning_rate"]]),
                              self.view.image])

    def _show(self):
        c = self.controls
        self.path = descent_path(self.slope_at, self.start, c["learning_rate"].value,
                                 c["steps"].value)
        self.losses = [self.loss_at(v) for v in self.path]
        self.weight, self.loss = self.path[-1], self.losses[-1]
        self.slope = self.slope_at(self.weight)
        self.next_weight = descent_step(self.weight, self.slope, c["learning_rate"].value)
        self.artist.update(self.path, self.losses, self.slope,
                           (self.next_weight, self.loss_at(self.next_weight)),
                           c["learning_rate"].value)

    def redraw(self):
        self._show()
        self.view.refresh()


def descent_explorer(model, grids, labels, name, index, start, **options):
    """Gradient descent on one weight: the loss curve, the slope, and a
    slider that takes one step per notch."""
    return DescentExplorer(model, grids, labels, name, index, start, **options)
