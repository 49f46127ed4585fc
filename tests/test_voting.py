"""The voting additions: weights by eye, classify() in one call, fully
connected layers and stacking the stack."""
import numpy as np
import pytest
from helpers import fresh

import cnnlib as c
from cnnlib import transforms as t

X, O = c.load_grid("x"), c.load_grid("o")
FEATURES = c.load_features()


def test_vote_weights_are_the_pooled_ideal_pictures():
    w = c.vote_weights()
    assert set(w) == {"x", "o"}
    np.testing.assert_allclose(w["x"], c.max_pool(c.relu(c.convolve(X, FEATURES))))
    np.testing.assert_allclose(w["o"], c.max_pool(c.relu(c.convolve(O, FEATURES))))
    assert all((v >= 0).all() and v.sum() > 0 for v in w.values())


def test_classify_keeps_every_stage():
    poll = c.classify(X)
    np.testing.assert_allclose(poll.maps, c.convolve(X, FEATURES))
    np.testing.assert_allclose(poll.rectified, np.maximum(poll.maps, 0))
    np.testing.assert_allclose(poll.pooled, c.max_pool(poll.rectified))
    assert poll.votes == c.vote(poll.pooled, c.vote_weights())


def test_ideal_votes_by_hand():
    # X's vote for X is sum(w^2) / sum(w) with w its own pooled values.
    w = c.vote_weights()
    poll = c.classify(X)
    assert poll.votes["x"] == pytest.approx((w["x"] ** 2).sum() / w["x"].sum())
    assert poll.votes["o"] == pytest.approx((w["x"] * w["o"]).sum() / w["o"].sum())
    assert round(poll.votes["x"], 2) == 0.66 and round(poll.votes["o"], 2) == 0.58


@pytest.mark.parametrize("name", ["x", "o"])
def test_ideal_and_most_variants_win(name):
    grid = c.load_grid(name)
    assert c.classify(grid).winner == name
    for variant in ("shifted", "rotated", "smaller", "noisy"):
        assert c.classify(t.variants()[variant](grid)).winner == name, variant


def test_fully_connected_is_vote_with_rows():
    pooled = c.classify(t.shift(X, 1, 0)).pooled
    w = c.vote_weights()
    out = c.fully_connected(pooled, np.stack([w["x"].ravel(), w["o"].ravel()]))
    votes = c.vote(pooled, w)
    np.testing.assert_allclose(out, [votes["x"], votes["o"]])


def test_fully_connected_by_hand():
    out = c.fully_connected([1.0, 0.0, 0.5], [[1, 1, 0], [0, 1, 3]])
    np.testing.assert_allclose(out, [0.5, 1.5 / 4])


def test_stacked_weights_shapes_and_meaning():
    w = c.vote_weights()
    names, w1, w2 = c.stacked_weights(w)
    assert names == ["x0", "x1", "x2", "o0", "o1", "o2"]
    assert w1.shape == (6, 48) and w2.shape == (2, 6)
    pooled = c.classify(X).pooled
    hidden = c.fully_connected(pooled, w1)
    # hidden vote "o1" listens only to map 1, with the O's weights for map 1
    assert hidden[4] == pytest.approx(c.vote(pooled[1], {"o": w["o"][1]})["o"])
    final = c.fully_connected(hidden, w2)
    np.testing.assert_allclose(final, [hidden[:3].mean(), hidden[3:].mean()])
    assert final[0] > final[1]
    final_o = c.fully_connected(c.fully_connected(c.classify(O).pooled, w1), w2)
    assert final_o[1] > final_o[0]


@pytest.mark.parametrize("call, error, words", [
    (lambda: c.classify(np.ones(9)), ValueError, ["grid", "1-D"]),
    (lambda: c.fully_connected([1, 2], [[1, 1, 1]]), ValueError, ["3 columns", "2 values"]),
    (lambda: c.fully_connected([1, 2], [[1, -1]]), ValueError, [">= 0"]),
    (lambda: c.fully_connected([1, 2], [[0, 0]]), ValueError, ["positive sum"]),
    (lambda: c.fully_connected([1, 2], [1, 1]), ValueError, ["weights", "2-D"]),
    (lambda: c.stacked_weights({"x": np.ones(4)}), ValueError, ["weights['x']", "(F, h, w)"]),
    (lambda: c.collapse(np.ones((6, 48)), np.ones((2, 5))), ValueError, ["w2", "5 columns", "6 rows"]),
    (lambda: c.collapse(-np.ones((6, 48)), np.ones((2, 6))), ValueError, ["w1", ">= 0"]),
    (lambda: c.collapse(np.ones(6), np.ones((2, 6))), ValueError, ["w1", "2-D"]),
    (lambda: c.stacked_votes(np.ones(4), np.ones((3, 4)), np.ones((1, 3)), threshold=1.5),
     ValueError, ["threshold", "1.5", "0..1"]),
    (lambda: c.stacked_votes(np.ones(4), np.ones((3, 4)), np.ones((1, 3)), threshold="a"),
     ValueError, ["threshold", "'a'"]),
    (lambda: c.stacked_votes(np.ones(4), np.ones((3, 4)), np.ones((1, 2))), ValueError,
     ["w2", "2 columns", "3 hidden"]),
    (lambda: c.best_single_layer(np.ones((5, 4)), np.ones((4, 2))), ValueError,
     ["votes", "4 rows", "5"]),
    (lambda: c.best_single_layer(np.ones((5, 4)), np.ones((5, 2))), ValueError,
     ["5 pictures", "4 inputs", "exact"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


# --- Stack the stack (notebook 05): two averages are one; a ReLU between is not --------

PICTURES = [make(g) for g in (X, O)
            for make in [lambda g: g, *t.variants().values()]]


def _stack():
    return c.stacked_weights(c.vote_weights())[1:]


def test_two_voting_layers_are_one_matrix():
    w1, w2 = _stack()
    one = c.collapse(w1, w2)
    assert one.shape == (2, 48) and (one >= 0).all()
    np.testing.assert_allclose(one.sum(axis=1), 1.0)
    for grid in PICTURES:
        pooled = c.pooled_features(grid)
        np.testing.assert_allclose(c.stacked_votes(pooled, w1, w2),
                                   c.fully_connected(pooled, one), atol=1e-12)
        np.testing.assert_allclose(c.stacked_votes(pooled, w1, w2),
                                   c.fully_connected(c.fully_connected(pooled, w1), w2))


def test_collapse_of_any_two_layers_by_hand():
    w1 = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 3.0]])
    w2 = np.array([[1.0, 3.0]])
    v = np.array([0.2, 0.4, 1.0])
    np.testing.assert_allclose(c.collapse(w1, w2), [[0.125, 0.125 + 0.1875, 0.5625]])
    np.testing.assert_allclose(c.fully_connected(v, c.collapse(w1, w2)),
                               c.fully_connected(c.fully_connected(v, w1), w2))


@pytest.fixture(scope="module")
def many_pooled_once(data_once):
    return np.array([c.pooled_features(g).ravel() for g in data_once["train_images"]])


@pytest.fixture
def many_pooled(many_pooled_once):
    return fresh(many_pooled_once)


@pytest.mark.parametrize("threshold", [0.1, 0.3])
def test_single_layer_cannot_reproduce_a_relu_stack(many_pooled, threshold):
    w1, w2 = _stack()
    linear = np.array([c.stacked_votes(v, w1, w2) for v in many_pooled])
    assert c.best_single_layer(many_pooled, linear)[2] < 1e-12
    bent = np.array([c.stacked_votes(v, w1, w2, threshold=threshold) for v in many_pooled])
    residual = c.best_single_layer(many_pooled, bent)[2]
    assert residual > 0.02 * bent.std() and residual > 1e-4


def test_relu_stack_is_relu_then_average_by_hand():
    w1, w2 = _stack()
    pooled = c.pooled_features(t.shift(O, 1, 1))
    hidden = c.fully_connected(pooled, w1)
    out = c.stacked_votes(pooled, w1, w2, threshold=0.3)
    np.testing.assert_allclose(out, [np.maximum(hidden[:3] - 0.3, 0).mean(),
                                     np.maximum(hidden[3:] - 0.3, 0).mean()])


def test_shifted_o_flips_because_the_stack_gives_each_map_a_third():
    w = c.vote_weights()
    w1, w2 = _stack()
    one = c.collapse(w1, w2)
    pooled = c.pooled_features(t.variants()["shifted"](O))
    assert c.classify(t.variants()["shifted"](O)).winner == "o"
    stacked = c.stacked_votes(pooled, w1, w2)
    assert stacked[0] > stacked[1]                        # the stack calls it X
    hidden = c.fully_connected(pooled, w1)
    for k, label in enumerate("xo"):
        say_one = w[label].sum(axis=(1, 2)) / w[label].sum()
        say_two = one[k].reshape(3, 4, 4).sum(axis=(1, 2))
        np.testing.assert_allclose(say_two, 1 / 3)
        mine = hidden[3 * k:3 * k + 3]
        assert say_one @ mine == pytest.approx(c.vote(pooled, w)[label])
        assert say_two @ mine == pytest.approx(stacked[k])
    # the cross map is the O's weakest evidence and gains the most say in the O vote
    assert np.argmin(hidden[3:]) == 1
    o_share = w["o"].sum(axis=(1, 2)) / w["o"].sum()
    assert np.argmin(o_share) == 1
    # with the ReLU silencing the weak maps the O wins again
    relu = c.stacked_votes(pooled, w1, w2, threshold=0.3)
    assert relu[1] > relu[0]
