"""Filtering: slide a feature over an image and average the products.

Frameworks call this step *convolution*, but they (and we) do not flip the
kernel first, so strictly it is *cross-correlation*. For learned kernels the
difference does not matter: the network simply learns the flipped kernel.
"""
import numpy as np

from cnnlib._checks import as_array, as_int


def output_size(n, k, stride=1, padding=0):
    """Side of the map: floor((n + 2*padding - k) / stride) + 1."""
    return (n + 2 * padding - k) // stride + 1


def pad(image, padding, value=0.0):
    """Add `padding` rows/columns of `value` around the last two axes.

    image: (..., H, W) -> (..., H + 2*padding, W + 2*padding)
    """
    if padding == 0:
        return image
    widths = [(0, 0)] * (image.ndim - 2) + [(padding, padding)] * 2
    return np.pad(image, widths, constant_values=value)


def windows(image, kh, kw, stride=1):
    """Every kh x kw window of an image, as a view (no copy).

    image: (..., H, W) -> (..., H', W', kh, kw) with
    H' = (H - kh) // stride + 1 and W' = (W - kw) // stride + 1.
    """
    *lead, h, w = image.shape
    ho, wo = (h - kh) // stride + 1, (w - kw) // stride + 1
    s = image.strides
    return np.lib.stride_tricks.as_strided(
        image, shape=(*lead, ho, wo, kh, kw),
        strides=(*s[:-2], s[-2] * stride, s[-1] * stride, s[-2], s[-1]),
        writeable=False)


def _check_kernel_fits(image, kernel, padding):
    (h, w), (kh, kw) = image.shape[-2:], kernel.shape[-2:]
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
    """
    image = as_array(image, "image", (2, 3, 4), "a 2-D array (H, W) or a stack (N, H, W)")
    kernel = as_array(kernel, "kernel", (2, 3), "a 2-D array (k, k) or a stack (F, k, k)",
                      hint="load_feature('diagonal') gives one")
    stride = as_int(stride, "stride", 1)
    padding = as_int(padding, "padding", 0)
    _check_kernel_fits(image, kernel, padding)
    kh, kw = kernel.shape[-2:]
    kernels = kernel.reshape(-1, kh * kw) / (kh * kw)       # (F, kh*kw)
    x = pad(image, padding)
    lead, (h, w) = x.shape[:-2], x.shape[-2:]
    ho, wo = (h - kh) // stride + 1, (w - kw) // stride + 1
    if kernel.ndim == 2:   # one feature: a dot product with every window view
        return np.einsum("...ij,ij->...", windows(x, kh, kw, stride), kernel) / (kh * kw)
    # im2col with the images on the last axis, so every copy below is of
    # contiguous runs: cols[a*kw + b, i, j, n] = x[n, i*stride + a, j*stride + b].
    # The loop runs over the kernel's kh*kw cells, never over positions.
    xt = np.ascontiguousarray(np.moveaxis(x.reshape(-1, h, w), 0, -1))  # (H, W, N)
    cols = _workspace((kh * kw, ho, wo, xt.shape[-1]))
    for a in range(kh):
        for b in range(kw):
            cols[a * kw + b] = xt[a:a + stride * (ho - 1) + 1:stride,
                                  b:b + stride * (wo - 1) + 1:stride]
    maps = kernels @ cols.reshape(kh * kw, -1)              # (F, H'*W'*N), a fresh array
    maps = np.moveaxis(maps.reshape(-1, ho, wo, xt.shape[-1]), -1, 0)  # (N, F, H', W')
    return maps.reshape(*lead, -1, ho, wo)


_WORKSPACES = {}


def _workspace(shape):
    """A scratch array reused between calls of the same shape. Fresh large
    arrays cost page faults on every call; results never live in here."""
    if shape not in _WORKSPACES:
        if len(_WORKSPACES) > 16:
            _WORKSPACES.clear()
        _WORKSPACES[shape] = np.empty(shape)
    return _WORKSPACES[shape]


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
