"""Property tests: the vectorised maths agrees with plain nested loops."""
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import cnnlib as c


def loop_convolve(image, kernel, stride, padding):
    h, w = image.shape
    kh, kw = kernel.shape
    padded = np.zeros((h + 2 * padding, w + 2 * padding))
    padded[padding:padding + h, padding:padding + w] = image
    ho = (h + 2 * padding - kh) // stride + 1
    wo = (w + 2 * padding - kw) // stride + 1
    out = np.zeros((ho, wo))
    for i in range(ho):
        for j in range(wo):
            total = 0.0
            for a in range(kh):
                for b in range(kw):
                    total += padded[i * stride + a, j * stride + b] * kernel[a, b]
            out[i, j] = total / (kh * kw)
    return out


def loop_max_pool(m, size, stride, padding, keep_edges):
    h, w = m.shape
    padded = np.zeros((h + 2 * padding, w + 2 * padding))
    padded[padding:padding + h, padding:padding + w] = m
    H, W = padded.shape

    def starts(n):
        # Step the window along; with keep_edges, add one more (partial)
        # window while the last one has not reached the edge yet.
        out, i = [0], 0
        while i + stride + size <= n or (keep_edges and i + size < n and i + stride < n):
            i += stride
            out.append(i)
        return out if (keep_edges or size <= n) else []

    return np.array([[padded[i:i + size, j:j + size].max() for j in starts(W)]
                     for i in starts(H)])


@st.composite
def conv_case(draw):
    h = draw(st.integers(1, 12))
    w = draw(st.integers(1, 12))
    padding = draw(st.integers(0, 3))
    kh = draw(st.integers(1, h + 2 * padding))
    kw = draw(st.integers(1, w + 2 * padding))
    stride = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return rng.normal(size=(h, w)), rng.normal(size=(kh, kw)), stride, padding


@settings(max_examples=150, deadline=None)
@given(conv_case())
def test_convolve_matches_loops(case):
    image, kernel, stride, padding = case
    got = c.convolve(image, kernel, stride, padding)
    np.testing.assert_allclose(got, loop_convolve(image, kernel, stride, padding), atol=1e-12)
    h, w = image.shape
    kh, kw = kernel.shape
    assert got.shape == (math.floor((h + 2 * padding - kh) / stride) + 1,
                         math.floor((w + 2 * padding - kw) / stride) + 1)


@settings(max_examples=60, deadline=None)
@given(conv_case(), st.integers(1, 4))
def test_kernel_stack_and_image_batch_match_single_calls(case, n_features):
    image, kernel, stride, padding = case
    rng = np.random.default_rng(0)
    kernels = np.stack([kernel] + [rng.normal(size=kernel.shape) for _ in range(n_features - 1)])
    images = np.stack([image, -image])
    got = c.convolve(images, kernels, stride, padding)
    for n in range(2):
        for f in range(n_features):
            np.testing.assert_allclose(got[n, f], c.convolve(images[n], kernels[f], stride, padding),
                                       atol=1e-12)


@st.composite
def pool_case(draw):
    h = draw(st.integers(1, 12))
    w = draw(st.integers(1, 12))
    size = draw(st.integers(1, 4))
    stride = draw(st.integers(1, 4))
    padding = draw(st.integers(0, 2))
    keep = draw(st.booleans())
    if not keep:
        size = min(size, h + 2 * padding, w + 2 * padding)
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).normal(size=(h, w)), size, stride, padding, keep


@settings(max_examples=200, deadline=None)
@given(pool_case())
def test_max_pool_matches_loops(case):
    m, size, stride, padding, keep = case
    got = c.max_pool(m, size, stride, padding, keep)
    want = loop_max_pool(m, size, stride, padding, keep)
    np.testing.assert_array_equal(got, want)
    assert got.shape == (c.pool_size(m.shape[0], size, stride, padding, keep),
                         c.pool_size(m.shape[1], size, stride, padding, keep))


@settings(max_examples=100, deadline=None)
@given(pool_case())
def test_relu_and_max_pool_commute(case):
    m, size, stride, padding, keep = case
    np.testing.assert_array_equal(c.relu(c.max_pool(m, size, stride, padding, keep)),
                                  c.max_pool(c.relu(m), size, stride, padding, keep))


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_grid_text_round_trip(seed):
    grid = np.where(np.random.default_rng(seed).random((9, 9)) > 0.5, 1.0, -1.0)
    np.testing.assert_array_equal(c.parse_grid(c.format_grid(grid)), grid)
