"""Gradient descent, first in one dimension, then the lecture's "nudge" idea.

One weight: hold every other weight of a trained model still, and the loss
becomes a curve over that one weight. Its slope says which way is downhill;
a gradient-descent step moves the weight against the slope,

    w_new = w - learning_rate * slope.

The lecture's first idea for learning: nudge each weight a little up and a
little down, and keep whichever makes the loss smaller. Measuring the slope
of every weight that way (centred differences) gives the same numbers as
backpropagation, but costs two forward passes per weight instead of one
forward and one backward pass for all of them together.

These functions work with any model that has .params (dict of arrays),
.classes, .probabilities(grids) and .loss_and_gradients(grids, labels),
such as cnnlib.network.Model. Models are copied, never changed in place.
"""
import copy

import numpy as np

from cnnlib._checks import (MAX_STEPS, as_array, as_float, as_function, as_int, as_labels,
                            as_model, as_rng, check_size, describe)
from cnnlib.network import train_epoch
from cnnlib.training import batches, descend


def mean_loss(model, grids, labels):
    """Cross-entropy averaged over the grids: mean of -log p(right class).

    grids: (N, H, W); labels: N labels. The forward pass only: no gradients.
    """
    as_model(model)
    grids = as_array(grids, "grids", (3,), "a stack of grids (N, H, W)")
    idx = as_labels(labels, model.classes, len(grids))
    p = model.probabilities(grids)
    return float(-np.mean(np.log(np.maximum(p[np.arange(len(idx)), idx], 1e-300))))


def _check_weight(model, name, index):
    as_model(model, needs=("copy", "probabilities"))
    if not isinstance(name, str):
        raise TypeError(f"name must be the name of a parameter, one of "
                        f"{', '.join(sorted(model.params))}; got {describe(name)}")
    if name not in model.params:
        raise ValueError(f"name: the model has no parameter {name!r}; "
                         f"available: {', '.join(sorted(model.params))}")
    shape = model.params[name].shape
    index = index if isinstance(index, tuple) else (index,)
    index = tuple(as_int(i, "index", 0, hint=f"an entry of {name!r}, whose shape is {shape}")
                  for i in index)
    if len(index) != len(shape) or not all(0 <= int(i) < s for i, s in zip(index, shape)):
        raise ValueError(f"index must pick one entry of {name!r}, whose shape is "
                         f"{shape}; got {index}")
    return tuple(int(i) for i in index)


def one_weight(model, grids, labels, name, index):
    """The loss as a function of one weight, all the others held still.

    name, index: which weight, e.g. ("features", (0, 1, 1)).
    Returns (loss_at, slope_at): two functions of the weight's value w,
    the mean loss and its slope d loss / d w (by backpropagation).
    """
    index = _check_weight(model, name, index)
    probe = model.copy()

    def loss_at(w):
        probe.params[name][index] = w
        return mean_loss(probe, grids, labels)

    def slope_at(w):
        probe.params[name][index] = w
        return float(probe.loss_and_gradients(grids, labels)[1][name][index])

    return loss_at, slope_at


def descent_step(weight, slope, learning_rate):
    """One gradient-descent step: weight - learning_rate * slope (numbers)."""
    weight, slope = as_float(weight, "weight"), as_float(slope, "slope")
    learning_rate = as_float(learning_rate, "learning_rate", above=0)
    step = weight - learning_rate * slope
    if not np.isfinite(step):
        raise ValueError(f"learning_rate * slope = {learning_rate:g} * {slope:g} is too "
                         f"large to take a step; use a smaller learning_rate")
    return step


def loss_curve(loss_at, centre, span, points=121):
    """The loss around one weight, for plotting: positions (points,) evenly
    spaced over centre ± span, and the loss at each (points,)."""
    as_function(loss_at, "loss_at", "the first function one_weight() returns")
    centre = as_float(centre, "centre")
    span = as_float(span, "span", above=0, high=1e6)
    ws = np.linspace(centre - span, centre + span, as_int(points, "points", 2, 100_000))
    return ws, np.array([loss_at(v) for v in ws])


def visited_range(paths, centre, span, margin=0.05):
    """The stretch of weight values a descent plot must show: centre ± span,
    widened to hold every point of every path (a step that overshoots far
    past the valley included), plus margin of the width on each side.

    paths: sequences of weights visited (e.g. descent_path's, one per
    learning rate). Returns (low, high).
    """
    if isinstance(paths, (str, bytes, dict)) or not hasattr(paths, "__iter__"):
        raise TypeError(f"paths must be a list of paths (sequences of weights), got "
                        f"{describe(paths)}")
    centre, span = as_float(centre, "centre"), as_float(span, "span", low=0)
    margin = as_float(margin, "margin", 0, 10, hint="a fraction of the width, e.g. 0.05")
    if hasattr(paths, "__len__"):
        check_size(len(paths), "paths", "paths, each read in turn", MAX_STEPS)
    paths = [as_array(p, f"paths[{i}]", (0, 1), "a sequence of weight values").ravel()
             for i, p in enumerate(paths)]
    points = np.concatenate(paths + [np.array([centre - span, centre + span])])
    low, high = points.min(), points.max()
    pad = margin * (high - low)
    return float(low - pad), float(high + pad)


def descent_path(slope_at, start, learning_rate, steps):
    """Where gradient descent takes one weight: (steps + 1,) positions, start first."""
    as_function(slope_at, "slope_at", "the second function one_weight() returns")
    steps = as_int(steps, "steps", 0, 100_000)
    learning_rate = as_float(learning_rate, "learning_rate", above=0)
    path = [as_float(start, "start")]
    for _ in range(steps):
        path.append(descent_step(path[-1], slope_at(path[-1]), learning_rate))
    return np.array(path)


def descent_walk(model, grids, labels, name, index, start, learning_rate, steps):
    """Gradient descent on one weight, all the others held still, with the
    loss and the slope at every point visited: one backpropagation per point.

    Returns (weights, losses, slopes), each (steps + 1,): weights[0] = start,
    weights[i + 1] = weights[i] - learning_rate * slopes[i] (descent_path),
    losses[i] and slopes[i] the mean loss and d loss / d w at weights[i].
    """
    index = _check_weight(model, name, index)
    steps = as_int(steps, "steps", 0, 1000, hint="one backpropagation per step")
    learning_rate = as_float(learning_rate, "learning_rate", above=0,
                             hint="the size of each step, e.g. 1.0")
    start = as_float(start, "start", hint="the weight's value to start from")
    probe = model.copy()
    weights, losses, slopes = [start], [], []
    for i in range(steps + 1):
        probe.params[name][index] = weights[-1]
        loss, grads = probe.loss_and_gradients(grids, labels)
        losses.append(float(loss))
        slopes.append(float(grads[name][index]))
        if i < steps:
            weights.append(descent_step(weights[-1], slopes[-1], learning_rate))
    return np.array(weights), np.array(losses), np.array(slopes)


def feature_change(start, now):
    """How much learned features have moved from where they started.

    start, now: (F, ...) the same features at two moments of training.
    Returns (moved, likeness), each (F,): moved is |now - start| / |start|
    per feature (0 = unchanged, 1 = moved by its own starting size), likeness
    the correlation of each feature's weights with its start (1 = the same
    pattern, only scaled or shifted; near 0 = a new pattern).
    """
    start = as_array(start, "start", range(2, 5), "features (F, k, k)")
    now = as_array(now, "now", range(2, 5), "features (F, k, k)")
    if start.shape != now.shape:
        raise ValueError(f"now must have the shape of start {start.shape}, got {now.shape}; "
                         f"compare a network's features with its own earlier ones")
    a, b = start.reshape(len(start), -1), now.reshape(len(now), -1)
    moved = np.linalg.norm(b - a, axis=1) / np.maximum(np.linalg.norm(a, axis=1), 1e-300)
    a, b = a - a.mean(axis=1, keepdims=True), b - b.mean(axis=1, keepdims=True)
    likeness = (a * b).sum(axis=1) / np.maximum(
        np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-300)
    return moved, likeness


def _entries(model):
    """Every (name, index) of every weight, in a fixed order."""
    return [(name, index) for name in sorted(model.params)
            for index in np.ndindex(model.params[name].shape)]


def nudge_gradient(model, grids, labels, nudge=1e-5):
    """The slope of the loss for every weight, found by nudging it up and down.

    For each weight w: (loss(w + nudge) - loss(w - nudge)) / (2 nudge).
    Returns (gradients dict like model.params, number of forward passes).
    """
    probe = model.copy()
    grads = {name: np.zeros_like(v) for name, v in probe.params.items()}
    for name, index in _entries(probe):
        w = probe.params[name][index]
        probe.params[name][index] = w + nudge
        up = mean_loss(probe, grids, labels)
        probe.params[name][index] = w - nudge
        down = mean_loss(probe, grids, labels)
        probe.params[name][index] = w
        grads[name][index] = (up - down) / (2 * nudge)
    return grads, 2 * len(_entries(probe))


def nudge_step(model, grids, labels, step=0.05):
    """The lecture's training step: nudge each weight up and down by `step`,
    one weight at a time, and keep whichever of the three losses is smallest.

    Returns (new model, its loss, number of forward passes).
    """
    step = as_float(step, "step", above=0, hint="how far to nudge each weight, e.g. 0.05")
    new = model.copy()
    best = mean_loss(new, grids, labels)
    passes = 1
    for name, index in _entries(new):
        w = new.params[name][index]
        for trial in (w + step, w - step):
            new.params[name][index] = trial
            loss = mean_loss(new, grids, labels)
            passes += 1
            if loss < best:
                best, w = loss, trial
        new.params[name][index] = w
    return new, best, passes


def relative_error(a, b):
    """|a - b| / (|a| + |b|) over two dicts of arrays taken as one long vector
    (the usual gradient-check measure; 1e-6 or less means they agree)."""
    for name, d in (("a", a), ("b", b)):
        if not isinstance(d, dict) or not d:
            raise TypeError(f"{name} must be a dict of gradients {{param name: array}}, "
                            f"got {describe(d)}")
    if sorted(a) != sorted(b):
        raise ValueError(f"a and b must have the same keys, got {sorted(a)} and {sorted(b)}")
    a = np.concatenate([as_array(a[k], f"a[{k!r}]", range(0, 6), "an array").ravel() for k in sorted(a)])
    b = np.concatenate([as_array(b[k], f"b[{k!r}]", range(0, 6), "an array").ravel() for k in sorted(b)])
    if a.shape != b.shape:
        raise ValueError(f"a and b must hold arrays of the same shapes, got {a.size} and "
                         f"{b.size} numbers in all")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def record_epoch(model, grids, labels, test_grids, test_labels, learning_rate,
                 batch_size, rng):
    """One epoch of backprop training (cnnlib.network.train_epoch), in place,
    with its loss and training/test accuracy appended to model.history."""
    loss = train_epoch(model, grids, labels, learning_rate, batch_size, rng)
    model.history["loss"].append(loss)
    model.history["train_accuracy"].append(model.accuracy(grids, labels))
    model.history["test_accuracy"].append(model.accuracy(test_grids, test_labels))
    return loss


def first_update(model, grids, labels, learning_rate, batch_size, rng):
    """What the first update of the next epoch of record_epoch will do, with
    nothing changed: neither model nor rng (a copy of it draws the shuffle).

    grids: (N, H, W) the training images; labels: N labels. The first batch
    is batches(N, batch_size, copy of rng)[0], as train_epoch cuts it.
    Returns a dict: batch (its indexes), loss (the batch's mean loss now, the
    number train_epoch averages), loss_after (on the same batch after the
    step weight - learning_rate * slope), largest_change (the largest
    |learning_rate * slope| over every weight)."""
    as_model(model, needs=("copy", "loss_and_gradients"))
    grids = as_array(grids, "grids", (3,), "a stack of grids (N, H, W)")
    learning_rate = as_float(learning_rate, "learning_rate", above=0)
    batch_size = as_int(batch_size, "batch_size", 1)
    labels = as_labels(labels, model.classes, len(grids))
    batch = batches(len(grids), batch_size, copy.deepcopy(as_rng(rng)))[0]
    x, y = grids[batch], labels[batch]
    loss, grads = model.loss_and_gradients(x, y)
    after = model.copy()
    after.params = descend(model.params, grads, learning_rate)
    largest = max(float(np.abs(g).max()) for g in grads.values()) * learning_rate
    return {"batch": batch, "loss": float(loss), "loss_after": mean_loss(after, x, y),
            "largest_change": largest}
