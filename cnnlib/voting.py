"""Fully connected voting: every final value votes for each class.

A class's vote is the weighted average of the flattened values,
    vote[c] = sum_i w[c, i] * v[i] / sum_i w[c, i],
so with weights of 0 and 1 it is the plain average of the values that
class listens to. This is the lecture's "go to the polls" step.
"""
import numbers
from collections import namedtuple

import numpy as np

from cnnlib._checks import as_array, as_class_weights, as_float, as_picture, describe
from cnnlib.activations import relu
from cnnlib.data import load_features, load_grid
from cnnlib.filtering import convolve
from cnnlib.pooling import max_pool


def vote(maps, weights):
    """Each class's vote from the final stack of maps.

    maps:    the final values, any shape S (e.g. (F, h, w)), or a batch (N, *S).
    weights: dict {class name: array of shape S or of S's size}, each >= 0
             with a positive sum.
    Returns {class name: float} for one input, {class name: (N,) array} for a batch.
    """
    maps = as_array(maps, "maps", range(1, 6), "an array of final values (F, h, w)")
    weights = as_class_weights(weights, "weights")
    votes = {}
    for label, w in weights.items():
        # A weight array has the shape of the values (or of one of a batch), or
        # is flat with one weight per value; any other shape is a mistake even
        # when the counts agree (a (4, 4, 3) for a (3, 4, 4) would vote scrambled).
        if w.ndim > 1 and w.shape not in (maps.shape, maps.shape[1:]):
            raise ValueError(f"weights[{label!r}] has shape {w.shape} but the values have "
                             f"shape {maps.shape}; give weights of the same shape, or flat "
                             f"with one weight per value")
        if w.size == maps.size:
            votes[label] = float(maps.ravel() @ w.ravel() / w.sum())
        elif maps.ndim > 1 and w.size == maps[0].size:
            flat = maps.reshape(len(maps), -1)
            votes[label] = flat @ w.ravel() / w.sum()
        else:
            raise ValueError(f"weights[{label!r}] has {w.size} values but maps has "
                             f"{maps.size} ({maps.shape}); give one weight per final "
                             f"value")
    return votes


def winner(votes):
    """The class with the highest vote, e.g. 'x'. Votes must be finite numbers:
    a NaN vote has no rank, so it is a ValueError, not a silent winner."""
    if not isinstance(votes, dict) or not votes:
        raise TypeError(f"votes must be the dict that vote() returns, got {describe(votes)}")
    best = {label: as_float(np.max(as_array(v, f"votes[{label!r}]", range(0, 2), "a number")),
                            f"votes[{label!r}]") for label, v in votes.items()}
    return max(best, key=best.get)


# --- The lecture's pipeline, from grid to votes, in one call ----------------

Poll = namedtuple("Poll", "grid maps rectified pooled votes winner")
Poll.__doc__ = """Every stage of classify(): grid (H, W), maps and rectified (F, H', W'),
pooled (F, h, w), votes {class: float} and the winner's name."""


def _features(features, grid):
    """features (F, k, k) or (k, k), checked to fit inside grid (H, W)."""
    features = as_array(features, "features", (2, 3), "a stack of features (F, k, k)",
                        hint="load_features() gives the lecture's three")
    (kh, kw), (h, w) = features.shape[-2:], grid.shape
    if kh > h or kw > w:
        raise ValueError(f"features are {kh}x{kw} but grid is only {h}x{w}; use smaller "
                         f"features or a larger grid")
    return features


def pooled_features(grid, features=None):
    """Filter with every feature, ReLU, then 2x2 max pool: (H, W) -> (F, h, w)."""
    features = load_features() if features is None else features
    grid = as_picture(grid, "grid")
    features = _features(features, grid)
    return max_pool(relu(convolve(grid, features)))


def vote_weights(features=None, classes=("x", "o")):
    """Weights learned "by eye": each class listens to the values that its
    ideal picture lights up, in proportion to how brightly.

    Returns {class: pooled_features(load_grid(class))}, each (F, h, w) and >= 0
    (ReLU, then max), so vote() gives each class a weighted average.
    """
    if isinstance(classes, str) or not isinstance(classes, (list, tuple)) or not classes:
        raise TypeError(f"classes must be a list of grid names such as ('x', 'o'), got "
                        f"{describe(classes)}")
    out = {}
    for i, label in enumerate(classes):
        try:
            out[label] = pooled_features(load_grid(label), features)
        except (TypeError, ValueError) as error:
            raise type(error)(f"classes[{i}]: {error}") from None
    return out


def classify(grid, weights=None, features=None):
    """Go to the polls in one call: filter, ReLU, pool, then vote.

    grid: (H, W). weights: {class: (F, h, w)}, default vote_weights(features).
    Returns a Poll with every stage, the votes and the winner.
    """
    features = load_features() if features is None else features
    grid = as_picture(grid, "grid")
    features = _features(features, grid)
    if weights is None:
        shape = load_grid("x").shape
        if grid.shape != shape:
            raise ValueError(f"grid must be {shape[0]}x{shape[1]} like the pictures the default "
                             f"weights were made from, got {grid.shape[0]}x{grid.shape[1]}; "
                             f"pass weights made for pictures of this size")
        weights = vote_weights(features)
    maps = convolve(grid, features)
    rectified = relu(maps)
    pooled = max_pool(rectified)
    weights = as_class_weights(weights, "weights")
    for label, w in weights.items():
        if w.shape != pooled.shape and w.size != pooled.size:
            raise ValueError(f"weights[{label!r}] has shape {w.shape} but this grid pools to "
                             f"{pooled.shape}; the grid is {grid.shape[0]}x{grid.shape[1]}, "
                             f"not the size the weights were made for")
    votes = vote(pooled, weights)
    return Poll(grid, maps, rectified, pooled, votes, winner(votes))


def fully_connected(values, weights):
    """A fully connected voting layer: every output is a weighted average of
    all the values.

    values:  any shape, flattened to (n,).  weights: (m, n), each row >= 0
    with a positive sum. Returns (m,): out[j] = sum_i w[j, i] v[i] / sum_i w[j, i].
    vote() is this layer with one named row per class.
    """
    values = as_array(values, "values", range(1, 6), "an array of values").ravel()
    weights = as_array(weights, "weights", (2,), "a 2-D array (outputs, inputs)")
    if weights.shape[1] != values.size:
        raise ValueError(f"weights has {weights.shape[1]} columns but there are "
                         f"{values.size} values; give one column per value")
    sums = weights.sum(axis=1)
    if (weights < 0).any() or (sums == 0).any():
        raise ValueError("every row of weights must be >= 0 with a positive sum, "
                         f"got min {weights.min():g} and row sums down to {sums.min():g}")
    return weights @ values / sums


def stacked_weights(weights):
    """Weights to "stack the stack": two fully connected layers instead of one.

    Layer 1 has one hidden vote per (class, map): it listens only to that map,
    with that class's weights ("does the diagonal map look like an X's?").
    Layer 2: each class averages its own hidden votes.
    weights: {class: (F, h, w)} -> (hidden names, w1 (C*F, F*h*w), w2 (C, C*F)).
    """
    weights = as_class_weights(weights, "weights")
    labels = list(weights)
    stacks = [as_array(weights[k], f"weights[{k!r}]", (3,), "a stack (F, h, w)")
              for k in labels]
    f, size = stacks[0].shape[0], stacks[0][0].size
    names, w1 = [], np.zeros((len(labels) * f, f * size))
    for c, (label, w) in enumerate(zip(labels, stacks)):
        for m in range(f):
            names.append(f"{label}{m}")
            w1[c * f + m, m * size:(m + 1) * size] = w[m].ravel()
    w2 = np.kron(np.eye(len(labels)), np.ones(f))
    return names, w1, w2


def collapse(w1, w2):
    """The one fully connected layer that two stacked ones amount to.

    Two weighted averages with nothing non-linear between them are one
    weighted average: fully_connected(fully_connected(v, w1), w2) equals
    fully_connected(v, collapse(w1, w2)) for every v.
    w1: (k, n), w2: (m, k), rows >= 0 with positive sums (as fully_connected
    takes them). Returns (m, n): each row >= 0 and summing to 1.
    """
    w1 = as_array(w1, "w1", (2,), "a 2-D array (hidden, inputs)")
    w2 = as_array(w2, "w2", (2,), "a 2-D array (outputs, hidden)")
    if w2.shape[1] != w1.shape[0]:
        raise ValueError(f"w2 has {w2.shape[1]} columns but w1 has {w1.shape[0]} rows; "
                         f"layer 2 needs one weight per hidden vote")
    for name, w in (("w1", w1), ("w2", w2)):
        if (w < 0).any() or (w.sum(axis=1) == 0).any():
            raise ValueError(f"every row of {name} must be >= 0 with a positive sum, "
                             f"got min {w.min():g} and row sums down to "
                             f"{w.sum(axis=1).min():g}")
    rows = lambda w: w / w.sum(axis=1, keepdims=True)  # noqa: E731
    return rows(w2) @ rows(w1)


def stacked_votes(values, w1, w2, threshold=None):
    """Two fully connected layers, with or without a ReLU between them.

    values: any shape, flattened to (n,); w1 (k, n); w2 (m, k).
    threshold None: plain stacking, fully_connected twice (one layer in disguise,
    see collapse). threshold t: each hidden vote h becomes max(h - t, 0) before
    layer 2 (a ReLU with bias -t): a hidden voter speaks only above t, and by
    how much. Returns the final votes (m,).
    """
    w1 = as_array(w1, "w1", (2,), "a 2-D array (hidden, inputs)")
    hidden = fully_connected(values, w1)
    if threshold is not None:
        if not isinstance(threshold, numbers.Real) or isinstance(threshold, bool) \
                or not 0 <= threshold < 1:
            raise ValueError(f"threshold must be a number from 0 up to (not including) 1, "
                             f"got {describe(threshold)}; hidden votes lie in 0..1")
        hidden = np.maximum(hidden - threshold, 0.0)
    w2 = as_array(w2, "w2", (2,), "a 2-D array (outputs, hidden)")
    if w2.shape[1] != hidden.size:
        raise ValueError(f"w2 has {w2.shape[1]} columns but w1 gives {hidden.size} hidden "
                         f"votes; give one column per hidden vote")
    sums = w2.sum(axis=1)
    if (w2 < 0).any() or (sums == 0).any():
        raise ValueError("every row of w2 must be >= 0 with a positive sum")
    return w2 @ hidden / sums


def best_single_layer(values, votes):
    """The single linear layer (weights and bias) that comes closest to given
    votes, by least squares, and how far off it still is.

    values: (N, n) inputs, one row per picture; votes: (N, m) what to match.
    Returns (weights (m, n), bias (m,), residual): residual is the root mean
    square of votes - (values @ weights.T + bias). It is 0 (up to rounding)
    exactly when some single linear layer reproduces the votes. Needs more
    pictures than inputs (N > n + 1), or any votes could be fitted.
    """
    values = as_array(values, "values", (2,), "a 2-D array (pictures, inputs)")
    votes = as_array(votes, "votes", (2,), "a 2-D array (pictures, votes)")
    if len(votes) != len(values):
        raise ValueError(f"votes has {len(votes)} rows but values has {len(values)}; "
                         f"give one row of votes per picture")
    if len(values) <= values.shape[1] + 1:
        raise ValueError(f"values has {len(values)} pictures for {values.shape[1]} inputs; "
                         f"a fit needs more pictures than inputs + 1, or it is exact "
                         f"whatever the votes")
    design = np.hstack([values, np.ones((len(values), 1))])
    coef = np.linalg.lstsq(design, votes, rcond=None)[0]
    residual = float(np.sqrt(np.mean((votes - design @ coef) ** 2)))
    return coef[:-1].T, coef[-1], residual
