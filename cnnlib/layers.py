"""The layers of a trainable CNN, each a forward and a backward function side by side.

cs231n style: `*_forward(...) -> (out, cache)` and `*_backward(dout, cache) ->
gradients`, where dout is d loss / d out and every gradient has the shape of
the thing it is the gradient of. Arrays carry a batch of N images on the first
axis: x (N, C, H, W) is N images of C channels. Everything is vectorised: the
only Python loops run over the cells of a kernel or a pooling window, never
over positions or images.

Notation: the notebooks say *feature* and *map*; here a feature is a row of
w (F, C, k, k) and a map is out[n, f]. `d<name>` is d loss / d <name>.
"""
import numpy as np

from cnnlib._checks import need_array
from cnnlib.filtering import correlate, pad
from cnnlib.pooling import cell_views, pooled_shape, window_max


# --- convolution -------------------------------------------------------------

def conv_forward(x, w, b, stride=1, padding=0, workspace=None):
    """A learned convolution layer: for every feature and position, the SUM of
    the element-wise products of the feature and the window, plus a bias.

    The lecture's filtering takes the MEAN of the products (divide by C*k*k)
    and has no bias. A learned layer uses the sum because the division is just
    a fixed rescaling of w that training absorbs: conv_forward(x, w / (C*k*k), 0)
    equals the lecture's map (see tests/test_layers.py).

    x: (N, C, H, W) images; w: (F, C, k, k) features; b: (F,) biases.
    Returns out (N, F, H', W') with H' = 1 + (H + 2*padding - k) // stride
    (likewise W'), and a cache for conv_backward. Zero padding, no kernel flip.
    workspace: a cnnlib.filtering.Workspace its owner keeps for these passes
    (None: fresh arrays); the cache holds its "cols" array, valid until the
    owner's next conv_forward with the same workspace.
    """
    need_array(x, "x", (4,), "(N, C, H, W)")
    need_array(w, "w", (4,), "(F, C, k, k)")
    need_array(b, "b", (1,), "(F,)")
    n, c, h, wd = x.shape
    f, cw, kh, kw = w.shape
    if cw != c or b.shape[0] != f:
        raise ValueError(f"shapes do not fit: x has {c} channel(s), w is {w.shape} "
                         f"(F, C, k, k) and b is {b.shape}; w needs C = {c} and b needs F = {f}")
    if kh > h + 2 * padding or kw > wd + 2 * padding:
        raise ValueError(f"the {kh}x{kw} feature does not fit the {h}x{wd} image "
                         f"with padding {padding}; use more padding or a smaller feature")
    xp = pad(x, padding)
    out, cols = correlate(xp, w, b, stride, workspace)  # cols: (N, C*k*k + 1, H'*W')
    cache = (xp.shape, w, stride, padding, (h, wd), cols)
    return out, cache


def conv_backward(dout, cache, input_gradient=True, workspace=None):
    """Gradients of conv_forward.

    dout: (N, F, H', W'). Returns dx (N, C, H, W), dw (F, C, k, k), db (F,).
    input_gradient=False skips dx (returned as None): a first layer's input
    gradient is not needed for training, only for attacks on the input.
    workspace: the Workspace conv_forward was given (None: fresh arrays).
    """
    xp_shape, w, stride, padding, (h, wd), cols = cache
    f, c, kh, kw = w.shape
    n = xp_shape[0]
    ho, wo = _out_side(xp_shape, kh, kw, stride)
    if dout.shape != (n, f, ho, wo):
        raise ValueError(f"dout must have the shape of conv_forward's output "
                         f"{(n, f, ho, wo)}, got {dout.shape}")
    dtype = cols.dtype
    d = dout.reshape(n, f, ho * wo).astype(dtype, copy=False)
    # d loss / d [w b] = sum over images of dout @ cols.T; the bias's column
    # comes from the row of ones.
    dwb = np.matmul(d, cols.transpose(0, 2, 1)).sum(axis=0)         # (F, C*k*k + 1)
    dw, db = dwb[:, :-1].reshape(w.shape), dwb[:, -1].copy()
    if not input_gradient:
        return None, dw, db
    wt = w.reshape(f, -1).T.astype(dtype, copy=False)                # (C*k*k, F)
    shape = (n, c * kh * kw, ho * wo)
    dcols = np.matmul(wt, d, out=np.empty(shape, dtype) if workspace is None
                      else workspace.array("dcols", shape, dtype))
    dcols = dcols.reshape(n, c, kh, kw, ho, wo)
    dxp = np.zeros(xp_shape, dtype=dtype)
    for a in range(kh):              # a loop over the kernel's cells only
        for b in range(kw):
            dxp[:, :, a:a + stride * (ho - 1) + 1:stride,
                b:b + stride * (wo - 1) + 1:stride] += dcols[:, :, a, b]
    dx = dxp[:, :, padding:padding + h, padding:padding + wd] if padding else dxp
    return dx, dw, db


def _out_side(xp_shape, kh, kw, stride):
    return (xp_shape[2] - kh) // stride + 1, (xp_shape[3] - kw) // stride + 1


# --- ReLU --------------------------------------------------------------------

def relu_forward(x):
    """max(x, 0) elementwise, any shape. Returns out (same shape), cache."""
    out = np.maximum(x, 0)
    return out, out


def relu_backward(dout, cache):
    """dx = dout where the input was positive, else 0. Same shape as dout."""
    return dout * (cache > 0)


# --- max pooling ---------------------------------------------------------------

def maxpool_forward(x, size=2, stride=2, keep_edges=True):
    """Max pooling over the last two axes, as in the lecture.

    x: (N, C, H, W) -> out (N, C, H', W') with H' = pool_size(H, size, stride,
    keep_edges=keep_edges): keep_edges=True keeps the partial windows at the
    right and bottom edges (7x7 -> 4x4 with size 2, stride 2), like the lecture.
    """
    need_array(x, "x", (4,), "(N, C, H, W)")
    ho, wo = pooled_shape(x.shape, size, stride, keep_edges)
    out, which = window_max(x, size, stride, keep_edges, winners=True)
    grid_shape = x.shape[:-2] + ((ho - 1) * stride + size, (wo - 1) * stride + size)
    return out, (x.shape, grid_shape, which, size, stride)


def maxpool_backward(dout, cache):
    """dx: dout routed to the position that won each window, 0 elsewhere.
    (Ties go to the first cell in reading order.) dout (N, C, H', W') -> dx (N, C, H, W)."""
    shape, grid_shape, which, size, stride = cache
    dgrid = np.zeros(grid_shape, dtype=dout.dtype)
    ho, wo = which.shape[-2:]
    for cell, view in enumerate(cell_views(dgrid, ho, wo, size, stride)):
        view += np.where(which == cell, dout, 0)     # a loop over window cells only
    h, w = shape[-2:]
    hh, ww = min(h, grid_shape[-2]), min(w, grid_shape[-1])
    if (hh, ww) == (h, w):
        return dgrid[..., :h, :w]
    dx = np.zeros(shape, dtype=dout.dtype)            # keep_edges=False dropped a strip
    dx[..., :hh, :ww] = dgrid[..., :hh, :ww]
    return dx


# --- fully connected ----------------------------------------------------------

def fc_forward(x, w, b):
    """Fully connected: every output is a weighted sum of every input, plus a bias.

    x: (N, D) inputs match to rows of w; w: (D, M) outputs match to columns;
    b: (M,). Returns out (N, M) = x @ w + b, and a cache.
    """
    need_array(x, "x", (2,), "(N, D)")
    need_array(w, "w", (2,), "(D, M)")
    if x.shape[1] != w.shape[0] or b.shape != (w.shape[1],):
        raise ValueError(f"shapes do not fit: x {x.shape} (N, D), w {w.shape} (D, M), "
                         f"b {b.shape} (M,)")
    return x @ w + b, (x, w)


def fc_backward(dout, cache):
    """dout (N, M) -> dx (N, D), dw (D, M), db (M,)."""
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


# --- softmax and cross-entropy --------------------------------------------------

def softmax(scores):
    """Probabilities from scores, along the last axis: exp(s) / sum(exp(s))."""
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(scores, labels):
    """The mean over the batch of -log(probability of the right class).

    scores: (N, K); labels: (N,) ints in 0..K-1.
    Returns loss (a float) and dscores (N, K) = (probabilities - one_hot) / N.
    """
    need_array(scores, "scores", (2,), "(N, K)")
    labels = np.asarray(labels)
    n = scores.shape[0]
    if labels.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), one per row of scores, got {labels.shape}")
    p = softmax(scores)
    rows = np.arange(n)
    loss = -np.mean(np.log(np.maximum(p[rows, labels], 1e-300)))
    p[rows, labels] -= 1
    return float(loss), p / n
