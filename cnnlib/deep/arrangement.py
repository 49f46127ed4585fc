"""A generated dataset where the ARRANGEMENT of strokes decides the class.

Every picture holds the same two short strokes: one horizontal bar and one
vertical bar, each `length` pixels long. Only where they sit relative to each
other differs:

    "T": the end of one bar points at the MIDDLE of the other   (T, ⊥, ⊢, ⊣)
    "L": the end of one bar points at an END of the other        (corners)

The bars never touch: a gap of `gap` blank pixels separates them, so no
small window sees both bars at once. A 3x3 feature finds "a horizontal
stroke" or "the end of a vertical stroke" equally often in both classes; to
tell T from L a network has to combine strokes found in different places,
which is what a second stage of features does.

Each picture: one of the 4 turns of its class's shape (and for L either
corner), a random shift, grey levels, a little Gaussian noise and a few
flipped pixels. Values lie in [-1, 1]: +1 stroke, -1 background, as in
cnnlib.dataset, rounded to whole multiples of 1/31 so that the stored file
holds them exactly as int8. The stored set (cnnlib/data/arrangement.npz, regenerate
with tools/make_arrangement.py) is read with load_arrangement(), no pickle.
"""
import numpy as np

from cnnlib._checks import as_array, as_dataset, as_int, as_rng, check_size, describe
from cnnlib._progress import bar
from cnnlib.data import DATASET_KEYS, data_dir, read_stored

CLASSES = ("T", "L")
DATASET_FILE = "arrangement.npz"
SEED = 13             # the seed tools/make_arrangement.py uses for the stored set
SIZE = 16
N_TRAIN, N_TEST = 3000, 500
LENGTH = 5            # each bar's length, in pixels
GAP = 2               # blank pixels between the two bars
LEVELS = 31           # values are stored as whole multiples of 1/LEVELS (int8 in the file)


def bars(kind, length=5, gap=2, turn=0):
    """The two bars of one shape as a small 0/1 picture (h, w), before any shift.

    kind: "T" (one bar's end points at the other's middle) or "L" (at its end).
    turn: 0..3 quarter turns anticlockwise. The bar that is pointed at is
    horizontal on top for turn 0; the pointing bar hangs below it, `gap` blank
    pixels away. For "T" and an even length, "the middle" is the pixel just
    left of the centre.
    """
    kind = _kind(kind)
    length = as_int(length, "length", 2, hint="a bar needs two pixels to have a middle and ends")
    gap = as_int(gap, "gap", 0)
    check_size((1 + gap + length) * length, "length", "pixels")
    turn = as_int(turn, "turn", 0) % 4
    shape = np.zeros((1 + gap + length, length))
    shape[0, :] = 1                                   # the bar pointed at
    col = (length - 1) // 2 if kind == "T" else 0     # its middle, or its end
    shape[1 + gap:, col] = 1                          # the pointing bar
    return np.rot90(shape, turn)


def _kind(kind):
    """"T" or "L" (any case) -> "T" or "L"; anything else is a clear error."""
    hint = ("'T' (one bar points at the other's middle) or 'L' (at its end)")
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a string, {hint}, got {describe(kind)}")
    if kind.strip().upper() not in CLASSES:
        raise ValueError(f"kind must be {hint}, got {kind!r}")
    return kind.strip().upper()


def _picture(kind, rng, size, gaps=(GAP,)):
    """One random variant of kind ("T" or "L"), values in [-1, 1], (size, size);
    the gap between the bars drawn from gaps."""
    gap = gaps[0] if len(gaps) == 1 else int(rng.choice(gaps))
    shape = bars(kind, LENGTH, gap, int(rng.integers(4)))
    if kind == "L" and rng.random() < 0.5:            # the corner on either end
        shape = shape[:, ::-1] if shape.shape[0] > shape.shape[1] else shape[::-1]
    h, w = shape.shape
    cover = np.zeros((size, size))
    top, left = rng.integers(0, size - h + 1), rng.integers(0, size - w + 1)
    cover[top:top + h, left:left + w] = shape
    return _drawn(cover, rng)


def _drawn(cover, rng):
    """A 0/1 cover drawn as a picture: grey levels, noise, 0 to 2 flipped pixels,
    values in [-1, 1] rounded to multiples of 1/LEVELS."""
    ink, paper = rng.uniform(0.5, 1.0), -rng.uniform(0.6, 1.0)      # grey levels
    picture = paper + (ink - paper) * cover
    picture = picture + rng.normal(0.0, rng.uniform(0.0, 0.15), picture.shape)
    where = rng.choice(picture.size, size=rng.integers(0, 3), replace=False)
    picture.flat[where] = -picture.flat[where]                      # 0 to 2 flips
    return np.round(np.clip(picture, -1.0, 1.0) * LEVELS) / LEVELS


def make_arrangement(rng, n_train=N_TRAIN, n_test=N_TEST, size=SIZE, gaps=(GAP,), progress=None):
    """Labelled T/L pictures, half of each class, shuffled.

    rng: a numpy.random.Generator (the only source of randomness).
    Returns a dict like cnnlib.dataset.make_dataset: train_images
    (n_train, size, size) float64 in [-1, 1], train_labels (n_train,) int64
    indexes into CLASSES, test_images, test_labels, classes.
    gaps: the blank pixels between the bars, one drawn per picture (default
    (GAP,): always GAP; notebook 09's far set uses FAR_GAPS).
    progress: a bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    rng = as_rng(rng)
    n_train = as_int(n_train, "n_train", 2)
    n_test = as_int(n_test, "n_test", 2)
    gaps = _gaps(gaps)
    tallest = 1 + max(gaps) + LENGTH
    size = as_int(size, "size", tallest, hint=f"the tallest shape is {tallest} pixels")
    check_size((n_train + n_test) * size * size, "n_train + n_test", "pixels")
    out = {}
    with bar(n_train + n_test, "drawing pictures", "picture", progress) as shown:
        for part, n in (("train", n_train), ("test", n_test)):
            labels = rng.permutation(np.arange(n, dtype=np.int64) % len(CLASSES))
            images = []
            for k in labels:
                images.append(_picture(CLASSES[k], rng, size, gaps))
                shown.update()
            out[f"{part}_images"] = np.stack(images)
            out[f"{part}_labels"] = labels
    out["classes"] = CLASSES
    return out


def _gaps(gaps):
    """A non-empty tuple of gaps (whole numbers >= 0)."""
    if isinstance(gaps, (str, bytes, dict)) or not hasattr(gaps, "__len__") or len(gaps) == 0:
        raise TypeError(f"gaps must be a non-empty list of whole numbers of pixels, such as "
                        f"(2,) or range(2, 9), got {describe(gaps)}")
    return tuple(as_int(g, f"gaps[{i}]", 0, 100) for i, g in enumerate(gaps))


def _pieces(ink):
    """The 4-connected pieces of a boolean picture, as lists of (row, col)."""
    left, pieces = {tuple(p) for p in np.argwhere(ink)}, []
    while left:
        todo, piece = [left.pop()], []
        while todo:
            r, c = todo.pop()
            piece.append((r, c))
            near = {(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)} & left
            left -= near
            todo += near
        pieces.append(piece)
    return pieces


def facing(grid, margin=0):
    """Where the two bars of a T-or-L picture (H, W) face each other: a boolean
    (H, W) map of the straight line of pixels from the pointing bar's tip,
    across the gap, to the pixel of the other bar it points at (both ends
    included), grown by `margin` pixels every way (8 neighbours per step).
    The bars are the two largest pieces of ink (pixels above 0); the tip is
    the bar pixel nearest the other bar."""
    grid = as_array(grid, "grid", (2,), "one T-or-L picture (H, W)")
    margin = as_int(margin, "margin", 0, max(grid.shape), hint="pixels around the line")
    pieces = sorted(_pieces(grid > 0), key=len)[-2:]
    if len(pieces) < 2 or len(pieces[0]) < 2:
        raise ValueError("grid must hold two bars (pieces of at least two pixels above 0), "
                         f"found {len(pieces)} such pieces; is it a T-or-L picture?")
    a, b = (np.array(p) for p in pieces)
    gaps = np.abs(a[:, None] - b[None]).sum(axis=2)               # city-block distances
    i, j = np.unravel_index(np.argmin(gaps), gaps.shape)
    (r0, c0), (r1, c1) = a[i], b[j]
    out = np.zeros(grid.shape, bool)
    steps = max(abs(r1 - r0), abs(c1 - c0))
    for t in range(steps + 1):
        out[round(r0 + (r1 - r0) * t / steps), round(c0 + (c1 - c0) * t / steps)] = True
    for _ in range(margin):
        grown = np.pad(out, 1)
        out = np.any([grown[1 + a:grown.shape[0] - 1 + a, 1 + b:grown.shape[1] - 1 + b]
                      for a in (-1, 0, 1) for b in (-1, 0, 1)], axis=0)
    return out


# Notebook 09's task for depth: two short bars far apart, anywhere in the picture.
PAIR_CLASSES = ("same", "different")
PAIR_SEED = 17         # the seed load_pairs regenerates the set from
PAIR_LENGTH = 4


def _pair_picture(same, rng, size):
    """Two bars of PAIR_LENGTH anywhere, not touching: both horizontal or both
    vertical (same), or one of each (different)."""
    first = int(rng.integers(2))
    while True:
        cover = np.zeros((size, size))
        for across in (first, first if same else 1 - first):
            h, w = (1, PAIR_LENGTH) if across else (PAIR_LENGTH, 1)
            top, left = rng.integers(0, size - h + 1), rng.integers(0, size - w + 1)
            if cover[max(top - 1, 0):top + h + 1, max(left - 1, 0):left + w + 1].any():
                break                                         # touching: draw again
            cover[top:top + h, left:left + w] = 1
        else:
            return _drawn(cover, rng)


def make_pairs(rng, n_train=N_TRAIN, n_test=N_TEST, size=SIZE):
    """Labelled pictures of two short bars each, anywhere in the picture (any
    distance apart): class "same" if both lie the same way (both horizontal or
    both vertical), "different" if not. One bar alone says nothing about the
    class; a unit must see both, wherever they are. Half of each class, shuffled;
    the same dict as make_arrangement, with classes PAIR_CLASSES."""
    rng = as_rng(rng)
    n_train = as_int(n_train, "n_train", 2)
    n_test = as_int(n_test, "n_test", 2)
    size = as_int(size, "size", PAIR_LENGTH + 2, hint="two bars must fit without touching")
    check_size((n_train + n_test) * size * size, "n_train + n_test", "pixels")
    out = {}
    for part, n in (("train", n_train), ("test", n_test)):
        labels = rng.permutation(np.arange(n, dtype=np.int64) % 2)
        out[f"{part}_images"] = np.stack([_pair_picture(k == 0, rng, size) for k in labels])
        out[f"{part}_labels"] = labels
    out["classes"] = PAIR_CLASSES
    return out


def load_pairs():
    """The pairs set of notebook 09: make_pairs from PAIR_SEED (made afresh, in
    well under a second; nothing stored)."""
    return make_pairs(np.random.default_rng(PAIR_SEED))


def arrangement_path():
    """The stored set's file, arrangement.npz in cnnlib's data (or $CNNLIB_DATA)."""
    return data_dir() / DATASET_FILE


def save_arrangement(data, path):
    """Write a dataset dict to .npz (plain arrays, no pickle): the images as
    int8 multiples of 1/LEVELS, which load_arrangement turns back exactly."""
    data = as_dataset(data, classes=CLASSES)
    for key in ("train_images", "test_images"):
        if np.abs(data[key]).max() > 1:
            raise ValueError(f"data['{key}'] must hold values from -1 to 1 (stored as whole "
                             f"multiples of 1/{LEVELS}), got up to {np.abs(data[key]).max():g}")
    arrays = {k: np.asarray(v) for k, v in data.items() if k != "classes"}
    for key in ("train_images", "test_images"):
        arrays[key] = np.round(arrays[key] * LEVELS).astype(np.int8)
    np.savez_compressed(path, classes=np.array(data["classes"], dtype=str), **arrays)


def load_arrangement():
    """The stored set: the same dict as make_arrangement(np.random.default_rng(SEED))."""
    data = read_stored(DATASET_FILE, "tools/make_arrangement.py", DATASET_KEYS)
    data["classes"] = tuple(str(c) for c in data["classes"])
    for key in ("train_images", "test_images"):
        data[key] = np.asarray(data[key], dtype=np.float64) / LEVELS
    return as_dataset(data, str(arrangement_path()))   # finite pictures, labels that index the classes
