"""The exercise checker gives the right hint for each kind of mistake."""
import numpy as np

from cnnlib.exercises import check_array

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
