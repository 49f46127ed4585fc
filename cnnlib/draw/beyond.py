"""Drawing for notebook 08 (beyond images): its static figures, and the
scenes of the chirp and scramble explorers.
"""
import numpy as np

from cnnlib.draw.base import (HIGHLIGHT, MAX_WIDTH, MUTED, bars_summary, box, cell_text, described,
                              draw_grid, grid_inches, grid_panel, ink, new_figure, percent,
                              sentence, styled)

CNN_COLOUR, FC_COLOUR = "#b2182b", "#2166ac"    # the ends of CMAP: red and blue


def draw_spectrogram(ax, grid, frequencies, title="spectrogram", numbers=True):
    """A sound's spectrogram as a grid: frequency rows (highest at the top)
    against time columns. frequencies: (rows,) in Hz, labels the rows.
    numbers=False leaves the cells unnumbered (the colours alone)."""
    artist = draw_grid(ax, grid, title=title, numbers=numbers, xlabel="time (frame)",
                       ylabel="frequency (Hz)")
    ax.set_yticks(range(len(frequencies)))
    ax.set_yticklabels([f"{f:g}" for f in frequencies])
    return artist


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


# The scramble curves' styles, one a network; the second is drawn wide, so
# it still shows where a later one lies on top of it.
CURVES = [dict(ls="-", lw=2.5, color=CNN_COLOUR), dict(ls="-", lw=7, color="#f4a582"),
          dict(ls="--", lw=2.5, color=FC_COLOUR), dict(ls=":", lw=2.5, color=MUTED)]


@styled
def spectrograms_figure(grids, titles, frequencies):
    """Spectrograms with their numbers, as many to a row as fit the projected
    notebook with the numbers readable (one, for 12x12 decimals)."""
    width, height = (max(size) for size in zip(*(grid_inches(g, whole=False) for g in grids)))
    width += 0.25                                   # row labels in Hz: three digits
    per_row = max(1, min(len(grids), int(MAX_WIDTH // width)))
    fig, axes = new_figure(per_row, -(-len(grids) // per_row), width=width, height=height)
    for ax in axes.flat[len(grids):]:
        ax.set_visible(False)
    parts = []
    for ax, grid, title in zip(axes.flat, grids, titles):
        draw_spectrogram(ax, grid, frequencies, title)
        grid = np.asarray(grid, float)
        loudest = [f"{frequencies[int(np.argmax(grid[:, t]))]:g}" for t in range(grid.shape[1])]
        parts.append(f"{title}: spectrogram of {grid.shape[0]} frequencies by {grid.shape[1]} "
                     f"frames; the loudest frequency frame by frame, in Hz: {', '.join(loudest)}")
    return described(fig, sentence(*parts))


@styled
def sentence_figure(grid, values, words, phrase, vocabulary):
    """A sentence's word-by-position grid and the one-row map of a phrase filter."""
    fig, axes = new_figure(2, 1, width=MAX_WIDTH / 2, height=4.8)
    draw_sentence(axes[0, 0], grid, words, vocabulary)
    draw_phrase_map(axes[0, 1], values, words, phrase)
    k, values = len(phrase), np.asarray(values, float)
    starts = [" ".join(words[i:i + k]) for i in range(values.size)]
    return described(fig, sentence(
        f"the sentence '{' '.join(words)}' as a grid of {len(vocabulary)} vocabulary rows by "
        f"{len(words)} word positions, +1 where the word is",
        f"the map of the filter '{' '.join(phrase)}', one cell per starting word: "
        + bars_summary(starts, values, fmt=cell_text)))


@styled
def transfer_figure(results, labels):
    """Grouped bars: test accuracy for each number of training examples per
    class, one bar per way of training. results: dict(sizes, way -> (S,));
    labels: dict way -> legend text, in drawing order."""
    fig, axes = new_figure(1, 1, width=8.0, height=4.2)
    ax = axes[0, 0]
    sizes = list(results["sizes"])
    width = 0.8 / len(labels)
    colours = [MUTED, "#bababa", CNN_COLOUR]
    for k, ((way, label), colour) in enumerate(zip(labels.items(), colours)):
        xs = np.arange(len(sizes)) + (k - (len(labels) - 1) / 2) * width
        ax.bar(xs, results[way], width * 0.95, label=label, color=colour)
        for x, v in zip(xs, results[way]):
            ax.text(x, v + 0.01, f"{v:.0%}", ha="center", va="bottom", fontsize=11)
    ax.axhline(0.5, color=MUTED, lw=1, ls=":")
    ax.set_xticks(range(len(sizes)))
    ax.set_xticklabels([str(n) for n in sizes])
    ax.set_xlabel("training examples of each shape")
    ax.set_ylabel("test accuracy")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_ylim(0.4, 1.05)
    ax.set_title("+ or -: learning from a handful of examples")
    ax.legend(loc="upper left")
    return described(fig, sentence("test accuracy on + or - against training examples of each shape", *(
        f"{label}: {', '.join(percent(v) for v in results[way])} with "
        f"{', '.join(map(str, sizes))} examples" for way, label in labels.items())))


@styled
def order_figure(results, names):
    """The column-order experiment: each model's mean test accuracy per column
    order (dots: the original order filled, shuffled orders hollow)."""
    fig, axes = new_figure(1, 1, width=6.4, height=0.55 * len(names) + 1.2)
    ax = axes[0, 0]
    for row, name in enumerate(names):
        by_order = np.asarray(results[name]).mean(axis=1)
        y = len(names) - 1 - row
        ax.plot(by_order[1:], [y] * (len(by_order) - 1), "o", mfc="white", mec="#2166ac", ms=8)
        ax.plot(by_order[:1], [y], "o", color="#b2182b", ms=8)
    ax.set_yticks(range(len(names))[::-1], names)
    ax.set_xlabel("test accuracy (mean over seeds)")
    ax.set_title("red: the table's own column order; hollow: shuffled orders", fontsize=11)
    parts = []
    for name in names:
        by_order = np.asarray(results[name]).mean(axis=1)
        low, high = percent(by_order[1:].min()), percent(by_order[1:].max())
        parts.append(f"{name}: {percent(by_order[0])} in the own order, "
                     + (f"{low} in all {len(by_order) - 1} shuffled orders" if low == high
                        else f"{low} to {high} in {len(by_order) - 1} shuffled orders"))
    return described(fig, sentence("mean test accuracy for each column order", *parts))


# --- The browser's pictures of notebook 08's explorers ----------------------

SCALE = [-1.0, -0.5, 0.0, 0.5, 1.0]      # the colour key's stops (the colour bar's ticks)


def vote_panel(probabilities, classes, title="the CNN's vote"):
    """The vote as a bars panel: the winner amber, the rest grey."""
    best = int(np.argmax(probabilities))
    return {"type": "bars", "key": "vote", "title": f"{title}: {classes[best]}", "width": 200,
            "labelWidth": 64, "max": 1, "bars": [
                {"label": name, "value": round(float(p), 4), "text": f"{p:.2f}",
                 "color": HIGHLIGHT if i == best else MUTED,
                 "ink": ink(HIGHLIGHT if i == best else MUTED)}
                for i, (name, p) in enumerate(zip(classes, probabilities))]}


def sound_scene(grid, frequencies, probabilities, classes, start_hz, end_hz, cell=17):
    """What the chirp explorer's browser view draws: the spectrogram in
    colours (144 cells are too many to number on a projector), its rows
    labelled in Hz, a colour key for the scale, and the CNN's vote."""
    spectrogram = grid_panel("spectrogram", grid, f"spectrogram: {start_hz:g} Hz to {end_hz:g} Hz",
                             cell=cell, numbers=False, labelWidth=30,
                             ylabels=[f"{f:g}" for f in frequencies])
    key = grid_panel("scale", np.array([SCALE]), "loudness (colour scale)", cell=33, whole=False)
    vote = vote_panel(probabilities, classes)
    votes = ", ".join(f"{b['label']} {b['text']}" for b in vote["bars"])
    return {"panels": [spectrogram, vote, key], "main": "spectrogram", "caption": "",
            "announce": f"{start_hz:g} Hz to {end_hz:g} Hz: the CNN votes {votes}"}


def scramble_scene(images, results, names, fractions):
    """What the scramble explorer's browser view draws, for every measured
    fraction at once: (scene, frames). images: the scrambled X at each
    fraction (P, H, W); results: scramble_experiment's dict (accuracies per
    network name in names). Frame i swaps the picture and moves the marker."""
    percent = [round(100 * float(f), 4) for f in fractions]
    series = [{"x": percent, "y": [round(100 * float(v), 2) for v in results[name]],
               "color": style["color"], "width": style["lw"], "dots": 4,
               "dash": style["ls"] != "-"}
              for name, style in zip(names, CURVES)]
    series.sort(key=lambda s: -s["width"])     # wide light lines first, under the thin ones
    legend = [{"label": name, "color": style["color"], "width": style["lw"],
               "dash": style["ls"] != "-"} for name, style in zip(names, CURVES)]
    curve = {"type": "curve", "key": "accuracy",
             "title": "accuracy (%), trained and tested scrambled", "width": 360,
             "height": 190, "xlim": [0, 100], "ylim": [40, 100], "series": series,
             "fixed": [{"x": [0, 100], "y": [50, 50], "color": MUTED, "width": 1, "dash": True}],
             "legend": legend + [{"label": "guessing (50%)", "color": MUTED, "width": 1,
                                  "dash": True}],
             "legendAt": "below", "xlabel": "pixel positions scrambled (%)",
             "marker": percent[0]}
    frames = []
    for i, image in enumerate(images):
        cells = grid_panel("image", image, cell=24)
        accuracy = ", ".join(f"{round(100 * float(results[name][i]), 2):g}% {name}"
                             for name in names)      # (series are sorted by width, not named)
        frames.append({"image": {k: cells[k] for k in ("values", "text")},
                       "accuracy": {"marker": percent[i]},
                       "announce": f"{percent[i]:g}% of pixel positions scrambled: "
                                   f"accuracy {accuracy}"})
    image = grid_panel("image", images[0], "the X, scrambled", cell=24)
    return {"panels": [image, curve], "main": "image", "caption": ""}, frames
