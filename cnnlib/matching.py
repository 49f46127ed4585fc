"""Why convolution: matching whole pictures pixel by pixel, and matching pieces.

The literal matcher compares two grids pixel by pixel and counts agreements.
It breaks as soon as the picture moves, shrinks, turns or thickens. Matching
small pieces (the three 3x3 features) anywhere in the picture does not.
Pure numpy; the transforms come from cnnlib.transforms.
"""
import numpy as np

from cnnlib import transforms
from cnnlib._checks import as_array, as_float, as_int, describe
from cnnlib.filtering import convolve


def _pair(a, b, names=("a", "b")):
    a = as_array(a, names[0], (2,), "a 2-D grid (H, W)", hint="load_grid('x') gives one")
    b = as_array(b, names[1], (2,), "a 2-D grid (H, W)", hint="load_grid('x') gives one")
    if a.shape != b.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape to be compared "
                         f"pixel by pixel, got {a.shape} and {b.shape}")
    return a, b


def agreement(a, b):
    """The element-wise product a * b: +1 where two +-1 grids agree, -1 where
    they differ. (H, W), (H, W) -> (H, W). Its mean is filtering with a
    kernel as big as the whole picture."""
    a, b = _pair(a, b)
    return a * b


def match_count(a, b):
    """How many pixels are equal in the two grids (H, W). An int."""
    a, b = _pair(a, b)
    return int(np.sum(a == b))


def match_fraction(a, b):
    """The fraction of pixels that are equal, 0..1. For +-1 grids this is
    (1 + mean(a * b)) / 2."""
    a, b = _pair(a, b)
    return float(np.mean(a == b))


def stroke_hits(reference, candidate):
    """The fraction of the reference's stroke pixels (+1) that are also stroke
    in the candidate, 0..1. Unlike match_fraction, background does not count."""
    reference, candidate = _pair(reference, candidate, ("reference", "candidate"))
    stroke = reference > 0
    if not stroke.any():
        raise ValueError("reference has no stroke pixels (+1) to hit; "
                         "pass a grid such as load_grid('x')")
    return float(np.mean(candidate[stroke] > 0))


# The literal matcher's slider: kind -> (smallest, largest, step, what one unit is).
AMOUNTS = {
    "shift": (0, 4, 1, "pixels right and down"),
    # On a 9x9 grid a 5-degree turn can round back to the same picture; 15 always shows.
    "rotate": (0, 45, 15, "degrees anticlockwise"),
    "shrink": (0, 50, 10, "percent smaller"),
    "thicken": (0, 3, 1, "pixels thicker"),
}


def transformed(grid, shift=0, rotate=0, shrink=0, thicken=0):
    """The grid thickened, then rotated and shrunk about the centre, then
    shifted right and down. Amounts as in AMOUNTS; all zero returns a copy.

    grid: (H, W) -> (H, W), still +-1.
    """
    shift = as_int(shift, "shift", 0, hint="pixels right and down")
    rotate = as_float(rotate, "rotate", hint="degrees anticlockwise")
    thicken = as_int(thicken, "thicken", 0, 100, hint="pixels thicker")
    shrink = as_int(shrink, "shrink", 0, hint="percent smaller, below 100")
    if shrink >= 100:
        raise ValueError(f"shrink must be below 100 percent, got {shrink}")
    out = transforms.thicken(grid, thicken)
    if rotate or shrink:
        out = transforms.affine(out, degrees=rotate, scale=1 - shrink / 100)
    return transforms.shift(out, shift, shift)


def match_curve(grid, kind, amounts, measure="pixels"):
    """How well the grid matches itself transformed by each amount of one kind.

    kind: a key of AMOUNTS; amounts: a sequence of amounts; measure: "pixels"
    (match_fraction) or "stroke" (stroke_hits). Returns (len(amounts),).
    """
    if not isinstance(kind, str) or kind not in AMOUNTS:
        raise ValueError(f"kind must be one of {', '.join(AMOUNTS)}, got {describe(kind)}")
    score = {"pixels": match_fraction, "stroke": stroke_hits}.get(measure) \
        if isinstance(measure, str) else None
    if isinstance(amounts, (str, bytes, dict)) or not np.iterable(amounts) or not len(amounts):
        raise TypeError(f"amounts must be a list of {kind} amounts, e.g. [0, 1, 2], "
                        f"got {describe(amounts)}")
    grid = as_array(grid, "grid", (2,), "a 2-D grid (H, W)", hint="load_grid('x') gives one")
    if score is None:
        raise ValueError(f"measure must be 'pixels' or 'stroke', got {describe(measure)}")
    out = []
    for i, a in enumerate(amounts):
        try:
            out.append(score(grid, transformed(grid, **{kind: a})))
        except (TypeError, ValueError) as error:
            raise type(error)(f"amounts[{i}]: {error}") from None
    return np.array(out, dtype=float)


def perfect_matches(grid, features, threshold=1.0):
    """Where each feature matches the grid perfectly (filtering value >= threshold).

    grid: (H, W); features: (F, k, k). Returns a list of (f, row, col): feature f
    covers grid[row:row+k, col:col+k] there.
    """
    features = as_array(features, "features", (3,), "a stack of features (F, k, k)",
                        hint="load_features() gives the lecture's three")
    grid = as_array(grid, "grid", (2,), "a 2-D grid (H, W)", hint="load_grid('x') gives one")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.integer, np.floating)) \
            or not np.isfinite(threshold):
        raise TypeError(f"threshold must be a finite number, got {describe(threshold)}")
    maps = convolve(grid, features)                       # (F, H', W')
    return [tuple(int(i) for i in spot) for spot in np.argwhere(maps >= threshold - 1e-9)]


def rebuild(shape, features, placements):
    """Stamp each placed feature's stroke pixels onto a blank grid.

    shape: (H, W); features: (F, k, k); placements: (f, row, col) as from
    perfect_matches. Returns (H, W): +1 where a placed piece has stroke, else -1.
    """
    features = as_array(features, "features", (3,), "a stack of features (F, k, k)")
    shape = tuple(as_int(n, "shape", 1, 10_000) for n in shape) \
        if isinstance(shape, (tuple, list)) and len(shape) == 2 else None
    if shape is None:
        raise TypeError("shape must be (H, W), two positive ints, e.g. (9, 9)")
    out = np.full(shape, -1.0)
    k = features.shape[-1]
    if isinstance(placements, (str, bytes, dict)) or not np.iterable(placements):
        raise TypeError(f"placements must be a list of (f, row, col), as perfect_matches "
                        f"gives, got {describe(placements)}")
    for i, place in enumerate(placements):
        if isinstance(place, (str, bytes)) or not np.iterable(place) or len(place) != 3:
            raise TypeError(f"placements[{i}] must be (f, row, col), got {describe(place)}")
        f = as_int(place[0], f"placements[{i}] feature", 0, len(features) - 1)
        row = as_int(place[1], f"placements[{i}] row", 0, shape[0] - k)
        col = as_int(place[2], f"placements[{i}] col", 0, shape[1] - k)
        window = out[row:row + k, col:col + k]
        window[features[f] > 0] = 1.0
    return out


def word_counts(text, words):
    """A hand-crafted feature for text: how often each word occurs.

    text: a string; words: a sequence of words. Returns (len(words),) ints.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {describe(text)}")
    if isinstance(words, str) or not isinstance(words, (list, tuple)) \
            or not all(isinstance(w, str) for w in words):
        raise TypeError(f"words must be a list of words (strings), got {describe(words)}")
    tokens = [t.strip(".,;:!?\"'()").lower() for t in text.split()]
    return np.array([tokens.count(w.lower()) for w in words])
