"""Notebook 09's networks: the stored weights are what training gives, and
the claims the notebook makes about them hold."""
import numpy as np
import pytest
from helpers import fresh

from cnnlib.arrangement import load_arrangement
from cnnlib.attack_transfer import fooling_rate
from cnnlib.depth import (RECIPES, SEEDS, SUBSTITUTE, accuracy_table, attacker_queries,
                          load_models, median_seed, parameter_count, train)


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


def test_every_recipe_and_seed_is_stored(models):
    seed = median_seed(accuracy_table(models, load_arrangement())["two stages"])
    assert set(models) == {(kind, seed) for kind in RECIPES for seed in SEEDS} | {(SUBSTITUTE, seed)}
    counts = {kind: parameter_count(models[kind, 0]) for kind in RECIPES}
    # conv 8x1x3x3+8, conv2 16x8x3x3+16, votes 144x2+2; one stage: 8x7x7=392 inputs
    assert counts == {"two stages": 80 + 1168 + 290, "one stage": 80 + 392 * 2 + 2,
                      "one stage + 16": 80 + 392 * 16 + 16 + 16 * 2 + 2,
                      "fully connected": 256 * 64 + 64 + 64 * 2 + 2}


def test_retraining_gives_the_stored_weights(models, data):
    fresh = train("two stages", 0, data)
    for name, value in fresh.params.items():
        np.testing.assert_array_equal(value.astype(np.float32), models["two stages", 0].params[name])


def test_depth_pays_off_over_seeds(models, data):
    """The notebook's claim: two stages, median >= 97% over seeds 0-4 and at least
    10 points above one stage; the fully connected net with 10x the parameters
    falls short of the two stages."""
    table = accuracy_table(models, data)
    two, one = np.median(table["two stages"]), np.median(table["one stage"])
    assert two >= 0.97 and two - one >= 0.10
    assert one < 0.65                                   # close to a coin toss
    assert np.median(table["one stage + 16"]) >= 0.94   # a hidden layer is a second stage
    assert np.median(table["fully connected"]) < two - 0.1
    assert parameter_count(models["fully connected", 0]) > 10 * parameter_count(models["two stages", 0])
    assert parameter_count(models["one stage + 16", 0]) > 4 * parameter_count(models["two stages", 0])


def test_the_substitute_learned_the_targets_answers_from_its_own_pictures(models, data):
    """Notebook 09's black box: the substitute agrees with its target on most test
    pictures, though it never saw a true label, and its queries are not the training set."""
    seed = median_seed(accuracy_table(models, data)["two stages"])
    target, sub = models["two stages", seed], models[SUBSTITUTE, seed]
    queries = attacker_queries()
    training = {picture.tobytes() for picture in data["train_images"]}
    assert not any(q.tobytes() in training for q in queries)
    agree = np.mean(sub.scores(data["test_images"]).argmax(1) == target.scores(data["test_images"]).argmax(1))
    assert agree >= 0.9


def test_attacks_travel(models, data):
    """Notebook 09's claims: FGSM made on one network fools another network of the
    same task (another seed, the fully connected one) on a fair share of pictures,
    and fools its own network far more often."""
    from cnnlib.adversarial import fgsm
    x, y = data["test_images"][:200], data["test_labels"][:200]
    seed = median_seed(accuracy_table(models, data)["two stages"])
    source = models["two stages", seed]
    attacked = fgsm(source, x, y, 0.3)
    own = fooling_rate(source, x, attacked, y)
    other = fooling_rate(models["two stages", (seed + 1) % 5], x, attacked, y)
    dense = fooling_rate(models["fully connected", seed], x, attacked, y)
    assert own > 0.8 and 0.1 < other < own and 0.1 < dense < own


def test_median_seed():
    assert median_seed([0.9, 0.5, 0.7]) == 2


def test_bad_input(data):
    with pytest.raises(ValueError, match="recipe.*'three stages'.*two stages"):
        train("three stages", 0, data)
    with pytest.raises(TypeError, match="model.*Model"):
        parameter_count("net")
