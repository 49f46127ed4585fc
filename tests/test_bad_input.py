"""Every public function rejects bad input at the boundary with a clear message."""
import numpy as np
import pytest

import cnnlib as c
from cnnlib.filtering import window_counts
from cnnlib.formatting import format_values
from cnnlib.matching import match_count
from cnnlib.training import batch_sizes

X = np.ones((9, 9))
K = np.ones((3, 3))

# (call, error type, words the message must contain: the argument's name and
#  what was given or expected)
CASES = [
    # convolve: image
    (lambda: c.convolve(np.ones(9), K), ValueError, ["image", "2-D", "1-D"]),
    (lambda: c.convolve(np.ones((1, 1, 1, 1, 9)), K), ValueError, ["image", "5-D"]),
    (lambda: c.convolve([[1, 2], [3]], K), ValueError, ["image", "ragged"]),
    (lambda: c.convolve([["a", "b"], ["c", "d"]], K), TypeError, ["image", "real numbers"]),
    (lambda: c.convolve("x", K), TypeError, ["image", "'x'"]),
    (lambda: c.convolve(None, K), TypeError, ["image", "None"]),
    (lambda: c.convolve(np.ones((0, 0)), np.ones((1, 1))), ValueError, ["image", "empty"]),
    (lambda: c.convolve(np.full((9, 9), np.nan), K), ValueError, ["image", "NaN"]),
    (lambda: c.convolve(np.ones((9, 9), complex), K), TypeError, ["image", "complex"]),
    # convolve: kernel
    (lambda: c.convolve(X, np.ones(3)), ValueError, ["kernel", "1-D"]),
    (lambda: c.convolve(X, np.ones((0, 0))), ValueError, ["kernel", "empty"]),
    (lambda: c.convolve(np.ones((5, 5)), np.ones((7, 7))), ValueError,
     ["kernel is 7x7", "only 5x5", "more padding"]),
    (lambda: c.convolve(np.ones((5, 5)), np.ones((9, 9)), padding=1), ValueError,
     ["kernel is 9x9", "7x7"]),
    (lambda: c.convolve(X, [[1, 2], [3]]), ValueError, ["kernel", "ragged"]),
    (lambda: c.convolve(X, np.ones((1, 1, 3, 3))), ValueError, ["kernel", "4-D"]),
    # convolve: stride, padding
    (lambda: c.convolve(X, K, stride=0), ValueError, ["stride", ">= 1", "0"]),
    (lambda: c.convolve(X, K, stride=-2), ValueError, ["stride", "-2"]),
    (lambda: c.convolve(X, K, stride=1.5), TypeError, ["stride", "integer", "1.5"]),
    (lambda: c.convolve(X, K, stride="2"), TypeError, ["stride", "'2'"]),
    (lambda: c.convolve(X, K, stride=True), TypeError, ["stride", "True"]),
    (lambda: c.convolve(X, K, padding=-1), ValueError, ["padding", ">= 0", "-1"]),
    (lambda: c.convolve(X, K, padding=0.5), TypeError, ["padding", "0.5"]),
    # max_pool
    (lambda: c.max_pool(np.ones(7)), ValueError, ["maps", "1-D"]),
    (lambda: c.max_pool(X, size=0), ValueError, ["size", ">= 1", "0"]),
    (lambda: c.max_pool(X, size=2.0), TypeError, ["size", "integer", "2.0"]),
    (lambda: c.max_pool(X, stride=0), ValueError, ["stride", "0"]),
    (lambda: c.max_pool(X, padding=-3), ValueError, ["padding", "-3"]),
    (lambda: c.max_pool(X, keep_edges="no"), TypeError, ["keep_edges", "True or False"]),
    (lambda: c.max_pool(np.ones((2, 2)), size=3, keep_edges=False), ValueError,
     ["size is 3x3", "only 2x2", "keep_edges=True"]),
    (lambda: c.max_pool([[1, 2], [3]]), ValueError, ["maps", "ragged"]),
    # relu
    (lambda: c.relu("abc"), TypeError, ["x", "'abc'"]),
    (lambda: c.relu([[1, 2], [3]]), ValueError, ["x", "ragged"]),
    (lambda: c.relu([]), ValueError, ["x", "empty"]),
    # data
    (lambda: c.load_grid("triangle"), ValueError, ["unknown grid", "'triangle'", "x", "o"]),
    (lambda: c.load_grid(3), TypeError, ["name", "string", "available"]),
    (lambda: c.load_feature("vertical"), ValueError, ["unknown feature", "diagonal", "cross"]),
    (lambda: c.load_features("diagonal"), TypeError, ["names", "list", "load_feature"]),
    # vote
    (lambda: c.vote(np.ones(12), [1] * 12), TypeError, ["weights", "dict"]),
    (lambda: c.vote(np.ones(12), {"x": np.ones(5)}), ValueError, ["weights['x']", "5", "12"]),
    (lambda: c.vote(np.ones(12), {"x": -np.ones(12)}), ValueError, ["weights['x']", ">= 0"]),
    (lambda: c.vote(np.ones(12), {"x": np.zeros(12)}), ValueError, ["positive sum"]),
    (lambda: c.vote("maps", {"x": np.ones(12)}), TypeError, ["maps"]),
    (lambda: c.winner([0.5, 0.2]), TypeError, ["votes", "dict"]),
    # formatting
    (lambda: c.format_map(X, mode="floor"), ValueError, ["mode", "'floor'", "truncate", "round"]),
    (lambda: c.format_map(X, decimals=-1), ValueError, ["decimals", "-1"]),
    (lambda: c.format_map(np.ones((2, 2, 2, 2))), ValueError, ["values", "4-D"]),
    # window_products
    (lambda: c.window_products(X, K, 7, 0), ValueError, ["inside the 7x7 map", "(7, 0)"]),
    (lambda: c.window_products(X, K, -1, 0), ValueError, ["row", "-1"]),
    # work bounded before it is done, the bound in the message
    (lambda: c.max_pool(c.load_grid("x"), size=6000), ValueError,
     ["size", "36,000,000 window cells", "limit of 100,000"]),
    (lambda: window_counts(10**6), ValueError, ["n", "limit of 50,000,000"]),
    (lambda: window_counts(9, padding=10**9), ValueError, ["padding", "limit of 50,000,000"]),
    (lambda: c.train_model(features=20000, epochs=1), ValueError,
     ["data['train_images']", "400 pictures", "activations", "limit of 50,000,000", "features"]),
    (lambda: c.init_model(np.random.default_rng(0), image_shape=(3000, 3000)),
     ValueError, ["activations for one picture", "limit of 50,000,000", "image_shape"]),
    (lambda: c.train_model(0, epochs=1).probabilities(np.zeros((100_000, 9, 9))), ValueError,
     ["grids", "100,000 pictures", "activations", "per picture"]),
    (lambda: batch_sizes(10**8, 1), ValueError, ["n", "100,000,000 batches", "limit of 100,000"]),
    (lambda: c.init_model(np.random.default_rng(0), stages=[(1, 1)] * 200000), ValueError,
     ["stages", "at most 1000", "200,000"]),
    (lambda: c.init_model(np.random.default_rng(0), hidden=[1] * 200000), ValueError,
     ["hidden", "at most 1000", "200,000"]),
    (lambda: c.relu(range(10**9)), ValueError, ["x has 1,000,000,000 numbers", "limit of 50,000,000"]),
    (lambda: c.relu(np.broadcast_to(1.0, (10**5, 10**5))), ValueError,
     ["x has 10,000,000,000 numbers", "limit"]),
    # huge ints and numbers numpy cannot judge
    (lambda: c.train_step(c.init_model(np.random.default_rng(0)), X, "x", 10**400), ValueError,
     ["learning_rate", "finite"]),
    # 0/1 pictures where +-1 ones are needed, and masked arrays
    (lambda: match_count(X, (c.load_grid("x") > 0) * 1.0), ValueError,
     ["b holds only 0s and 1s", "2 * b - 1"]),
    (lambda: c.classify((c.load_grid("x") > 0) * 1.0), ValueError,
     ["grid holds only 0s and 1s", "+1 (stroke) and -1 (background)"]),
    (lambda: c.relu(np.ma.masked_array(X, mask=X > 0)), TypeError, ["x", "masked array", "filled"]),
    (lambda: c.convolve(np.ma.masked_array(X), K), TypeError, ["image", "masked array"]),
    (lambda: format_values(np.ma.masked_array(X, mask=X > 0)), TypeError, ["values", "masked array"]),
    (lambda: format_values(range(10**9)), ValueError, ["values has 1,000,000,000 numbers"]),
]


def test_there_are_at_least_30_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("call,error,words", CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"
    # The error is ours, raised at the boundary, not from deep inside numpy.
    assert "cnnlib" in info.traceback[-1].path.parts   # cnnlib/ or a subpackage


def test_numbers_of_any_real_type_are_read_as_floats():
    from decimal import Decimal
    from fractions import Fraction
    from cnnlib.adversarial import fgsm
    model = c.train_model(0, epochs=1)
    x = c.load_grid("x")
    assert np.array_equal(fgsm(model, x, "x", 10**30), fgsm(model, x, "x", 2.0))
    a, b = model.copy(), model.copy()
    assert c.train_step(a, x, "x", Fraction(1, 2)) == c.train_step(b, x, "x", 0.5)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert c.train_step(a, x, "x", Decimal("0.5")) == c.train_step(b, x, "x", 0.5)


def test_the_pooling_formula_computes_in_python_ints():
    from cnnlib.pooling import pool_size, pool_size_formula, pool_size_terms
    assert pool_size_formula(np.int8(100), 3, 2, np.int8(20)) == pool_size_formula(100, 3, 2, 20)
    assert pool_size_formula(np.int8(100), 3, 2, np.int8(20)).endswith(f"= {pool_size(100, 3, 2, 20)}")
    assert pool_size_terms(7, 2, np.uint8(2)) == pool_size_terms(7, 2, 2)
    assert pool_size_terms(np.uint8(7), np.uint8(9), np.uint8(2)) == pool_size_terms(7, 9, 2)


def test_window_counts_of_a_large_padding_is_every_window():
    counts = window_counts(9, padding=2500)
    assert counts.shape == (9, 9) and (counts == 9).all()
    assert window_counts(5000, k=1).sum() == 5000**2        # one window per pixel


def _bad_files(good):
    """(name, bytes) of a damaged copy of the .npz file `good` for every way it
    can go wrong on disk."""
    raw = good.read_bytes()
    return [("truncated", raw[: len(raw) // 2], "truncated or not an .npz file"),
            ("empty", b"", "it is empty"),
            ("text", b"train_images = 1, 2, 3\n" * 20, "not plain arrays"),
            ("one array", _npy_bytes(), "truncated or not an .npz file")]


def _npy_bytes():
    import io
    buffer = io.BytesIO()
    np.save(buffer, np.ones(3))
    return buffer.getvalue()


@pytest.mark.parametrize("loader,file", [("cnnlib.dataset.load_dataset", "xo_dataset.npz"),
                                         ("cnnlib.deep.arrangement.load_arrangement", "arrangement.npz"),
                                         ("cnnlib.deep.depth.load_models", "deep_models.npz"),
                                         ("cnnlib.training.load_learning_curves", "data_hunger.npz"),
                                         ("cnnlib.beyond.tabular.load_runs", "tabular_runs.npz"),
                                         ("cnnlib.digits.load_runs", "digits_runs.npz"),
                                         ("cnnlib.beyond.runs.load_runs", "beyond_runs.npz"),
                                         ("cnnlib.own_drawings.load_runs", "drawings_runs.npz")])
def test_a_damaged_data_file_is_named_with_what_to_do(loader, file, tmp_path, monkeypatch):
    import importlib
    from cnnlib.data import package_data
    module, name = loader.rsplit(".", 1)
    load = getattr(importlib.import_module(module), name)
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    for kind, content, words in _bad_files(package_data() / file):
        (tmp_path / file).write_bytes(content)
        with pytest.raises(ValueError) as info:
            load()
        message = str(info.value)
        assert file in message and words in message and "regenerate it" in message, (kind, message)


def test_a_stored_dataset_without_a_key_or_with_bad_values_is_refused(tmp_path, monkeypatch):
    from cnnlib.dataset import load_dataset
    good = load_dataset()
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    path = tmp_path / "xo_dataset.npz"
    arrays = {k: np.asarray(v) for k, v in good.items()}
    for change, words in [({"test_labels": None}, "has no 'test_labels'"),
                          ({"train_images": np.full((4, 9, 9), np.nan),
                            "train_labels": np.zeros(4, int)}, "must hold finite numbers"),
                          ({"test_labels": np.full(len(good["test_labels"]), 5)},
                           "must index the 2 classes")]:
        changed = {k: v for k, v in {**arrays, **change}.items() if v is not None}
        np.savez(path, **changed)
        with pytest.raises(ValueError, match="xo_dataset.npz") as info:
            load_dataset()
        assert words in str(info.value)
    np.savez(path, **arrays)
    assert load_dataset()["train_images"].shape == good["train_images"].shape


def test_shift_fooling_reads_a_picture_given_as_lists():
    from cnnlib.deep.attacks import shift_fooling
    model = c.init_model(np.random.default_rng(0))
    x = c.load_grid("x")
    assert shift_fooling(model, x.tolist(), "x").tolist() == shift_fooling(model, x, "x").tolist()
    with pytest.raises(ValueError, match="grid must be one picture"):
        shift_fooling(model, [[1, 2], [3]], "x")


def test_the_descent_explorer_names_a_start_too_far_from_the_weight():
    import explorer_cases as ec
    from cnnlib.widgets.training import descent_explorer
    setup = ec.descent_setup()
    for start in (1e150, -1e150, 10**400):
        with pytest.raises(ValueError, match="start must be a (finite )?number") as info:
            descent_explorer(**{**setup, "start": start})
        assert "span" not in str(info.value).split(";")[0]
