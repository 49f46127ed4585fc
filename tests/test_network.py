"""The network: whole-network gradient checks, training that works, seeds that
reproduce, any image size and class count, and clear errors on bad input."""
import numpy as np
import pytest
from helpers import TOL, fresh, numeric_gradient, rel_error

import cnnlib as c
from cnnlib.network import DEFAULTS, Model, init_model, train_epoch, train_model, train_step


@pytest.fixture(scope="module")
def trained_once(data_once):
    return train_model(0, data=data_once)


@pytest.fixture
def trained(trained_once):
    return fresh(trained_once)


# --- gradients ----------------------------------------------------------------

@pytest.mark.parametrize("hyper", [
    dict(),
    dict(hidden=5),
    dict(image_shape=(8, 7), classes=("a", "b", "c"), features=2, feature_size=2,
         pool_size=3, pool_stride=2, hidden=4),
    dict(image_shape=(16, 16), stages=[(3, 3), (4, 3)], hidden=5),
    dict(image_shape=(12, 11), stages=[(2, 3), (3, 2, 3, 1), (2, 2)], hidden=[4, 3]),
    dict(image_shape=(5, 4), stages=(), hidden=6),
])
def test_whole_network_gradients_match_finite_differences(hyper):
    rng = np.random.default_rng(0)
    model = init_model(rng, **hyper)
    shape, k = model.hyper["image_shape"], len(model.classes)
    grids = rng.uniform(-1, 1, (4, *shape))
    labels = np.arange(4) % k
    loss, grads = model.loss_and_gradients(grids, labels)
    assert grads.keys() == model.params.keys()
    for name, value in model.params.items():
        numeric = numeric_gradient(lambda: model.loss(grids, labels), value)
        assert rel_error(grads[name], numeric) < TOL, name
    dx = model.input_gradient(grids, labels)
    assert dx.shape == grids.shape
    assert rel_error(dx, numeric_gradient(lambda: model.loss(grids, labels), grids)) < TOL
    assert loss == model.loss(grids, labels)


def test_input_gradient_of_one_grid_has_its_shape(trained):
    g = trained.input_gradient(c.load_grid("x"), "x")
    assert g.shape == (9, 9) and np.abs(g).sum() > 0


# --- training -------------------------------------------------------------------

def test_the_default_model_gets_every_test_image_right(data, trained):
    assert trained.accuracy(data["test_images"], data["test_labels"]) == 1.0
    assert trained.history["test_accuracy"][-1] == 1.0
    assert len(trained.history["loss"]) == DEFAULTS["epochs"]
    first = dict(zip(("features", "feature_size", "pool_size", "pool_stride"),
                     trained.hyper["stages"][0]))
    assert not first.keys() & trained.hyper.keys()      # the first stage is stored once: stages
    assert {**first, **{k: trained.hyper[k] for k in DEFAULTS if k not in first}} == DEFAULTS


def test_forward_upto_a_layer_by_name_or_index_is_that_layers_output(trained):
    x = c.load_grid("x")
    assert trained.layer_names() == ["conv", "relu", "pool", "flatten", "fc1"]
    np.testing.assert_array_equal(trained.forward(x, upto="conv"), trained.feature_maps(x))
    stages = trained.stages(x)
    np.testing.assert_array_equal(trained.forward(x, upto=2), stages["pooled"])
    np.testing.assert_array_equal(trained.forward(x, upto="pool"), stages["pooled"])
    np.testing.assert_array_equal(trained.forward(x), trained.scores(x))
    two = np.stack([x, c.load_grid("o")])
    np.testing.assert_array_equal(trained.forward(two, upto="relu")[0], stages["rectified"])
    for bad in (5, -1, "conv2", 1.0, True):
        with pytest.raises(ValueError, match="upto must be one of the model's layers"):
            trained.forward(x, upto=bad)


def test_the_default_model_reads_the_lecture_pictures(trained):
    assert trained.predict(c.load_grid("x")) == "x"
    assert trained.predict(c.load_grid("o")) == "o"


@pytest.mark.parametrize("seed", range(10))
def test_every_seed_fits_the_training_set_within_30_epochs(data, seed):
    model = train_model(seed, data=data, epochs=30)
    assert 1.0 in model.history["train_accuracy"]


def test_the_loss_falls(trained):
    loss = trained.history["loss"]
    assert loss[-1] < loss[0] / 5


def test_same_seed_same_model_bit_for_bit(data):
    a, b = train_model(3, data=data, epochs=2), train_model(3, data=data, epochs=2)
    other = train_model(4, data=data, epochs=2)
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
    assert a.history == b.history
    assert not np.array_equal(a.params["conv_w"], other.params["conv_w"])


def test_train_step_lowers_the_batch_loss_and_respects_frozen(data):
    model = init_model(np.random.default_rng(0))
    x, y = data["train_images"][:20], data["train_labels"][:20]
    before = model.loss(x, y)
    conv_w = model.params["conv_w"].copy()
    assert train_step(model, x, y, 0.1, frozen=("conv_w",)) == pytest.approx(before)
    assert model.loss(x, y) < before
    np.testing.assert_array_equal(model.params["conv_w"], conv_w)


def test_frozen_none_freezes_nothing_like_an_empty_tuple(data):
    x, y = data["train_images"][:20], data["train_labels"][:20]
    models = {frozen: init_model(np.random.default_rng(0)) for frozen in (None, ())}
    for frozen, model in models.items():
        train_step(model, x, y, 0.1, frozen=frozen)
        train_epoch(model, x, y, 0.1, 5, np.random.default_rng(1), frozen=frozen)
    for name, value in models[None].params.items():
        np.testing.assert_array_equal(value, models[()].params[name])
    start = init_model(np.random.default_rng(0))
    assert not np.array_equal(models[None].params["conv_w"], start.params["conv_w"])
    a = train_model(0, data=data, epochs=1, frozen=None)
    b = train_model(0, data=data, epochs=1)
    np.testing.assert_array_equal(a.params["conv_w"], b.params["conv_w"])


def test_train_epoch_returns_the_mean_loss_and_changes_the_model(data):
    model = init_model(np.random.default_rng(0))
    start = model.copy()
    loss = train_epoch(model, data["train_images"], data["train_labels"], 0.5, 25,
                       np.random.default_rng(1))
    assert 0 < loss < 1.5
    assert model.accuracy(data["test_images"], data["test_labels"]) > start.accuracy(
        data["test_images"], data["test_labels"])
    assert not np.array_equal(model.params["fc1_w"], start.params["fc1_w"])


def test_callback_sees_each_epoch(data):
    seen = []
    train_model(0, data=data, epochs=3, callback=lambda e, m: seen.append((e, len(m.history["loss"]))))
    assert seen == [(1, 1), (2, 2), (3, 3)]


def test_frozen_params_stay_and_init_starts_from_a_model(data, trained):
    model = train_model(1, data=data, epochs=2, init=trained, frozen=("conv_w", "conv_b"))
    np.testing.assert_array_equal(model.params["conv_w"], trained.params["conv_w"])
    assert not np.array_equal(model.params["fc1_w"], trained.params["fc1_w"])
    assert model.params["conv_w"] is not trained.params["conv_w"]


def test_any_image_size_and_any_number_of_classes():
    rng = np.random.default_rng(0)
    h, w = 6, 11     # three classes: a bright row at the top, middle or bottom
    labels = rng.integers(0, 3, 120)
    images = rng.normal(0, 0.2, (120, h, w)) - 1
    images[np.arange(120), labels * 2 + 1, :] = 1
    data = dict(train_images=images[:90], train_labels=labels[:90],
                test_images=images[90:], test_labels=labels[90:])
    model = train_model(0, data=data, classes=("top", "middle", "bottom"), epochs=15)
    assert model.probabilities(images).shape == (120, 3)
    assert model.history["test_accuracy"][-1] == 1.0
    assert list(model.predict(images[:3])) == [("top", "middle", "bottom")[k] for k in labels[:3]]
    names = dict(data, train_labels=np.array(["top", "middle", "bottom"])[labels[:90]])
    by_name = train_model(0, data=names, classes=("top", "middle", "bottom"), epochs=1)
    by_index = train_model(0, data=data, classes=("top", "middle", "bottom"), epochs=1)
    np.testing.assert_array_equal(by_name.params["fc1_w"], by_index.params["fc1_w"])


def test_transfer_to_new_classes_keeps_the_features(trained):
    rng = np.random.default_rng(1)
    data = dict(train_images=rng.uniform(-1, 1, (30, 9, 9)), train_labels=rng.integers(0, 3, 30),
                classes=("a", "b", "c"))
    model = train_model(0, data=data, epochs=1, init=trained, frozen=("conv_w", "conv_b"))
    np.testing.assert_array_equal(model.params["conv_w"], trained.params["conv_w"])
    assert model.params["fc1_w"].shape[1] == 3


# --- predictions -------------------------------------------------------------------

def test_predictions_probabilities_and_scores_agree(data, trained):
    x = data["test_images"][:10]
    p = trained.probabilities(x)
    np.testing.assert_allclose(p.sum(axis=1), 1)
    assert (p >= 0).all()
    names = trained.predict(x)
    assert names.shape == (10,) and set(names) <= {"x", "o"}
    assert list(names) == [trained.classes[k] for k in np.argmax(trained.scores(x), axis=1)]
    one = trained.probabilities(x[0])
    np.testing.assert_allclose(one, p[0])
    assert isinstance(trained.predict(x[0]), str)


@pytest.mark.parametrize("hidden", [0, 6])
def test_prediction_path_gives_the_training_paths_scores_exactly(data, hidden):
    model = init_model(np.random.default_rng(2), hidden=hidden)
    x = data["test_images"][:30]
    np.testing.assert_array_equal(model.scores(x), model._forward(x[:, None])[0])


def test_labels_as_names_or_indexes_give_the_same_loss(data, trained):
    x, y = data["test_images"][:6], data["test_labels"][:6]
    names = [trained.classes[k] for k in y]
    assert trained.loss(x, names) == trained.loss(x, y)
    assert trained.accuracy(x, names) == trained.accuracy(x, y)


def test_feature_maps_and_features_have_the_conv_shapes(trained):
    f = DEFAULTS["features"]
    assert trained.feature_maps(c.load_grid("x")).shape == (f, 7, 7)
    assert trained.feature_maps(np.ones((2, 9, 9))).shape == (2, f, 7, 7)
    assert trained.features().shape == (f, 3, 3)


@pytest.mark.parametrize("hidden", [0, 6])
def test_stages_end_in_the_models_own_scores(data, hidden):
    model = train_model(0, data=data, epochs=1, hidden=hidden)
    grid = data["test_images"][3]
    st = model.stages(grid)
    np.testing.assert_allclose(st["scores"], model.scores(grid))
    np.testing.assert_allclose(st["probabilities"], model.probabilities(grid))
    np.testing.assert_allclose(st["maps"], model.feature_maps(grid))
    np.testing.assert_array_equal(st["rectified"], np.maximum(st["maps"], 0))
    np.testing.assert_array_equal(st["pooled"], c.max_pool(st["rectified"]))
    assert ("hidden" in st) == bool(hidden)
    with pytest.raises(ValueError, match="one grid"):
        model.stages(data["test_images"][:2])


def test_copy_is_independent(trained):
    copy = trained.copy()
    copy.params["conv_w"][0, 0, 0, 0] += 1
    copy.history["loss"].append(0)
    assert copy.params["conv_w"][0, 0, 0, 0] != trained.params["conv_w"][0, 0, 0, 0]
    assert len(copy.history["loss"]) == len(trained.history["loss"]) + 1
    assert "features=" in repr(trained)


# --- bad input ------------------------------------------------------------------------

def _model():
    return init_model(np.random.default_rng(0))


G = np.zeros((2, 9, 9))
BAD = [
    (lambda: _model().predict(np.zeros((2, 8, 8))), ValueError, ["grids", "(9, 9)", "(2, 8, 8)"]),
    (lambda: _model().predict(np.zeros(81)), ValueError, ["grids", "1-D"]),
    (lambda: _model().probabilities("x"), TypeError, ["grids", "'x'"]),
    (lambda: _model().probabilities(np.full((9, 9), np.nan)), ValueError, ["grids", "NaN"]),
    (lambda: _model().accuracy(G, ["x", "plus"]), ValueError, ["labels", "'plus'", "'x', 'o'"]),
    (lambda: _model().accuracy(G, [0, 2]), ValueError, ["labels", "2 classes", "2"]),
    (lambda: _model().accuracy(G, [0.0, 1.0]), TypeError, ["labels", "float64", "'x', 'o'"]),
    (lambda: _model().accuracy(G, [0]), ValueError, ["labels", "one label per grid (2)"]),
    (lambda: _model().input_gradient(G, [-1, 0]), ValueError, ["labels", "-1"]),
    (lambda: _model().loss_and_gradients(G, None), ValueError, ["labels"]),
    (lambda: train_step(_model(), G, [0, 1], 0), ValueError, ["learning_rate", "> 0", "0"]),
    (lambda: train_step(_model(), G, [0, 1], -0.1), ValueError, ["learning_rate", "-0.1"]),
    (lambda: train_step(_model(), G, [0, 1], "fast"), TypeError, ["learning_rate", "'fast'"]),
    (lambda: train_epoch(_model(), G, [0, 1], 0.1, 0, np.random.default_rng()), ValueError,
     ["batch_size", ">= 1"]),
    (lambda: train_epoch(_model(), G, [0, 1], 0.1, 2, 3), TypeError, ["rng", "Generator"]),
    (lambda: train_model(data={"images": G}), TypeError, ["data", "train_images"]),
    (lambda: train_model(data=dict(train_images=G, train_labels=["x", "y"])), ValueError,
     ["data['train_labels']", "'y'"]),
    (lambda: train_model(data=dict(train_images=np.zeros((2, 9)), train_labels=[0, 1])), ValueError,
     ["data['train_images']", "2-D"]),
    (lambda: train_model(data=dict(train_images=G, train_labels=[0, 1], test_images=np.zeros((2, 7, 7)),
                                   test_labels=[0, 1])), ValueError, ["data['test_images']", "(9, 9)"]),
    (lambda: train_model(learning_rate=-1, data=dict(train_images=G, train_labels=[0, 1])), ValueError,
     ["learning_rate", "-1"]),
    (lambda: train_model(epochs=2.5, data=dict(train_images=G, train_labels=[0, 1])), TypeError,
     ["epochs", "integer", "2.5"]),
    (lambda: train_model(features=0, data=dict(train_images=G, train_labels=[0, 1])), ValueError,
     ["features", ">= 1"]),
    (lambda: train_model(feature_size=10, data=dict(train_images=G, train_labels=[0, 1])), ValueError,
     ["feature_size", "10", "9x9"]),
    (lambda: train_model(frozen=("conv",), data=dict(train_images=G, train_labels=[0, 1])), ValueError,
     ["frozen", "conv", "conv_w"]),
    (lambda: train_model(init="model", data=dict(train_images=G, train_labels=[0, 1])), TypeError,
     ["init", "Model"]),
    (lambda: train_model(classes="xo", data=dict(train_images=G, train_labels=[0, 1])), TypeError,
     ["classes", "tuple"]),
    (lambda: train_model(classes=("x", "x"), data=dict(train_images=G, train_labels=[0, 1])), ValueError,
     ["classes", "two different"]),
    (lambda: train_model(callback=3, data=dict(train_images=G, train_labels=[0, 1])), TypeError,
     ["callback", "function"]),
    (lambda: init_model(0), TypeError, ["rng", "Generator", "default_rng"]),
    (lambda: init_model(np.random.default_rng(), image_shape=(9,)), ValueError, ["image_shape", "(H, W)"]),
    (lambda: init_model(np.random.default_rng(), hidden=-1), ValueError, ["hidden", ">= 0"]),
    (lambda: init_model(np.random.default_rng(), hidden=[4, 0]), ValueError, ["hidden[1]", ">= 1"]),
    (lambda: init_model(np.random.default_rng(), hidden="big"), TypeError, ["hidden", "'big'"]),
    (lambda: init_model(np.random.default_rng(), stages=[(4, 3)], features=4), ValueError,
     ["stages", "features", "not both"]),
    (lambda: init_model(np.random.default_rng(), stages=[4, 3]), TypeError, ["stages[0]", "(features, feature_size)"]),
    (lambda: init_model(np.random.default_rng(), stages=[(4, 3), (0, 3)]), ValueError,
     ["features (stage 2)", ">= 1"]),
    (lambda: init_model(np.random.default_rng(), stages=[(4, 3), (4, 5)]), ValueError,
     ["feature_size 5", "4x4", "maps"]),
    (lambda: init_model(np.random.default_rng(), stages=[(4, 3.0)]), TypeError, ["feature_size", "3.0"]),
    (lambda: train_epoch(_model(), G, [0, 1], 0.1, 2, np.random.default_rng(), frozen=("w",)),
     ValueError, ["frozen", "'w'"]),
    (lambda: train_step(_model(), G, [0, 1], 0.1, frozen=("w",)), ValueError, ["frozen", "'w'", "conv_w"]),
    (lambda: train_step(_model(), G, [0, 1], 0.1, frozen=3), TypeError, ["frozen", "None", "names", "3"]),
    (lambda: train_step(_model(), G, [0, 1], 0.1, frozen=[("conv_w",)]), TypeError, ["frozen", "names"]),
    (lambda: train_model(frozen=0, data=dict(train_images=G, train_labels=[0, 1])), TypeError,
     ["frozen", "None"]),
    (lambda: train_step(_model(), G, [0, 1], np.inf), ValueError, ["learning_rate", "finite"]),
    (lambda: train_step(_model(), G, [0, 1], True), TypeError, ["learning_rate", "True"]),
]


@pytest.mark.parametrize("call,error,words", BAD)
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error) as err:
        call()
    for word in words:
        assert word in str(err.value), (word, str(err.value))


def test_model_is_a_class():
    assert isinstance(_model(), Model)


# --- any number of stages -------------------------------------------------------------

def test_a_two_stage_model_has_the_shapes_of_its_stages():
    model = init_model(np.random.default_rng(0), image_shape=(16, 16), stages=[(4, 3), (8, 3)],
                       hidden=16)
    # 16 -conv 3-> 14 -pool-> 7 -conv 3-> 5 -pool (keep edges)-> 3; 8 maps of 3x3 = 72
    assert model.params["conv_w"].shape == (4, 1, 3, 3)
    assert model.params["conv2_w"].shape == (8, 4, 3, 3)
    assert model.params["fc1_w"].shape == (72, 16) and model.params["fc2_w"].shape == (16, 2)
    st = model.stages(np.zeros((16, 16)))
    assert [name for name, _ in st["layers"]] == ["conv", "relu", "pool", "conv2", "relu", "pool",
                                                   "flatten", "fc1", "relu", "fc2"]
    assert [out.shape for _, out in st["layers"]][:6] == [(4, 14, 14), (4, 14, 14), (4, 7, 7),
                                                          (8, 5, 5), (8, 5, 5), (8, 3, 3)]
    np.testing.assert_array_equal(st["layers"][-1][1], st["scores"])
    assert model.features().shape == (4, 3, 3)
    assert "stages=((4, 3, 2, 2), (8, 3, 2, 2))" in repr(model)


def test_a_two_stage_model_trains_and_copies(data):
    model = train_model(0, data=data, stages=[(4, 3), (6, 2)], epochs=6)
    assert model.history["test_accuracy"][-1] > 0.9
    again = train_model(0, data=data, stages=[(4, 3), (6, 2)], epochs=6)
    np.testing.assert_array_equal(model.params["conv2_w"], again.params["conv2_w"])
    copy = model.copy()
    np.testing.assert_array_equal(copy.scores(data["test_images"]), model.scores(data["test_images"]))


def test_one_stage_written_as_stages_is_the_default_model(data):
    a = train_model(0, data=data, epochs=2)
    b = train_model(0, data=data, epochs=2, stages=[(4, 3)])
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])


def test_a_model_with_no_stage_is_fully_connected(data):
    model = train_model(0, data=data, stages=(), hidden=8, epochs=3, learning_rate=0.1)
    assert set(model.params) == {"fc1_w", "fc1_b", "fc2_w", "fc2_b"}
    assert model.params["fc1_w"].shape == (81, 8)
    with pytest.raises(ValueError, match="no convolution stage"):
        model.features()


def test_interrupting_training_leaves_the_last_whole_step(data):
    """A KeyboardInterrupt (the stop button) in the middle of an epoch: the
    model holds the params of the last whole step, and trains on from there."""
    model = init_model(np.random.default_rng(0))
    x, y = data["train_images"][:60], data["train_labels"][:60]
    steps = []

    class Stop(KeyboardInterrupt):
        pass

    real_step = Model._loss_and_gradients

    def counting(self, xb, yb, *frozen):
        if len(steps) == 2:
            raise Stop
        out = real_step(self, xb, yb, *frozen)
        steps.append(1)
        return out

    twin = model.copy()
    Model._loss_and_gradients = counting
    try:
        with pytest.raises(Stop):
            train_epoch(model, x, y, 0.5, 20, np.random.default_rng(1))
    finally:
        Model._loss_and_gradients = real_step
    order = np.random.default_rng(1).permutation(60)
    for b in (order[:20], order[20:40]):
        train_step(twin, x[b], y[b], 0.5)
    for name in model.params:
        np.testing.assert_array_equal(model.params[name], twin.params[name])


def test_the_one_loop_shuffles_with_the_generator_and_reports_each_epoch():
    from cnnlib.training import batches, run_epochs
    got = batches(7, 3, np.random.default_rng(0))
    order = np.random.default_rng(0).permutation(7)
    assert [list(b) for b in got] == [list(order[:3]), list(order[3:6]), list(order[6:])]
    seen, epochs = [], []
    losses = run_epochs(lambda b: seen.append(len(b)) or float(len(b)), 7, batch_size=3,
                        rng=np.random.default_rng(0), epochs=2,
                        after_epoch=lambda e, loss: epochs.append((e, loss)))
    assert seen == [3, 3, 1, 3, 3, 1]
    assert losses == [7 / 3, 7 / 3] and epochs == [(1, 7 / 3), (2, 7 / 3)]


@pytest.mark.parametrize("n, batch_size", [(7, 3), (400, 20), (25, 20), (5, 100), (1, 1)])
def test_batch_sizes_is_how_batches_cuts_an_epoch(n, batch_size):
    from cnnlib.training import batch_sizes, batches
    cut = batches(n, batch_size, np.random.default_rng(3))
    assert batch_sizes(n, batch_size) == [len(b) for b in cut]
    assert len(cut) == -(-n // batch_size)
    with pytest.raises(ValueError, match="batch_size"):
        batch_sizes(n, 0)


def test_scores_in_chunks_are_the_scores_of_one_pass(model, data):
    """Scores for more pictures than SCORE_CHUNK are computed chunk by chunk:
    exactly the numbers of one forward pass over all of them."""
    from cnnlib.network import SCORE_CHUNK
    x, _ = model._grids(np.concatenate([data["train_images"], data["test_images"]]))
    assert len(x) > 2 * SCORE_CHUNK and len(x) % SCORE_CHUNK       # a short last chunk too
    np.testing.assert_array_equal(model._scores(x), model._forward(x, train=False)[0])
    np.testing.assert_array_equal(model.scores(data["test_images"][:3]),
                                  model._forward(x[400:403], train=False)[0])


def test_a_step_with_frozen_features_walks_back_only_to_the_votes():
    """Frozen conv_w, conv_b: the backward walk stops at the vote layer, and the
    votes' gradients are exactly those of the whole walk; the frozen params
    get none. Asking for the input gradient with a shortened walk is refused."""
    from cnnlib.network import walk_backward
    model = init_model(np.random.default_rng(0), hidden=8)
    rng = np.random.default_rng(1)
    x, y = rng.uniform(-1, 1, (6, 1, 9, 9)), rng.integers(0, 2, 6)
    loss, whole = model._loss_and_gradients(x, y)
    frozen = ("conv_w", "conv_b")
    loss_frozen, part = model._loss_and_gradients(x, y, frozen)
    assert loss_frozen == loss
    assert set(part) == set(whole) - set(frozen) and set(part) == {"fc1_w", "fc1_b", "fc2_w", "fc2_b"}
    for name, g in part.items():
        np.testing.assert_array_equal(g, whole[name])
    _, halfway = model._loss_and_gradients(x, y, ("conv_w", "conv_b", "fc1_w"))
    assert set(halfway) == {"fc1_w", "fc1_b", "fc2_w", "fc2_b"}     # fc1_b still trains
    scores, caches = model._forward(x)
    with pytest.raises(ValueError, match="first=0 with input_gradient"):
        walk_backward(model.layers, model.params, np.ones_like(scores), caches, True, first=3)
