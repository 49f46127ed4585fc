"""Gradient descent in one dimension, and nudging every weight versus backprop.

A tiny softmax-regression model (81 pixels -> 2 scores) stands in for the
network here: its gradients are known in closed form, so these tests check
descent.py itself, fast. tests at the end repeat the key ones on the real network.
"""
import numpy as np
import pytest

from cnnlib import descent
from cnnlib._checks import as_labels


class Linear:
    """scores = W @ pixels + b, softmax, cross-entropy. Classes ("x", "o")."""

    classes = ("x", "o")

    def __init__(self, rng):
        self.params = {"w": rng.normal(0, 0.1, (2, 81)), "b": np.zeros(2)}

    def copy(self):
        new = Linear.__new__(Linear)
        new.params = {k: v.copy() for k, v in self.params.items()}
        return new

    def probabilities(self, grids):
        s = np.reshape(grids, (len(grids), -1)) @ self.params["w"].T + self.params["b"]
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def loss_and_gradients(self, grids, labels):
        idx = as_labels(labels, self.classes, len(grids))
        p = self.probabilities(grids)
        n = len(grids)
        loss = -np.mean(np.log(p[np.arange(n), idx]))
        d = p.copy()
        d[np.arange(n), idx] -= 1
        d /= n
        return loss, {"w": d.T @ np.reshape(grids, (n, -1)), "b": d.sum(axis=0)}


@pytest.fixture
def setup():
    rng = np.random.default_rng(0)
    grids = np.where(rng.random((12, 9, 9)) < 0.4, 1.0, -1.0)
    labels = ["x", "o"] * 6
    return Linear(rng), grids, labels


def test_labels_are_names_in_any_case_or_indexes_and_nothing_else():
    classes = ("x", "o")
    assert list(as_labels(["x", "O", 1, np.int64(0)], classes, 4)) == [0, 1, 1, 0]
    assert list(as_labels("o", classes, 1)) == [1]
    assert list(as_labels(np.array([1, 0]), classes, 2)) == [1, 0]
    with pytest.raises(ValueError, match=r"unknown class name 'y'.*'x', 'o'"):
        as_labels(["y"], classes, 1)
    with pytest.raises(ValueError, match="must index the 2 classes, got values from 2 to 2"):
        as_labels([2], classes, 1)
    with pytest.raises(ValueError, match=r"one label per grid \(3\)"):
        as_labels(["x", "o"], classes, 3)
    with pytest.raises(TypeError, match="ints or class names"):
        as_labels([True], classes, 1)


def test_mean_loss_matches_the_models_own_loss(setup):
    model, grids, labels = setup
    assert descent.mean_loss(model, grids, labels) == pytest.approx(
        model.loss_and_gradients(grids, labels)[0], rel=1e-12)


def test_one_weight_slope_matches_the_curve_and_leaves_the_model_alone(setup):
    model, grids, labels = setup
    before = model.params["w"].copy()
    loss_at, slope_at = descent.one_weight(model, grids, labels, "w", (1, 40))
    w, h = 0.3, 1e-5
    assert slope_at(w) == pytest.approx((loss_at(w + h) - loss_at(w - h)) / (2 * h), rel=1e-6)
    assert np.array_equal(model.params["w"], before)


def test_one_weight_rejects_unknown_weights(setup):
    model, grids, labels = setup
    with pytest.raises(ValueError, match="no parameter 'features'.*available: b, w"):
        descent.one_weight(model, grids, labels, "features", (0,))
    with pytest.raises(ValueError, match=r"index.*shape is \(2, 81\); got \(2, 0\)"):
        descent.one_weight(model, grids, labels, "w", (2, 0))


def test_descent_step_moves_against_the_slope():
    assert descent.descent_step(1.0, 2.0, 0.1) == pytest.approx(0.8)
    assert descent.descent_step(1.0, -2.0, 0.1) == pytest.approx(1.2)


def test_descent_path_goes_downhill_on_a_parabola():
    path = descent.descent_path(lambda w: 2 * (w - 3), start=0.0, learning_rate=0.25, steps=6)
    assert path.shape == (7,) and path[0] == 0.0
    # each step halves the distance to the minimum at 3
    assert np.allclose(3 - path, 3 * 0.5 ** np.arange(7))


def test_descent_path_lowers_a_network_weights_loss(setup):
    model, grids, labels = setup
    loss_at, slope_at = descent.one_weight(model, grids, labels, "w", (0, 10))
    path = descent.descent_path(slope_at, 0.0, learning_rate=1.0, steps=5)
    losses = [loss_at(w) for w in path]
    assert all(b < a for a, b in zip(losses, losses[1:]))


def test_descent_walk_is_descent_path_with_the_loss_and_slope_at_every_point(setup):
    model, grids, labels = setup
    loss_at, slope_at = descent.one_weight(model, grids, labels, "w", (1, 40))
    weights, losses, slopes = descent.descent_walk(model, grids, labels, "w", (1, 40), 0.5,
                                                   learning_rate=2.0, steps=4)
    np.testing.assert_allclose(weights, descent.descent_path(slope_at, 0.5, 2.0, 4))
    np.testing.assert_allclose(losses, [loss_at(w) for w in weights])
    np.testing.assert_allclose(slopes, [slope_at(w) for w in weights])
    assert model.params["w"][1, 40] != 0.5                    # the model is not changed
    with pytest.raises(ValueError, match="learning_rate"):
        descent.descent_walk(model, grids, labels, "w", (1, 40), 0.5, learning_rate=0, steps=4)


def test_nudging_gives_the_backprop_gradient_at_the_cost_of_two_passes_per_weight(setup):
    model, grids, labels = setup
    nudged, passes = descent.nudge_gradient(model, grids, labels)
    _, backprop = model.loss_and_gradients(grids, labels)
    assert passes == 2 * (2 * 81 + 2)
    assert descent.relative_error(nudged, backprop) < 1e-6


def test_nudge_step_never_raises_the_loss_and_leaves_the_model_alone(setup):
    model, grids, labels = setup
    before = descent.mean_loss(model, grids, labels)
    new, loss, passes = descent.nudge_step(model, grids, labels, step=0.05)
    assert loss < before
    assert loss == pytest.approx(descent.mean_loss(new, grids, labels))
    assert passes == 1 + 2 * (2 * 81 + 2)
    assert descent.mean_loss(model, grids, labels) == before
    with pytest.raises(ValueError, match="step must be a number > 0, got -1"):
        descent.nudge_step(model, grids, labels, step=-1)


def test_descent_step_exercise_checker():
    from cnnlib.exercises import check_descent_step
    assert check_descent_step(0.8, 1.0, 2.0, 0.1).correct
    uphill = check_descent_step(1.2, 1.0, 2.0, 0.1)
    assert not uphill.correct and "uphill" in uphill
    assert not check_descent_step(0.5, 1.0, 2.0, 0.1).correct


def test_descent_step_checker_accepts_hand_arithmetic_from_rounded_numbers():
    from cnnlib.exercises import check_descent_step
    weight, slope = 2.811349, 0.147137          # printed as 2.8113 and 0.1471
    exact = weight - 5.0 * slope
    by_hand = 2.8113 - 5 * 0.1471
    assert abs(by_hand - exact) > 1e-6
    assert check_descent_step(by_hand, weight, slope, 5.0).correct
    assert check_descent_step(round(by_hand, 3), weight, slope, 5.0).correct
    wrong = check_descent_step(exact + 0.01, weight, slope, 5.0)
    assert not wrong.correct and "Rounding is fine" in wrong
    uphill = check_descent_step(2.8113 + 5 * 0.1471, weight, slope, 5.0)
    assert not uphill.correct and "uphill" in uphill


def test_exercise_checkers_ask_for_an_answer_when_given_none():
    from cnnlib.exercises import check_descent_step, check_fgsm
    assert "Replace None" in check_descent_step(None, 1.0, 2.0, 0.1)
    assert "Replace None" in check_fgsm(None, np.zeros((2, 2)), np.ones((2, 2)), 0.1)


def test_visited_range_holds_every_path_and_the_centre_span():
    low, high = descent.visited_range([[2.8, -3.1, -0.4], [2.8, 1.0]], centre=0.3, span=3.0,
                                      margin=0.0)
    assert (low, high) == pytest.approx((-3.1, 3.3))
    low, high = descent.visited_range([[0.0]], centre=0.0, span=1.0, margin=0.1)
    assert (low, high) == pytest.approx((-1.2, 1.2))


def test_feature_change_by_hand():
    start = np.array([[[1.0, 0.0], [0.0, -1.0]], [[1.0, 2.0], [3.0, 4.0]]])
    now = np.array([[[2.0, 0.0], [0.0, -2.0]], [[4.0, 3.0], [2.0, 1.0]]])
    moved, likeness = descent.feature_change(start, now)
    np.testing.assert_allclose(moved, [1.0, np.sqrt(9 + 1 + 1 + 9) / np.sqrt(30)])
    np.testing.assert_allclose(likeness, [1.0, -1.0])   # same pattern doubled; reversed
    with pytest.raises(ValueError, match="shape of start"):
        descent.feature_change(start, now[:1])


def test_descent_step_checker_accepts_two_decimals_and_hints_a_forgotten_rate():
    # notebook 06: start 2.8113, slope 0.1471, learning rate 5 -> 2.0758
    from cnnlib.exercises import check_descent_step
    weight, slope = 2.811349, 0.147137
    assert check_descent_step(2.08, weight, slope, 5.0).correct
    assert check_descent_step(2.076, weight, slope, 5.0).correct
    forgot = check_descent_step(2.8113 - 0.1471, weight, slope, 5.0)
    assert not forgot.correct and "learning rate" in forgot and "5 * slope" in forgot
    size = check_descent_step(5 * 0.1471, weight, slope, 5.0)
    assert not size.correct and "size of the step" in size
    both = check_descent_step(2.8113 + 0.1471, weight, slope, 5.0)
    assert not both.correct and "multiplied by the learning rate" in both
    assert not check_descent_step(2.09, weight, slope, 5.0).correct


@pytest.mark.parametrize("batch_size", [1, 5, 12, 50])
def test_first_update_is_the_first_step_of_the_next_epoch_and_changes_nothing(setup, batch_size):
    from cnnlib.training import batches, descend
    model, grids, labels = setup
    rng = np.random.default_rng(4)
    state, params = rng.bit_generator.state, {k: v.copy() for k, v in model.params.items()}
    got = descent.first_update(model, grids, labels, 0.5, batch_size, rng)
    assert rng.bit_generator.state == state                  # the shuffle not used up
    for k, v in params.items():
        np.testing.assert_array_equal(model.params[k], v)
    first = batches(len(grids), batch_size, np.random.default_rng(4))[0]
    np.testing.assert_array_equal(got["batch"], first)
    idx = np.asarray(as_labels(labels, model.classes, len(grids)))[first]
    loss, grads = model.loss_and_gradients(grids[first], idx)
    moved = model.copy()
    moved.params = descend(model.params, grads, 0.5)
    assert got["loss"] == pytest.approx(loss)
    assert got["loss_after"] == pytest.approx(descent.mean_loss(moved, grids[first], idx))
    assert got["largest_change"] == pytest.approx(
        max(np.abs(moved.params[k] - model.params[k]).max() for k in params))


def test_first_update_refuses_a_seed_for_a_generator(setup):
    model, grids, labels = setup
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        descent.first_update(model, grids, labels, 0.5, 4, 0)

