"""Attacks that travel between models (cnnlib.deep.attacks)."""
import numpy as np
import pytest
from helpers import fresh

from cnnlib.deep import attacks as at
from cnnlib.deep.arrangement import load_arrangement
from cnnlib.deep.depth import load_models


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


def test_transfer_table_has_both_attacks_and_the_noise_control_for_every_target(models, data):
    x, y = data["test_images"][:40], data["test_labels"][:40]
    fit_x, fit_y = data["test_images"][40:60], data["test_labels"][40:60]
    table = at.transfer_table(models["two stages", 0],
                              {"same": models["two stages", 0], "other": models["two stages", 1]},
                              x, y, 0.3, fit_x, fit_y, np.random.default_rng(0),
                              universal_steps=3, draws=4)
    assert set(table) == {"same", "other"}
    for rates in table.values():
        assert set(rates) == {"fgsm", "universal", "noise"}
        assert rates["noise"].shape == (4,)
        assert all(0 <= v <= 1 for v in [rates["fgsm"], rates["universal"], *rates["noise"]])
    with pytest.raises(ValueError, match="fit_grids must be other pictures"):
        at.transfer_table(models["two stages", 0], {"same": models["two stages", 0]}, x, y, 0.3,
                          x[5:10], y[5:10], np.random.default_rng(0), universal_steps=1)


def test_sign_noise_moves_every_pixel_by_epsilon_up_or_down_and_is_seeded(data):
    x = data["test_images"][:10]
    noisy = at.sign_noise(x, 0.3, np.random.default_rng(3), draws=5)
    assert noisy.shape == (5, 10, 16, 16)
    moved = noisy - x
    inside = np.abs(x[None].repeat(5, 0)) < 0.7              # no clipping possible there
    np.testing.assert_allclose(np.abs(moved[inside]), 0.3)
    assert 0.4 < (moved[inside] > 0).mean() < 0.6             # up and down alike
    assert noisy.min() >= -1 and noisy.max() <= 1
    np.testing.assert_array_equal(noisy, at.sign_noise(x, 0.3, np.random.default_rng(3), draws=5))


def test_a_sticker_with_a_ceiling_touches_only_background_and_adds_no_ink(models, data):
    net = models["two stages", 0]
    x, y = data["test_images"][:6], data["test_labels"][:6]
    corners = [tuple(min(max(v - 2, 0), 12) for v in at.ink_centre(g)) for g in x]
    out = at.shifted_stickers(net, x, y, corners, size=4, steps=5, ceiling=0.0)
    square = np.zeros(x.shape, bool)
    for i, (r, c) in enumerate(corners):
        square[i, r:r + 4, c:c + 4] = True
    changed = out != x
    assert changed.any()
    assert not changed[~square].any()                        # only inside its square
    assert not changed[x >= 0].any()                         # never a stroke pixel
    assert out[changed].max() <= 0.0                         # never brighter than the ceiling
    full = at.shifted_stickers(net, x, y, corners, size=4, steps=5)
    assert (full > 0.0)[square & (x < 0)].any()              # without one it can draw ink


def test_random_stickers_fill_the_same_squares_within_the_ceiling(data):
    x = data["test_images"][:6]
    corners = [(2, 3)] * 6
    masks, top = at.sticker_masks(x, corners, size=4, ceiling=-0.2)
    assert top == -0.2 and masks.sum() > 0
    out = at.random_stickers(x, corners, np.random.default_rng(0), size=4, ceiling=-0.2)
    np.testing.assert_array_equal(out[masks == 0], x[masks == 0])
    assert out[masks > 0].max() <= -0.2 and out[masks > 0].min() >= -1
    assert not np.array_equal(out, at.random_stickers(x, corners, np.random.default_rng(1), size=4,
                                                      ceiling=-0.2))


def test_bad_input_is_a_clear_error(models):
    net, g, rng = models["two stages", 0], np.zeros((16, 16)), np.random.default_rng(0)
    cases = [
        (lambda: at.fooling_rate("net", g[None], g[None], [0]), TypeError, ["model", "Model"]),
        (lambda: at.fooling_rate(net, g[None], np.zeros((2, 16, 16)), [0]), ValueError,
         ["attacked", "one for one"]),
        (lambda: at.fooling_rate(net, g[None], g[None], ["Q"]), ValueError, ["labels", "'Q'"]),
        (lambda: at.transfer_table(net, [net], g[None], [0], 0.1, g[None] + 1, [0], rng), TypeError,
         ["targets", "dict"]),
        (lambda: at.transfer_table(net, {"a": net}, g[None], [0], -1, g[None] + 1, [0], rng),
         ValueError, ["epsilon"]),
        (lambda: at.sign_noise(g[None], 0.3, rng, draws=0), ValueError, ["draws", ">= 1"]),
        (lambda: at.sign_noise(g[None], 0.3, 7), TypeError, ["rng", "Generator"]),
        (lambda: at.shifted_sticker(net, g, 0, 0, 0, ceiling=2), ValueError, ["ceiling", "<= 1"]),
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
