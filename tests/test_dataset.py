"""The generated X/O dataset: the stored file regenerates exactly, and the
pictures vary the way the course says (shifts, sizes, strokes, grey levels)."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import cnnlib as c
from cnnlib.dataset import CLASSES, N_TEST, N_TRAIN, dataset_path, draw, make_dataset

REPO = Path(__file__).resolve().parent.parent



def _tool():
    spec = importlib.util.spec_from_file_location("make_dataset", REPO / "tools" / "make_dataset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_gives_the_stored_arrays(data):
    fresh = _tool().regenerate()
    assert fresh.keys() == data.keys()
    for key in fresh:
        if key == "classes":
            assert tuple(fresh[key]) == tuple(data[key]) == CLASSES
        else:
            np.testing.assert_array_equal(fresh[key], data[key])
            assert fresh[key].dtype == data[key].dtype


def test_the_file_loads_without_pickle():
    with np.load(dataset_path(), allow_pickle=False) as f:
        assert all(f[k].dtype != object for k in f.files)


def test_shapes_types_and_ranges(data):
    for part, n in (("train", N_TRAIN), ("test", N_TEST)):
        images, labels = data[f"{part}_images"], data[f"{part}_labels"]
        assert images.shape == (n, 9, 9) and images.dtype == np.float64
        assert labels.shape == (n,) and labels.dtype == np.int64
        assert images.min() >= -1 and images.max() <= 1
        assert np.bincount(labels).tolist() == [n // 2, n - n // 2]   # balanced


def test_pictures_are_grey_not_only_plus_minus_one(data):
    x = data["train_images"]
    grey = (np.abs(x) < 0.9).mean()
    assert 0.1 < grey < 0.9


def test_no_two_pictures_are_the_same(data):
    x = np.concatenate([data["train_images"], data["test_images"]]).reshape(-1, 81)
    assert len(np.unique(x, axis=0)) == len(x)


def test_strokes_move_and_change_size(data):
    """The centre of the ink and the amount of ink vary from picture to picture."""
    ink = (data["train_images"] + 1) / 2
    rows = (ink.sum(axis=2) * np.arange(9)).sum(axis=1) / ink.sum(axis=(1, 2))
    assert rows.max() - rows.min() > 1.0
    amount = ink.sum(axis=(1, 2))
    assert amount.max() > 1.5 * amount.min()


def test_an_x_and_an_o_look_like_the_lecture_pictures():
    """Drawn without variation, thresholded at half a pixel, they are close to
    the lecture's grids."""
    for kind in CLASSES:
        picture = np.where(draw(kind, radius=3.2 if kind == "x" else 3.0) > 0.5, 1.0, -1.0)
        assert (picture == c.load_grid(kind)).mean() > 0.85, kind


def test_same_generator_same_dataset_and_sizes_are_honoured():
    a = make_dataset(np.random.default_rng(7), n_train=10, n_test=6, size=12)
    b = make_dataset(np.random.default_rng(7), n_train=10, n_test=6, size=12)
    for key in ("train_images", "train_labels", "test_images", "test_labels"):
        np.testing.assert_array_equal(a[key], b[key])
    assert a["train_images"].shape == (10, 12, 12) and a["test_images"].shape == (6, 12, 12)


@pytest.mark.parametrize("call,error,words", [
    (lambda: make_dataset(0), TypeError, ["rng", "Generator"]),
    (lambda: make_dataset(np.random.default_rng(), n_train=1), ValueError, ["n_train", ">= 2"]),
    (lambda: make_dataset(np.random.default_rng(), n_test=2.0), TypeError, ["n_test", "integer"]),
    (lambda: make_dataset(np.random.default_rng(), size=3), ValueError, ["size", ">= 5"]),
    (lambda: draw("plus"), ValueError, ["kind", "'plus'"]),
])
def test_bad_input(call, error, words):
    with pytest.raises(error) as err:
        call()
    for word in words:
        assert word in str(err.value)
