"""Max pooling: keep the largest value in each window.

The lecture keeps the partial windows at the right and bottom edges, so a
7x7 map pools to 4x4 with 2x2 windows and stride 2. Most frameworks drop
them by default (7x7 -> 3x3); keep_edges=False does that.
"""
import numpy as np

from cnnlib._checks import as_array, as_bool, as_int, check_size
from cnnlib.filtering import pad


def pool_size(n, size=2, stride=2, padding=0, keep_edges=True):
    """Side of the pooled map.

    keep_edges=False: floor((n + 2*padding - size) / stride) + 1
    keep_edges=True:  ceil((n + 2*padding - size) / stride) + 1, less one if the
                      last window would start past the edge (as PyTorch's ceil_mode).
    A window larger than the padded map is a ValueError with keep_edges=False
    (it has no whole position); with keep_edges=True it is one partial window.
    """
    n, size = as_int(n, "n", 1, hint="the map's side"), as_int(size, "size", 1)
    stride, padding = as_int(stride, "stride", 1), as_int(padding, "padding", 0)
    keep_edges = as_bool(keep_edges, "keep_edges")
    n = n + 2 * padding
    if not keep_edges and size > n:
        raise ValueError(f"size={size} is larger than the padded map, n + 2*padding = {n}; "
                         f"use a smaller size, or keep_edges=True to keep the partial window")
    if not keep_edges:
        return (n - size) // stride + 1
    out = max(-(-(n - size) // stride), 0) + 1
    if (out - 1) * stride >= n:
        out -= 1
    return out


def max_pool(maps, size=2, stride=2, padding=0, keep_edges=True):
    """Max pooling over the last two axes.

    maps: (H, W) one map, or a stack (..., H, W).
    Returns (..., H', W') with H' = pool_size(H, size, stride, padding, keep_edges).
    padding adds zeros around each map first (frameworks pad with -inf instead,
    which never wins a max; zeros do win where a window holds only negatives).
    """
    maps = as_array(maps, "maps", (2, 3, 4), "a 2-D map (H, W) or a stack (F, H, W)")
    size = as_int(size, "size", 1)
    stride = as_int(stride, "stride", 1)
    padding = as_int(padding, "padding", 0)
    keep_edges = as_bool(keep_edges, "keep_edges")
    h, w = maps.shape[-2:]
    lead = int(np.prod(maps.shape[:-2]))
    check_size(lead * (h + 2 * padding) * (w + 2 * padding), "padding", "values in the padded maps")
    check_size(lead * max(size, h + 2 * padding) * max(size, w + 2 * padding), "size",
               "values for the windows")
    if not keep_edges and size > min(h, w) + 2 * padding:
        raise ValueError(
            f"size is {size}x{size} but the padded map is only "
            f"{h + 2 * padding}x{w + 2 * padding}; use a smaller size, more "
            f"padding, or keep_edges=True to keep the partial window")
    return pool(pad(maps, padding), size, stride, keep_edges)[0]


# --- the one max-pool engine ----------------------------------------------------

def pool(x, size=2, stride=2, keep_edges=True, winners=False):
    """The max-pool engine every other max pool calls, over the last two axes.

    x: (..., H, W) -> out (..., H', W') with H' = pool_size(H, size, stride,
    keep_edges=keep_edges), and, with winners=True, which (..., H', W'): the
    cell (a * size + b) of each window that won (ties: the first in reading
    order), else None. Partial edge windows take the max of what is there.
    """
    ho, wo = pooled_shape(x.shape, size, stride, keep_edges)
    cells = cell_views(window_grid(x, ho, wo, size, stride), ho, wo, size, stride)
    # Walk the size*size cells of every window at once, keeping the largest
    # value so far (and, if asked, which cell it came from).
    out = cells[0].copy()
    if not winners:
        for v in cells[1:]:
            np.maximum(out, v, out=out)
        return out, None
    which = np.zeros(out.shape, dtype=np.intp)
    for cell, v in enumerate(cells[1:], start=1):
        better = v > out
        np.copyto(out, v, where=better)
        which[better] = cell
    return out, which


def pooled_shape(shape, size, stride, keep_edges=True):
    """(H', W') of the pooled map for an array of this shape (..., H, W)."""
    if not isinstance(shape, tuple) or len(shape) < 2:
        raise TypeError(f"shape must be an array's shape (..., H, W), a tuple, got {shape!r}")
    h, w = shape[-2:]
    ho = pool_size(h, size, stride, keep_edges=keep_edges)
    wo = pool_size(w, size, stride, keep_edges=keep_edges)
    if ho < 1 or wo < 1:
        raise ValueError(f"a {size}x{size} pooling window does not fit a {h}x{w} map; "
                         f"use keep_edges=True or a smaller size")
    return ho, wo


def window_grid(x, ho, wo, size, stride):
    """x with exactly the rows and columns the windows cover: cropped where
    keep_edges=False drops them, padded with -inf (which never wins a max)
    where the partial edge windows run past the edge."""
    hp, wp = (ho - 1) * stride + size, (wo - 1) * stride + size
    h, w = x.shape[-2:]
    if (h, w) == (hp, wp):
        return x
    if h >= hp and w >= wp:
        return x[..., :hp, :wp]
    grid = np.full(x.shape[:-2] + (hp, wp), -np.inf, dtype=x.dtype)
    hh, ww = min(h, hp), min(w, wp)
    grid[..., :hh, :ww] = x[..., :hh, :ww]
    return grid


def cell_views(grid, ho, wo, size, stride):
    """One (..., H', W') view per window cell (a, b): cell (a, b) of every window."""
    return [grid[..., a:a + stride * (ho - 1) + 1:stride, b:b + stride * (wo - 1) + 1:stride]
            for a in range(size) for b in range(size)]
