"""Attacks that travel between models (cnnlib.attack_transfer)."""
import numpy as np
import pytest
from helpers import fresh

from cnnlib import attack_transfer as at
from cnnlib.arrangement import load_arrangement
from cnnlib.depth import load_models


@pytest.fixture(scope="module")
def data_once():
    return load_arrangement()


@pytest.fixture(scope="module")
def models_once():
    return load_models()


@pytest.fixture
def data(data_once):
    return fresh(data_once)


@pytest.fixture
def models(models_once):
    return fresh(models_once)


def test_fooling_rate_counts_only_pictures_first_got_right(models, data):
    net = models["two stages", 0]
    x, y = data["test_images"][:50], data["test_labels"][:50]
    assert at.fooling_rate(net, x, x, y) == 0.0
    right = net.scores(x).argmax(axis=1) == y
    flipped = np.where(right[:, None, None], -np.ones_like(x), x)   # blank the right ones
    rate = at.fooling_rate(net, x, flipped, y)
    blank_wrong = net.scores(-np.ones((1, 16, 16))).argmax() != y[right]
    assert rate == pytest.approx(blank_wrong.mean())


def test_shift_moves_and_fills_with_background_and_unshift_is_its_transpose():
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=(16, 16)), rng.normal(size=(16, 16))
    moved = at.shift(x, 1, -2)
    np.testing.assert_array_equal(moved[1:, :14], x[:15, 2:])
    assert np.all(moved[0] == -1) and np.all(moved[:, 14:] == -1)
    for dr, dc in at.ONE_PIXEL:
        # <shift(x) - shift(0), g> == <x, unshift(g)>: unshift is the transpose
        linear = at.shift(x, dr, dc) - at.shift(np.zeros_like(x), dr, dc)
        assert np.sum(linear * g) == pytest.approx(np.sum(x * at.unshift_gradient(g, dr, dc)))


def test_a_sticker_changes_only_its_square(models, data):
    net = models["two stages", 0]
    grid, label = data["test_images"][0], data["test_labels"][0]
    r, c = at.ink_centre(grid)
    r, c = min(max(r - 2, 0), 12), min(max(c - 2, 0), 12)
    out = at.shifted_sticker(net, grid, label, r, c, size=4, shifts=at.ONE_PIXEL, steps=5)
    changed = out != grid
    outside = np.ones((16, 16), bool)
    outside[r:r + 4, c:c + 4] = False
    assert not changed[outside].any() and changed.any()
    assert out.min() >= -1 and out.max() <= 1


def test_a_substitute_learns_the_targets_answers_not_the_labels(models, data):
    target = models["one stage", 0]
    queries = data["train_images"][:200]
    sub = at.train_substitute(target, queries, seed=0, stages=[(4, 3)], epochs=2,
                              learning_rate=0.1)
    answers = target.scores(queries).argmax(axis=1)
    assert sub.history["train_accuracy"][-1] == sub.accuracy(queries, answers)


def test_transfer_table_has_both_attacks_for_every_target(models, data):
    x, y = data["test_images"][:40], data["test_labels"][:40]
    table = at.transfer_table(models["two stages", 0],
                              {"same": models["two stages", 0], "other": models["two stages", 1]},
                              x, y, 0.3, universal_steps=3)
    assert set(table) == {"same", "other"}
    for rates in table.values():
        assert set(rates) == {"fgsm", "universal"}
        assert all(0 <= v <= 1 for v in rates.values())


def test_bad_input_is_a_clear_error(models):
    net, g = models["two stages", 0], np.zeros((16, 16))
    cases = [
        (lambda: at.fooling_rate("net", g[None], g[None], [0]), TypeError, ["model", "Model"]),
        (lambda: at.fooling_rate(net, g[None], np.zeros((2, 16, 16)), [0]), ValueError,
         ["attacked", "one for one"]),
        (lambda: at.fooling_rate(net, g[None], g[None], ["Q"]), ValueError, ["labels", "'Q'"]),
        (lambda: at.transfer_table(net, [net], g[None], [0], 0.1), TypeError, ["targets", "dict"]),
        (lambda: at.transfer_table(net, {"a": net}, g[None], [0], -1), ValueError, ["epsilon"]),
        (lambda: at.train_substitute(net, np.zeros((5, 9, 9))), ValueError, ["queries", "(16, 16)"]),
        (lambda: at.shift(g, 1.5, 0), TypeError, ["dr", "integer"]),
        (lambda: at.shifted_sticker(net, g, 0, 14, 0, size=4), ValueError, ["sticker", "fit"]),
        (lambda: at.shifted_sticker(net, g, 0, 0, 0, steps=-1), ValueError, ["steps", ">= 0"]),
        (lambda: at.ink_centre(-np.ones((4, 4))), ValueError, ["no ink"]),
    ]
    for call, error, words in cases:
        with pytest.raises(error) as info:
            call()
        for word in words:
            assert word in str(info.value), (word, str(info.value))
