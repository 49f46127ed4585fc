"""Stacked layers: shapes, the multi-channel filtering rule, order, bad input."""
import numpy as np
import pytest

import cnnlib as c
from cnnlib import stacking

X, O = c.load_grid("x"), c.load_grid("o")
FEATURES = c.load_features()


def loop_filter_stack(maps, features):
    """The rule written out with loops: out[f] = mean_c convolve(maps[c], features[f])."""
    return np.stack([np.mean([c.convolve(m, f) for m in maps], axis=0) for f in features])


def test_lecture_stack_shapes_shrink_9_7_4_2_1():
    stages = c.stack(X, repeats=2)
    assert [s.name for s in stages] == ["input"] + ["filter", "relu", "pool"] * 2
    assert stacking.shapes(stages) == [(1, 9, 9), (3, 7, 7), (3, 7, 7), (3, 4, 4),
                                       (3, 2, 2), (3, 2, 2), (3, 1, 1)]


def test_first_round_is_the_lectures_pipeline():
    stages = c.stack(X)
    np.testing.assert_allclose(stages[1].maps, c.convolve(X, FEATURES))
    np.testing.assert_allclose(stages[3].maps, c.max_pool(c.relu(c.convolve(X, FEATURES))))


def loop_layer(maps, weights):
    """A real layer written out with loops: out[f] = mean_c convolve(maps[c], weights[f, c])."""
    return np.stack([np.mean([c.convolve(m, w_fc) for m, w_fc in zip(maps, w_f)], axis=0)
                     for w_f in weights])


def test_a_real_layer_has_one_slice_per_input_map():
    rng = np.random.default_rng(4)
    maps, weights = rng.uniform(-1, 1, (3, 6, 5)), rng.choice([-1.0, 1.0], (2, 3, 3, 3))
    out = c.filter_stack(maps, weights)
    assert out.shape == (2, 4, 3)
    np.testing.assert_allclose(out, loop_layer(maps, weights))


def test_a_real_layer_sees_which_map_is_which():
    """Issue 9, point 6: permuting the input maps changes a real layer's output
    (it can detect "the diagonal map lit up next to the antidiagonal one")."""
    pooled = c.stack(X)[-1].maps                                  # (3, 4, 4)
    weights = np.stack([FEATURES])                                # (1, 3, 3, 3): map c gets feature c
    swapped = pooled[[2, 1, 0]]
    assert not np.allclose(c.filter_stack(pooled, weights), c.filter_stack(swapped, weights))


def test_the_lectures_simplification_cannot_tell_the_maps_apart():
    pooled = c.stack(X)[-1].maps
    shared = stacking.shared_weights(FEATURES, 3)
    assert shared.shape == (3, 3, 3, 3) and (shared[:, 1] == FEATURES).all()
    np.testing.assert_allclose(c.filter_stack(pooled, FEATURES), c.filter_stack(pooled, shared))
    for order in ([2, 1, 0], [1, 2, 0]):
        np.testing.assert_allclose(c.filter_stack(pooled[order], FEATURES),
                                   c.filter_stack(pooled, FEATURES))


def test_a_layer_with_its_own_weights_in_a_stack():
    weights = np.random.default_rng(5).choice([-1.0, 1.0], (4, 3, 3, 3))
    stages = c.stack(X, ["filter", "relu", "pool", ("filter", {"weights": weights})])
    assert stages[-1].shape == (4, 2, 2)
    np.testing.assert_allclose(stages[-1].maps, loop_layer(stages[3].maps, weights))


def test_filter_stack_averages_over_input_maps():
    rng = np.random.default_rng(3)
    maps = rng.uniform(-1, 1, (3, 6, 5))
    np.testing.assert_allclose(c.filter_stack(maps, FEATURES), loop_filter_stack(maps, FEATURES))
    # one map in: the same as plain filtering
    np.testing.assert_allclose(c.filter_stack(X), c.convolve(X, FEATURES))


def test_filter_stack_keeps_the_number_of_maps_at_the_number_of_features():
    two = FEATURES[:2]
    assert c.filter_stack(np.ones((5, 7, 7)), two).shape == (2, 5, 5)


def test_second_filter_sees_the_pooled_maps():
    stages = c.stack(X, repeats=2)
    np.testing.assert_allclose(stages[4].maps, loop_filter_stack(stages[3].maps, FEATURES))


def test_layer_keywords_are_passed_on():
    stages = c.stack(X, [("filter", {"padding": 1}), "relu", ("pool", {"size": 3, "stride": 3})])
    assert stacking.shapes(stages) == [(1, 9, 9), (3, 9, 9), (3, 9, 9), (3, 3, 3)]


def test_relu_and_pool_commute_in_a_stack():
    a = c.stack(X, ["filter", "relu", "pool"])[-1].maps
    b = c.stack(X, ["filter", "pool", "relu"])[-1].maps
    np.testing.assert_array_equal(a, b)


def test_order_matters_for_filter_and_pool():
    a = c.stack(X, ["filter", "pool"])[-1].maps
    b = c.stack(X, ["pool", "filter"])[-1].maps
    assert a.shape == (3, 4, 4) and b.shape == (3, 3, 3)


def test_repeats_zero_gives_only_the_input():
    stages = c.stack(X, repeats=0)
    assert len(stages) == 1 and stages[0].shape == (1, 9, 9)


def test_describe_lists_every_stage():
    text = stacking.describe(c.stack(X))
    assert text.splitlines() == [" 0 input  1x9x9", " 1 filter 3x7x7",
                                 " 2 relu   3x7x7", " 3 pool   3x4x4"]


def test_x_and_o_become_alike_after_two_rounds():
    # What survives: after two rounds of the lecture's features, X and O are
    # each three numbers, and the diagonal maps of both have gone to zero.
    fx, fo = (c.stack(g, repeats=2)[-1].maps.ravel() for g in (X, O))
    assert fx[0] == fo[0] == 0 and fx[2] == fo[2] == 0
    assert fx[1] > 0 and fo[1] > 0


@pytest.mark.parametrize("call, error, words", [
    (lambda: c.stack(X, "filter"), TypeError, ["layers", "list"]),
    (lambda: c.stack(X, ["conv"]), ValueError, ["layers[0]", "'conv'", "filter, relu, pool"]),
    (lambda: c.stack(X, [3]), TypeError, ["layers[0]", "3"]),
    (lambda: c.stack(X, [("pool", 2)]), TypeError, ["layers[0]", "dict"]),
    (lambda: c.stack(X, [("relu", {"x": 1})]), ValueError, ["relu takes no keywords"]),
    (lambda: c.stack(X, repeats=-1), ValueError, ["repeats", ">= 0"]),
    (lambda: c.stack(X, repeats=1.5), TypeError, ["repeats", "integer"]),
    (lambda: c.stack(np.ones(9)), ValueError, ["grid", "1-D"]),
    (lambda: c.stack(X, repeats=3), ValueError, ["layer 7", "(3, 1, 1)", "more padding"]),
    (lambda: c.filter_stack(X, np.ones((3, 3))), ValueError, ["weights", "(F, C, k, k)"]),
    (lambda: c.filter_stack(np.ones((3, 7, 7)), np.ones((2, 4, 3, 3))), ValueError,
     ["weights", "4 slice(s)", "3 input maps", "(F, 3, k, k)"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_stop_when_too_small_returns_the_stages_that_fit():
    stages = c.stack(X, repeats=3, stop_when_too_small=True)
    assert len(stages) == 7 and stages[-1].shape == (3, 1, 1)
