"""The training and descent explorers, headless: press the buttons, set the
controls, check what they hold and the numbers they send to the browser."""
import copy

import numpy as np
import pytest
from helpers import NoPictures, explorer_checks, fresh, scene_panel

from cnnlib import descent
from cnnlib.draw.training import MINUS, decimals, scaled
from cnnlib.network import init_model, train_epoch, train_model, train_step
from cnnlib.training import batch_sizes, batches
from cnnlib.widgets.training import DESCENT_RATES, descent_explorer, training_explorer


def feature_grids(view):
    """The learned features as the browser draws them: (F, k, k)."""
    return np.array([np.reshape(g["values"], (g["rows"], g["cols"]))
                     for g in scene_panel(view, "features")["grids"]])


def test_starts_untrained_from_the_seed(data):
    view = training_explorer(data)
    fresh = init_model(np.random.default_rng(0), features=4, feature_size=3)
    assert view.epoch == 0 and view.history["loss"] == []
    np.testing.assert_array_equal(view.features_shown, scaled(fresh.features()))
    np.testing.assert_allclose(feature_grids(view), scaled(fresh.features()), atol=1e-4)
    assert "epoch 0" in view.status and view.scene["caption"].startswith(view.status)
    assert view.scene["caption"] == view.status
    assert next_lines(view)[0].startswith("next Step (epoch 1): 400 images")
    assert set(view.controls) >= {"step", "play", "epochs", "reset", "features", "feature_size",
                                  "learning_rate", "batch_size", "train_size", "seed"}
    explorer_checks(view)


def test_step_trains_one_epoch_exactly_like_train_epoch(data):
    view = training_explorer(data, learning_rate=0.1)
    with NoPictures() as renders:
        view.controls["step"].click()
    assert renders.count == 0                      # numbers only: no PNG in the kernel
    rng = np.random.default_rng(0)
    twin = init_model(rng, features=4, feature_size=3)
    loss = train_epoch(twin, data["train_images"], data["train_labels"], 0.1, 20, rng)
    assert view.epoch == 1 and view.history["loss"] == [pytest.approx(loss)]
    assert view.controls["epochs"].value == 1      # the browser's slider follows
    np.testing.assert_allclose(view.model.params["conv_w"], twin.params["conv_w"])
    np.testing.assert_allclose(view.features_shown, scaled(twin.features()))
    assert view.history["test_accuracy"][0] == twin.accuracy(data["test_images"],
                                                           data["test_labels"])
    # the curves the browser draws are the history
    curve = scene_panel(view, "loss")
    assert curve["x"] == [1] and curve["series"][0]["y"] == [round(loss, 4)]
    accuracy = scene_panel(view, "accuracy")["series"]
    assert [s["y"] for s in accuracy] == [[view.history["train_accuracy"][0]],
                                          [view.history["test_accuracy"][0]]]
    np.testing.assert_allclose(feature_grids(view), scaled(twin.features()), atol=1e-4)


def test_play_trains_until_the_counter_and_reaches_full_accuracy(data):
    view = training_explorer(data)
    view.controls["play"].value = 6               # what Play does, one epoch a tick
    assert view.epoch == 6 and len(view.history["loss"]) == 6
    assert view.controls["epochs"].value == 6
    assert view.history["loss"][-1] < view.history["loss"][0]
    assert view.history["test_accuracy"][-1] == 1.0
    assert "test 100%" in view.status and view.scene["caption"].startswith(view.status)
    assert len(scene_panel(view, "loss")["series"][0]["y"]) == 6


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
    assert feature_grids(view).shape == (2, 5, 5)
    view.controls["train_size"].value = 25
    view.controls["step"].click()
    assert view.model.accuracy(data["train_images"][:25], data["train_labels"][:25]) == \
        view.history["train_accuracy"][0]


def test_a_new_seed_after_training_starts_again_at_epoch_zero(data):
    view = training_explorer(data)
    view.controls["play"].value = 2
    view.controls["seed"].value = 3
    fresh = init_model(np.random.default_rng(3), features=4, feature_size=3)
    assert view.epoch == 0 and view.controls["epochs"].value == 0
    np.testing.assert_array_equal(view.model.params["conv_w"], fresh.params["conv_w"])


def test_learning_rate_changes_mid_training_without_starting_again(data):
    view = training_explorer(data, learning_rate=0.1)
    view.controls["step"].click()
    view.controls["learning_rate"].value = 0.01
    assert view.epoch == 1
    assert "learning rate 0.01" in view.settings
    assert next_lines(view)[1] == ("each update: weight − 0.01 × slope, the slope averaged "
                                   "over its batch")
    twin = view.model.copy()
    rng = copy.deepcopy(view.rng)             # the shuffles the widget will use
    view.controls["step"].click()
    loss = train_epoch(twin, data["train_images"], data["train_labels"], 0.01, 20, rng)
    assert view.history["loss"][1] == pytest.approx(loss)
    np.testing.assert_allclose(view.model.params["fc1_w"], twin.params["fc1_w"])


def test_moving_the_epoch_slider_back_replays_training_from_the_seed(data):
    view = training_explorer(data, learning_rate=0.1)
    view.controls["epochs"].value = 2
    at_two = {k: v.copy() for k, v in view.model.params.items()}
    loss_two = list(view.history["loss"])
    view.controls["epochs"].value = 4
    assert view.epoch == 4 and view.controls["play"].value == 4
    view.controls["epochs"].value = 2
    assert view.epoch == 2 and view.history["loss"] == loss_two
    for name, value in at_two.items():
        np.testing.assert_array_equal(view.model.params[name], value)


def test_the_static_picture_is_the_state_shown(data):
    view = training_explorer(data)
    view.controls["play"].value = 2
    fig = view.figure()
    heading = fig.texts[0].get_text()
    assert "seed: 0" in heading and "learning rate: 0.5" in heading
    loss_line = fig.axes[1].lines[0]     # under the next-Step strip: the loss
    assert len(loss_line.get_ydata()) == len(view.history["loss"]) == 2


def next_lines(view):
    """The "next Step" panel's lines as read: over the strip, then under it."""
    panel = scene_panel(view, "next")
    return [f"{line['bold']} {line['text']}" for line in panel["above"] + panel["below"]]


def what_step_will_do(view, data):
    """By hand, on copies: the batches the next Step cuts (the explorer's own
    shuffle), and its first update made with train_step on a twin model.
    Returns (sizes, loss before, loss after, largest weight change)."""
    v, n = view.values, view.values["train_size"]
    x, y = data["train_images"][:n], data["train_labels"][:n]
    cut = batches(n, v["batch_size"], copy.deepcopy(view.rng))
    twin = view.model.copy()
    loss = train_step(twin, x[cut[0]], y[cut[0]], v["learning_rate"])
    largest = max(float(np.abs(twin.params[k] - view.model.params[k]).max())
                  for k in twin.params)
    return [len(b) for b in cut], loss, twin.loss(x[cut[0]], y[cut[0]]), largest


@pytest.mark.parametrize("learning_rate, batch_size, train_size",
                         [(0.5, 20, 400), (0.03, 1, 400), (3.0, 100, 25), (0.1, 5, 50),
                          (0.01, 20, 25)])
def test_the_settings_show_what_the_next_step_will_do_before_it_is_pressed(
        data, learning_rate, batch_size, train_size):
    view = training_explorer(data, learning_rate=0.3)
    view.controls["step"].click()
    before = scene_panel(view, "next")
    view.controls["learning_rate"].value = learning_rate
    view.controls["batch_size"].value = batch_size
    view.controls["train_size"].value = train_size
    assert view.epoch == 1                         # nothing trained by choosing
    panel = scene_panel(view, "next")
    assert panel != before
    sizes, loss, after, largest = what_step_will_do(view, data)
    updates = -(-train_size // batch_size)         # ceil: the last batch may be short
    assert panel["parts"] == sizes == batch_sizes(train_size, batch_size) == view.batches
    assert len(sizes) == updates and sum(sizes) == train_size
    top, rule, first = next_lines(view)
    assert top.startswith(f"next Step (epoch 2): {train_size} images in {updates} batch")
    assert f"of {sizes[0]}" in top and top.endswith(f"= {updates} update" + "s" * (updates > 1))
    assert (f"(the last of {sizes[-1]})" in top) == (sizes[-1] != sizes[0])
    assert rule.startswith(f"each update: weight − {learning_rate:g} × slope")
    assert first.startswith("first update (amber): loss on its " +
                            (f"{sizes[0]} images" if sizes[0] > 1 else "one image"))
    assert first.endswith(f" {loss:.3f} → {after:.3f}, largest weight change {largest:.3f}")
    assert view.first_update["loss"] == pytest.approx(loss)
    assert view.first_update["loss_after"] == pytest.approx(after)
    assert view.first_update["largest_change"] == pytest.approx(largest)


@pytest.mark.parametrize("name, value", [("learning_rate", 0.01), ("batch_size", 5),
                                         ("train_size", 100)])
def test_each_setting_alone_changes_the_picture_and_trains_nothing(data, name, value):
    view = training_explorer(data)
    before = copy.deepcopy(view.scene)
    params = {k: p.copy() for k, p in view.model.params.items()}
    view.controls[name].value = value
    assert view.scene["panels"] != before["panels"]
    assert view.epoch == 0 and view.history["loss"] == []
    for k, p in params.items():
        np.testing.assert_array_equal(view.model.params[k], p)


def test_the_first_update_shown_is_the_one_step_makes(data):
    """25 images at batch size 100: the next Step is one update, so the epoch's
    loss is the shown loss before it and the model then has the loss after."""
    view = training_explorer(data, learning_rate=0.1, batch_size=100, train_size=25)
    shown = dict(view.first_update)
    assert view.batches == [25] and next_lines(view)[0].endswith("in 1 batch of 25 = 1 update")
    view.controls["step"].click()
    x, y = data["train_images"][:25], data["train_labels"][:25]
    assert view.history["loss"] == [pytest.approx(shown["loss"])]
    assert view.model.loss(x, y) == pytest.approx(shown["loss_after"])


def test_after_the_last_epoch_the_panel_says_step_does_nothing(data):
    view = training_explorer(data, train_size=25, batch_size=20)
    view.controls["epochs"].value = 30
    top, epoch, rule = next_lines(view)
    assert top == "Step does nothing: 30 epochs trained, the most; Reset starts again"
    assert epoch == "an epoch: 25 images in 2 batches of 20 (the last of 5) = 2 updates"
    assert rule.startswith("each update: weight − 0.5 × slope")
    view.controls["step"].click()
    assert view.epoch == 30


@pytest.fixture(scope="module")
def half_trained_once():
    return train_model(0, epochs=1, learning_rate=0.05)


@pytest.fixture
def walk(data, half_trained_once):
    """Notebook 06's walk: one weight of a half-trained network, started 2.5 off."""
    model = fresh(half_trained_once)
    x, y = data["train_images"], data["train_labels"]
    start = model.params["fc1_w"][5, 1] + 2.5
    view = descent_explorer(model, x, y, "fc1_w", (5, 1), start=start, learning_rate=1.0)
    view.fixture = (model, x, y, start)
    return view


def curve_series(view):
    return scene_panel(view, "loss")["series"]


def test_descent_explorer_steps_downhill_as_the_slider_moves(walk):
    model, x, y, start = walk.fixture
    walk.controls["learning_rate"].value = 1.0
    walk.controls["steps"].value = 0
    assert walk.weight == pytest.approx(start) and len(walk.path) == 1
    loss0 = walk.loss
    walk.controls["steps"].value = 3
    loss_at, slope_at = descent.one_weight(model, x, y, "fc1_w", (5, 1))
    expected = descent.descent_path(slope_at, start, 1.0, 3)
    np.testing.assert_allclose(walk.path, expected)
    assert walk.loss == pytest.approx(loss_at(expected[-1])) and walk.loss < loss0
    assert walk.slope == pytest.approx(slope_at(expected[-1]))
    assert walk.next_weight == pytest.approx(expected[-1] - 1.0 * walk.slope)
    # what the browser draws: the path so far, the current point, the caption
    path, _, step, here = curve_series(walk)
    np.testing.assert_allclose(path["x"], expected, atol=1e-4)
    np.testing.assert_allclose(path["y"], [loss_at(w) for w in expected], atol=1e-4)
    assert here["x"] == [round(walk.weight, 4)]
    assert step["x"] == [round(walk.weight, 4), round(walk.next_weight, 4)]
    caption = walk.frames[3]["caption"]
    assert caption.startswith(f"learning rate 1, step 3: weight {walk.weight:.3f}, "
                              f"loss {walk.loss:.3f}, slope {walk.slope:.{decimals(walk.slope)}f}")
    walk.controls["learning_rate"].value = 10.0
    assert walk.path[1] == pytest.approx(start - 10.0 * slope_at(start))


def test_every_caption_prints_a_step_that_adds_up_to_the_next_weight(walk):
    """Over every frame of every learning rate: the printed arithmetic,
    evaluated, rounds to the printed result, which is the next frame's weight."""
    from decimal import Decimal
    for rate in DESCENT_RATES:
        weights = walk.walks[rate][0]
        for i, frame in enumerate(walk.scenes[rate][1]):
            step = frame["caption"].split("next step: ")[1]
            left, result = step.replace(MINUS, "-").split(" = ")
            w, rest = left.split(" - ", 1)
            r, s = rest.split(" × ")
            value = Decimal(w) - Decimal(r) * Decimal(s.strip("()"))
            assert abs(value - Decimal(result)) < Decimal("0.0005"), frame["caption"]
            assert result == f"{weights[i + 1] + 0.0:.3f}", frame["caption"]


def test_every_step_is_computed_once_so_the_slider_scrubs_in_the_browser(walk):
    assert walk.scrub == "steps" and len(walk.frames) == walk.controls["steps"].max + 1
    with NoPictures() as renders:
        for rate in DESCENT_RATES:
            walk.controls["learning_rate"].value = rate
            for i in range(len(walk.frames)):
                walk.controls["steps"].value = i
    assert renders.count == 0
    assert set(walk.walks) == set(DESCENT_RATES)


def test_the_plot_takes_in_every_point_visited_even_an_overshoot(walk):
    """At a large learning rate the first step jumps past the valley, beyond
    centre ± span: the lesson, so it must be in view, with its loss."""
    first = walk.scenes[DESCENT_RATES[0]][0]["panels"][0]
    for rate in DESCENT_RATES:
        walk.controls["learning_rate"].value = rate
        panel = walk.scene["panels"][0]
        (lo, hi), (bottom, top) = panel["xlim"], panel["ylim"]
        weights, losses, _ = walk.walks[rate]
        assert lo <= min(weights) and max(weights) <= hi, rate
        assert bottom <= min(losses) and max(losses) <= top, rate
        # one plot for every rate: it spans every point any of them visits
        assert (panel["xlim"], panel["ylim"]) == (first["xlim"], first["ylim"])
        for frame in walk.frames:
            for series in frame["loss"]["series"]:
                assert all(lo <= v <= hi for v in series["x"])
                assert all(bottom - 1e-9 <= v <= top + 1e-9 for v in series["y"])
        curve = panel["fixed"][0]
        assert curve["x"][0] <= weights.min() + 0.05 and curve["x"][-1] >= weights.max() - 0.05
    walk.controls["learning_rate"].value = 40.0
    model, *_ = walk.fixture
    centre = model.params["fc1_w"][5, 1]
    assert max(abs(w - centre) for w in walk.walks[40.0][0]) > walk.span   # it overshoots
    walk.controls["steps"].value = 1
    assert walk.path[1] < centre - 3.0                  # beyond the old centre ± 3
    lo, hi = walk.scene["panels"][0]["xlim"]
    assert lo < walk.path[1] and walk.frames[1]["loss"]["series"][3]["x"] == [round(walk.path[1], 4)]


def test_descent_limits_widen_to_a_point_off_the_curve():
    from cnnlib.draw.training import descent_limits
    ws = np.linspace(-1, 1, 21)
    (x0, x1), (y0, y1) = descent_limits(ws, ws ** 2, [0.5, -4.0, 3.0], [0.25, 16.0, 9.0],
                                        centre=0.0, span=1.0)
    assert x0 < -4.0 and x1 > 3.0 and y1 > 16.0


def test_descent_one_output_and_static_figure(walk):
    walk.controls["learning_rate"].value = 5.0
    walk.controls["steps"].value = 4
    explorer_checks(walk)
    fig = walk.figure()
    written = [t.get_text() for t in fig.texts]
    assert any("learning rate 5, step 4" in t for t in written)   # the frame's caption
    assert written[0] == "steps taken: 4   learning rate: 5.0"     # the controls
    path = fig.axes[0].lines[1]          # after the fixed loss curve: the steps taken
    assert len(path.get_xdata()) == 5


def test_a_value_the_dropdowns_do_not_offer_gets_a_clear_error(data):
    with pytest.raises(ValueError, match=r"learning_rate must be one of .*0\.5.*got 0\.7"):
        training_explorer(data, learning_rate=0.7)
    with pytest.raises(ValueError, match=r"feature_size must be one of 3, 5.*got 4"):
        training_explorer(data, feature_size=4)
    with pytest.raises(ValueError, match=r"features"):
        training_explorer(data, features=9)
    model = train_model(0, epochs=1)
    with pytest.raises(ValueError, match=r"learning_rate must be one of .*got 0\.3"):
        descent_explorer(model, data["train_images"], data["train_labels"], "fc1_w", (0, 0),
                         start=0.0, learning_rate=0.3)
