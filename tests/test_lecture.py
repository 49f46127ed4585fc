"""The lecture's published numbers, reproduced exactly."""
import numpy as np
import pytest

import cnnlib as c

# The lecture's 7x7 map for the X filtered with the diagonal feature, as it is
# printed on the slide (truncated to two decimals).
LECTURE_MAP = """\
 .77 -.11  .11  .33  .55 -.11  .33
-.11 1.00 -.11  .33 -.11  .11 -.11
 .11 -.11 1.00 -.33  .11 -.11  .55
 .33  .33 -.33  .55 -.33  .33  .33
 .55 -.11  .11 -.33 1.00 -.11  .11
-.11  .11 -.11  .33 -.11 1.00 -.11
 .33 -.11  .55  .33  .11 -.11  .77"""


def lecture_x():
    x = -np.ones((9, 9))
    for i in range(1, 8):
        x[i, i] = x[i, 8 - i] = 1
    return x


def test_x_grid_is_the_lectures_x():
    np.testing.assert_array_equal(c.load_grid("x"), lecture_x())


def test_features_are_the_lectures():
    d = np.array([[1, -1, -1], [-1, 1, -1], [-1, -1, 1]], float)
    np.testing.assert_array_equal(c.load_feature("diagonal"), d)
    np.testing.assert_array_equal(c.load_feature("antidiagonal"), d[:, ::-1])
    np.testing.assert_array_equal(c.load_feature("cross"),
                                  [[1, -1, 1], [-1, 1, -1], [1, -1, 1]])


def test_o_is_a_ring():
    o = c.load_grid("o")
    assert o.shape == (9, 9)
    assert set(np.unique(o)) == {-1.0, 1.0}
    np.testing.assert_array_equal(o, o[::-1])        # symmetric top/bottom
    np.testing.assert_array_equal(o, o[:, ::-1])     # and left/right
    assert o[4, 4] == -1 and o[0].max() == -1         # hollow, with a margin


def test_acceptance_map_printed_the_lectures_way():
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    assert m.shape == (7, 7)
    assert c.format_map(m) == LECTURE_MAP


def test_acceptance_map_exact_ninths():
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    ninths = m * 9
    np.testing.assert_allclose(ninths, np.round(ninths), atol=1e-12)
    assert m[0, 0] == pytest.approx(7 / 9) and m[0, 4] == pytest.approx(5 / 9)


def test_truncated_versus_rounded():
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    rounded = c.format_map(m, mode="round").splitlines()
    assert rounded[0].split()[0] == ".78" and rounded[0].split()[4] == ".56"
    assert c.format_map(m).splitlines()[0].split()[0] == ".77"


def test_relu_then_default_pool_gives_the_lectures_4x4():
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    pooled = c.max_pool(c.relu(m))
    assert pooled.shape == (4, 4)
    assert c.format_map(pooled).splitlines()[0].split() == ["1.00", ".33", ".55", ".33"]
    # The pooled X keeps its strong diagonal.
    np.testing.assert_allclose(np.diag(pooled)[:3], 1.0)


def test_dropping_edges_pools_7x7_to_3x3():
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    assert c.max_pool(m, keep_edges=False).shape == (3, 3)
    np.testing.assert_array_equal(c.max_pool(m, keep_edges=False), c.max_pool(m)[:3, :3])


def test_three_features_give_three_maps_and_mirror_each_other():
    maps = c.convolve(c.load_grid("x"), c.load_features())
    assert maps.shape == (3, 7, 7)
    # The X is symmetric left-right, so the antidiagonal map mirrors the diagonal one.
    np.testing.assert_allclose(maps[2], maps[0][:, ::-1])
    assert maps[1][3, 3] == pytest.approx(1.0)       # the cross sits at the centre


@pytest.mark.parametrize("n,k,stride,padding,expected", [
    (9, 3, 1, 0, 7), (9, 3, 2, 0, 4), (9, 3, 1, 1, 9), (9, 3, 3, 0, 3),
    (9, 3, 2, 1, 5), (9, 9, 1, 0, 1), (5, 7, 1, 1, 1),
])
def test_output_size_formula(n, k, stride, padding, expected):
    assert c.output_size(n, k, stride, padding) == expected
    image = np.ones((n, n))
    assert c.convolve(image, np.ones((k, k)), stride, padding).shape == (expected, expected)


def test_padding_is_zero_and_shrinks_edge_values():
    x = c.load_grid("x")
    m = c.convolve(x, c.load_feature("diagonal"), padding=1)
    assert m.shape == (9, 9)
    # Top-left corner: only the 2x2 inside the image contributes, over 9 cells.
    expected = (x[:2, :2] * c.load_feature("diagonal")[1:, 1:]).sum() / 9
    assert m[0, 0] == pytest.approx(expected)


@pytest.mark.parametrize("n,expected", [(7, 4), (8, 4), (4, 2), (3, 2), (1, 1)])
def test_pool_size_keeps_partial_windows(n, expected):
    assert c.pool_size(n) == expected
    assert c.max_pool(np.ones((n, n))).shape == (expected, expected)


def test_window_products_mean_is_the_map_value():
    x, d = c.load_grid("x"), c.load_feature("diagonal")
    m = c.convolve(x, d, stride=2, padding=1)
    for r in range(m.shape[0]):
        for col in range(m.shape[1]):
            assert c.window_products(x, d, r, col, 2, 1).mean() == pytest.approx(m[r, col])


def test_vote_is_weighted_average():
    maps = np.arange(12.0).reshape(3, 2, 2) / 12
    w_x = np.zeros(12); w_x[[0, 5]] = 1
    w_o = np.ones(12)
    votes = c.vote(maps, {"x": w_x, "o": w_o})
    assert votes["x"] == pytest.approx((0 + 5) / 12 / 2)
    assert votes["o"] == pytest.approx(maps.mean())
    assert c.winner(votes) == "o"


def test_vote_on_a_batch():
    maps = np.random.default_rng(0).random((5, 3, 2, 2))
    w = np.random.default_rng(1).random((3, 2, 2))
    votes = c.vote(maps, {"x": w})
    assert votes["x"].shape == (5,)
    assert votes["x"][2] == pytest.approx(c.vote(maps[2], {"x": w})["x"])


def test_pipeline_votes_x_for_x_and_o_for_o():
    feats = c.load_features()

    def final(img):
        return c.max_pool(c.relu(c.convolve(img, feats)))

    fx, fo = final(c.load_grid("x")), final(c.load_grid("o"))
    # Weights: listen to where the X's pooled maps are strong, and the O's.
    votes_x = c.vote(fx, {"x": fx, "o": fo})
    votes_o = c.vote(fo, {"x": fx, "o": fo})
    assert c.winner(votes_x) == "x" and c.winner(votes_o) == "o"


def test_format_value_edge_cases():
    from cnnlib.formatting import format_value
    assert format_value(1.0) == "1.00"
    assert format_value(-1 / 9) == "-.11"
    assert format_value(-0.001) == ".00"
    assert format_value(0.29) == ".29"
    assert format_value(2 / 3, mode="round") == ".67"


def test_padding_evens_out_how_often_each_pixel_is_seen():
    """Issue 9, point 10: without padding a corner pixel of the 9x9 picture is in
    1 of the 49 windows of a 3x3 feature and a central one in 9; padding 1 puts
    the corner in 4, padding 2 puts every pixel in 9."""
    from cnnlib.filtering import window_counts
    plain = window_counts(9, 3)
    assert plain[0, 0] == 1 and plain[4, 4] == 9 and plain.sum() == 49 * 9
    assert window_counts(9, 3, padding=1)[0, 0] == 4
    assert (window_counts(9, 3, padding=2) == 9).all()
