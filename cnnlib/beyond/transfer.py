"""Transfer learning in small: reuse the features learned on X and O.

A CNN trained on X/O has learned 3x3 features (bits of stroke). To tell
two new shapes apart (+ and -) from a handful of examples, keep those
features frozen and train only the vote layer: few numbers to learn, so few
examples suffice. Compare with training the whole network from scratch on
the same handful, and with frozen RANDOM features (which shows whether the
X/O features carry anything useful, or any features would do).
"""
import numpy as np

from cnnlib._checks import as_int, as_rng, describe
from cnnlib._progress import bar
from cnnlib.data import load_grid
from cnnlib.network import Model, train_model
from cnnlib.transforms import affine, flip_pixels, shift, thicken

NEW_CLASSES = ("plus", "minus")
FEATURE_PARAMS = ("conv_w", "conv_b")
NOISE = 0.1



def shape_variant(name, rng):
    """A random variant of the grid `name` ("plus", "minus", ...): shifted up
    to 2 pixels, turned up to 10 degrees, sometimes thicker, grey levels,
    a little noise and 0 to 2 flipped pixels. (9, 9) in [-1, 1]."""
    return _variant(load_grid(name), as_rng(rng))


def _variant(grid, rng):
    """shape_variant of a loaded grid (make_shapes reads each file once)."""
    grid = affine(grid, degrees=rng.uniform(-10, 10))
    if rng.random() < 0.25:
        grid = thicken(grid)
    grid = shift(grid, int(rng.integers(-2, 3)), int(rng.integers(-2, 3)))
    grid = flip_pixels(grid, int(rng.integers(0, 3)), rng)
    ink, paper = rng.uniform(0.5, 1.0), -rng.uniform(0.6, 1.0)
    grid = np.where(grid > 0, ink, paper) + rng.normal(0, NOISE, grid.shape)
    return np.clip(grid, -1.0, 1.0)


def make_shapes(rng, train_per_class=3, test_per_class=50, names=NEW_CLASSES):
    """A dataset dict (like load_dataset()) of variants of the named grids:
    train_images (2 * train_per_class, 9, 9), train_labels, test_images,
    test_labels, classes = names."""
    rng = as_rng(rng)
    out = {"classes": tuple(names)}
    grids = [load_grid(name) for name in names]
    for part, n in (("train", as_int(train_per_class, "train_per_class", 1)),
                    ("test", as_int(test_per_class, "test_per_class", 1))):
        labels = np.repeat(np.arange(len(names)), n)[rng.permutation(n * len(names))]
        out[f"{part}_images"] = np.stack([_variant(grids[k], rng) for k in labels])
        out[f"{part}_labels"] = labels
    return out


def features_only(model):
    """A copy of a trained Model holding only its features (conv_w, conv_b, and
    conv2_w, ... of later stages),
    for train_model(init=...): the vote layer of the new model starts fresh,
    since the old one voted for X and O."""
    if not isinstance(model, Model):
        raise TypeError(f"model must be a trained cnnlib.network.Model, got {describe(model)}")
    start = model.copy()
    start.params = {k: v for k, v in start.params.items() if k.startswith("conv")}
    return start


def compare(source, rng, sizes=(1, 2, 4, 8), seeds=(0, 1, 2, 3, 4, 5), epochs=30,
            learning_rate=0.4, progress=None):
    """Test accuracy on + / - of three ways of training, for each number of
    training examples per class, averaged over seeds (data and weights):

    "scratch":  every weight starts random and is trained;
    "random":   random features, frozen; only the vote is trained (the control);
    "transfer": source's features, frozen; only the vote is trained.

    source: a Model trained on X/O. rng: a numpy Generator for the datasets.
    Returns dict(sizes (S,), scratch (S,), random (S,), transfer (S,)).
    progress: one bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    rng = as_rng(rng)
    start = features_only(source)
    h = source.hyper
    shape = dict(stages=h["stages"], hidden=h["hidden"])
    frozen = tuple(start.params)
    ways = {"scratch": {}, "random": dict(frozen=frozen),
            "transfer": dict(init=start, frozen=frozen)}
    results = {way: [] for way in ways}
    sizes, seeds = list(sizes), list(seeds)
    with bar(len(sizes) * len(seeds) * len(ways), "training networks", "network",
             progress) as shown:
        for n in sizes:
            n = as_int(n, "sizes", 1)
            runs = {way: [] for way in ways}
            for seed in seeds:
                data = make_shapes(rng, n)
                train = {k: data[k] for k in ("train_images", "train_labels", "classes")}
                for way, extra in ways.items():
                    model = train_model(seed, data=train, epochs=epochs, batch_size=2 * n,
                                        learning_rate=learning_rate, **shape, **extra,
                                        progress=False)        # one bar: this one
                    runs[way].append(model.accuracy(data["test_images"], data["test_labels"]))
                    shown.update()
            for way in ways:
                results[way].append(float(np.mean(runs[way])))
    return {"sizes": np.array(sizes), **{way: np.array(v) for way, v in results.items()}}
