"""Drawing training: loss and accuracy curves, learned features, and the
loss against one weight with gradient descent walking down it.

The explorers' pictures are scenes (training_scene, descent_scene).
Learned features are not limited to -1..1: they are shown divided by the
largest absolute weight, so the strongest weight is +1 or -1 on the
series' colour scale (titles say so).
"""
from decimal import Decimal

import numpy as np

from cnnlib.descent import visited_range
from cnnlib.draw.base import (HIGHLIGHT, MAX_WIDTH, MUTED, described, draw_grid, extremes, few,
                              grid_inches, grid_panel, new_figure, sentence, styled)

LOSS, TRAIN, TEST = "#7b3294", "#d7191c", "#2c7bb6"
MINUS = "\u2212"


def scaled(features):
    """Features (F, k, k) divided by their largest absolute weight: within -1..1."""
    features = np.asarray(features, float)
    top = np.abs(features).max()
    return features / top if top > 0 else features


def decimals(value, least=3, figures=3):
    """How many decimals show value: at least `least`, and more for a small
    value, so that `figures` significant digits show (0.00583, not 0.006;
    never a -0.000 that hides a non-zero slope)."""
    value = abs(float(value))
    if value == 0 or not np.isfinite(value):
        return least
    return max(least, figures - 1 - int(np.floor(np.log10(value))))


def signed(value, places, brackets=False):
    """value with `places` decimals and a true minus sign: '−0.208'; with
    brackets, a negative value in brackets: '(−0.00583)'."""
    text = f"{float(value) + 0.0:.{places}f}"
    if not text.startswith("-"):
        return text
    return f"({MINUS}{text[1:]})" if brackets else MINUS + text[1:]


def step_text(weight, learning_rate, slope, next_weight):
    """One gradient-descent step's arithmetic as the caption prints it,
    'weight − learning_rate × slope = next weight': '2.811 − 5 × 0.147 = 2.076'.

    The result is next_weight to 3 decimals (as the next step's caption
    shows it). The weight and the slope get as many decimals as it takes
    for the printed expression to evaluate, exactly, to within half a unit
    of the result's last decimal (so it rounds to the printed result), and
    at least 3 significant digits of the slope."""
    result = Decimal(f"{float(next_weight) + 0.0:.3f}")
    rate = f"{learning_rate:g}"
    # fewest extra decimals first (the weight's before the slope's at each count)
    tries = [(w, total - w) for total in range(30) for w in range(total, -1, -1)
             if max(w, total - w) < 15]
    for more_w, more_s in tries:
        places = (3 + more_w, decimals(slope) + more_s)
        w, s = (f"{float(v) + 0.0:.{p}f}" for v, p in zip((weight, slope), places))
        if abs(Decimal(w) - Decimal(rate) * Decimal(s) - result) < Decimal("0.0005"):
            break
    return (f"{signed(weight, places[0])} {MINUS} {rate} × {signed(slope, places[1], True)} = "
            f"{signed(result, 3)}")


def descent_text(learning_rate, step, weight, loss, slope):
    """'learning rate 5, step 3: weight 1.127, loss 0.532, slope 0.0612'
    (the slope with at least 3 significant digits: decimals())."""
    return (f"learning rate {learning_rate:g}, step {step}: weight {weight + 0.0:.3f}, "
            f"loss {loss:.3f}, slope {slope + 0.0:.{decimals(slope)}f}")


def descent_span(paths, centre, span, points=121):
    """The stretch of one weight to plot the loss over: centre ± span, widened
    to take in every weight of every path (descent.visited_range: an overshoot
    stays in view), with about `points` per 2 * span (at most twice as many).
    Returns (middle, half width, points) for descent.loss_curve."""
    lo, hi = visited_range(paths, centre, span, margin=0.04)   # past the plot's edges
    n = int(np.clip(points * (hi - lo) / (2 * span), points, 2 * points))
    return (lo + hi) / 2, (hi - lo) / 2, n


def descent_limits(curve_w, curve_loss, weights, losses, centre, span):
    """The plot's limits for one learning rate: x takes in centre ± span and
    every weight visited (weights), with a margin, rounded outwards to 0.1;
    y takes in the loss curve over that stretch and every loss visited.
    Returns (xlim, ylim), each a pair of floats."""
    lo = min(centre - span, float(np.min(weights)))
    hi = max(centre + span, float(np.max(weights)))
    pad = 0.015 * (hi - lo)
    xlim = (float(np.floor((lo - pad) * 10) / 10), float(np.ceil((hi + pad) * 10) / 10))
    inside = (curve_w >= xlim[0]) & (curve_w <= xlim[1])
    shown = np.concatenate([np.asarray(curve_loss)[inside], losses])
    top, bottom = float(shown.max()), float(shown.min())
    room = top - bottom or 1.0
    ylim = (float(np.floor((bottom - 0.05 * room) * 100) / 100),
            float(np.ceil((top + 0.12 * room) * 100) / 100))
    return xlim, ylim


def tangent(weight, loss, slope, xlim, ylim, reach=0.12):
    """The slope drawn as a short line through (weight, loss): reach of the
    x range each side, each end cut short where it would leave the plot
    (xlim, ylim). Returns (xs, ys)."""
    dx = reach * (xlim[1] - xlim[0])
    ends = []
    for side in (-1, 1):
        x = min(max(weight + side * dx, xlim[0]), xlim[1])
        y = loss + slope * (x - weight)
        if not ylim[0] <= y <= ylim[1] and slope:
            y = min(max(y, ylim[0]), ylim[1])
            x = weight + (y - loss) / slope
        ends.append((x, y))
    return [x for x, _ in ends], [y for _, y in ends]


def _points(values):
    return [round(float(v), 4) for v in values]


def walks_limits(curve_w, curve_loss, walks, centre, span):
    """descent_limits over every walk (weights, losses, slopes) in walks: one
    plot that holds every point any of them visits."""
    return descent_limits(curve_w, curve_loss, np.concatenate([w for w, _, _ in walks]),
                          np.concatenate([loss for _, loss, _ in walks]), centre, span)


def descent_scene(curve_w, curve_loss, weights, losses, slopes, learning_rate, name,
                  centre, span, every=None, width=600, height=230):
    """What the descent explorer's browser view draws for one learning rate:
    (scene, frames). curve_w, curve_loss: the loss curve (descent.loss_curve);
    weights, losses, slopes: (S + 2,) from descent.descent_walk, one step
    beyond the last frame so the last frame shows its next step. Frame i:
    the path up to step i, the slope there and the next step dashed.
    every: all the walks the explorer offers; the plot then spans every point
    any of them visits (the same axes for every learning rate)."""
    curve_w, curve_loss = np.asarray(curve_w), np.asarray(curve_loss)
    xlim, ylim = walks_limits(curve_w, curve_loss, every or [(weights, losses, slopes)],
                              centre, span)
    inside = (curve_w >= xlim[0]) & (curve_w <= xlim[1])
    frames = []
    for i in range(len(weights) - 1):
        w, loss = float(weights[i]), float(losses[i])
        xs, ys = tangent(w, loss, slopes[i], xlim, ylim)
        frames.append({"loss": {"series": [
            {"x": _points(weights[:i + 1]), "y": _points(losses[:i + 1]), "color": TEST,
             "width": 1.5, "dots": 4},
            {"x": _points(xs), "y": _points(ys), "color": HIGHLIGHT, "width": 4},
            {"x": _points(weights[i:i + 2]), "y": _points(losses[i:i + 2]), "color": TRAIN,
             "width": 1.5, "dash": True, "dots": 3},
            {"x": [round(w, 4)], "y": [round(loss, 4)], "color": TRAIN, "line": False, "dots": 7},
        ]}, "caption": f"{descent_text(learning_rate, i, w, loss, slopes[i])}\n"
                       f"next step: {step_text(w, learning_rate, slopes[i], weights[i + 1])}"})
    legend = [{"label": "loss", "color": MUTED}, {"label": "steps taken", "color": TEST},
              {"label": "slope here", "color": HIGHLIGHT},
              {"label": "current weight, next step (dashed)", "color": TRAIN}]
    panel = {"type": "curve", "key": "loss", "title": f"loss on the training set against {name}",
             "width": width, "height": height, "xlim": list(xlim), "ylim": list(ylim),
             "xlabel": f"value of {name}", "legend": legend, "legendAt": "upper left",
             "fixed": [{"x": _points(curve_w[inside]), "y": _points(curve_loss[inside]),
                        "color": MUTED, "width": 2}],
             **frames[0]["loss"]}
    return {"panels": [panel], "main": "loss", "caption": frames[0]["caption"]}, frames


# --- The browser's picture of the training explorer --------------------------

def feature_cell(size):
    """Cell size (CSS px) of a learned feature in the browser: 3x3 features get
    cells large enough for their two-decimal numbers ('-1.00' at 12 px), larger ones colours only
    (5x5 in 60 px: two rows of them fit a projector screen with the rest)."""
    return 33 if size <= 3 else 12


def training_scene(history, features, status, epochs=30, per_row=3, next_step=None):
    """What the training explorer's browser view draws: the loss, the
    accuracies and the learned features (scaled so the largest weight is 1),
    under next_step (a next_step_panel, if given) with status under them all.
    history: lists per epoch (model.history); features: (F, k, k) raw weights."""
    n = len(history.get("loss", []))
    x = list(range(1, n + 1))
    top = max(history.get("loss", []) or [1.0])
    loss = {"type": "curve", "key": "loss", "title": "loss (lower is better)", "width": 190,
            "height": 150, "x": x, "xlim": [0, max(epochs, n)],
            "ylim": [0, float(np.ceil(110 * max(top, 0.1)) / 100)], "xlabel": "epoch",
            "series": [{"y": [round(v, 4) for v in history.get("loss", [])], "color": LOSS,
                        "width": 2, "dots": 3}]}
    accuracy = {"type": "curve", "key": "accuracy", "title": "accuracy (fraction right)",
                "width": 190, "height": 150, "x": x, "xlim": [0, max(epochs, n)], "ylim": [0, 1],
                "xlabel": "epoch", "legendAt": "lower right",
                "legend": [{"label": "training set", "color": TRAIN},
                           {"label": "test set (dashed)", "color": TEST}],
                "series": [{"y": [round(v, 4) for v in history.get("train_accuracy", [])],
                            "color": TRAIN, "width": 2, "dots": 3},
                           {"y": [round(v, 4) for v in history.get("test_accuracy", [])],
                            "color": TEST, "width": 2, "dots": 3, "dash": True}]}
    shown = scaled(features)
    cell = feature_cell(shown.shape[-1])
    grids = [grid_panel(f"feature {i + 1}", f, f"feature {i + 1}", whole=False, cell=cell,
                        numbers=cell >= 20) for i, f in enumerate(shown)]
    learned = {"type": "stack", "key": "features", "title": "learned features (scaled)",
               "across": per_row, "grids": grids}
    if next_step is None:
        return {"panels": [loss, accuracy, learned], "main": "loss", "caption": status}
    # said after a move: the status and what the next Step will do first (both follow
    # every control: epochs, learning rate, batch size, seed...)
    first = (next_step.get("below") or next_step.get("above") or [""])[-1]
    first = first if isinstance(first, str) else f"{first.get('bold', '')} {first.get('text', '')}"
    return {"panels": [next_step, loss, accuracy, learned], "main": "loss", "caption": status,
            "caption_at": "bottom", "announce": " ".join(f"{status.rstrip('.')}. {first}".split())}


def next_step_text(sizes, first, learning_rate, epoch, epochs=30):
    """The lines of the training explorer's "next Step" readout: one over the
    strip of batches, two under it (each {"bold": lead, "text": rest}).
    sizes: batch_sizes(n, batch_size) for the settings chosen; first:
    descent.first_update (its loss, loss_after, largest_change) for them."""
    n, k, size = sum(sizes), len(sizes), sizes[0]
    cut = f"{n} images in {k} batch{'es' * (k > 1)} of {size}"
    if sizes[-1] != size:
        cut += f" (the last of {sizes[-1]})"
    cut += f" = {k} update{'s' * (k > 1)}"
    rule = {"bold": "each update:",
            "text": f"weight − {learning_rate:g} × slope, the slope averaged over its batch"}
    if epoch >= epochs:
        return [{"bold": "Step does nothing:", "text": f"{epochs} epochs trained, the most; "
                                                       f"Reset starts again"},
                {"bold": "an epoch:", "text": cut}, rule]
    images = f"{size} images" if size > 1 else "one image"
    return [{"bold": f"next Step (epoch {epoch + 1}):", "text": cut}, rule,
            {"bold": "first update (amber):",
             "text": f"loss on its {images} {first['loss'] + 0.0:.3f} → "
                     f"{first['loss_after'] + 0.0:.3f}, largest weight change "
                     f"{first['largest_change']:.3f}"}]


def next_step_panel(sizes, first, learning_rate, epoch, epochs=30, width=640):
    """The training explorer's "next Step" panel: the epoch the settings make,
    one part per batch (the first in amber), with next_step_text's first line
    over it and the others under it. Changes as soon as a learning rate, batch
    size or number of training images is chosen, before any Step."""
    top, *under = next_step_text(sizes, first, learning_rate, epoch, epochs)
    return {"type": "strip", "key": "next", "label": "what the next Step will do",
            "width": width, "parts": list(sizes), "colors": [TEST, "#92c5de"],
            "first": HIGHLIGHT, "above": [top], "below": under}


def training_status(epoch, history):
    """'epoch 3: loss 0.412, training 95%, test 100%' (or how to start)."""
    if not history.get("loss"):
        return f"epoch {epoch}: random weights. Press Step or Play."
    return (f"epoch {epoch}: loss {history['loss'][-1]:.3f}, "
            f"training {history['train_accuracy'][-1]:.0%}, "
            f"test {history['test_accuracy'][-1]:.0%}")


@styled
def features_next_to_lecture(learned, lecture, lecture_names):
    """A static figure: the lecture's hand-made features on top, the learned
    ones (scaled to -1..1) below, as many to a row as fit the projected
    notebook with their numbers readable."""
    learned = scaled(learned)
    width, height = (max(size) for size in zip(*(grid_inches(g, fontsize=13, ticks=False)
                                                  for g in [*lecture, *learned])))
    most = max(1, int(MAX_WIDTH // width))
    per_row = max(min(len(lecture), most), -(-len(learned) // -(-len(learned) // most)))
    top = -(-len(lecture) // per_row)
    rows = top + -(-len(learned) // per_row)
    fig, axes = new_figure(per_row, rows, width=width, height=height)
    fig.set_figheight(fig.get_figheight() + 0.8)       # the three lines of the title
    for ax in axes.flat:
        ax.set_visible(False)
    panels = [(axes[i // per_row, i % per_row], g, name)
              for i, (g, name) in enumerate(zip(lecture, lecture_names))]
    panels += [(axes[top + i // per_row, i % per_row], g, f"learned {i + 1}")
               for i, g in enumerate(learned)]
    for ax, grid, name in panels:
        ax.set_visible(True)
        draw_grid(ax, grid, title=name, fontsize=13, ticks=False, xlabel="", ylabel="")
    fig.suptitle("top: the lecture's hand-made features;\nbelow: features learned "
                 "from data,\nscaled so the largest weight is 1")
    return described(fig, sentence(
        f"top, the lecture's hand-made features: {', '.join(lecture_names[:len(lecture)])}",
        f"below, {len(learned)} features learned from data, scaled so the largest weight is 1",
        *few(f"learned {i + 1}: {extremes(f)}" for i, f in enumerate(learned))))
