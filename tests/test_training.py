"""Notebook 06's data-hunger experiment: the CNN's learning curve beside a
classical control, logistic regression, on the same training images."""
import numpy as np
import pytest
from helpers import fresh

from cnnlib.training import (HUNGER_FILE, HUNGER_MODELS, HUNGER_RUN, _balanced_pick,
                             learning_curves, load_learning_curves, save_learning_curves)


@pytest.fixture(scope="module")
def curves_once():
    """The notebook's run as stored (cnnlib/data/data_hunger.npz), which
    test_the_stored_run_is_what_learning_curves_gives holds to the code."""
    return load_learning_curves()


@pytest.fixture
def curves(curves_once):
    return fresh(curves_once)


def test_the_stored_run_is_what_learning_curves_gives(curves):
    """Run again from scratch, HUNGER_RUN gives exactly the stored accuracies:
    the file is not stale (tools/make_hunger.py remakes it)."""
    from cnnlib.dataset import load_dataset
    again = learning_curves(load_dataset(), **HUNGER_RUN)
    assert again.keys() == curves.keys()
    for key in again:
        np.testing.assert_array_equal(again[key], curves[key], err_msg=key)
    assert list(curves["sizes"]) == list(HUNGER_RUN["sizes"])


def test_the_cnn_alone_gives_the_same_numbers_without_the_control(data, curves):
    """The notebook's live rerun of one entry: models=("CNN",) trains only
    the CNN, with the same picks and seeds as the full run."""
    sizes, seeds = list(HUNGER_RUN["sizes"]), list(HUNGER_RUN["seeds"])
    live = learning_curves(data, sizes=[10], seeds=[1], models=("CNN",))
    assert set(live) == {"sizes", "CNN", "CNN training"}
    i, j = sizes.index(10), seeds.index(1)
    assert live["CNN"][0, 0] == curves["CNN"][i, j]
    assert live["CNN training"][0, 0] == curves["CNN training"][i, j]


def test_a_stored_run_of_another_recipe_is_refused(curves, tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    save_learning_curves(curves, tmp_path / HUNGER_FILE, dict(HUNGER_RUN, updates=40))
    with pytest.raises(ValueError, match="make_hunger.py") as info:
        load_learning_curves()
    assert "'updates': 40" in str(info.value)
    save_learning_curves(curves, tmp_path / HUNGER_FILE)
    np.testing.assert_array_equal(load_learning_curves()["CNN"], curves["CNN"])


def test_each_seed_picks_a_balanced_set_both_models_share():
    labels = np.array([0, 1] * 50)
    pick = _balanced_pick(labels, 10, np.random.default_rng(3), 2)
    assert len(set(pick)) == 10 and np.sum(labels[pick] == 0) == 5
    again = _balanced_pick(labels, 10, np.random.default_rng(3), 2)
    np.testing.assert_array_equal(pick, again)
    other = _balanced_pick(labels, 10, np.random.default_rng(4), 2)
    assert set(other) != set(pick)


def test_the_cnn_needs_fewer_images_than_logistic_regression_on_average(curves):
    """06's claim, on average over five seeds only (seed by seed the CNN is not
    always ahead, and the notebook says so): from 4 to 50 training images the
    CNN's mean test accuracy is above logistic regression's on the same images,
    by 2 points or more on average from 4 to 20; the control could have won (at
    400 it ties)."""
    sizes = list(curves["sizes"])
    cnn, flat = curves["CNN"].mean(axis=1), curves["logistic regression"].mean(axis=1)
    small = [sizes.index(n) for n in (4, 6, 10, 20, 50)]
    assert np.all(cnn[small] > flat[small])
    assert np.mean(cnn[small[:4]] - flat[small[:4]]) >= 0.02
    # both learn from more data: 2 images are far from 400
    for name in HUNGER_MODELS:
        runs = curves[name].mean(axis=1)
        assert runs[sizes.index(400)] >= 0.99 and runs[sizes.index(2)] < 0.85
    # the CNN fits its own training images at every size: the gap is overfitting
    assert np.all(curves["CNN training"] == 1.0)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(sizes=[3], seeds=[0]), ValueError, ["sizes", "multiples", "2 classes", "[3]"]),
    (dict(sizes=[0], seeds=[0]), ValueError, ["sizes", ">= 2"]),
    (dict(sizes=[402], seeds=[0]), ValueError, ["sizes", "<= 400"]),
    (dict(sizes=[], seeds=[0]), ValueError, ["sizes", "multiples"]),
    (dict(sizes=4, seeds=[0]), TypeError, ["sizes", "lists of integers"]),
    (dict(sizes=[4], seeds=[]), ValueError, ["seeds", "at least one"]),
    (dict(sizes=[4], seeds=[-1]), ValueError, ["seeds", ">= 0"]),
    (dict(sizes=[4], seeds=[0], updates=0), ValueError, ["updates", ">= 1"]),
    (dict(sizes=[4], seeds=[0], models="CNN"), TypeError, ["models", "tuple", "('CNN',)"]),
    (dict(sizes=[4], seeds=[0], models=("SVM",)), ValueError, ["models", "logistic regression"]),
    (dict(sizes=[4], seeds=[0], models=()), ValueError, ["models", "non-empty"]),
])
def test_bad_input_gets_a_clear_error(data, kwargs, error, words):
    with pytest.raises(error) as info:
        learning_curves(data, **kwargs)
    for word in words:
        assert word in str(info.value)
