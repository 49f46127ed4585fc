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
import numpy as np

from cnnlib._checks import as_array, as_float, as_int, describe


FRACTION = "0 is nothing scrambled, 1 every pixel moved"


def scramble_order(seed=0, shape=(9, 9)):
    """The fixed random order in which pixel positions get scrambled: (H*W,)."""
    seed = as_int(seed, "seed", 0)
    return np.random.default_rng(seed).permutation(int(np.prod(shape)))


def permutation(fraction, order):
    """Where each pixel comes from: scrambled.flat[i] = image.flat[perm[i]].

    The first round(fraction * n) positions of `order` pass their pixels one
    step along a cycle (fewer than 2 chosen positions: nothing moves).
    Returns perm (n,) of ints.
    """
    fraction = as_float(fraction, "fraction", 0, 1, hint=FRACTION)
    order = np.asarray(order)
    if order.ndim != 1 or np.sort(order).tolist() != list(range(order.size)):
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
    perm = np.asarray(perm)
    if perm.shape != (h * w,):
        raise ValueError(f"perm must have one entry per pixel ({h * w}), got shape {perm.shape}")
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
    from cnnlib.beyond.dense import train_dense
    from cnnlib.network import train_model
    settings = dict(NETWORKS[name])
    kind = settings.pop("kind")
    train = train_model if kind == "cnn" else train_dense
    # Without the test set, train_model skips measuring it after every epoch.
    train_only = {k: data[k] for k in ("train_images", "train_labels", "classes") if k in data}
    model = train(seed, data=train_only, epochs=epochs, batch_size=batch_size, **settings)
    return model.accuracy(data["test_images"], data["test_labels"])


def scramble_experiment(data, fractions=(0, 0.25, 0.5, 0.75, 1.0), seeds=(0, 1, 2),
                        train_size=100, order_seed=0, epochs=10):
    """Test accuracy of every network in NETWORKS, trained and tested on images
    scrambled by each fraction, averaged over seeds (the initial weights).

    data: a dict like load_dataset(); the first train_size training images are used.
    Returns dict(fractions (P,), order (H*W,), name -> accuracies (P,)).
    """
    train_size = as_int(train_size, "train_size", 2)
    small = dict(data, train_images=data["train_images"][:train_size],
                 train_labels=data["train_labels"][:train_size])
    order = scramble_order(order_seed, small["train_images"].shape[1:])
    results = {"fractions": np.array([as_float(f, "fractions", 0, 1, hint=FRACTION) for f in fractions]), "order": order}
    for name in NETWORKS:
        results[name] = np.array([
            np.mean([train_and_test(name, scramble_data(small, permutation(f, order)), s, epochs)
                     for s in seeds]) for f in results["fractions"]])
    return results
