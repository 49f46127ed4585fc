"""The layers: gradient checks against centred finite differences, and the
forward passes against plain loops and the lecture's own maths."""
import numpy as np
import pytest
from helpers import TOL, numeric_gradient, rel_error
from hypothesis import given, settings
from hypothesis import strategies as st

import cnnlib as c
from cnnlib import layers as L
from cnnlib.pooling import window_max


def away_from_zero(rng, shape, gap=1e-3):
    """Random values with |v| > gap, so ReLU's kink is never crossed by h."""
    v = rng.normal(size=shape)
    return np.where(np.abs(v) < gap, gap * 2 * np.sign(v + 1e-12), v)


# --- convolution --------------------------------------------------------------

def conv_loop(x, w, b, stride, padding):
    """The definition, one output cell at a time."""
    n, ch, h, wd = x.shape
    f, _, k, _ = w.shape
    xp = np.pad(x, [(0, 0), (0, 0), (padding, padding), (padding, padding)])
    ho, wo = (h + 2 * padding - k) // stride + 1, (wd + 2 * padding - k) // stride + 1
    out = np.zeros((n, f, ho, wo))
    for i in range(n):
        for j in range(f):
            for r in range(ho):
                for s in range(wo):
                    win = xp[i, :, r * stride:r * stride + k, s * stride:s * stride + k]
                    out[i, j, r, s] = np.sum(win * w[j]) + b[j]
    return out


CONV_CASES = [  # (N, C, H, W, F, k, stride, padding)
    (2, 1, 5, 5, 3, 3, 1, 0),
    (2, 3, 6, 5, 2, 3, 2, 1),
    (3, 2, 7, 7, 4, 2, 1, 2),
    (1, 4, 5, 6, 3, 3, 3, 1),
    (2, 2, 4, 4, 2, 1, 1, 0),
]


@pytest.mark.parametrize("n,ch,h,wd,f,k,stride,padding", CONV_CASES)
def test_conv_forward_matches_the_loop(n, ch, h, wd, f, k, stride, padding):
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=(n, ch, h, wd)), rng.normal(size=(f, ch, k, k)), rng.normal(size=f)
    out, _ = L.conv_forward(x, w, b, stride, padding)
    np.testing.assert_allclose(out, conv_loop(x, w, b, stride, padding), atol=1e-12)


@pytest.mark.parametrize("n,ch,h,wd,f,k,stride,padding", CONV_CASES)
def test_conv_gradients(n, ch, h, wd, f, k, stride, padding):
    rng = np.random.default_rng(2)
    x, w, b = rng.normal(size=(n, ch, h, wd)), rng.normal(size=(f, ch, k, k)), rng.normal(size=f)
    out, cache = L.conv_forward(x, w, b, stride, padding)
    r = rng.normal(size=out.shape)                # loss = sum(out * r), so dout = r
    dx, dw, db = L.conv_backward(r, cache)
    loss = lambda: np.sum(L.conv_forward(x, w, b, stride, padding)[0] * r)
    assert rel_error(dx, numeric_gradient(loss, x)) < TOL
    assert rel_error(dw, numeric_gradient(loss, w)) < TOL
    assert rel_error(db, numeric_gradient(loss, b)) < TOL
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape
    skipped, dw_again, db_again = L.conv_backward(r, cache, input_gradient=False)
    assert skipped is None
    np.testing.assert_array_equal(dw_again, dw)
    np.testing.assert_array_equal(db_again, db)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 3), ch=st.integers(1, 3), h=st.integers(1, 8), wd=st.integers(1, 8),
       f=st.integers(1, 3), k=st.integers(1, 4), stride=st.integers(1, 3),
       padding=st.integers(0, 2), seed=st.integers(0, 2**16))
def test_conv_forward_matches_the_loop_on_random_shapes(n, ch, h, wd, f, k, stride, padding, seed):
    if k > min(h, wd) + 2 * padding:
        return
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(n, ch, h, wd)), rng.normal(size=(f, ch, k, k)), rng.normal(size=f)
    out, cache = L.conv_forward(x, w, b, stride, padding)
    np.testing.assert_allclose(out, conv_loop(x, w, b, stride, padding), atol=1e-12)
    dx, dw, db = L.conv_backward(np.ones_like(out), cache)
    assert dx.shape == x.shape and dw.shape == w.shape
    np.testing.assert_allclose(db, np.full(f, out[0, 0].size * n))


def test_a_conv_layers_workspace_is_its_own_and_survives_predictions():
    """The training pass's scratch belongs to the Conv layer: a prediction in
    between, or another layer's training pass of the same shapes, leaves the
    cache as it was; the layer's next training pass reuses the same array."""
    from cnnlib.network import Conv
    rng = np.random.default_rng(3)
    a, other = Conv("conv", 2, 3), Conv("conv2", 2, 3)
    p = {"conv_w": rng.normal(size=(2, 1, 3, 3)), "conv_b": np.zeros(2),
         "conv2_w": rng.normal(size=(2, 1, 3, 3)), "conv2_b": np.zeros(2)}
    x1, x2 = rng.normal(size=(4, 1, 6, 6)), rng.normal(size=(4, 1, 6, 6))
    out1, cache1 = a.forward(p, x1, True)
    dx_alone, grads_alone = a.backward(p, np.ones_like(out1), cache1, True)
    _, cache1 = a.forward(p, x1, True)
    a.forward(p, x2, False)                              # a prediction: nothing kept
    other.forward(p, x2, True)                           # same shapes, another layer
    dx, grads = a.backward(p, np.ones_like(out1), cache1, True)
    np.testing.assert_array_equal(dx, dx_alone)
    np.testing.assert_array_equal(grads["conv_w"], grads_alone["conv_w"])
    assert a.forward(p, x2, True)[1][5] is cache1[5]    # the same cols array, reused


def test_a_workspace_keeps_one_array_per_role_and_none_past_its_limit():
    from cnnlib.filtering import Workspace
    ws = Workspace(limit=1000)
    first = ws.array("cols", (5, 5))
    assert ws.array("cols", (5, 5)) is first and ws.array("dcols", (5, 5)) is not first
    assert ws.array("cols", (5, 5), np.float32) is not first           # a new dtype: made anew
    big = ws.array("cols", (20, 20))                                    # 3,200 bytes
    assert big.shape == (20, 20) and ws.array("cols", (20, 20)) is not big
    assert "cols" not in ws.arrays


def test_conv_with_mean_scaled_features_is_the_lecture_filtering():
    x, features = c.load_grid("x"), c.load_features()
    out, _ = L.conv_forward(x[None, None], features[:, None] / 9, np.zeros(3))
    np.testing.assert_allclose(out[0], c.convolve(x, features), atol=1e-12)


def test_conv_keeps_float32():
    x = np.ones((2, 1, 5, 5), np.float32)
    out, cache = L.conv_forward(x, np.ones((2, 1, 3, 3), np.float32), np.zeros(2, np.float32))
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in L.conv_backward(np.ones_like(out), cache))


@pytest.mark.parametrize("call,words", [
    (lambda: L.conv_forward(np.ones((1, 2, 5, 5)), np.ones((3, 1, 3, 3)), np.zeros(3)),
     ["2 channel", "C = 2"]),
    (lambda: L.conv_forward(np.ones((1, 1, 5, 5)), np.ones((3, 1, 3, 3)), np.zeros(2)),
     ["F = 3"]),
    (lambda: L.conv_forward(np.ones((5, 5)), np.ones((3, 1, 3, 3)), np.zeros(3)),
     ["x", "4-D", "2-D"]),
    (lambda: L.conv_forward(np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3)), np.zeros(1)),
     ["3x3", "2x2", "padding"]),
    (lambda: L.fc_forward(np.ones((2, 3)), np.ones((4, 2)), np.zeros(2)), ["x (2, 3)", "w (4, 2)"]),
    (lambda: L.softmax_cross_entropy(np.ones((2, 3)), [0]), ["labels", "(2,)"]),
])
def test_layers_reject_shapes_that_do_not_fit(call, words):
    with pytest.raises(ValueError) as err:
        call()
    for word in words:
        assert word in str(err.value)


def test_conv_rejects_a_list():
    with pytest.raises(TypeError, match="x must be a numpy array"):
        L.conv_forward([[1.0]], np.ones((1, 1, 1, 1)), np.zeros(1))


# --- ReLU ---------------------------------------------------------------------

def test_relu_forward_and_gradient():
    rng = np.random.default_rng(4)
    x = away_from_zero(rng, (3, 2, 4, 4))
    out, cache = L.relu_forward(x)
    np.testing.assert_array_equal(out, np.where(x > 0, x, 0))
    r = rng.normal(size=x.shape)
    dx = L.relu_backward(r, cache)
    assert rel_error(dx, numeric_gradient(lambda: np.sum(L.relu_forward(x)[0] * r), x)) < TOL


# --- max pooling -----------------------------------------------------------------

# (H, W, size, stride): stride == size takes the tiled path, the others the loop
POOL_CASES = [(7, 7, 2, 2), (8, 6, 2, 2), (7, 5, 3, 3), (1, 5, 2, 2), (7, 5, 3, 2),
              (6, 6, 3, 3), (5, 7, 2, 1), (9, 9, 3, 2)]


@pytest.mark.parametrize("h,w,size,stride", POOL_CASES)
def test_maxpool_matches_the_lecture_pooling(h, w, size, stride):
    x = np.random.default_rng(5).normal(size=(2, 3, h, w))
    out, _ = L.maxpool_forward(x, size, stride)
    np.testing.assert_array_equal(out, c.max_pool(x, size, stride))


@settings(max_examples=40, deadline=None)
@given(h=st.integers(1, 9), w=st.integers(1, 9), size=st.integers(1, 4), stride=st.integers(1, 4),
       seed=st.integers(0, 2**16))
def test_maxpool_matches_the_lecture_pooling_on_random_shapes(h, w, size, stride, seed):
    x = np.random.default_rng(seed).normal(size=(2, 2, h, w))
    out, cache = L.maxpool_forward(x, size, stride)
    np.testing.assert_array_equal(out, c.max_pool(x, size, stride))
    np.testing.assert_array_equal(window_max(x, size, stride)[0], out)
    dx = L.maxpool_backward(np.ones_like(out), cache)
    # each window sends its one unit of gradient to a cell holding its max
    assert dx.sum() == out.size and set(np.unique(x[dx > 0])) <= set(np.unique(out))


@pytest.mark.parametrize("size,stride", [(2, 2), (3, 2), (3, 3)])
def test_maxpool_drops_partial_windows_when_asked(size, stride):
    x = np.random.default_rng(5).normal(size=(2, 1, 7, 8))
    out, cache = L.maxpool_forward(x, size, stride, keep_edges=False)
    np.testing.assert_array_equal(out, c.max_pool(x, size, stride, keep_edges=False))
    r = np.random.default_rng(6).normal(size=out.shape)
    dx = L.maxpool_backward(r, cache)
    numeric = numeric_gradient(lambda: np.sum(L.maxpool_forward(x, size, stride, False)[0] * r), x)
    assert rel_error(dx, numeric) < TOL


@pytest.mark.parametrize("h,w,size,stride", POOL_CASES)
def test_maxpool_gradients(h, w, size, stride):
    rng = np.random.default_rng(6)
    # distinct values spaced far more than h apart: no window's winner changes
    x = rng.permutation(2 * 3 * h * w).reshape(2, 3, h, w) * 0.01 + rng.normal(size=(2, 3, h, w)) * 1e-4
    out, cache = L.maxpool_forward(x, size, stride)
    r = rng.normal(size=out.shape)
    dx = L.maxpool_backward(r, cache)
    numeric = numeric_gradient(lambda: np.sum(L.maxpool_forward(x, size, stride)[0] * r), x)
    assert rel_error(dx, numeric) < TOL
    assert np.count_nonzero(dx) <= out.size   # only window winners get gradient


@pytest.mark.parametrize("stride", [1, 2])
def test_maxpool_gives_a_tie_to_one_cell_only(stride):
    x = np.ones((1, 1, 2, 2))
    out, cache = L.maxpool_forward(x, 2, stride)
    dx = L.maxpool_backward(np.ones_like(out), cache)
    assert dx.sum() == 1 and dx[0, 0, 0, 0] == 1


# --- fully connected and softmax ---------------------------------------------------

def test_fc_gradients():
    rng = np.random.default_rng(7)
    x, w, b = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    out, cache = L.fc_forward(x, w, b)
    np.testing.assert_allclose(out, x @ w + b)
    r = rng.normal(size=out.shape)
    dx, dw, db = L.fc_backward(r, cache)
    loss = lambda: np.sum(L.fc_forward(x, w, b)[0] * r)
    for analytic, value in ((dx, x), (dw, w), (db, b)):
        assert rel_error(analytic, numeric_gradient(loss, value)) < TOL


def test_softmax_cross_entropy_value_and_gradient():
    rng = np.random.default_rng(8)
    scores, labels = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    loss, dscores = L.softmax_cross_entropy(scores, labels)
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(5), labels])), rel=1e-12)
    numeric = numeric_gradient(lambda: L.softmax_cross_entropy(scores, labels)[0], scores)
    assert rel_error(dscores, numeric) < TOL


def test_softmax_cross_entropy_survives_huge_scores():
    loss, d = L.softmax_cross_entropy(np.array([[1000.0, -1000.0]]), [1])
    assert np.isfinite(loss) and loss > 100 and np.isfinite(d).all()


def test_sobel_is_the_textbook_edge_filter_halved():
    from cnnlib.filtering import sobel
    np.testing.assert_array_equal(2 * sobel(), [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(sobel("horizontal"), sobel().T)
    step = np.where(np.arange(9)[None, :] < 4, -1.0, 1.0).repeat(9, axis=0)  # dark | bright
    edges = c.convolve(step, sobel())
    assert edges.max() == pytest.approx(4 / 9) and np.isclose(edges[:, 0], 0).all()
    with pytest.raises(ValueError, match="direction"):
        sobel("diagonal")
