"""Notebook 09's networks: the stored weights are what training gives, and
the claims the notebook makes about them hold."""
import numpy as np
import pytest

from cnnlib.arrangement import load_arrangement
from cnnlib.depth import (RECIPES, SEEDS, accuracy_table, load_models, median_seed,
                          parameter_count, train)


@pytest.fixture(scope="module")
def data():
    return load_arrangement()


@pytest.fixture(scope="module")
def models():
    return load_models()


def test_every_recipe_and_seed_is_stored(models):
    assert set(models) == {(kind, seed) for kind in RECIPES for seed in SEEDS}
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


def test_median_seed():
    assert median_seed([0.9, 0.5, 0.7]) == 2


def test_bad_input(data):
    with pytest.raises(ValueError, match="recipe.*'three stages'.*two stages"):
        train("three stages", 0, data)
    with pytest.raises(TypeError, match="model.*Model"):
        parameter_count("net")
