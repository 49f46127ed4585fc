"""The exercise checks accept the right answer in every form and give the
right hint for each likely mistake (notebooks 00-05, and the shared check_array)."""
import numpy as np

import cnnlib
import cnnlib as c
from cnnlib import exercises as ex
from cnnlib.exercises import check_array, check_relu_pool, check_stack_shapes, check_vote

EXPECTED = np.array([[0.77, -0.11], [0.33, 1.0]])


def test_correct_answer():
    fb = check_array(EXPECTED.copy(), EXPECTED)
    assert fb.correct and "Correct" in fb


def test_wrong_shape_off_by_one():
    fb = check_array(np.zeros((3, 2)), EXPECTED)
    assert not fb.correct and "(3, 2)" in fb and "Off by one" in fb


def test_wrong_sign():
    fb = check_array(-EXPECTED, EXPECTED)
    assert not fb.correct and "wrong sign" in fb


def test_sum_instead_of_mean():
    fb = check_array(EXPECTED * 9, EXPECTED, mean_of=9)
    assert not fb.correct and "mean" in fb


def test_some_values_wrong():
    got = EXPECTED.copy()
    got[0, 0] = 0.5
    fb = check_array(got, EXPECTED)
    assert not fb.correct and "1 of 4" in fb


def test_not_numbers():
    fb = check_array("seven", EXPECTED)
    assert not fb.correct and "numbers" in fb


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


MAP = np.array([[0.5, -0.2, -0.3, -0.1],
                [0.1, 0.3, -0.4, -0.2],
                [-0.6, 0.2, 0.9, -0.1],
                [-0.3, -0.5, 0.4, 0.0]])


def test_relu_pool_right_answer():
    fb = check_relu_pool([[0.5, 0.0], [0.2, 0.9]], MAP)
    assert fb.correct, fb


def test_relu_pool_hints():
    assert "absolute value" in check_relu_pool(c.max_pool(np.abs(MAP)), MAP)
    assert "before ReLU" in check_relu_pool(c.max_pool(MAP), MAP)
    assert "Now pool it" in check_relu_pool(c.relu(MAP), MAP)
    fb = check_relu_pool([[0.5, 0.0], [0.2, 0.8]], MAP)
    assert not fb.correct and "1 of 4" in fb


def test_stack_shapes_right_answer():
    fb = check_stack_shapes([(1, 9, 9), (3, 7, 7), (3, 4, 4), (3, 2, 2), (3, 1, 1)],
                            ["filter", "pool"], repeats=2)
    assert fb.correct, fb


def test_stack_shapes_hints():
    fb = check_stack_shapes([(1, 9, 9), (3, 7, 7), (3, 3, 3)], ["filter", "pool"])
    assert not fb.correct and "partial edge window" in fb and "(3, 4, 4)" in fb
    fb = check_stack_shapes([(1, 9, 9), (3, 9, 9), (3, 5, 5)], ["filter", "pool"])
    assert not fb.correct and "one cell off each side" in fb
    fb = check_stack_shapes([(1, 9, 9), (1, 7, 7), (1, 4, 4)], ["filter", "pool"])
    assert not fb.correct and "as many maps as features" in fb
    fb = check_stack_shapes([(1, 9, 9), (3, 7, 7)], ["filter", "pool"])
    assert not fb.correct and "There should be 3 shapes" in fb
    fb = check_stack_shapes("3x7x7", ["filter"])
    assert not fb.correct and "list of shapes" in fb


def test_vote_right_answer_and_hints():
    v, w = [1.0, 0.5, 0.0], [1.0, 2.0, 1.0]
    assert check_vote(0.5, v, w).correct
    assert "weighted sum" in check_vote(2.0, v, w)
    assert "plain mean" in check_vote(0.5, [1.0, 0.5, 0.0], [3.0, 0.0, 1.0])
    assert "number of values" in check_vote(2.0 / 3, v, w)
    assert not check_vote("half", v, w).correct


def test_augmented_count_check():
    from cnnlib.exercises import check_augmented_count
    assert check_augmented_count(75, 5, 3).correct
    assert not check_augmented_count(None, 5, 3).correct
    assert "only the shifted copies" in check_augmented_count(60, 5, 3)
    assert "just the drawings" in check_augmented_count(15, 5, 3)
    assert not check_augmented_count(74, 5, 3).correct


def test_recall_check():
    from cnnlib.exercises import check_recall
    m = np.array([[8, 2, 0], [1, 9, 0], [3, 0, 7]])
    assert check_recall(0.8, m, 0).correct
    assert "column" in check_recall(8 / 12, m, 0)
    assert "count" in check_recall(8, m, 0)
    assert not check_recall(None, m, 0).correct and not check_recall(0.5, m, 0).correct
