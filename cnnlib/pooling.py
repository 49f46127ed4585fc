"""Max pooling: keep the largest value in each window.

The lecture keeps the partial windows at the right and bottom edges, so a
7x7 map pools to 4x4 with 2x2 windows and stride 2. Most frameworks drop
them by default (7x7 -> 3x3); keep_edges=False does that.
"""
import numpy as np

from cnnlib._checks import as_array, as_bool, as_int
from cnnlib.filtering import pad, windows


def pool_size(n, size=2, stride=2, padding=0, keep_edges=True):
    """Side of the pooled map.

    keep_edges=False: floor((n + 2*padding - size) / stride) + 1
    keep_edges=True:  ceil((n + 2*padding - size) / stride) + 1, less one if the
                      last window would start past the edge (as PyTorch's ceil_mode).
    """
    n = n + 2 * padding
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
    if not keep_edges and size > min(h, w) + 2 * padding:
        raise ValueError(
            f"size is {size}x{size} but the padded map is only "
            f"{h + 2 * padding}x{w + 2 * padding}; use a smaller size, more "
            f"padding, or keep_edges=True to keep the partial window")
    x = pad(maps, padding)
    ho = pool_size(h, size, stride, padding, keep_edges)
    wo = pool_size(w, size, stride, padding, keep_edges)
    # Fill the ragged edge with -inf so partial windows take the max of what is there.
    need_h, need_w = (ho - 1) * stride + size, (wo - 1) * stride + size
    extra_h, extra_w = max(need_h - x.shape[-2], 0), max(need_w - x.shape[-1], 0)
    if extra_h or extra_w:
        widths = [(0, 0)] * (x.ndim - 2) + [(0, extra_h), (0, extra_w)]
        x = np.pad(x, widths, constant_values=-np.inf)
    win = windows(np.ascontiguousarray(x), size, size, stride)[..., :ho, :wo, :, :]
    return win.max(axis=(-2, -1))
