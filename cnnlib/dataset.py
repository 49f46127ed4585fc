"""A generated dataset of X and O pictures for training, with a train/test split.

Each picture is drawn procedurally, not copied from the lecture's grid: a
random centre (shifts), size (scaling), angle (small rotations), stroke width
(thicker and thinner), sometimes a gap in the stroke, then grey levels, a
little Gaussian noise and a few flipped pixels. Strokes are anti-aliased, so
edge pixels are grey: values lie anywhere in [-1, 1], +1 stroke, -1 background.

The set the notebooks use is stored in cnnlib/data/xo_dataset.npz, inside the
package (regenerate it with tools/make_dataset.py), and read with
load_dataset(), without pickle.
"""
import numpy as np

from cnnlib._checks import as_dataset, as_float, as_int, as_rng, check_size, describe
from cnnlib._progress import bar
from cnnlib.data import DATASET_KEYS, data_dir, read_stored

CLASSES = ("x", "o")
DATASET_FILE = "xo_dataset.npz"
SEED = 2024            # the seed tools/make_dataset.py uses for the stored set
N_TRAIN, N_TEST = 400, 200
_SUB = 4               # sub-pixels per pixel side, for anti-aliasing


def _subpixels(size):
    """Sub-pixel centres in pixel units, each (size*_SUB, size*_SUB)."""
    t = (np.arange(size * _SUB) + 0.5) / _SUB - 0.5
    return np.meshgrid(t, t, indexing="ij")


def _segment_distance(y, x, y0, x0, y1, x1):
    """Distance from each point (y, x) to the segment (y0, x0)-(y1, x1)."""
    dy, dx = y1 - y0, x1 - x0
    t = np.clip(((y - y0) * dy + (x - x0) * dx) / (dy * dy + dx * dx), 0.0, 1.0)
    return np.hypot(y - (y0 + t * dy), x - (x0 + t * dx))


def _pair(value, name):
    """(row, col): two finite numbers."""
    if isinstance(value, (str, bytes)) or not np.iterable(value) or len(value) != 2:
        raise TypeError(f"{name} must be (row, col), two numbers, got {describe(value)}")
    return as_float(value[0], f"{name}[0]"), as_float(value[1], f"{name}[1]")


def draw(kind, size=9, centre=None, radius=3.0, angle=0.0, width=1.0, gap=None,
         aspect=1.0):
    """Draw one anti-aliased X or O: coverage in [0, 1], shape (size, size).

    kind: "x" (two strokes crossing at the centre, arms of length `radius`,
    turned by `angle` degrees) or "o" (a ring of radius `radius`, stretched
    by `aspect` in height). centre: (row, col) in pixels, default the middle.
    width: stroke width in pixels. gap: (row, col, r) clears a disc of radius r.
    """
    size = as_int(size, "size", 1, 1000)
    cy, cx = ((size - 1) / 2, (size - 1) / 2) if centre is None else _pair(centre, "centre")
    radius, angle = as_float(radius, "radius", above=0), as_float(angle, "angle")
    width, aspect = as_float(width, "width", above=0), as_float(aspect, "aspect", above=0)
    if gap is not None:
        if isinstance(gap, (str, bytes)) or not np.iterable(gap) or len(gap) != 3:
            raise TypeError(f"gap must be None or (row, col, r), got {describe(gap)}")
        gap = (*_pair(gap[:2], "gap"), as_float(gap[2], "gap[2]", low=0))
    y, x = _subpixels(size)
    if kind == "x":
        dist = np.full(y.shape, np.inf)
        for diagonal in (45.0, 135.0):
            t = np.deg2rad(diagonal + angle)
            ay, ax = radius * np.sin(t), radius * np.cos(t)
            dist = np.minimum(dist, _segment_distance(y, x, cy - ay, cx - ax, cy + ay, cx + ax))
    elif kind == "o":
        t = np.deg2rad(angle)
        v, u = (y - cy), (x - cx)
        v, u = np.cos(t) * v - np.sin(t) * u, np.sin(t) * v + np.cos(t) * u
        r = np.hypot(v / aspect, u)
        dist = np.abs(r - radius) * min(aspect, 1.0)
    else:
        raise ValueError(f"kind must be 'x' or 'o', got {describe(kind)}")
    inside = dist <= width / 2
    if gap is not None:
        gy, gx, gr = gap
        inside &= np.hypot(y - gy, x - gx) > gr
    return inside.reshape(size, _SUB, size, _SUB).mean(axis=(1, 3))


def _random_picture(kind, rng, size):
    """One random variant of kind ("x" or "o"), values in [-1, 1]."""
    middle = (size - 1) / 2
    centre = (middle + rng.uniform(-1.0, 1.0), middle + rng.uniform(-1.0, 1.0))
    radius = rng.uniform(0.30, 0.42) * size if kind == "x" else rng.uniform(0.25, 0.36) * size
    angle = rng.uniform(-15.0, 15.0)
    width = rng.uniform(0.8, 1.8)
    aspect = rng.uniform(0.85, 1.15) if kind == "o" else 1.0
    gap = None
    if rng.random() < 0.25:      # a gap somewhere on the stroke
        t = rng.uniform(0, 2 * np.pi)
        along = radius * (rng.uniform(0.5, 1.0) if kind == "x" else 1.0)
        if kind == "x":
            t = np.deg2rad(45.0 + angle + 90.0 * rng.integers(4))
        gap = (centre[0] + along * np.sin(t), centre[1] + along * np.cos(t), rng.uniform(0.6, 1.0))
    cover = draw(kind, size, centre, radius, angle, width, gap, aspect)
    ink, paper = rng.uniform(0.5, 1.0), -rng.uniform(0.6, 1.0)    # grey levels
    picture = paper + (ink - paper) * cover
    picture = picture + rng.normal(0.0, rng.uniform(0.0, 0.15), picture.shape)
    flips = rng.integers(0, 3)                                     # 0, 1 or 2 pixels
    where = rng.choice(picture.size, size=flips, replace=False)
    picture.flat[where] = -picture.flat[where]
    return np.clip(picture, -1.0, 1.0)


def make_dataset(rng, n_train=N_TRAIN, n_test=N_TEST, size=9, progress=None):
    """Labelled X/O variants, half of each class, shuffled.

    rng: a numpy.random.Generator (the only source of randomness).
    Returns a dict: train_images (n_train, size, size) float64 in [-1, 1],
    train_labels (n_train,) int64 indexes into CLASSES, test_images,
    test_labels, and classes (the tuple CLASSES).
    progress: a bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    rng = as_rng(rng)
    n_train = as_int(n_train, "n_train", 2)
    n_test = as_int(n_test, "n_test", 2)
    size = as_int(size, "size", 5, 1000, hint="the pictures need room for a stroke")
    check_size((n_train + n_test) * size * size * _SUB ** 2, "n_train + n_test", "sub-pixels to draw",
               limit=10**8)
    out = {}
    with bar(n_train + n_test, "drawing pictures", "picture", progress) as shown:
        for part, n in (("train", n_train), ("test", n_test)):
            labels = np.arange(n, dtype=np.int64) % len(CLASSES)
            labels = labels[rng.permutation(n)]
            images = []
            for k in labels:
                images.append(_random_picture(CLASSES[k], rng, size))
                shown.update()
            out[f"{part}_images"], out[f"{part}_labels"] = np.stack(images), labels
    out["classes"] = CLASSES
    return out


def dataset_path():
    """The stored dataset's file: xo_dataset.npz in cnnlib's data (or in
    $CNNLIB_DATA), a Traversable that may not be a plain path."""
    return data_dir() / DATASET_FILE


def save_dataset(data, path):
    """Write a dataset dict to .npz (plain arrays, no pickle)."""
    arrays = {k: np.asarray(v) for k, v in data.items() if k != "classes"}
    np.savez_compressed(path, classes=np.array(data["classes"], dtype=str), **arrays)


def load_dataset():
    """The stored dataset: the same dict as make_dataset(np.random.default_rng(SEED))."""
    stored = read_stored(DATASET_FILE, "tools/make_dataset.py", DATASET_KEYS)
    stored["classes"] = tuple(str(c) for c in stored["classes"])
    return as_dataset(stored, str(dataset_path()))     # finite pictures, labels that index the classes
