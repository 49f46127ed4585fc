"""Attacks on the trained network, and the defence, on the stored dataset."""
import numpy as np
import pytest
from helpers import fresh

from cnnlib import adversarial as A


@pytest.fixture
def example(data, model):
    """The first test X the model gets right, with its label."""
    x, y = data["test_images"], data["test_labels"]
    i = next(i for i in range(len(x)) if y[i] == 0 and model.predict(x[i]) == "x")
    return x[i], "x"


def test_fgsm_moves_each_pixel_by_epsilon_along_the_gradient_sign(model, example):
    grid, label = example
    eps = 0.15
    out = A.fgsm(model, grid, label, eps)
    slope = np.sign(model.input_gradient(grid, label))
    change = out - grid
    assert out.shape == grid.shape
    assert np.all(np.abs(change) <= eps + 1e-12)
    free = (np.abs(np.clip(grid + eps * slope, -1, 1) - grid - eps * slope) < 1e-12) & (slope != 0)
    assert free.sum() > 40
    assert np.allclose(change[free], eps * slope[free])
    assert out.min() >= -1 and out.max() <= 1


def test_fgsm_clips_to_the_pixel_range(model, example):
    grid, label = example
    out = A.fgsm(model, grid, label, 2.0)
    moved = np.sign(model.input_gradient(grid, label)) != 0
    assert out.min() >= -1 and out.max() <= 1
    assert np.all(np.abs(out[moved]) == 1)


def test_fgsm_raises_the_loss_and_zero_epsilon_changes_nothing(model, example):
    grid, label = example
    assert np.array_equal(A.fgsm(model, grid, label, 0.0), grid)
    before = A.confidence(model, grid, label)
    after = A.confidence(model, A.fgsm(model, grid, label, 0.1), label)
    assert after < before


def test_fgsm_takes_a_stack_with_one_label_each(model, data):
    x, y = data["test_images"][:5], data["test_labels"][:5]
    stack = A.fgsm(model, x, y, 0.1)
    assert stack.shape == (5, 9, 9)
    for i in range(5):
        assert np.allclose(stack[i], A.fgsm(model, x[i], int(y[i]), 0.1))


def test_fgsm_sweep_is_fgsm_at_every_epsilon_from_one_gradient(model, example):
    grid, label = example
    epsilons = [0.0, 0.05, 0.3, 1.5]
    sweep = A.fgsm_sweep(model, grid, label, epsilons)
    assert sweep.shape == (4, 9, 9)
    for row, eps in zip(sweep, epsilons):
        assert np.array_equal(row, A.fgsm(model, grid, label, eps))
    np.testing.assert_array_equal(A.change(grid, sweep), sweep - grid)
    with pytest.raises(ValueError, match="epsilons"):
        A.fgsm_sweep(model, grid, label, [0.1, -0.1])
    with pytest.raises(ValueError, match="one grid"):
        A.fgsm_sweep(model, np.stack([grid, grid]), label, [0.1])


@pytest.mark.parametrize("call, error, words", [
    (lambda m, g: A.fgsm(m, g[:8], "x", 0.1), ValueError, ["grid", "9x9", "(8, 9)"]),
    (lambda m, g: A.fgsm(m, g.ravel(), "x", 0.1), ValueError, ["grid", "1-D"]),
    (lambda m, g: A.fgsm(m, g, "y", 0.1), ValueError, ["label", "'y'", "'x', 'o'"]),
    (lambda m, g: A.fgsm(m, g, 5, 0.1), ValueError, ["label", "5"]),
    (lambda m, g: A.fgsm(m, g, "x", -0.1), ValueError, ["epsilon", ">= 0", "-0.1"]),
    (lambda m, g: A.fgsm(m, g, "x", "big"), TypeError, ["epsilon", "'big'"]),
    (lambda m, g: A.fgsm(m, g, "x", np.nan), ValueError, ["epsilon", "nan"]),
    (lambda m, g: A.fgsm(m, np.stack([g, g]), ["x"], 0.1), ValueError, ["label", "one label per grid (2)"]),
    (lambda m, g: A.sticker(m, g, "x", 7, 0, size=3), ValueError, ["does not fit", "0..6"]),
    (lambda m, g: A.sticker(m, g, "x", -1, 0), ValueError, ["row", ">= 0"]),
])
def test_bad_input_gets_a_clear_error(model, example, call, error, words):
    with pytest.raises(error) as info:
        call(model, example[0])
    for word in words:
        assert word in str(info.value)


def test_smallest_epsilon_is_the_first_that_flips(model, example):
    grid, label = example
    eps = A.smallest_epsilon(model, grid, label, resolution=0.01)
    assert eps is not None and 0 < eps < 1
    assert model.predict(A.fgsm(model, grid, label, eps)) == "o"
    assert model.predict(A.fgsm(model, grid, label, eps - 0.01)) == "x"


def test_sticker_changes_only_its_square(model, example):
    grid, label = example
    out = A.sticker(model, grid, label, 2, 3, size=3)
    changed = np.argwhere(out != grid)
    assert len(changed) > 0
    assert changed[:, 0].min() >= 2 and changed[:, 0].max() <= 4
    assert changed[:, 1].min() >= 3 and changed[:, 1].max() <= 5
    assert A.confidence(model, out, label) < A.confidence(model, grid, label)


def test_sticker_map_agrees_with_single_stickers_and_finds_a_fooling_place(model, example):
    grid, label = example
    where = A.sticker_map(model, grid, label, size=3)
    assert where.shape == (7, 7)
    r, c = np.unravel_index(np.argmin(where), where.shape)
    single = A.sticker(model, grid, label, int(r), int(c), size=3)
    assert A.confidence(model, single, label) == pytest.approx(where[r, c])
    assert where.min() < 0.5 and model.predict(single) == "o"


def test_fewest_flips_flips_the_answer_and_is_proven_when_small(model, data):
    x, y = data["test_images"], data["test_labels"]
    for i in range(6):
        found = A.fewest_flips(model, x[i], int(y[i]))
        assert found is not None
        flipped = found["grid"]
        rows, cols = zip(*found["pixels"])
        changed = np.argwhere(np.sign(flipped) != np.sign(x[i]))
        assert sorted(map(tuple, changed)) == sorted(zip(rows, cols))
        assert model.predict(flipped) != model.classes[y[i]]
        if found["proven"]:
            # no single flip (or pair) of fewer pixels works: check the singles
            if len(found["pixels"]) > 1:
                singles = [A._flipped(x[i], [p]) for p in range(81)]
                assert np.all(model.predict(np.stack(singles)) == model.classes[y[i]])


def test_universal_noise_turns_most_xs_into_os(model, data):
    x, y = data["test_images"], data["test_labels"]
    noise = A.universal_noise(model, data["train_images"], data["train_labels"], 0.5,
                              target="o")
    assert noise.shape == (9, 9) and np.abs(noise).max() <= 0.5 + 1e-12
    xs = x[y == 0]
    assert A.fooling_rate(model, xs, np.zeros(len(xs), int), noise) > 0.8
    assert A.fooling_rate(model, xs, np.zeros(len(xs), int), np.zeros((9, 9))) == 0


def test_robustness_falls_with_epsilon_and_adversarial_training_raises_it(model, data):
    x, y = data["test_images"], data["test_labels"]
    before = [A.robustness(model, x, y, e) for e in (0.0, 0.1, 0.2)]
    assert before[0] == 1.0 and before[0] >= before[1] > before[2]
    tougher = A.adversarial_training(model, data["train_images"], data["train_labels"], 0.2,
                                     np.random.default_rng(0), epochs=10)
    assert tougher.accuracy(x, y) >= 0.98
    assert A.robustness(tougher, x, y, 0.2) > before[2] + 0.1
    assert A.robustness(model, x, y, 0.2) == before[2]    # the original is untouched


def test_pgd_stays_in_the_epsilon_ball_and_the_pixel_range(model, data):
    x, y = data["test_images"][:20], data["test_labels"][:20]
    for eps in (0.1, 0.3, 1.5):
        out = A.pgd(model, x, y, eps, steps=20)
        assert out.shape == x.shape
        assert np.all(np.abs(out - x) <= eps + 1e-12)
        assert out.min() >= -1 and out.max() <= 1
    one = A.pgd(model, x[0], int(y[0]), 0.2)
    assert one.shape == (9, 9) and np.allclose(one, A.pgd(model, x[:1], y[:1], 0.2)[0])


def test_pgd_in_one_step_of_size_epsilon_is_fgsm_and_more_steps_go_further(model, example):
    grid, label = example
    np.testing.assert_array_equal(A.pgd(model, grid, label, 0.2, steps=1, step_size=0.2),
                                  A.fgsm(model, grid, label, 0.2))
    assert np.array_equal(A.pgd(model, grid, label, 0.0), grid)
    assert np.array_equal(A.pgd(model, grid, label, 0.2, steps=0), grid)
    # its steps follow the slope at the attacked grid, not at the original one
    assert A.confidence(model, A.pgd(model, grid, label, 0.15), label) < \
        A.confidence(model, A.fgsm(model, grid, label, 0.15), label)


@pytest.fixture(scope="module")
def defended_once(model_once, data_once):
    """Notebook 07's defended network: adversarial training at epsilon 0.2."""
    return A.adversarial_training(model_once, data_once["train_images"], data_once["train_labels"],
                                  0.2, np.random.default_rng(0), epochs=10)


@pytest.fixture
def defended(defended_once):
    return fresh(defended_once)


def test_pgd_is_at_least_as_strong_as_fgsm_and_the_defence_holds_under_it(model, defended, data):
    """07's claims, each with its control: for both networks PGD leaves no
    more test images right than FGSM, and random noise of the same size far
    more; under PGD the defended network still beats the normal one by more
    than 10 points at epsilon 0.2; at 0.3 FGSM flatters the defence."""
    x, y = data["test_images"], data["test_labels"]
    for net in (model, defended):
        for eps in (0.1, 0.2, 0.3):
            pgd, fgsm = A.robustness(net, x, y, eps, "pgd"), A.robustness(net, x, y, eps, "fgsm")
            noise = A.robustness(net, x, y, eps, "random", rng=np.random.default_rng(0))
            assert pgd <= fgsm < noise and noise >= 0.97
    assert A.robustness(defended, x, y, 0.2, "pgd") > A.robustness(model, x, y, 0.2, "pgd") + 0.1
    assert A.robustness(defended, x, y, 0.3, "pgd") < A.robustness(defended, x, y, 0.3, "fgsm") - 0.05


def test_robustness_names_its_attacks_and_needs_a_generator_for_noise(model, data):
    x, y = data["test_images"][:10], data["test_labels"][:10]
    with pytest.raises(ValueError, match="attack must be one of 'fgsm', 'pgd', 'random'"):
        A.robustness(model, x, y, 0.1, "pdg")
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        A.robustness(model, x, y, 0.1, "random")
    noisy = A.random_signs(x, 0.25, np.random.default_rng(1))
    assert np.all(np.isclose(np.abs(noisy - x), 0.25) | (np.abs(noisy) == 1))


def test_cnnlib_exports_fgsm():
    import cnnlib
    assert cnnlib.fgsm is A.fgsm


def test_fgsm_exercise_checker_spots_each_usual_mistake():
    from cnnlib.exercises import check_fgsm
    grid = np.array([[0.9, -0.5], [0.2, -1.0]])
    slope = np.array([[0.3, -2.0], [-0.1, 0.5]])
    right = np.clip(grid + 0.2 * np.sign(slope), -1, 1)
    assert check_fgsm(right, grid, slope, 0.2).correct
    unclipped = check_fgsm(grid + 0.2 * np.sign(slope), grid, slope, 0.2)
    assert not unclipped.correct and "Clip" in unclipped
    raw = check_fgsm(np.clip(grid + 0.2 * slope, -1, 1), grid, slope, 0.2)
    assert not raw.correct and "np.sign" in raw
    downhill = check_fgsm(np.clip(grid - 0.2 * np.sign(slope), -1, 1), grid, slope, 0.2)
    assert not downhill.correct and "UP" in downhill
    assert not check_fgsm(np.zeros((3, 3)), grid, slope, 0.2).correct
