"""Drawing for notebook 08 (beyond images): each function draws one state
into the axes it is given and returns what a widget needs to update it.
"""
import numpy as np

from cnnlib.drawing import HIGHLIGHT, MUTED, box, draw_grid

CNN_COLOUR, FC_COLOUR = "#b2182b", "#2166ac"    # the ends of CMAP: red and blue


def draw_spectrogram(ax, grid, frequencies, title="spectrogram"):
    """A sound's spectrogram as a grid: frequency rows (highest at the top)
    against time columns. frequencies: (rows,) in Hz, labels the rows."""
    artist = draw_grid(ax, grid, title=title, xlabel="time (frame)", ylabel="frequency (Hz)")
    ax.set_yticks(range(len(frequencies)))
    ax.set_yticklabels([f"{f:g}" for f in frequencies])
    return artist


class VoteBars:
    """Horizontal bars of the class probabilities; update() moves them in place."""

    def __init__(self, ax, classes, title="the CNN's vote"):
        self.ax = ax
        self.bars = ax.barh(range(len(classes)), np.zeros(len(classes)), color=MUTED)
        self.labels = [ax.text(0.02, i, "", va="center", ha="left", fontsize=14,
                               color="white") for i in range(len(classes))]
        ax.set_yticks(range(len(classes)))
        ax.set_yticklabels(classes)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("probability")
        ax.set_title(title)

    def update(self, probabilities):
        probabilities = np.asarray(probabilities, float)
        best = int(np.argmax(probabilities))
        for i, (bar, label, p) in enumerate(zip(self.bars, self.labels, probabilities)):
            bar.set_width(p)
            bar.set_color(HIGHLIGHT if i == best else MUTED)
            label.set_text(f"{p:.2f}")
            label.set_color("black" if i == best else "white")
            label.set_x(0.02 if p > 0.2 else p + 0.02)
            if p <= 0.2:
                label.set_color("black")
        self.probabilities = probabilities


def draw_sentence(ax, grid, words, vocabulary, title=None):
    """A sentence's word-by-position grid: vocabulary rows, position columns
    labelled with the sentence's words."""
    artist = draw_grid(ax, grid, title=title or " ".join(words), xlabel="position: word",
                       ylabel="vocabulary")
    ax.set_yticks(range(len(vocabulary)))
    ax.set_yticklabels(vocabulary)
    ax.set_xticks(range(len(words)))
    ax.set_xticklabels([f"{i}: {w}" for i, w in enumerate(words)], rotation=35, ha="right")
    return artist


def draw_phrase_map(ax, values, words, phrase, title=None):
    """The one-row map of a phrase filter: one cell per starting position,
    the best match outlined."""
    values = np.asarray(values, float)
    k = len(phrase)
    artist = draw_grid(ax, values[None, :], title=title or f"map of the filter '{' '.join(phrase)}'",
                       xlabel="the phrase starting at word", ylabel="")
    ax.set_yticks([])
    ax.set_xticks(range(values.size))
    ax.set_xticklabels([" ".join(words[i:i + k]) for i in range(values.size)],
                       rotation=35, ha="right")
    best = int(np.argmax(values))
    if np.isclose(values[best], 1.0):
        box(ax, 0, best, 1, 1)
    return artist


class ScrambleCurve:
    """Test accuracy of the CNN and the fully connected net against the
    fraction of pixels scrambled, with a marker at the current fraction."""

    def __init__(self, ax, fractions, cnn, fc, chance=0.5):
        self.ax = ax
        self.fractions, self.cnn, self.fc = (np.asarray(v, float) for v in (fractions, cnn, fc))
        ax.plot(self.fractions, self.cnn, "o-", color=CNN_COLOUR, lw=2.5, label="CNN")
        ax.plot(self.fractions, self.fc, "s--", color=FC_COLOUR, lw=2.5, label="fully connected")
        ax.axhline(chance, color=MUTED, lw=1, ls=":")
        ax.text(0.99, chance + 0.01, "guessing", ha="right", va="bottom", color=MUTED,
                transform=ax.get_yaxis_transform())
        self.marker = ax.axvline(0, color=HIGHLIGHT, lw=3)
        self.readout = ax.text(0.02, 0.04, "", transform=ax.transAxes, fontsize=12)
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(0.4, 1.02)
        ax.set_xlabel("fraction of pixel positions scrambled")
        ax.set_ylabel("test accuracy")
        ax.set_title("accuracy after training on scrambled images")
        ax.legend(loc="center left")
        ax.grid(alpha=0.3)

    def update(self, fraction):
        i = int(np.argmin(np.abs(self.fractions - fraction)))
        self.marker.set_xdata([self.fractions[i]] * 2)
        self.readout.set_text(f"scrambled {self.fractions[i]:.0%}: CNN {self.cnn[i]:.0%}, "
                              f"fully connected {self.fc[i]:.0%}")
        self.index = i


def draw_accuracy_bars(ax, labels, values, title, colours=None, ylabel="test accuracy"):
    """Labelled vertical bars of accuracies (0..1), each with its value on top."""
    values = np.asarray(values, float)
    bars = ax.bar(range(len(values)), values, color=colours or MUTED)
    for i, v in enumerate(values):
        ax.text(i, v + 0.02, f"{v:.0%}", ha="center", va="bottom", fontsize=12)
    ax.set_xticks(range(len(values)))
    ax.set_xticklabels(labels)
    ax.set_ylim(0, 1.12)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return bars
