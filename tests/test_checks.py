"""The shared checkers: one per kind of input, each with one behaviour."""
import numpy as np
import pytest

from cnnlib._checks import as_float, as_int, as_model, as_rng, as_seed, describe


def test_whole_numbers_accept_numpy_ints_and_reject_bools_and_floats():
    assert as_int(np.int64(3), "n", 1) == 3 and type(as_int(np.int32(3), "n")) is int
    for bad in (True, np.True_, 3.0, "3", None):
        with pytest.raises(TypeError, match="n must be an integer"):
            as_int(bad, "n", 1)
    with pytest.raises(ValueError, match="n must be an integer >= 1 and <= 5, got 6; count"):
        as_int(6, "n", 1, 5, hint="count")


def test_real_numbers_are_finite_and_in_their_range():
    assert as_float(np.float32(0.5), "x", 0, 1) == 0.5 and as_float(2, "x") == 2.0
    for bad in (True, "0.5", None, [1]):
        with pytest.raises(TypeError, match="x must be a number"):
            as_float(bad, "x")
    for bad in (np.nan, np.inf):
        with pytest.raises(ValueError, match="x must be a finite number"):
            as_float(bad, "x")
    with pytest.raises(ValueError, match="x must be a number > 0, got 0"):
        as_float(0, "x", above=0)
    with pytest.raises(ValueError, match="x must be a number >= 0 and <= 1, got 1.5"):
        as_float(1.5, "x", 0, 1)


def test_randomness_is_a_generator_or_a_seed():
    rng = np.random.default_rng(0)
    assert as_rng(rng) is rng and as_seed(np.int64(4)) == 4
    with pytest.raises(TypeError, match="default_rng"):
        as_rng(0)
    with pytest.raises(ValueError, match="seed"):
        as_seed(-1)


def test_a_model_is_anything_with_the_methods_needed():
    class Model:
        def probabilities(self, grids):
            return grids
    m = Model()
    assert as_model(m) is m
    with pytest.raises(TypeError, match="model must be a model with probabilities, input_gradient"):
        as_model(m, needs=("probabilities", "input_gradient"))


def test_describe_is_short():
    assert describe(np.zeros((2, 3))) == "a 2-D array of shape (2, 3)"
    assert len(describe("x" * 100)) < 60
