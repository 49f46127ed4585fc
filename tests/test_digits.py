"""Real handwriting: scikit-learn's digits in the series' range, and the CNN
against the fully connected net and logistic regression."""
import numpy as np
import pytest
from helpers import fresh

from cnnlib import digits
from cnnlib.dataset import load_dataset


@pytest.fixture(scope="module")
def data_once():
    return digits.load_digits_data(0)


@pytest.fixture(scope="module")
def cnn_once(data_once):
    return digits.train_cnn(0, data_once)


@pytest.fixture
def data(data_once):
    return fresh(data_once)


@pytest.fixture
def cnn(cnn_once):
    return fresh(cnn_once)


def test_digits_are_in_the_series_range_and_split_by_seed(data):
    assert data["train_images"].shape == (1200, 8, 8) and data["test_images"].shape == (597, 8, 8)
    assert data["train_images"].min() == -1.0 and data["train_images"].max() == 1.0
    assert digits.to_grid([0, 8, 16]).tolist() == [-1.0, 0.0, 1.0]
    again, other = digits.load_digits_data(0), digits.load_digits_data(1)
    assert np.array_equal(again["test_images"], data["test_images"])
    assert not np.array_equal(other["test_labels"], data["test_labels"])
    assert len(digits.load_digits_data(0, train=50)["train_labels"]) == 50


def test_the_cnn_reads_real_handwriting(cnn, data):
    assert cnn.accuracy(data["test_images"], data["test_labels"]) >= 0.96
    matrix = digits.confusion(cnn, data)
    assert matrix.shape == (10, 10) and matrix.sum() == 597
    right = np.trace(matrix) / matrix.sum()
    assert right == pytest.approx(cnn.accuracy(data["test_images"], data["test_labels"]))
    wrong, truth, said, p = digits.mistakes(cnn, data)
    assert len(wrong) == matrix.sum() - np.trace(matrix)
    assert np.all(truth != said) and np.all(np.diff(p) <= 0)


def test_the_three_models_on_one_split(data):
    acc = digits.accuracies(data, 0)
    assert set(acc) == set(digits.MODELS)
    assert all(0.9 < v <= 1 for v in acc.values())


def test_compare_data_hunger_and_trained_cnn_share_their_runs(cnn, data):
    runs = digits.compare(seeds=(0,))
    hunger = digits.data_hunger(sizes=(50, digits.FULL), seeds=(0,))
    for name in digits.MODELS:
        assert hunger[name][1, 0] == runs[name][0]
    kept = digits.trained_cnn(0)
    assert np.array_equal(kept.params["conv_w"], cnn.params["conv_w"])     # the same run
    assert kept.accuracy(data["test_images"], data["test_labels"]) == runs["CNN"][0]
    kept.params["conv_w"][:] = 0                                          # a copy
    assert digits.trained_cnn(0).params["conv_w"].any()


def test_transfer_on_drawings_tested_on_other_drawings(cnn):
    from cnnlib.data import load_grid
    from cnnlib.drawings import sketches
    pictures = {n: load_grid(n) for n in ("x", "o", "plus")}
    drawn, unseen = (sketches(pictures, n, np.random.default_rng(s)) for n, s in ((3, 0), (4, 1)))
    task = drawn.dataset(test=unseen)
    assert task["test_images"].shape == (12, 9, 9) and task["test_labels"].tolist() == [0, 1, 2] * 4
    out = digits.transfer_curve(cnn, task, sizes=(1, 3), seeds=(0,), epochs=3)
    assert all(out[way].shape == (2, 1) for way in digits.WAYS)


def test_transfer_curve_shapes_and_ways(cnn):
    xo = load_dataset()
    out = digits.transfer_curve(cnn, xo, sizes=(2,), seeds=(0,), epochs=5)
    assert out["sizes"].tolist() == [2]
    for way in digits.WAYS:
        assert out[way].shape == (1, 1) and 0 <= out[way][0, 0] <= 1


def test_frozen_features_stay_the_digits_features(cnn):
    from cnnlib.beyond.transfer import features_only
    from cnnlib.network import train_model
    xo = load_dataset()
    start = features_only(cnn)
    model = train_model(0, data=xo, init=start, frozen=tuple(start.params), features=8, epochs=1)
    assert np.array_equal(model.params["conv_w"], cnn.params["conv_w"])


@pytest.mark.parametrize("call, error, words", [
    (lambda: digits.load_digits_data(-1), ValueError, ["seed"]),
    (lambda: digits.load_digits_data(0, train=0), ValueError, ["train", ">= 1"]),
    (lambda: digits.load_digits_data(0, test=1797), ValueError, ["test"]),
    (lambda: digits.transfer_curve("model", {}), TypeError, ["source", "Model"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
