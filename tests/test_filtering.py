"""The filtering step as the explorer shows it, computed by the maths:
filtering_step, feature_map, output_size_formula, and relu_step."""
import itertools

import numpy as np
import pytest

import cnnlib as c
from cnnlib.activations import relu_step
from cnnlib.filtering import feature_map, filtering_step, output_size, output_size_formula

X, D = c.load_grid("x"), c.load_feature("diagonal")


def test_position_10_holds_the_window_its_products_and_the_map_so_far():
    step = filtering_step(X, D, 10)
    assert (step.row, step.col) == divmod(10, 7)
    window = X[step.row:step.row + 3, step.col:step.col + 3]
    np.testing.assert_array_equal(step.products, window * D)
    assert step.mean == pytest.approx(step.products.mean()) == pytest.approx(step.map_full[1, 3])
    assert step.total == step.products.sum()
    np.testing.assert_array_equal(step.map_full, c.convolve(X, D))
    shown = step.map_shown.ravel()
    assert not np.isnan(shown[:11]).any() and np.isnan(shown[11:]).all()


@pytest.mark.parametrize("stride, padding", list(itertools.product([1, 2, 3], [0, 1, 2])))
def test_the_formula_evaluates_to_the_maps_side_and_the_covered_rows_are_reached(stride, padding):
    step = filtering_step(X, D, 0, stride, padding)
    side = c.output_size(9, 3, stride, padding)
    assert step.map_full.shape == (side, side)
    formula = step.size_text.removeprefix("output size = ")
    left, right = formula.split(" = ")
    assert eval(left.replace("×", "*").replace("−", "-")) == int(right) == side
    assert step.padded.shape == (9 + 2 * padding,) * 2
    # the last window ends exactly at the covered edge
    assert step.covered[0] == (side - 1) * stride + 3 <= step.padded.shape[0]
    assert step.positions == side * side and step.last_position == side * side - 1


def test_a_position_past_the_end_is_the_last_and_a_negative_one_is_refused():
    assert filtering_step(X, D, 10 ** 6).position == 48
    with pytest.raises(ValueError, match="position"):
        filtering_step(X, D, -1)
    with pytest.raises(ValueError, match="image"):
        filtering_step(np.ones((2, 9, 9)), D)


def test_output_size_formula_reads_as_the_lecture_writes_it():
    assert output_size_formula(9, 3) == "(9 + 2×0 − 3) // 1 + 1 = 7"
    assert output_size_formula(9, 3, 2, 1) == "(9 + 2×1 − 3) // 2 + 1 = 5"


def test_feature_map_and_relu_step_are_the_lectures_map_before_and_after_relu():
    m = feature_map(X, D)
    np.testing.assert_array_equal(m, c.convolve(X, D))
    before, after = relu_step(X, D)
    np.testing.assert_array_equal(before, m)
    np.testing.assert_array_equal(after, c.relu(m))
    assert (after == 0).sum() == (m <= 0).sum() > 0
    with pytest.raises(ValueError, match="kernel"):
        feature_map(X, c.load_features())


def test_the_28_by_28_reveal_of_notebook_01():
    """01's reveal: a 5x5 feature on a 28x28 picture gives a 24x24 map, and
    padding 2 ((k - 1) / 2) keeps it 28x28."""
    assert output_size(28, 5) == 24 and output_size(28, 5, padding=2) == 28
    assert [output_size(28, k, padding=(k - 1) // 2) for k in (3, 5, 7)] == [28, 28, 28]
