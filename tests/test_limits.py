"""Scrambling pixel positions: a fixed permutation, growing with the fraction."""
import numpy as np
import pytest

import cnnlib as c
from cnnlib import limits


ORDER = limits.scramble_order(0)


def test_nothing_moves_at_zero_and_everything_at_one():
    assert np.array_equal(limits.permutation(0, ORDER), np.arange(81))
    assert limits.moved(0, ORDER) == 0
    assert limits.moved(1, ORDER) == 81
    assert limits.moved(0.5, ORDER) == 40


def test_permutation_is_a_permutation_and_larger_fractions_scramble_a_superset():
    previous = set()
    for fraction in np.linspace(0, 1, 11):
        perm = limits.permutation(fraction, ORDER)
        assert sorted(perm.tolist()) == list(range(81))
        now = set(np.flatnonzero(perm != np.arange(81)).tolist())
        assert previous <= now
        previous = now


def test_scramble_keeps_every_pixel_and_can_be_undone():
    x = c.load_grid("x")
    perm = limits.permutation(1, ORDER)
    s = limits.scramble(x, perm)
    assert sorted(s.ravel()) == sorted(x.ravel())
    assert not np.array_equal(s, x)
    undo = np.argsort(perm)
    assert np.array_equal(limits.scramble(s, undo), x)


def test_the_same_permutation_is_applied_to_every_image():
    images = np.random.default_rng(0).normal(size=(5, 9, 9))
    perm = limits.permutation(0.7, ORDER)
    out = limits.scramble(images, perm)
    for a, b in zip(images, out):
        assert np.array_equal(limits.scramble(a, perm), b)


def test_scramble_data_scrambles_train_and_test_only():
    data = {"train_images": np.ones((2, 9, 9)) * np.arange(81).reshape(9, 9),
            "test_images": np.zeros((1, 9, 9)), "train_labels": np.array([0, 1])}
    perm = limits.permutation(1, ORDER)
    out = limits.scramble_data(data, perm)
    assert np.array_equal(out["train_images"][0].ravel(), perm)
    assert out["train_labels"] is data["train_labels"]


@pytest.mark.parametrize("call, error, words", [
    (lambda: limits.permutation(1.5, ORDER), ValueError, ["fraction", "1.5", "0"]),
    (lambda: limits.permutation("half", ORDER), TypeError, ["fraction", "'half'"]),
    (lambda: limits.permutation(0.5, [0, 0, 1]), ValueError, ["order", "scramble_order"]),
    (lambda: limits.scramble(np.ones((9, 9)), np.arange(80)), ValueError, ["perm", "81", "(80,)"]),
    (lambda: limits.scramble(np.ones(9), np.arange(9)), ValueError, ["images", "1-D"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
