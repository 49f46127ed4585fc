"""The shared checkers: one per kind of input, each with one behaviour."""
import numpy as np
import pytest

import cnnlib._checks as c
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


def test_a_choice_is_one_of_the_options_in_any_numeric_type_never_an_array_or_a_bool():
    assert c.as_choice(np.int64(2), "stride", [1, 2, 3]) == 2
    assert type(c.as_choice(np.float64(0.5), "rate", [0.1, 0.5])) is float
    for bad, error in [(np.ones((9, 9)), TypeError), (None, TypeError), (True, ValueError),
                       ("1", ValueError), (float("nan"), ValueError), ([1], TypeError)]:
        with pytest.raises(error, match="stride must be one of 1, 2, 3"):
            c.as_choice(bad, "stride", [1, 2, 3])
    assert c.as_choice(True, "edges", [True, False]) is True
    with pytest.raises(ValueError, match="edges"):
        c.as_choice(1, "edges", [True, False])


def test_a_dataset_has_every_part_asked_for_with_matching_sizes():
    d = {"train_images": np.ones((4, 9, 9)), "train_labels": [0, 1, "x", "O"],
         "test_images": np.ones((2, 9, 9)), "test_labels": np.array([1, 0])}
    out = c.as_dataset(d)
    assert out["classes"] == ("x", "o") and out["train_labels"].tolist() == [0, 1, 0, 1]
    for data, error, words in [
        ({k: v for k, v in d.items() if k != "train_images"}, ValueError, "data has no 'train_images'"),
        ({k: v for k, v in d.items() if not k.startswith("test")}, ValueError,
         "data has no 'test_images', 'test_labels'"),
        ({**d, "test_images": np.ones((2, 8, 8))}, ValueError, "must hold 9x9 pictures, got 8x8"),
        ({**d, "train_labels": [0, 1]}, ValueError, "one label per grid"),
        ({**d, "classes": "xo"}, TypeError, "classes"), (None, TypeError, "must be a dict"),
    ]:
        with pytest.raises(error, match=words):
            c.as_dataset(data)
    assert set(c.as_dataset({k: v for k, v in d.items() if k.startswith("test")},
                            parts=("test",))) == {"classes", "test_images", "test_labels"}


def test_a_grid_may_be_held_to_a_set_of_values():
    grid = np.array([[1, -1, 1], [0.5, 1, 1], [1, 1, -1]])
    with pytest.raises(ValueError, match="grid must hold only 1 and -1, got 1 other values, e.g. 0.5"):
        c.as_grid(grid, "grid", only=(1, -1))
    assert c.as_grid(np.sign(grid), "grid", (3, 3), only=(1, -1)).shape == (3, 3)


def test_real_numbers_of_any_type_and_size_are_read_by_python_not_numpy():
    from decimal import Decimal
    from fractions import Fraction
    assert as_float(10**30, "x") == 1e30 and as_float(Fraction(1, 2), "x", 0, 1) == 0.5
    assert as_float(Decimal("0.25"), "x") == 0.25 and type(as_float(Fraction(1, 3), "x")) is float
    for bad in (10**400, -10**400, Decimal("NaN"), Decimal("Infinity"), Fraction(10**400, 3)):
        with pytest.raises(ValueError, match="x must be a finite number"):
            as_float(bad, "x")
    with pytest.raises(ValueError, match="x must be a number <= 1, got 3/2"):
        as_float(Fraction(3, 2), "x", high=1)
    assert as_int(2**63 - 1, "n") == 2**63 - 1
    with pytest.raises(ValueError, match="n must be an integer <= 5"):
        as_int(10**30, "n", maximum=5)
    for huge in (10**30, -2**63 - 1):      # past numpy's int64: refused before any sum overflows
        with pytest.raises(ValueError, match="n must be an integer numpy can hold"):
            as_int(huge, "n", 1 if huge > 0 else None)


def test_arrays_are_sized_before_numpy_copies_them_and_masks_are_refused():
    with pytest.raises(ValueError, match="grid has 1,000,000,000 numbers, more than the limit of 50,000,000"):
        c.as_array(range(10**9), "grid", (1,), "a list")
    with pytest.raises(ValueError, match="grid has 10,000,000,000 numbers"):
        c.as_array(np.broadcast_to(1.0, (10**5, 10**5)), "grid", (2,), "a grid")
    assert c.as_array(range(3), "grid", (1,), "a list").tolist() == [0, 1, 2]
    with pytest.raises(TypeError, match="grid must be plain numbers, got a masked array"):
        c.as_array(np.ma.masked_array(np.ones((2, 2)), mask=[[1, 0], [0, 0]]), "grid", (2,), "a grid")


def test_a_picture_is_plus_or_minus_one_never_zero_or_one():
    x = np.array([[1.0, -1.0], [-1.0, 1.0]])
    assert c.as_picture(x, "grid").tolist() == x.tolist()
    assert c.as_picture(np.ones((2, 2)), "grid").sum() == 4     # all stroke is a +-1 picture too
    assert c.as_picture(x * 0.5, "grid").sum() == 0             # grey values are allowed
    for bad in ((x > 0) * 1.0, np.zeros((2, 2))):
        with pytest.raises(ValueError, match=r"grid holds only 0s and 1s.*2 \* grid - 1"):
            c.as_picture(bad, "grid")


def test_the_architecture_checkers_name_what_is_wrong():
    from cnnlib._checks import as_layer, as_list, as_names, as_stages, as_widths, need_array
    assert as_stages([(4, 3), (8, 3, 2, 1)], 2, 2) == ((4, 3, 2, 2), (8, 3, 2, 1))
    assert as_widths(0) == 0 and as_widths([16, 8]) == (16, 8)
    assert as_layer("pool", ["conv", "relu", "pool"]) == 2 == as_layer(np.int64(2), ["a", "b", "c"])
    assert as_names("w", "frozen", ("w", "b"), "param names", "('w',)") == ("w",)
    assert as_names(None, "frozen", ("w",), "param names", "('w',)") == ()
    for call, error, words in [
        (lambda: as_list({1}, "hidden", "a list of widths", 5, "widths"), TypeError, ["hidden", "{1}"]),
        (lambda: as_list([1] * 6, "hidden", "a list", 5, "widths"), ValueError, ["at most 5 widths", "6"]),
        (lambda: as_layer(True, ["conv"], "upto"), ValueError, ["upto", "conv", "0..0", "True"]),
        (lambda: as_names(["v"], "frozen", ("w",), "param names", "('w',)"), ValueError,
         ["frozen", "'v'", "w"]),
        (lambda: need_array([1.0], "x", (4,), "(N, C, H, W)"), TypeError, ["x", "numpy array"]),
        (lambda: need_array(np.ones(3), "x", (4,), "(N, C, H, W)"), ValueError, ["x", "4-D", "1-D"]),
    ]:
        with pytest.raises(error) as err:
            call()
        assert all(w in str(err.value) for w in words), (words, str(err.value))
