"""The voting additions: weights by eye, classify() in one call, fully
connected layers and stacking the stack."""
import numpy as np
import pytest

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
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
