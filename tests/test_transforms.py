"""Transformed grids: shapes, values, and the obvious invariants."""
import numpy as np
import pytest

import cnnlib as c
from cnnlib import transforms as t

X = c.load_grid("x")


def test_shift_moves_the_stroke_and_back():
    moved = t.shift(X, 1, -1)
    np.testing.assert_array_equal(moved[2:, :-2], X[1:-1, 1:-1])
    np.testing.assert_array_equal(t.shift(moved, -1, 1)[1:-1, 1:-1], X[1:-1, 1:-1])


def test_shift_off_the_grid_leaves_background():
    np.testing.assert_array_equal(t.shift(X, 9, 0), -np.ones((9, 9)))


def test_rotating_the_x_by_90_gives_the_x_and_by_0_is_identity():
    np.testing.assert_array_equal(t.rotate(X, 90), X)
    np.testing.assert_array_equal(t.rotate(X, 0), X)
    np.testing.assert_array_equal(t.rotate(c.load_grid("plus"), 90), c.load_grid("plus"))


def test_rotate_keeps_plus_minus_one():
    assert set(np.unique(t.rotate(X, 17))) <= {-1.0, 1.0}


def test_scale_shrinks_the_stroke_and_keeps_the_centre():
    small = t.scale(X, 0.6)
    assert (small == 1).sum() < (X == 1).sum()
    assert small[4, 4] == 1


def test_thicken_and_thin():
    thick = t.thicken(X)
    assert ((thick == 1) >= (X == 1)).all() and (thick == 1).sum() > (X == 1).sum()
    assert (t.thin(X) == 1).sum() == 0          # one-pixel strokes vanish
    np.testing.assert_array_equal(t.thicken(X, 0), X)


def test_flip_pixels_flips_exactly_count_and_is_seeded():
    a = t.flip_pixels(X, 5, np.random.default_rng(3))
    b = t.flip_pixels(X, 5, np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    assert (a != X).sum() == 5


def test_add_noise_is_grey_and_bounded():
    g = t.add_noise(X, 0.3, np.random.default_rng(0))
    assert g.min() >= -1 and g.max() <= 1 and len(np.unique(g)) > 2


def test_variants_are_all_9x9():
    for name, f in t.variants().items():
        assert f(X).shape == (9, 9), name


@pytest.mark.parametrize("call,error,word", [
    (lambda: t.shift(X, 1.5, 0), TypeError, "dy"),
    (lambda: t.rotate(X, "ten"), TypeError, "degrees"),
    (lambda: t.scale(X, 0), ValueError, "factor must be a number > 0"),
    (lambda: t.thicken(X, -1), ValueError, "steps"),
    (lambda: t.flip_pixels(X, 100, np.random.default_rng(0)), ValueError, "81 pixels"),
    (lambda: t.flip_pixels(X, 3, 42), TypeError, "default_rng"),
    (lambda: t.add_noise(X, -0.1, np.random.default_rng(0)), ValueError, "sigma"),
    (lambda: t.shift(np.ones(9), 1, 1), ValueError, "grid"),
])
def test_bad_input(call, error, word):
    with pytest.raises(error, match=word):
        call()
