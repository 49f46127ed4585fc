"""Notebook 06's "Things to try" under the training explorer, measured the way a
student meets them: build the explorer with the setting, move 'epochs trained',
read the history it shows. Seeds 0, 1 and 2, as the notebook says."""
import numpy as np
import pytest

from cnnlib.widgets.training import training_explorer

SEEDS = [0, 1, 2]
GUESS = np.log(2)          # the loss of a 50/50 guess


def trained(data, seed, epochs, **settings):
    view = training_explorer(data, seed=seed, **settings)
    view.set_values(epochs=epochs)
    return view


@pytest.mark.parametrize("seed", SEEDS)
def test_rate_0_5_gets_every_test_image_right_after_one_epoch(data, seed):
    view = trained(data, seed, 1, learning_rate=0.5)
    assert view.history["test_accuracy"][-1] == 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_rate_3_ends_the_first_epoch_with_a_huge_loss_and_stays_short_of_100(data, seed):
    view = training_explorer(data, seed=seed, learning_rate=3.0)
    view.set_values(epochs=30)
    history = view.history
    assert history["loss"][0] > 4 * GUESS
    assert max(history["test_accuracy"]) < 0.95


def test_rate_3_leaves_one_of_the_three_seeds_no_better_than_guessing(data):
    final = [trained(data, seed, 30, learning_rate=3.0).history["test_accuracy"][-1]
             for seed in SEEDS]
    assert sum(a <= 0.55 for a in final) >= 1


@pytest.mark.parametrize("seed", SEEDS)
def test_25_images_take_a_few_epochs_to_100_and_test_lands_a_little_lower(data, seed):
    view = trained(data, seed, 30, learning_rate=0.3, train_size=25)
    train, test = view.history["train_accuracy"], view.history["test_accuracy"]
    assert train[0] < 1.0 and train[4] == 1.0      # not at once, but within five epochs
    assert 0.97 <= test[-1] <= train[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_100_is_slower_than_batch_20(data, seed):
    slow = trained(data, seed, 1, learning_rate=0.3, batch_size=100).history
    usual = trained(data, seed, 1, learning_rate=0.3, batch_size=20).history
    assert slow["loss"][0] > usual["loss"][0]


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_1_learns_in_one_epoch_at_rate_0_03(data, seed):
    view = trained(data, seed, 1, learning_rate=0.03, batch_size=1)
    assert view.history["test_accuracy"][-1] == 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_batch_1_at_rate_0_5_breaks_down_to_one_answer_for_nearly_everything(data, seed):
    view = trained(data, seed, 3, learning_rate=0.5, batch_size=1)
    assert all(a <= 0.52 for a in view.history["test_accuracy"])
    _, counts = np.unique(view.model.predict(data["test_images"]), return_counts=True)
    assert counts.max() >= 0.95 * counts.sum()
