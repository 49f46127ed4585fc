"""The training widgets, headless: press the buttons, set the controls,
check what they show."""
import copy

import numpy as np
import pytest

from cnnlib import descent
from cnnlib.draw.training import scaled
from cnnlib.network import init_model, train_epoch, train_model
from cnnlib.widgets.training import descent_explorer, training_explorer


def test_starts_untrained_from_the_seed(data):
    view = training_explorer(data)
    fresh = init_model(np.random.default_rng(0), features=4, feature_size=3)
    assert view.epoch == 0 and view.history["loss"] == []
    np.testing.assert_array_equal(view.features_shown, scaled(fresh.features()))
    assert "epoch 0" in view.status
    assert set(view.controls) >= {"step", "play", "reset", "features", "feature_size",
                                  "learning_rate", "batch_size", "train_size", "seed"}
    for control in view.controls.values():
        assert control.description


def test_step_trains_one_epoch_exactly_like_train_epoch(data):
    view = training_explorer(data, learning_rate=0.1)
    fig, renders = view.view.fig, view.view.renders
    view.controls["step"].click()
    rng = np.random.default_rng(0)
    twin = init_model(rng, features=4, feature_size=3)
    loss = train_epoch(twin, data["train_images"], data["train_labels"], 0.1, 20, rng)
    assert view.epoch == 1 and view.history["loss"] == [pytest.approx(loss)]
    np.testing.assert_allclose(view.model.params["conv_w"], twin.params["conv_w"])
    np.testing.assert_allclose(view.features_shown, scaled(twin.features()))
    assert view.history["test_accuracy"][0] == twin.accuracy(data["test_images"],
                                                           data["test_labels"])
    assert view.view.renders == renders + 1 and view.view.fig is fig
    # the curves show the history
    x, y = view.curves.loss.get_data()
    assert list(x) == [1] and list(y) == view.history["loss"]


def test_play_trains_until_the_counter_and_reaches_full_accuracy(data):
    view = training_explorer(data)
    renders = view.view.renders
    view.controls["play"].value = 6
    assert view.epoch == 6 and len(view.history["loss"]) == 6
    assert view.epoch_counter.value == 6
    assert view.view.renders == renders + 1       # trained to epoch 6, drawn once
    assert view.history["loss"][-1] < view.history["loss"][0]
    assert view.history["test_accuracy"][-1] == 1.0
    assert "test 100%" in view.status


def test_reset_and_hyperparameters_start_again(data):
    view = training_explorer(data)
    view.controls["step"].click()
    view.controls["reset"].click()
    assert view.epoch == 0 and view.history["loss"] == []
    assert view.controls["play"].value == 0
    view.controls["features"].value = 2
    view.controls["feature_size"].value = 5
    assert view.features_shown.shape == (2, 5, 5)
    assert np.abs(view.features_shown).max() == pytest.approx(1.0)
    assert sum(ax.get_visible() for ax in view.feature_axes) == 2
    view.controls["train_size"].value = 25
    view.controls["step"].click()
    assert view.model.accuracy(data["train_images"][:25], data["train_labels"][:25]) == \
        view.history["train_accuracy"][0]


def test_descent_explorer_steps_downhill_as_the_slider_moves(data):
    model = train_model(0, epochs=1, learning_rate=0.05)
    x, y = data["train_images"][:100], data["train_labels"][:100]
    start = model.params["fc1_w"][0, 0] - 2.0
    view = descent_explorer(model, x, y, "fc1_w", (0, 0), start=start, learning_rate=1.0)
    assert view.weight == pytest.approx(start) and len(view.path) == 1
    loss0 = view.loss
    view.controls["steps"].value = 3
    loss_at, slope_at = descent.one_weight(model, x, y, "fc1_w", (0, 0))
    expected = descent.descent_path(slope_at, start, 1.0, 3)
    np.testing.assert_allclose(view.path, expected)
    assert view.loss == pytest.approx(loss_at(expected[-1])) and view.loss < loss0
    assert view.slope == pytest.approx(slope_at(expected[-1]))
    assert "learning rate 1, step 3" in view.artist.ax.get_title()
    assert view.next_weight == pytest.approx(expected[-1] - 1.0 * view.slope)
    view.controls["learning_rate"].value = 10.0
    assert view.path[1] == pytest.approx(start - 10.0 * slope_at(start))


def test_learning_rate_changes_mid_training_without_starting_again(data):
    view = training_explorer(data, learning_rate=0.1)
    view.controls["step"].click()
    renders = view.view.renders
    view.controls["learning_rate"].value = 0.01
    assert view.epoch == 1 and view.view.renders == renders + 1
    assert "learning rate 0.01" in view.fig.get_suptitle()
    twin = view.model.copy()
    rng = copy.deepcopy(view.rng)             # the shuffles the widget will use
    view.controls["step"].click()
    loss = train_epoch(twin, data["train_images"], data["train_labels"], 0.01, 20, rng)
    assert view.history["loss"][1] == pytest.approx(loss)
    np.testing.assert_allclose(view.model.params["fc1_w"], twin.params["fc1_w"])


def test_a_value_the_dropdowns_do_not_offer_gets_a_clear_error(data):
    with pytest.raises(ValueError, match=r"learning_rate must be one of .*0\.5.*got 0\.7"):
        training_explorer(data, learning_rate=0.7)
    with pytest.raises(ValueError, match=r"feature_size must be one of 3, 5.*got 4"):
        training_explorer(data, feature_size=4)
    model = train_model(0, epochs=1)
    with pytest.raises(ValueError, match=r"learning_rate must be one of .*got 0\.3"):
        descent_explorer(model, data["train_images"], data["train_labels"], "fc1_w", (0, 0),
                         start=0.0, learning_rate=0.3)


def test_moving_the_epoch_slider_back_replays_training_from_the_seed(data):
    view = training_explorer(data, learning_rate=0.1)
    view.epoch_counter.value = 2
    at_two = {k: v.copy() for k, v in view.model.params.items()}
    loss_two = list(view.history["loss"])
    view.epoch_counter.value = 4
    assert view.epoch == 4 and view.controls["play"].value == 4
    view.epoch_counter.value = 2
    assert view.epoch == 2 and view.history["loss"] == loss_two
    for name, value in at_two.items():
        np.testing.assert_array_equal(view.model.params[name], value)


def test_descent_plot_shows_every_point_any_learning_rate_visits(data):
    # Notebook 06's walk: learning rate 40 overshoots to the far side of the valley;
    # the overshoot (and every other step, and the next one) must be inside the plot.
    model = train_model(0, epochs=1, learning_rate=0.05)
    x, y = data["train_images"], data["train_labels"]
    start = model.params["fc1_w"][5, 1] + 2.5
    view = descent_explorer(model, x, y, "fc1_w", (5, 1), start=start, steps=6)
    curve = view.artist.ax.lines[0].get_xdata()
    for rate in view.controls["learning_rate"].options:
        view.controls["learning_rate"].value = rate
        view.controls["steps"].value = 6
        (x0, x1), (y0, y1) = view.artist.ax.get_xlim(), view.artist.ax.get_ylim()
        for w, loss in [*zip(view.path, view.losses),
                        (view.next_weight, view.artist.next.get_ydata()[-1])]:
            assert x0 <= w <= x1 and y0 <= loss <= y1, (rate, w, loss)
            assert curve.min() <= w <= curve.max(), (rate, w)   # the curve is drawn there too
        view.controls["steps"].value = 0
    view.controls["learning_rate"].value = 40.0
    view.controls["steps"].value = 1
    assert view.path[1] < model.params["fc1_w"][5, 1] - 3.0     # beyond the old centre ± 3


def test_descent_artist_widens_to_a_point_off_the_curve():
    from cnnlib.draw.base import new_figure
    from cnnlib.draw.training import DescentArtist
    fig, axes = new_figure()
    ws = np.linspace(-1, 1, 21)
    artist = DescentArtist(axes[0, 0], ws, ws ** 2)
    artist.update([0.5, -4.0], [0.25, 16.0], slope=-8.0, next_point=(3.0, 9.0),
                  learning_rate=1.0)
    (x0, x1), (y0, y1) = artist.ax.get_xlim(), artist.ax.get_ylim()
    assert x0 < -4.0 and x1 > 3.0 and y1 > 16.0
