"""Drawing the real handwriting: digits, learned features, the confusion
matrix, data hunger and transfer curves (matplotlib, static)."""
import numpy as np

from cnnlib.draw.base import (MAX_WIDTH, MUTED, curve_summary, described, draw_grid, extremes, few,
                              labels_summary, new_figure, sentence, styled, times)

MODEL_COLOURS = {"CNN": "#b2182b", "fully connected": "#2166ac", "logistic regression": MUTED,
                 "SVM (RBF kernel)": "#1b7837", "k-nearest neighbours": "#e08214",
                 "from scratch": MUTED, "frozen random features": "#e08214",
                 "frozen digit features": "#2166ac", "fine-tuned digit features": "#b2182b"}


@styled
def digits_figure(images, titles, per_row=8, width=1.15):
    """A sheet of small pictures (no numbers, no ticks), per_row to a row, each
    titled; narrower panels if per_row of them would not fit the projected notebook."""
    width = min(width, MAX_WIDTH / per_row)
    rows = -(-len(images) // per_row)
    fig, axes = new_figure(per_row, rows, width=width, height=width + 0.3)
    for i, ax in enumerate(axes.ravel()):
        if i < len(images):
            draw_grid(ax, images[i], numbers=False, ticks=False)
            ax.set_title(titles[i], fontsize=12)
        else:
            ax.set_axis_off()
    return described(fig, sentence(labels_summary(titles[:len(images)], "pictures, shaded without numbers")))


@styled
def features_figure(features, title="feature"):
    """The learned 3x3 features (F, k, k), each on its own colour scale
    (colours only, no ticks), in one row across the projected notebook."""
    width = min(1.5, MAX_WIDTH / len(features))
    fig, axes = new_figure(len(features), 1, width=width, height=width + 0.3)
    for k, f in enumerate(features):
        peak = np.abs(f).max() or 1.0
        draw_grid(axes[0, k], f / peak, title=f"{title} {k + 1}", numbers=False, ticks=False)
        axes[0, k].title.set_fontsize(12)
    return described(fig, sentence(
        f"{len(features)} learned {'x'.join(map(str, np.shape(features)[1:]))} features, shaded "
        "without numbers, each scaled so its largest weight is 1",
        *few(f"{title} {k + 1}: " + extremes(f / (np.abs(f).max() or 1.0))
             for k, f in enumerate(features))))


@styled
def confusion_figure(matrix, classes):
    """The confusion matrix: rows the true digit, columns the answer; counts printed."""
    fig, axes = new_figure(1, 1, width=5.2, height=4.8)
    ax = axes[0, 0]
    ax.imshow(np.log1p(matrix), cmap="Greys")
    for (r, c), n in np.ndenumerate(matrix):
        if n:
            ax.text(c, r, str(n), ha="center", va="center", fontsize=11,
                    color="white" if r == c else ("#b2182b" if n else "black"))
    ax.set_xticks(range(len(classes)), classes)
    ax.set_yticks(range(len(classes)), classes)
    ax.set_xlabel("the CNN said")
    ax.set_ylabel("the digit was")
    matrix = np.asarray(matrix)
    wrong = [(int(matrix[r, c]), r, c) for r, c in np.ndindex(matrix.shape) if r != c and matrix[r, c]]
    wrong.sort(key=lambda t: (-t[0], t[1], t[2]))
    right = int(np.trace(matrix))
    return described(fig, sentence(
        f"confusion matrix, rows the true digit, columns the CNN's answer: {right} of "
        f"{int(matrix.sum())} right ({right / max(int(matrix.sum()), 1):.0%})",
        "most frequent mistakes: " + (", ".join(f"{classes[r]} read as {classes[c]} {times(n)}"
                                               for n, r, c in wrong[:3]) or "none")))


@styled
def curves_figure(results, names, xlabel, title, log=True):
    """Mean test accuracy (over seeds, the columns) against results["sizes"],
    one line per name, with the lowest and highest seed shaded."""
    fig, axes = new_figure(1, 1, width=5.4, height=3.6)
    ax = axes[0, 0]
    for name in names:
        runs = np.asarray(results[name])
        colour = MODEL_COLOURS.get(name, MUTED)
        ax.plot(results["sizes"], runs.mean(axis=1), "o-", color=colour, label=name)
        ax.fill_between(results["sizes"], runs.min(axis=1), runs.max(axis=1), color=colour, alpha=0.15)
    if log:
        ax.set_xscale("log")
        ax.set_xticks(results["sizes"], [str(n) for n in results["sizes"]])
        ax.minorticks_off()             # the sizes measured only
    ax.set_xlabel(xlabel)
    ax.set_ylabel("test accuracy")
    ax.set_title(title, fontsize=12)
    ax.legend(loc="lower right")
    return described(fig, sentence(f"{title} (test accuracy, mean over seeds)", *(
        curve_summary(results["sizes"], np.asarray(results[name]).mean(axis=1), name, xlabel)
        for name in names)))
