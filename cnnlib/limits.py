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

from cnnlib._checks import _describe, as_array, as_int


def _fraction(fraction):
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float, np.integer, np.floating)):
        raise TypeError(f"fraction must be a number from 0 to 1, got {_describe(fraction)}")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be from 0 (nothing scrambled) to 1 (every "
                         f"pixel moved), got {fraction}")
    return float(fraction)


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
    fraction = _fraction(fraction)
    order = np.asarray(order)
    if order.ndim != 1 or np.sort(order).tolist() != list(range(order.size)):
        raise ValueError(f"order must be a permutation of 0..n-1, got {_describe(order)}; "
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
