"""Filtering: slide a feature over an image and average the products.

Frameworks call this step *convolution*, but they (and we) do not flip the
kernel first, so strictly it is *cross-correlation*. For learned kernels the
difference does not matter: the network simply learns the flipped kernel.
"""
from dataclasses import dataclass

import numpy as np

from cnnlib._checks import as_array, as_float, as_int, check_size, need_array


def output_size(n, k, stride=1, padding=0):
    """Side of the map: floor((n + 2*padding - k) / stride) + 1.

    n, k, stride >= 1 and padding >= 0 are whole numbers; a kernel larger than
    the padded image (k > n + 2*padding) leaves no position, a ValueError.
    """
    n, k = as_int(n, "n", 1, hint="the image's side"), as_int(k, "k", 1, hint="the kernel's side")
    stride = as_int(stride, "stride", 1)
    padding = as_int(padding, "padding", 0)
    check_size(n + 2 * padding, "padding", "pixels along a side (n + 2*padding)")
    if k > n + 2 * padding:
        raise ValueError(f"k={k} is larger than the padded image, n + 2*padding = "
                         f"{n + 2 * padding}, so the kernel has no position; use a smaller "
                         f"k or more padding")
    return (n + 2 * padding - k) // stride + 1


def output_size_formula(n, k, stride=1, padding=0):
    """output_size's formula with the numbers filled in, evaluating to its value:
    '(9 + 2×0 − 3) // 1 + 1 = 7'."""
    side = output_size(n, k, stride, padding)
    n, k, stride, padding = (int(v) for v in (n, k, stride, padding))   # checked above
    return f"({n} + 2×{padding} − {k}) // {stride} + 1 = {side}"


def pad(image, padding, value=0.0):
    """Add `padding` rows/columns of `value` around the last two axes.

    image: (..., H, W) -> (..., H + 2*padding, W + 2*padding)
    """
    need_array(image, "image", range(2, 33), "(..., H, W)")
    padding = as_int(padding, "padding", 0)
    value = as_float(value, "value")
    *lead, h, w = image.shape
    check_size(int(np.prod(lead)) * (h + 2 * padding) * (w + 2 * padding), "padding",
               "values in the padded image")
    if padding == 0:
        return image
    widths = [(0, 0)] * (image.ndim - 2) + [(padding, padding)] * 2
    return np.pad(image, widths, constant_values=value)


def windows(image, kh, kw, stride=1):
    """Every kh x kw window of an image, as a view (no copy).

    image: (..., H, W) -> (..., H', W', kh, kw) with
    H' = (H - kh) // stride + 1 and W' = (W - kw) // stride + 1.
    """
    need_array(image, "image", range(2, 33), "(..., H, W)")
    kh, kw = as_int(kh, "kh", 1, image.shape[-2]), as_int(kw, "kw", 1, image.shape[-1])
    stride = as_int(stride, "stride", 1, max(image.shape[-2:]),
                    hint="a stride past the image's side takes the same one window")
    *lead, h, w = image.shape
    ho, wo = (h - kh) // stride + 1, (w - kw) // stride + 1
    s = image.strides
    return np.lib.stride_tricks.as_strided(
        image, shape=(*lead, ho, wo, kh, kw),
        strides=(*s[:-2], s[-2] * stride, s[-1] * stride, s[-2], s[-1]),
        writeable=False)


def _check_kernel_fits(image, kernel, padding):
    (h, w), (kh, kw) = image.shape[-2:], kernel.shape[-2:]
    lead = int(np.prod(image.shape[:-2])) * int(np.prod(kernel.shape[:-2]))
    check_size(lead * (h + 2 * padding) * (w + 2 * padding) * max(kh * kw, 1), "padding",
               "values for the padded image's windows")
    if kh > h + 2 * padding or kw > w + 2 * padding:
        raise ValueError(
            f"kernel is {kh}x{kw} but the padded image is only "
            f"{h + 2 * padding}x{w + 2 * padding} (image {h}x{w}, padding "
            f"{padding}); use a smaller kernel or more padding")


def convolve(image, kernel, stride=1, padding=0):
    """The lecture's filtering: the mean of the element-wise products at every
    position of the kernel (no flip, zero padding).

    image:  (H, W), or a stack (..., H, W) filtered one image at a time.
    kernel: (kh, kw) one feature, or (F, kh, kw) a stack of features.
    Returns (..., H', W') for one feature, (..., F, H', W') for a stack, where
        H' = floor((H + 2*padding - kh) / stride) + 1   (likewise W').

    A view of the one convolution engine, correlate(): the sum of the
    products, then divided by kh*kw (so +-1 pictures give exact ninths).
    """
    image = as_array(image, "image", (2, 3, 4), "a 2-D array (H, W) or a stack (N, H, W)")
    kernel = as_array(kernel, "kernel", (2, 3), "a 2-D array (k, k) or a stack (F, k, k)",
                      hint="load_feature('diagonal') gives one")
    stride = as_int(stride, "stride", 1)
    padding = as_int(padding, "padding", 0)
    _check_kernel_fits(image, kernel, padding)
    kh, kw = kernel.shape[-2:]
    x = pad(image, padding)
    lead, (h, w) = x.shape[:-2], x.shape[-2:]
    w4 = kernel.reshape(-1, 1, kh, kw)
    sums = correlate(x.reshape(-1, 1, h, w), w4, np.zeros(len(w4)), stride)[0]
    maps = np.divide(sums, kh * kw, out=sums)   # (N, F, H', W'); in place: no fresh array
    if kernel.ndim == 2:
        return maps.reshape(*lead, *maps.shape[-2:])
    return maps.reshape(*lead, *maps.shape[1:])


def feature_map(image, kernel):
    """The map one feature makes of one picture, the lecture's way (stride 1,
    no padding): image (H, W), kernel (k, k) -> (H - k + 1, W - k + 1). The
    map the ReLU and pooling steps start from."""
    image = as_array(image, "image", (2,), "a 2-D array (H, W)", hint="load_grid('x') gives one")
    kernel = as_array(kernel, "kernel", (2,), "a 2-D array (k, k)",
                      hint="load_feature('diagonal') gives one")
    return convolve(image, kernel)


# --- one kernel position, as the filtering explorer shows it --------------------

@dataclass
class FilteringStep:
    """What filtering shows at one kernel position."""
    padded: np.ndarray      # (H + 2p, W + 2p): the image with its zero border
    kernel: np.ndarray      # (k, k)
    padding: int
    stride: int
    position: int           # 0 .. positions-1, row-major over the map
    row: int                # the map cell being computed
    col: int
    products: np.ndarray    # (k, k): the element-wise products in the window
    total: float            # their sum
    mean: float             # their mean: the map's value at (row, col)
    map_full: np.ndarray    # (H', W')
    map_shown: np.ndarray   # (H', W'): NaN where the kernel has not been yet
    covered: tuple          # (rows, cols) of the padded image some window reaches
    size_text: str          # the output-size formula with the numbers filled in

    @property
    def positions(self):
        return self.map_full.size

    @property
    def last_position(self):
        return self.map_full.size - 1

    @property
    def dropped(self):
        """(rows, cols) of the padded image that no window reaches."""
        return (self.padded.shape[0] - self.covered[0], self.padded.shape[1] - self.covered[1])


def filtering_step(image, kernel, position=0, stride=1, padding=0):
    """The state of filtering `image` (H, W) with `kernel` (k, k) at `position`
    (0 .. H'*W' - 1, row-major over the map; a later one is clipped to the
    last), with the given stride and zero padding: a FilteringStep."""
    image = as_array(image, "image", (2,), "a 2-D array (H, W)", hint="load_grid('x') gives one")
    kernel = as_array(kernel, "kernel", (2,), "a 2-D array (k, k)",
                      hint="load_feature('diagonal') gives one")
    position = as_int(position, "position", 0)
    full = convolve(image, kernel, stride=stride, padding=padding)
    stride, padding = int(stride), int(padding)
    ho, wo = full.shape
    position = min(position, full.size - 1)
    row, col = divmod(position, wo)
    products = window_products(image, kernel, row, col, stride=stride, padding=padding)
    shown = full.copy().ravel()
    shown[position + 1:] = np.nan
    (h, _), (kh, kw) = image.shape, kernel.shape
    return FilteringStep(
        padded=pad(image, padding), kernel=kernel,
        padding=padding, stride=stride, position=position, row=row, col=col,
        products=products, total=float(products.sum()), mean=float(full[row, col]),
        map_full=full, map_shown=shown.reshape(full.shape),
        covered=((ho - 1) * stride + kh, (wo - 1) * stride + kw),
        size_text="output size = " + output_size_formula(h, kh, stride, padding))


# --- the one convolution engine (im2col) ----------------------------------------

def correlate(xp, w, b, stride=1, workspace=None):
    """The convolution engine every other convolution calls: for every feature
    and position, the SUM of the products of the feature and the window, plus b.

    xp: (N, C, H, W) images, already padded; w: (F, C, kh, kw); b: (F,).
    Returns out (N, F, H', W') with H' = (H - kh) // stride + 1, and the
    im2col matrix cols it multiplied (see im2col; workspace as there).
    """
    n = xp.shape[0]
    f, c, kh, kw = w.shape
    ho, wo = (xp.shape[2] - kh) // stride + 1, (xp.shape[3] - kw) // stride + 1
    dtype = np.result_type(xp, w, b)
    cols = im2col(xp, kh, kw, stride, dtype, workspace)         # (N, C*kh*kw + 1, H'*W')
    # One matrix product per image, straight into the (N, F, H'*W') layout.
    # The last row of cols is ones, so the bias is the last column of wb.
    wb = np.concatenate([w.reshape(f, -1), b[:, None]], axis=1).astype(dtype, copy=False)
    return np.matmul(wb, cols).reshape(n, f, ho, wo), cols


def im2col(xp, kh, kw, stride=1, dtype=np.float64, workspace=None):
    """cols[n, (c, a, b), (i, j)] = xp[n, c, i*stride + a, j*stride + b], and a
    last row of ones (for a bias): shape (N, C*kh*kw + 1, H'*W').

    The loop runs over the kernel's kh*kw cells, never over positions. cols
    is workspace's "cols" array (a Workspace: reused between calls of the
    same shape) or, with workspace=None, a fresh array.
    """
    n, c, h, w = xp.shape
    ho, wo = (h - kh) // stride + 1, (w - kw) // stride + 1
    shape = (n, c * kh * kw + 1, ho * wo)
    cols = np.empty(shape, dtype) if workspace is None else workspace.array("cols", shape, dtype)
    view = cols[:, :-1].reshape(n, c, kh, kw, ho, wo)
    for a in range(kh):
        for b in range(kw):
            view[:, :, a, b] = xp[:, :, a:a + stride * (ho - 1) + 1:stride,
                                  b:b + stride * (wo - 1) + 1:stride]
    cols[:, -1] = 1
    return cols


class Workspace:
    """Scratch arrays reused between calls, one per role ("cols", "dcols"),
    owned by whoever keeps what is written in them: a Conv layer of a model,
    for its training passes (a fresh large array costs page faults on every
    call, a reused one does not). array(role, shape, dtype) is made anew only
    when the role's shape or dtype changes, so what it holds stays valid until
    its owner asks for the same role again. Arrays larger than `limit` bytes
    are never kept: a model kept for later would hold them."""

    def __init__(self, limit=2 ** 22):
        self.limit, self.arrays = limit, {}

    def array(self, role, shape, dtype=np.float64):
        held, dtype = self.arrays.get(role), np.dtype(dtype)
        if held is not None and held.shape == shape and held.dtype == dtype:
            return held
        made = np.empty(shape, dtype)
        if made.nbytes <= self.limit:
            self.arrays[role] = made
        else:
            self.arrays.pop(role, None)
        return made


def all_window_products(image, kernel, stride=1, padding=0):
    """The element-wise products at every kernel position at once:
    image (H, W), kernel (k, k) -> (H', W', k, k); the mean over the last two
    axes is convolve(image, kernel, stride, padding)."""
    image = as_array(image, "image", (2,), "a 2-D array (H, W)")
    kernel = as_array(kernel, "kernel", (2,), "a 2-D array (k, k)")
    stride = as_int(stride, "stride", 1)
    padding = as_int(padding, "padding", 0)
    _check_kernel_fits(image, kernel, padding)
    return windows(pad(image, padding), *kernel.shape, stride=stride) * kernel


def window_products(image, kernel, row, col, stride=1, padding=0):
    """The element-wise products for one kernel position, shape (kh, kw).

    (row, col) index the output map; their mean is convolve(...)[row, col].
    """
    image = as_array(image, "image", (2,), "a 2-D array (H, W)")
    kernel = as_array(kernel, "kernel", (2,), "a 2-D array (k, k)")
    stride = as_int(stride, "stride", 1)
    padding = as_int(padding, "padding", 0)
    _check_kernel_fits(image, kernel, padding)
    kh, kw = kernel.shape
    h, w = image.shape
    ho, wo = output_size(h, kh, stride, padding), output_size(w, kw, stride, padding)
    row = as_int(row, "row", 0, hint=f"the map has {ho} rows")
    col = as_int(col, "col", 0, hint=f"the map has {wo} columns")
    if row >= ho or col >= wo:
        raise ValueError(f"(row, col) must lie inside the {ho}x{wo} map, got ({row}, {col})")
    r, c = row * stride, col * stride
    return pad(image, padding)[r:r + kh, c:c + kw] * kernel


def window_counts(n, k=3, stride=1, padding=0):
    """In how many windows each pixel of an n x n picture falls, for a k x k
    feature: (n, n) whole numbers. Without padding a corner pixel is in 1
    window and a central one in k*k (9 for 3x3); padding evens this out
    (padding k - 1 puts every pixel in k*k windows, at stride 1)."""
    n, k = as_int(n, "n", 1), as_int(k, "k", 1)
    stride, padding = as_int(stride, "stride", 1), as_int(padding, "padding", 0)
    side = (n + 2 * padding - k) // stride + 1
    if side < 1:
        raise ValueError(f"a {k}x{k} feature does not fit a {n}x{n} picture with padding "
                         f"{padding}; use more padding or a smaller feature")
    check_size(n * n, "n", "counts (n x n)")
    check_size(n + 2 * padding + k, "padding", "places along a side (n + 2*padding + k)")
    # A pixel's count is (windows over its row) x (windows over its column):
    # along one side, +1 where each window starts and -1 where it ends.
    steps = np.zeros(n + 2 * padding + k, dtype=np.int64)
    starts = np.arange(side) * stride
    np.add.at(steps, starts, 1)
    np.add.at(steps, starts + k, -1)
    along = np.cumsum(steps)[padding:padding + n]
    return np.outer(along, along)


def sobel(direction="vertical"):
    """The Sobel edge filter, a classic feature designed by hand: (3, 3).

    "vertical" finds vertical edges (dark on the left, bright on the right),
    "horizontal" horizontal ones (dark above, bright below). The textbook
    weights [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]] are divided by 2 here, so
    that they fit the series' -1..1 colour scale.
    """
    if not isinstance(direction, str) or direction not in ("vertical", "horizontal"):
        raise ValueError(f"direction must be 'vertical' or 'horizontal', got {direction!r}")
    kernel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 2
    return kernel if direction == "vertical" else kernel.T.copy()
