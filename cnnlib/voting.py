"""Fully connected voting: every final value votes for each class.

A class's vote is the weighted average of the flattened values,
    vote[c] = sum_i w[c, i] * v[i] / sum_i w[c, i],
so with weights of 0 and 1 it is the plain average of the values that
class listens to. This is the lecture's "go to the polls" step.
"""
import numpy as np

from cnnlib._checks import _describe, as_array


def vote(maps, weights):
    """Each class's vote from the final stack of maps.

    maps:    the final values, any shape S (e.g. (F, h, w)), or a batch (N, *S).
    weights: dict {class name: array of shape S or of S's size}, each >= 0
             with a positive sum.
    Returns {class name: float} for one input, {class name: (N,) array} for a batch.
    """
    maps = as_array(maps, "maps", range(1, 6), "an array of final values (F, h, w)")
    if not isinstance(weights, dict) or not weights:
        raise TypeError(f"weights must be a non-empty dict {{class name: weight array}}, "
                        f"got {_describe(weights)}; e.g. {{'x': w_x, 'o': w_o}}")
    votes = {}
    for label, w in weights.items():
        w = as_array(w, f"weights[{label!r}]", range(1, 5), "an array of weights")
        if (w < 0).any() or w.sum() == 0:
            raise ValueError(f"weights[{label!r}] must be >= 0 with a positive sum, "
                             f"got min {w.min():g} and sum {w.sum():g}")
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
    """The class with the highest vote, e.g. 'x'."""
    if not isinstance(votes, dict) or not votes:
        raise TypeError(f"votes must be the dict that vote() returns, got {_describe(votes)}")
    return max(votes, key=lambda label: np.max(votes[label]))
