"""Drawing attacks: the image, the noise added, the attacked image, and
what the network now says (a bar per class).

AttackArtist draws once into given axes and updates in place. The noise
panel uses the same -1..1 colours as the images (FGSM noise is +-epsilon).
"""
import numpy as np

from cnnlib.drawing import HIGHLIGHT, box, draw_grid, move_box, new_figure

BARS = {"x": "#d7191c", "o": "#2c7bb6"}
FONT = 8.0       # cell numbers on a 9x9 grid of two-decimal values


class ProbabilityBars:
    """One bar per class: the network's probability, with the winner named."""

    def __init__(self, ax, classes):
        self.ax, self.classes = ax, list(classes)
        self.bars = ax.bar(self.classes, np.zeros(len(classes)),
                           color=[BARS.get(c, "#777777") for c in self.classes])
        self.labels = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=13)
                       for i in range(len(classes))]
        ax.axhline(0.5, color="#555555", lw=1, ls=":")
        ax.set(ylim=(0, 1.15), xlabel="class", ylabel="probability")

    def update(self, probabilities):
        for bar, text, p in zip(self.bars, self.labels, probabilities):
            bar.set_height(p)
            text.set_y(p + 0.02)
            text.set_text(f"{p:.0%}")
        winner = self.classes[int(np.argmax(probabilities))]
        self.ax.set_title(f"the network says: {winner.upper()}")


class AttackArtist:
    """Four panels: image, noise (attacked - image), attacked image, bars."""

    def __init__(self, axes, image, classes):
        image = np.asarray(image, float)
        self.original = draw_grid(axes[0], image, title="the image", fontsize=FONT)
        self.noise = draw_grid(axes[1], np.zeros_like(image), title="noise added",
                               fontsize=FONT)
        self.attacked = draw_grid(axes[2], image, title="image + noise", fontsize=FONT)
        self.bars = ProbabilityBars(axes[3], classes)
        self.axes = axes

    def update(self, image, attacked, probabilities, noise_title="noise added",
               attacked_title="image + noise"):
        self.original.update(image)
        self.noise.update(np.asarray(attacked) - np.asarray(image))
        self.attacked.update(attacked)
        self.bars.update(probabilities)
        self.axes[1].set_title(noise_title)
        self.axes[2].set_title(attacked_title)


class StickerArtist(AttackArtist):
    """An AttackArtist with the sticker's square outlined on every grid."""

    def __init__(self, axes, image, classes):
        super().__init__(axes, image, classes)
        self.boxes = [box(ax, 0, 0, 3, 3, color=HIGHLIGHT) for ax in axes[:3]]

    def place(self, row, col, size):
        for patch in self.boxes:
            move_box(patch, row, col, size, size)


def attack_figure():
    """A figure of four panels in a row for an AttackArtist (the bars narrower),
    about 1000 pixels wide so it fits a projected notebook. Returns (fig, axes)."""
    fig, axes = new_figure(4, 1, width=3.05, height=3.7,
                           gridspec_kw={"width_ratios": [1, 1, 1, 0.62]})
    return fig, list(axes[0])


def grids_figure(grids, titles, suptitle=None):
    """A static row of grids with their numbers (e.g. an image and its flips)."""
    fig, axes = new_figure(len(grids), 1, width=3.6, height=3.9)
    for ax, grid, title in zip(axes[0], grids, titles):
        draw_grid(ax, grid, title=title, fontsize=FONT)
    if suptitle:
        fig.suptitle(suptitle)
    return fig, list(axes[0])


def mark_pixels(ax, pixels, color=HIGHLIGHT):
    """Outline single cells [(row, col), ...] on a grid already drawn in ax."""
    return [box(ax, r, c, 1, 1, color=color, linewidth=3) for r, c in pixels]


def robustness_figure(epsilons, before, after):
    """Accuracy under FGSM against epsilon, for a model before and after
    adversarial training."""
    fig, axes = new_figure(1, 1, width=6.5, height=3.8)
    ax = axes[0, 0]
    ax.plot(epsilons, before, "o-", color=BARS["x"], lw=2, label="trained normally")
    ax.plot(epsilons, after, "s-", color=BARS["o"], lw=2, label="after adversarial training")
    ax.set(title="robustness: accuracy on attacked test images", xlabel="epsilon (FGSM)",
           ylabel="test accuracy", ylim=(0, 1.05))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    return fig
