"""Max pooling: keep the largest value in each window.

The lecture keeps the partial windows at the right and bottom edges, so a
7x7 map pools to 4x4 with 2x2 windows and stride 2. Most frameworks drop
them by default (7x7 -> 3x3); keep_edges=False does that.
"""
import functools
from dataclasses import dataclass

import numpy as np

from cnnlib._checks import (MAX_STEPS, as_array, as_bool, as_float, as_int, as_rng, as_shape,
                            check_size)
from cnnlib.activations import relu
from cnnlib.filtering import convolve, pad
from cnnlib.transforms import shift


def pool_size(n, size=2, stride=2, padding=0, keep_edges=True):
    """Side of the pooled map, for a map of side n.

    keep_edges=False: floor((n + 2*padding - size) / stride) + 1
    keep_edges=True:  min(ceil((n + 2*padding - size) / stride) + 1,
                          ceil((n + 2*padding) / stride))
        The first term counts windows until one reaches the edge (partial
        windows kept); the second is the rule that every window must start
        inside the (padded) map, which only bites when the window is smaller
        than the stride (as PyTorch's ceil_mode). pool_size_formula() writes
        this out with the numbers filled in.
    A window larger than the padded map is a ValueError with keep_edges=False
    (it has no whole position); with keep_edges=True it is one partial window.
    """
    return _terms(*_sizes(n, size, stride, padding, keep_edges))[-1]


def _sizes(n, size, stride, padding, keep_edges):
    """pool_size's arguments checked, as Python ints (never the caller's numpy
    types, whose arithmetic wraps round: np.int8(100) + 2 * np.int8(20))."""
    n, size = as_int(n, "n", 1, hint="the map's side"), as_int(size, "size", 1)
    stride, padding = as_int(stride, "stride", 1), as_int(padding, "padding", 0)
    keep_edges = as_bool(keep_edges, "keep_edges")
    if not keep_edges and size > n + 2 * padding:
        raise ValueError(f"size={size} is larger than the padded map, n + 2*padding = "
                         f"{n + 2 * padding}; use a smaller size, or keep_edges=True to keep "
                         f"the partial window")
    return n, size, stride, padding, keep_edges


def pool_size_terms(n, size=2, stride=2, padding=0, keep_edges=True):
    """The terms of pool_size's formula: (reach, starts, side) with keep_edges,
    (floor, side) without. reach = ceil((n + 2p - size) / stride) + 1 (at least 1:
    one partial window when the window is larger than the map), starts =
    ceil((n + 2p) / stride), side = min(reach, starts)."""
    return _terms(*_sizes(n, size, stride, padding, keep_edges))


def _terms(n, size, stride, padding, keep_edges):
    m = n + 2 * padding
    if not keep_edges:
        side = (m - size) // stride + 1
        return side, side
    reach = max(-(-(m - size) // stride), 0) + 1
    starts = -(-m // stride)
    return reach, starts, min(reach, starts)


def pool_size_formula(n, size=2, stride=2, padding=0, keep_edges=True):
    """pool_size's formula with the numbers filled in, evaluating to its value:
    'ceil((7 + 2×0 − 2) / 2) + 1 = 4' where the start rule cannot bite
    (window at least as large as the stride, or dropping partial windows),
    else 'min(ceil((7 + 2×0 − 1) / 4) + 1, ceil((7 + 2×0) / 4)) = min(3, 2) = 2'."""
    n, size, stride, padding, keep_edges = _sizes(n, size, stride, padding, keep_edges)
    inner = f"{n} + 2×{padding}"
    side = pool_size(n, size, stride, padding, keep_edges)
    if not keep_edges:
        return f"({inner} − {size}) // {stride} + 1 = {side}"
    reach_text = f"ceil(({inner} − {size}) / {stride}) + 1"
    reach, starts, side = pool_size_terms(n, size, stride, padding, keep_edges)
    if n + 2 * padding < size:
        reach_text = "1"                    # one partial window covers the whole map
    if size >= stride:                      # then reach <= starts always
        return f"{reach_text} = {side}"
    return f"min({reach_text}, ceil(({inner}) / {stride})) = min({reach}, {starts}) = {side}"


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
    check_size(size * size, "size", "window cells (size x size), one step each",
               MAX_STEPS)
    if not keep_edges and size > min(h, w) + 2 * padding:
        raise ValueError(
            f"size is {size}x{size} but the padded map is only "
            f"{h + 2 * padding}x{w + 2 * padding}; use a smaller size, more "
            f"padding, or keep_edges=True to keep the partial window")
    return window_max(pad(maps, padding), size, stride, keep_edges)[0]


# --- one window position, as the pooling explorer shows it ----------------------

@dataclass
class PoolingStep:
    """What max pooling shows at one window position."""
    padded: np.ndarray        # (H + 2p, W + 2p): the map with its zero border
    size: int
    stride: int
    padding: int
    keep_edges: bool
    position: int             # 0 .. positions-1, row-major over the pooled map
    row: int                  # the pooled cell being computed
    col: int
    window: np.ndarray        # (size, size): the values under the window, NaN outside the map
    best: tuple               # (i, j) of the max inside the window
    value: float              # the max: pooled[row, col]
    pooled_full: np.ndarray   # (H', W')
    pooled_shown: np.ndarray  # (H', W'): NaN where the window has not been yet
    covered: tuple            # (rows, cols) of the padded map some window reaches
    size_text: str            # the pooled-size formula with the numbers filled in

    @property
    def last_position(self):
        return self.pooled_full.size - 1

    @property
    def partial(self):
        """True when the window hangs over the edge of the map."""
        return bool(np.isnan(self.window).any())


def pooling_step(values, position=0, size=2, stride=2, padding=0, keep_edges=True):
    """The state of max pooling `values` (H, W) at `position` (0 .. H'*W' - 1,
    row-major over the pooled map; a later one is clipped to the last): a
    PoolingStep, with H' = pool_size(H, size, stride, padding, keep_edges)."""
    values = as_array(values, "values", (2,), "a 2-D map (H, W)",
                      hint="feature_map(load_grid('x'), load_feature('diagonal')) gives one")
    position = as_int(position, "position", 0)
    full = max_pool(values, size=size, stride=stride, padding=padding, keep_edges=keep_edges)
    size, stride, padding, keep_edges = int(size), int(stride), int(padding), bool(keep_edges)
    padded = pad(values, padding)
    ho, wo = full.shape
    position = min(position, full.size - 1)
    row, col = divmod(position, wo)
    r, c = row * stride, col * stride
    window = np.full((size, size), np.nan)
    part = padded[r:r + size, c:c + size]
    window[:part.shape[0], :part.shape[1]] = part
    best = np.unravel_index(np.nanargmax(window), window.shape)
    shown = full.copy().ravel()
    shown[position + 1:] = np.nan
    h, w = padded.shape
    covered = (h, w) if keep_edges else ((ho - 1) * stride + size, (wo - 1) * stride + size)
    return PoolingStep(
        padded=padded, size=size, stride=stride, padding=padding, keep_edges=keep_edges,
        position=position, row=row, col=col, window=window,
        best=(int(best[0]), int(best[1])), value=float(full[row, col]),
        pooled_full=full, pooled_shown=shown.reshape(full.shape), covered=covered,
        size_text="pooled size = " + pool_size_formula(values.shape[0], size, stride, padding,
                                                       keep_edges))


def rank_pool(maps, rank=0, size=2, stride=2):
    """Order-statistic pooling: the rank-th largest value of each whole window
    (rank 0: max pooling; rank size*size - 1: min pooling). Partial edge
    windows are dropped, so every window has size*size values.

    maps: (..., H, W) -> (..., H', W'), H' = floor((H - size) / stride) + 1.
    """
    maps = as_array(maps, "maps", (2, 3, 4), "a 2-D map (H, W) or a stack (F, H, W)")
    size, stride = as_int(size, "size", 1), as_int(stride, "stride", 1)
    rank = as_int(rank, "rank", 0, hint=f"0 (max) to {size * size - 1} (min)")
    if rank >= size * size:
        raise ValueError(f"rank must be below the {size * size} values of a window, got {rank}")
    ho, wo = pooled_shape(maps.shape, size, stride, keep_edges=False)
    cells = cell_views(window_grid(maps, ho, wo, size, stride), ho, wo, size, stride)
    return np.sort(np.stack(cells), axis=0)[-1 - rank]


def _relu_maps(grid, features, name):
    grid = as_array(grid, name, (2,), "a picture (H, W)", hint="load_grid('x') gives one")
    if features.shape[-1] > min(grid.shape) or features.shape[-2] > min(grid.shape):
        raise ValueError(f"features of {features.shape[-2]}x{features.shape[-1]} do not fit "
                         f"the {grid.shape[0]}x{grid.shape[1]} {name}")
    return relu(convolve(grid, features))


def _features(features):
    return as_array(features, "features", (2, 3), "a feature (k, k) or a stack (F, k, k)",
                    hint="load_features() gives the lecture's three")


def shift_change(grid, features, dy, dx, size=2, stride=2):
    """How much moving the picture (dy rows down, dx columns right) changes its
    maps, cell by cell: (mean |change| of the ReLU maps, of the pooled maps).

    grid: (H, W); features: (F, k, k). Each is the mean over all cells of
    |map(shifted picture) - map(picture)|: 0 means the move did not matter.
    An absolute measure: pooled maps keep each window's largest value, so their
    values are larger and so are their changes; map_similarity is scale-free.
    """
    features = _features(features)
    size, stride = as_int(size, "size", 1), as_int(stride, "stride", 1)
    before = _relu_maps(grid, features, "grid")
    after = relu(convolve(shift(np.asarray(grid, float), dy, dx), features))
    pooled = (max_pool(before, size, stride), max_pool(after, size, stride))
    return float(np.abs(after - before).mean()), float(np.abs(pooled[1] - pooled[0]).mean())


def map_similarity(a, b, features, size=2, stride=2):
    """How alike the maps of two pictures are, whatever their scale: the cosine
    similarity of their ReLU maps and of their pooled maps, (relu, pooled).

    a, b: (H, W) pictures; features: (F, k, k). All cells of all F maps form
    one list per picture; cosine = sum(u * v) / (|u| |v|): 1 when one list is
    the other times a positive number, 0 when no cell is non-zero in both.
    map_similarity(x, shift(x, 1, 1), features) asks how much a move changes
    the pattern of the maps, not the size of their values.
    """
    features = _features(features)
    size, stride = as_int(size, "size", 1), as_int(stride, "stride", 1)
    maps = [_relu_maps(a, features, "a"), _relu_maps(b, features, "b")]
    if maps[0].shape != maps[1].shape:
        raise ValueError(f"a and b must be the same size to compare their maps, got "
                         f"{np.shape(a)} and {np.shape(b)}")
    out = []
    for u, v in (maps, [max_pool(m, size, stride) for m in maps]):
        for name, m in (("a", u), ("b", v)):
            if not m.any():
                raise ValueError(f"{name}'s maps are all zero after ReLU: no pattern to compare")
        out.append(float(u.ravel() @ v.ravel() / np.linalg.norm(u) / np.linalg.norm(v)))
    return tuple(out)


def random_pictures(n, stroke, rng, shape=(9, 9)):
    """n random +-1 pictures, a control for map_similarity: each pixel is
    stroke (+1) with probability stroke, else background (-1).

    n: how many; stroke: 0..1, e.g. np.mean(x > 0) for as much stroke as the
    X; rng: a numpy Generator. Returns (n, H, W).
    """
    n = as_int(n, "n", 1, hint="how many pictures, e.g. 50")
    stroke = as_float(stroke, "stroke", 0, 1, hint="the share of stroke pixels, e.g. 0.16")
    shape = as_shape(shape, "shape")
    check_size(n * int(np.prod(shape)), "n", "pixels")
    return np.where(as_rng(rng).random((n, *shape)) < stroke, 1.0, -1.0)


# --- the one max-pool engine ----------------------------------------------------

def window_max(x, size=2, stride=2, keep_edges=True, winners=False):
    """The max-pool engine every other max pool calls: the largest value of
    every window, over the last two axes.

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
    if all(type(v) is int for v in (h, w, size, stride)) and type(keep_edges) is bool:
        return _checked_shape(h, w, size, stride, keep_edges)   # training asks every step
    return _pooled_shape(h, w, size, stride, keep_edges)


@functools.lru_cache(maxsize=256)
def _checked_shape(h, w, size, stride, keep_edges):
    """_pooled_shape remembered for plain ints (bools, numpy ints and floats are
    checked every time, so that a wrong type still names the argument)."""
    return _pooled_shape(h, w, size, stride, keep_edges)


def _pooled_shape(h, w, size, stride, keep_edges):
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
