"""Where a CNN's assumption breaks: scramble the pixels.

A CNN assumes that neighbouring pixels belong together: its features are
3x3 patches and its pooling takes 2x2 neighbourhoods. Apply one fixed
permutation to the pixel positions of every image (the same for training
and testing) and no information is lost, since the permutation can be
undone, but neighbours are no longer neighbours. A fully connected network
has no idea of "neighbour" to begin with, so it does not care.

fraction sets how much is scrambled: the first round(fraction * H * W)
positions of one fixed random order swap their pixels around a cycle, so
every chosen pixel moves, and a larger fraction scrambles a superset.
"""
import time

import numpy as np

from cnnlib._checks import as_array, as_float, as_int, as_rng, as_shape, check_size, describe
from cnnlib._progress import bar
from cnnlib.beyond.dense import train_dense
from cnnlib.network import Conv, ReLU, train_model, walk_backward, walk_forward


FRACTION = "0 is nothing scrambled, 1 every pixel moved"


def scramble_order(seed=0, shape=(9, 9)):
    """The fixed random order in which pixel positions get scrambled: (H*W,)."""
    seed = as_int(seed, "seed", 0)
    shape = as_shape(shape, "shape")
    return np.random.default_rng(seed).permutation(check_size(shape[0] * shape[1], "shape", "pixels"))


def permutation(fraction, order):
    """Where each pixel comes from: scrambled.flat[i] = image.flat[perm[i]].

    The first round(fraction * n) positions of `order` pass their pixels one
    step along a cycle (fewer than 2 chosen positions: nothing moves).
    Returns perm (n,) of ints.
    """
    fraction = as_float(fraction, "fraction", 0, 1, hint=FRACTION)
    try:
        order = np.asarray(order) if not isinstance(order, (str, bytes, dict)) else np.array(None)
    except (TypeError, ValueError):
        order = np.array(None)
    if order.ndim != 1 or order.dtype.kind not in "iu" or np.sort(order).tolist() != list(range(order.size)):
        raise ValueError(f"order must be a permutation of 0..n-1, got {describe(order)}; "
                         f"scramble_order(seed) gives one")
    perm = np.arange(order.size)
    chosen = order[:int(round(fraction * order.size))]
    if chosen.size >= 2:
        perm[chosen] = np.roll(chosen, -1)
    return perm


def scramble(images, perm):
    """Apply one pixel permutation to every image.

    images: (H, W) or (N, H, W); perm: (H*W,) from permutation(). Same shape out.
    """
    images = as_array(images, "images", (2, 3), "an image (H, W) or a stack (N, H, W)")
    h, w = images.shape[-2:]
    try:
        perm = np.asarray(perm) if not isinstance(perm, (str, bytes, dict)) else np.array(None)
    except ValueError:                  # ragged nested lists
        perm = np.array(None)
    if perm.shape != (h * w,):
        raise ValueError(f"perm must have one entry per pixel ({h * w}), got {describe(perm)}")
    if perm.dtype.kind not in "iu" or not np.array_equal(np.sort(perm), np.arange(h * w)):
        raise ValueError(f"perm must be a permutation of 0..{h * w - 1} (each pixel index "
                         f"once); permutation(fraction, order) gives one")
    flat = images.reshape(*images.shape[:-2], h * w)
    return flat[..., perm].reshape(images.shape)


def scramble_data(data, perm):
    """A dataset dict (like load_dataset()) with every image scrambled the same way."""
    out = dict(data)
    for part in ("train_images", "test_images"):
        out[part] = scramble(data[part], perm)
    return out


def moved(fraction, order):
    """How many pixels move at this fraction (0 if fewer than 2 are chosen)."""
    return int(np.sum(permutation(fraction, order) != np.arange(len(order))))


# The networks compared, as keyword arguments for their training functions.
# "whole-image pooling": each feature's map is max-pooled to one number, so the
# vote only knows WHICH local patterns were found, not where (pool 7 on a 7x7 map).
NETWORKS = {
    "CNN, pooled over the whole image": dict(kind="cnn", features=8, pool_size=7, pool_stride=7),
    "CNN, 2x2 pooling (the lecture's)": dict(kind="cnn", features=4, pool_size=2, pool_stride=2),
    "fully connected": dict(kind="dense", hidden=16),
}


def train_and_test(name, data, seed, epochs=10, batch_size=10):
    """Train one of NETWORKS on data and return its test accuracy."""
    settings = dict(NETWORKS[name])
    kind = settings.pop("kind")
    train = train_model if kind == "cnn" else train_dense
    # Without the test set, train_model skips measuring it after every epoch.
    train_only = {k: data[k] for k in ("train_images", "train_labels", "classes") if k in data}
    model = train(seed, data=train_only, epochs=epochs, batch_size=batch_size, **settings)
    return model.accuracy(data["test_images"], data["test_labels"])


def scramble_experiment(data, fractions=(0, 0.25, 0.5, 0.75, 1.0), seeds=(0, 1, 2),
                        train_size=100, order_seed=0, epochs=10, progress=None):
    """Test accuracy of every network in NETWORKS, trained and tested on images
    scrambled by each fraction, averaged over seeds (the initial weights).

    data: a dict like load_dataset(); the first train_size training images are used.
    Returns dict(fractions (P,), order (H*W,), name -> accuracies (P,)).
    progress: a bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    train_size = as_int(train_size, "train_size", 2)
    small = dict(data, train_images=data["train_images"][:train_size],
                 train_labels=data["train_labels"][:train_size])
    order = scramble_order(order_seed, small["train_images"].shape[1:])
    results = {"fractions": np.array([as_float(f, "fractions", 0, 1, hint=FRACTION) for f in fractions]), "order": order}
    seeds = list(seeds)
    with bar(len(NETWORKS) * len(results["fractions"]) * len(seeds), "training networks",
             "network", progress) as shown:
        def run(name, f, s):
            accuracy = train_and_test(name, scramble_data(small, permutation(f, order)), s, epochs)
            shown.update()
            return accuracy
        for name in NETWORKS:
            results[name] = np.array([np.mean([run(name, f, s) for s in seeds])
                                      for f in results["fractions"]])
    return results


# --- Hungry for compute: how the cost of one training step grows -------------

def multiply_adds(size, features, layers, k=3, images=1):
    """Multiply-adds of one forward pass through `layers` convolution layers
    of `features` k x k features each, on size x size pictures (padding keeps
    the size; the first layer reads one input map, the others `features`).
    The backward pass costs about twice as much again.
    """
    size, features = as_int(size, "size", 1), as_int(features, "features", 1)
    layers, k = as_int(layers, "layers", 1), as_int(k, "k", 1)
    per_position = k * k * features * (1 + (layers - 1) * features)
    return as_int(images, "images", 1) * size * size * per_position


def conv_stack_step(x, weights):
    """One forward and backward pass through convolution + ReLU layers, as
    training does: x (N, C, H, W); weights: list of (F, C_in, k, k), padded to
    keep the size. Returns the gradient of the sum of the last maps for x."""
    x = as_array(x, "x", (4,), "pictures (N, C, H, W)")
    if isinstance(weights, (str, bytes, dict)) or not hasattr(weights, "__len__") or not len(weights):
        raise TypeError(f"weights must be a non-empty list of (F, C_in, k, k) arrays, got "
                        f"{describe(weights)}")
    channels, checked = x.shape[1], []
    for i, w in enumerate(weights):
        w = as_array(w, f"weights[{i}]", (4,), "an array (F, C_in, k, k)")
        if w.shape[1] != channels or w.shape[2] != w.shape[3] or w.shape[2] % 2 == 0:
            raise ValueError(f"weights[{i}] must be (F, {channels}, k, k) with k odd (it reads "
                             f"{channels} maps, padded to keep their size), got {w.shape}")
        channels = w.shape[0]
        checked.append(w)
    stack, params = [], {}
    for i, w in enumerate(checked, start=1):
        conv = Conv(f"conv{i}", len(w), w.shape[-1], padding=w.shape[-1] // 2)
        stack += [conv, ReLU()]
        params.update({conv.w: w, conv.b: np.zeros(len(w))})
    out, caches = walk_forward(stack, params, x, train=True)
    return walk_backward(stack, params, np.ones_like(out), caches, input_gradient=True)[0]


def compute_cost(rng, settings, images=50, repeat=5):
    """Time one forward + backward pass for each (size, features, layers) in
    settings, on `images` random pictures: `repeat` rounds over all settings
    (so a busy moment hits them alike), the median per setting. Returns a list
    of dicts: the setting, its multiply_adds and its median seconds.
    Times depend on the machine and its load: compare them as ratios.
    """
    rng = as_rng(rng)
    if isinstance(settings, (str, bytes, dict)) or not hasattr(settings, "__len__") \
            or not len(settings):
        raise TypeError(f"settings must be a non-empty list of (size, features, layers), "
                        f"e.g. [(9, 3, 1), (28, 8, 2)], got {describe(settings)}")
    images = as_int(images, "images", 1)
    repeat = as_int(repeat, "repeat", 1, 1000)
    checked = []
    for i, setting in enumerate(settings):
        if isinstance(setting, (str, bytes)) or not hasattr(setting, "__len__") \
                or len(setting) != 3:
            raise TypeError(f"settings[{i}] must be (size, features, layers), got "
                            f"{describe(setting)}")
        size, features, layers = (as_int(v, f"settings[{i}] ({n})", 1) for v, n in
                                  zip(setting, ("size", "features", "layers")))
        check_size(repeat * multiply_adds(size, features, layers, images=images), "settings",
                   "multiply-adds", 10 ** 10)
        check_size(images * features * size * size, "settings", "values")
        checked.append((size, features, layers))
    settings = checked
    cases = []
    for size, features, layers in settings:
        x = rng.standard_normal((images, 1, size, size))
        weights = [rng.standard_normal((features, 1 if i == 0 else features, 3, 3))
                   for i in range(layers)]
        conv_stack_step(x, weights)                       # warm up
        cases.append((x, weights, []))
    for _ in range(as_int(repeat, "repeat", 1)):
        for x, weights, times in cases:
            start = time.perf_counter()
            conv_stack_step(x, weights)
            times.append(time.perf_counter() - start)
    return [dict(size=size, features=features, layers=layers,
                 multiply_adds=multiply_adds(size, features, layers, images=images),
                 seconds=float(np.median(times)))
            for (size, features, layers), (_, _, times) in zip(settings, cases)]
