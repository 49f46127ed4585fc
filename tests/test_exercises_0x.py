"""The exercise checks of notebooks 00-02 accept the right answer and give
the right hint for each likely mistake."""
import numpy as np

import cnnlib
from cnnlib import exercises as ex

X, O = cnnlib.load_grid("x"), cnnlib.load_grid("o")
D = cnnlib.load_feature("diagonal")
SMALL = np.array([[0.2, -0.5, 0.9, 0.1], [0.4, 0.3, -0.2, 0.6],
                  [-0.7, 0.8, 0.5, -0.1], [0.0, 0.1, -0.3, 0.2]])


def test_match_count():
    same = int((X == O).sum())
    assert ex.check_match_count(same, X, O).correct
    assert "differ" in ex.check_match_count(81 - same, X, O)
    assert "fraction" in ex.check_match_count(same / 81, X, O)
    assert not ex.check_match_count("many", X, O).correct


def test_window_mean():
    assert ex.check_window_mean(7 / 9, X, D, 0, 0).correct
    assert "sum" in ex.check_window_mean(7, X, D, 0, 0)
    image = np.where(np.random.default_rng(3).random((9, 9)) > 0.5, 1.0, -1.0)
    m = cnnlib.convolve(image, D)
    r, c = np.argwhere(~np.isclose(m, m.T))[0]
    assert "(col, row)" in ex.check_window_mean(m[c, r], image, D, r, c)
    assert not ex.check_window_mean(0.5, X, D, 0, 0).correct


def test_output_size():
    assert ex.check_output_size(7, 9, 3).correct
    assert ex.check_output_size(5, 9, 3, stride=2, padding=1).correct
    assert "One short" in ex.check_output_size(6, 9, 3)
    assert "both sides" in ex.check_output_size(4, 9, 3, stride=2, padding=1)
    assert "counts twice" in ex.check_output_size(9, 9, 3, padding=2)
    assert "Round down" in ex.check_output_size(4, 8, 3, stride=2)
    assert not ex.check_output_size(7.0, 9, 3).correct


def test_map():
    m = cnnlib.convolve(X, D)
    assert ex.check_map(m, X, D).correct
    assert "sum" in ex.check_map(m * 9, X, D)
    assert "Off by one" in ex.check_map(m[:6, :6], X, D)


def test_pooled():
    m = cnnlib.convolve(X, D)
    assert ex.check_pooled(cnnlib.max_pool(m), m).correct
    assert "dropped" in ex.check_pooled(cnnlib.max_pool(m, keep_edges=False), m)
    means = SMALL.reshape(2, 2, 2, 2).mean(axis=(1, 3))
    assert "means" in ex.check_pooled(means, SMALL)
    assert ex.check_pooled([[0.4, 0.9], [0.8, 0.5]], SMALL).correct


def test_pool_size():
    assert ex.check_pool_size(4, 7).correct
    assert "round up" in ex.check_pool_size(3, 7)
    assert ex.check_pool_size(3, 7, keep_edges=False).correct
    assert "round down" in ex.check_pool_size(4, 7, keep_edges=False)
    assert not ex.check_pool_size(9, 7).correct


def test_unanswered_cells_say_so():
    for fb in (ex.check_match_count(None, X, O), ex.check_window_mean(None, X, D, 0, 0),
               ex.check_output_size(None, 9, 3), ex.check_map(None, X, D),
               ex.check_pooled(None, SMALL), ex.check_pool_size(None, 7)):
        assert not fb.correct and "replace None" in fb
