"""Transfer learning in small: + and - from a handful, with X/O features."""
import numpy as np
import pytest
from helpers import fresh, in_a_notebook

from cnnlib import dataset, network
from cnnlib.beyond import transfer
from cnnlib.data import load_grid


@pytest.fixture(scope="module")
def source_once():
    return network.train_model(0, data=dataset.load_dataset(), epochs=10, features=8,
                               pool_size=7, pool_stride=7)


@pytest.fixture
def source(source_once):
    return fresh(source_once)


def test_variants_look_like_their_shape():
    rng = np.random.default_rng(0)
    for name in ("plus", "minus"):
        template = load_grid(name)
        for _ in range(20):
            v = transfer.shape_variant(name, rng)
            assert v.shape == (9, 9) and v.min() >= -1 and v.max() <= 1
            # shifted, turned, maybe thicker: some ink, at most four times the template's
            assert 0.5 * (template > 0).sum() <= (v > 0).sum() <= 4 * (template > 0).sum()
    plus = transfer.shape_variant("plus", np.random.default_rng(1))
    minus = transfer.shape_variant("minus", np.random.default_rng(1))
    # a plus has a vertical stroke: ink in more rows than a minus
    assert (plus > 0).any(axis=1).sum() > (minus > 0).any(axis=1).sum()


def test_make_shapes_is_seeded_and_balanced():
    a = transfer.make_shapes(np.random.default_rng(2), 3, 10)
    b = transfer.make_shapes(np.random.default_rng(2), 3, 10)
    assert a["train_images"].shape == (6, 9, 9) and a["test_images"].shape == (20, 9, 9)
    assert np.array_equal(a["test_images"], b["test_images"])
    assert np.bincount(a["train_labels"]).tolist() == [3, 3]
    assert a["classes"] == ("plus", "minus")


def test_features_only_keeps_the_features_and_leaves_the_source_alone(source):
    start = transfer.features_only(source)
    assert set(start.params) == {"conv_w", "conv_b"}
    assert np.array_equal(start.params["conv_w"], source.params["conv_w"])
    assert "fc1_w" in source.params
    start.params["conv_w"][0, 0, 0, 0] += 1
    assert not np.array_equal(start.params["conv_w"], source.params["conv_w"])


def test_transferred_features_stay_frozen_while_the_vote_learns(source):
    data = transfer.make_shapes(np.random.default_rng(3), 4)
    model = network.train_model(0, data=data, init=transfer.features_only(source),
                                frozen=transfer.FEATURE_PARAMS, epochs=20, batch_size=8,
                                learning_rate=0.3, features=8, pool_size=7, pool_stride=7)
    assert np.array_equal(model.params["conv_w"], source.params["conv_w"])
    assert model.classes == ("plus", "minus")
    assert model.accuracy(data["train_images"], data["train_labels"]) == 1.0


def test_x_o_features_beat_random_frozen_features(source):
    r = transfer.compare(source, np.random.default_rng(1), sizes=(8,), seeds=(0, 1, 2, 3))
    assert set(r) == {"sizes", "scratch", "random", "transfer"}
    assert r["transfer"][0] > r["random"][0] + 0.05
    assert r["transfer"][0] > 0.8


@pytest.mark.parametrize("call, error, words", [
    (lambda: transfer.make_shapes(5), TypeError, ["rng", "default_rng"]),
    (lambda: transfer.make_shapes(np.random.default_rng(0), 0), ValueError, ["train_per_class"]),
    (lambda: transfer.features_only("model"), TypeError, ["model", "Model"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_compare_shows_one_bar_not_one_per_network(source, capsys, monkeypatch):
    in_a_notebook(monkeypatch)
    transfer.compare(source, np.random.default_rng(0), sizes=(1,), seeds=(0,), epochs=2)
    shown = capsys.readouterr().err
    assert shown.count("\n") == 1 and "3/3" in shown and "epoch" not in shown
