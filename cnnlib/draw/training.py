"""Drawing training: loss and accuracy curves, learned features, and the
loss against one weight with gradient descent walking down it.

Each artist draws into given axes once and then updates in place
(set_data, GridArtist.update), so the training widget redraws cheaply.
Learned features are not limited to -1..1: they are shown divided by the
largest absolute weight, so the strongest weight is +1 or -1 on the
series' colour scale (titles say so).
"""
import numpy as np
from matplotlib.ticker import FormatStrFormatter

from cnnlib.draw.base import HIGHLIGHT, MUTED, draw_grid, new_figure

LOSS, TRAIN, TEST = "#7b3294", "#d7191c", "#2c7bb6"


def scaled(features):
    """Features (F, k, k) divided by their largest absolute weight: within -1..1."""
    features = np.asarray(features, float)
    top = np.abs(features).max()
    return features / top if top > 0 else features


class CurvesArtist:
    """Loss (left) and train/test accuracy (right) against the epoch."""

    def __init__(self, ax_loss, ax_acc, epochs=30):
        self.ax_loss, self.ax_acc = ax_loss, ax_acc
        (self.loss,) = ax_loss.plot([], [], "o-", color=LOSS, ms=4, label="training loss")
        (self.train,) = ax_acc.plot([], [], "o-", color=TRAIN, ms=4, label="training set")
        (self.test,) = ax_acc.plot([], [], "s--", color=TEST, ms=4, label="test set")
        ax_loss.set(title="loss (lower is better)", xlabel="epoch", ylabel="cross-entropy loss")
        ax_acc.set(title="accuracy", xlabel="epoch", ylabel="fraction right", ylim=(0, 1.05))
        ax_acc.legend(loc="lower right", fontsize=10)
        for ax in (ax_loss, ax_acc):
            ax.grid(alpha=0.3)
        # Fixed-width tick labels, so a figure laid out once stays tidy.
        ax_loss.yaxis.set_major_formatter(FormatStrFormatter("%.2f"))
        ax_acc.yaxis.set_major_formatter(FormatStrFormatter("%.1f"))
        self.epochs = epochs
        self.update({"loss": [], "train_accuracy": [], "test_accuracy": []})

    def update(self, history):
        """Show a model's history dict (lists, one entry per epoch)."""
        for line, key in ((self.loss, "loss"), (self.train, "train_accuracy"),
                          (self.test, "test_accuracy")):
            values = history.get(key, [])
            line.set_data(np.arange(1, len(values) + 1), values)
        n = len(history.get("loss", []))
        right = max(self.epochs, n) + 0.5
        for ax in (self.ax_loss, self.ax_acc):
            ax.set_xlim(0.5, right)
        top = max(history.get("loss", []) or [1.0])
        self.ax_loss.set_ylim(0, 1.1 * max(top, 0.1))


class FeaturesArtist:
    """Learned features, one small grid per axis (scaled to -1..1).
    update(features) redraws in place; a new feature size redraws the grids."""

    def __init__(self, axes, features, title="feature"):
        self.axes, self.title = list(axes), title
        self.artists, self.shape = [], None
        self.update(features)

    def _rebuild(self, features):
        self.artists = []
        for i, ax in enumerate(self.axes):
            ax.clear()
            if i < len(features):
                ax.set_visible(True)
                self.artists.append(draw_grid(ax, features[i], title=f"{self.title} {i + 1}",
                                              xlabel="", ylabel="",
                                              fontsize=min(10.0, 40 / features.shape[-1])))
            else:
                ax.set_visible(False)
        self.shape = features.shape

    def update(self, features):
        """features: (F, k, k) raw weights. Returns what is shown (scaled)."""
        shown = scaled(features)
        if shown.shape != self.shape:
            self._rebuild(shown)
        for artist, f in zip(self.artists, shown):
            artist.update(f)
        self.values = shown
        return shown


class DescentArtist:
    """The loss against one weight (a curve), the steps gradient descent has
    taken on it (dots joined by arrows), and the slope at the current point."""

    def __init__(self, ax, weights, losses, name="the weight"):
        self.ax = ax
        ax.plot(weights, losses, color=MUTED, lw=2, label="loss")
        (self.path,) = ax.plot([], [], "o-", color=TEST, ms=6, lw=1, label="steps taken")
        (self.tangent,) = ax.plot([], [], color=HIGHLIGHT, lw=3, label="slope here")
        (self.here,) = ax.plot([], [], "o", color=TRAIN, ms=11, label="current weight")
        (self.next,) = ax.plot([], [], "o--", color=TRAIN, ms=8, mfc="none", lw=1.5,
                               label="next step")
        ax.set(xlabel=f"value of {name}", ylabel="loss on the training set",
               xlim=(weights[0], weights[-1]))
        span = max(losses) - min(losses)
        ax.set_ylim(min(losses) - 0.05 * span, max(losses) + 0.1 * span)
        self.limits = (ax.get_xlim(), ax.get_ylim())
        ax.grid(alpha=0.3)
        ax.legend(loc="upper center", fontsize=10, ncols=3)
        self.width = 0.12 * (weights[-1] - weights[0])

    def _show_all(self, weights, losses):
        """Widen the axes (never narrow them below the curve) so that every
        visited point and the next one are inside the plot."""
        (x0, x1), (y0, y1) = self.limits
        lo, hi = min(x0, min(weights)), max(x1, max(weights))
        pad = 0.03 * (hi - lo)
        self.ax.set_xlim(lo - pad if lo < x0 else x0, hi + pad if hi > x1 else x1)
        top = max(y1, max(losses) + 0.05 * (y1 - y0))
        self.ax.set_ylim(y0, top)

    def update(self, path, path_losses, slope, next_point, learning_rate):
        """path, path_losses: the weights visited so far and their losses;
        next_point: (weight, loss) where the next step would land."""
        w, loss = path[-1], path_losses[-1]
        self._show_all(list(path) + [next_point[0]], list(path_losses) + [next_point[1]])
        self.path.set_data(path, path_losses)
        self.here.set_data([w], [loss])
        self.next.set_data([w, next_point[0]], [loss, next_point[1]])
        dx = np.array([-self.width, self.width])
        self.tangent.set_data(w + dx, loss + slope * dx)
        self.ax.set_title(f"learning rate {learning_rate:g}, step {len(path) - 1}: "
                          f"weight {w:.3f}, loss {loss:.3f}, slope {slope:.3f}")


def training_figure(max_features=6, per_row=3):
    """The training widget's figure: curves on top, up to max_features grids below
    (per_row to a row), about 650 pixels wide so a projected notebook shows it at
    full size. Returns (fig, ax_loss, ax_acc, feature_axes)."""
    rows = -(-max_features // per_row)
    fig, axes = new_figure(2 * per_row, 1 + rows, width=8.1 / (2 * per_row),
                           height=(2.4 + 1.85 * rows) / (1 + rows),
                           gridspec_kw={"height_ratios": [2.4] + [1.85] * rows})
    gs = axes[0, 0].get_gridspec()
    for ax in axes.flat:
        ax.remove()
    ax_loss = fig.add_subplot(gs[0, :per_row])
    ax_acc = fig.add_subplot(gs[0, per_row:])
    features = [fig.add_subplot(gs[1 + i // per_row, 2 * (i % per_row):2 * (i % per_row) + 2])
                for i in range(max_features)]
    return fig, ax_loss, ax_acc, features


def features_next_to_lecture(learned, lecture, lecture_names):
    """A static figure: the lecture's hand-made features on top, the learned
    ones (scaled to -1..1) below."""
    n = max(len(learned), len(lecture))
    fig, axes = new_figure(n, 2, width=2.3, height=2.5)
    for i in range(n):
        for row, stack, name in ((0, lecture, "lecture"), (1, scaled(learned), "learned")):
            ax = axes[row, i]
            if i < len(stack):
                label = lecture_names[i] if row == 0 else f"learned {i + 1}"
                draw_grid(ax, stack[i], title=label, xlabel="", ylabel="")
            else:
                ax.set_visible(False)
    fig.suptitle("top: the lecture's hand-made features; bottom: features learned "
                 "from data (scaled so the largest weight is 1)")
    return fig


def data_hunger_figure(sizes, accuracies):
    """Test accuracy (mean and each seed) against the number of training images.
    accuracies: (len(sizes), seeds)."""
    accuracies = np.asarray(accuracies, float)
    fig, axes = new_figure(1, 1, width=6.5, height=3.8)
    ax = axes[0, 0]
    for s in range(accuracies.shape[1]):
        ax.plot(sizes, accuracies[:, s], "o", color=TEST, alpha=0.35, ms=5,
                label="each seed" if s == 0 else None)
    ax.plot(sizes, accuracies.mean(axis=1), "o-", color=TRAIN, lw=2, label="mean over seeds")
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set(title="data hunger: more examples, better on unseen images",
           xlabel="training images (log scale)", ylabel="test accuracy", ylim=(0.4, 1.02))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    return fig
