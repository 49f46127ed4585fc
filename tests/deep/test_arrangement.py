"""The T-or-L dataset of notebook 09: the stored file regenerates exactly,
both classes are made of the same strokes, and no small window sees both."""
import importlib.util
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from helpers import fresh

from cnnlib.deep.arrangement import (CLASSES, GAP, LENGTH, LEVELS, N_TEST, N_TRAIN, PAIR_CLASSES,
                                PAIR_SEED, SIZE, arrangement_path, bars, facing,
                                load_arrangement, load_pairs, make_arrangement, make_pairs)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def stored_once():
    return load_arrangement()


@pytest.fixture
def stored(stored_once):
    return fresh(stored_once)


def _tool():
    spec = importlib.util.spec_from_file_location("make_arrangement",
                                                  REPO / "tools" / "make_arrangement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_gives_the_stored_arrays_bit_for_bit(stored):
    fresh = _tool().regenerate()
    assert fresh.keys() == stored.keys()
    assert tuple(fresh["classes"]) == tuple(stored["classes"]) == CLASSES
    for key in fresh.keys() - {"classes"}:
        np.testing.assert_array_equal(fresh[key], stored[key])
        assert fresh[key].dtype == stored[key].dtype
    assert _tool().main(["--check"]) == 0


def test_the_file_loads_without_pickle():
    with arrangement_path().open("rb") as file, np.load(file, allow_pickle=False) as f:
        assert all(f[k].dtype != object for k in f.files)


def test_shapes_ranges_balance_and_levels(stored):
    for part, n in (("train", N_TRAIN), ("test", N_TEST)):
        images, labels = stored[f"{part}_images"], stored[f"{part}_labels"]
        assert images.shape == (n, SIZE, SIZE) and images.dtype == np.float64
        assert labels.shape == (n,) and labels.dtype == np.int64
        assert images.min() >= -1 and images.max() <= 1
        assert np.bincount(labels).tolist() == [n // 2, n - n // 2]
        np.testing.assert_array_equal(images * LEVELS, np.round(images * LEVELS))


def test_same_seed_same_set_other_seed_other_set():
    a = make_arrangement(np.random.default_rng(5), n_train=20, n_test=10)
    b = make_arrangement(np.random.default_rng(5), n_train=20, n_test=10)
    c = make_arrangement(np.random.default_rng(6), n_train=20, n_test=10)
    np.testing.assert_array_equal(a["train_images"], b["train_images"])
    assert not np.array_equal(a["train_images"], c["train_images"])


def _pieces(picture):
    """The 8-connected pieces of a 0/1 picture, each as the (height, width) of its box
    and its pixel count."""
    left, pieces = {tuple(p) for p in np.argwhere(picture)}, []
    while left:
        todo, piece = [left.pop()], []
        while todo:
            r, c = todo.pop()
            piece.append((r, c))
            near = {(r + a, c + b) for a in (-1, 0, 1) for b in (-1, 0, 1)} & left
            left -= near
            todo += near
        rows, cols = zip(*piece)
        pieces.append((max(rows) - min(rows) + 1, max(cols) - min(cols) + 1, len(piece)))
    return sorted(pieces)


@pytest.mark.parametrize("turn", range(4))
def test_t_and_l_are_the_same_two_bars(turn):
    """Two separate pieces in both: a horizontal and a vertical bar of LENGTH."""
    for kind in CLASSES:
        assert _pieces(bars(kind, LENGTH, GAP, turn)) == [(1, LENGTH, LENGTH), (LENGTH, 1, LENGTH)]


def _windows(picture, k=3):
    """The multiset of k x k windows that hold any stroke, of a 0/1 picture."""
    padded = np.pad(picture, k)
    found = Counter()
    for i in range(padded.shape[0] - k + 1):
        for j in range(padded.shape[1] - k + 1):
            w = padded[i:i + k, j:j + k]
            if w.any():
                found[w.astype(int).tobytes()] += 1
    return found


def test_no_3x3_window_tells_t_from_l():
    """What one stage of 3x3 features sees is identical in both classes:
    every 3x3 window of a T appears in an L of the same turn as often."""
    for turn in range(4):
        assert _windows(bars("T", LENGTH, GAP, turn)) == _windows(bars("L", LENGTH, GAP, turn))


def test_a_window_one_wider_sees_both_bars_and_tells_them_apart():
    assert _windows(bars("T", LENGTH, GAP), k=GAP + 2) != _windows(bars("L", LENGTH, GAP), k=GAP + 2)


@pytest.mark.parametrize("turn", range(4))
def test_facing_is_the_line_from_the_tip_across_the_gap(turn):
    """On a clean shape: GAP + 2 pixels in a straight line, from the pointing
    bar's end to the pixel it points at; the middle of the bar in a T, an end in an L."""
    for kind in CLASSES:
        shape = np.pad(bars(kind, LENGTH, GAP, turn), 2)
        line = facing(shape * 2 - 1)
        pixels = np.argwhere(line)
        assert len(pixels) == GAP + 2
        assert len(set(pixels[:, 0])) == 1 or len(set(pixels[:, 1])) == 1     # straight
        ends = [tuple(p) for p in pixels[[0, -1]]]
        assert all(shape[e] == 1 for e in ends) and not shape[line].all()      # ink, gap, ink
        assert facing(shape * 2 - 1, margin=1).sum() == 3 * (GAP + 4)
    # the pointed-at pixel: the bar's middle in a T, its end in an L
    for kind, where in (("T", (LENGTH - 1) // 2), ("L", 0)):
        line = facing(np.pad(bars(kind, LENGTH, GAP, 0), 2) * 2 - 1)
        assert line[2, 2 + where]


def test_gaps_vary_between_pictures_when_several_are_given():
    data = make_arrangement(np.random.default_rng(0), n_train=40, n_test=2, size=20, gaps=(2, 6))
    lengths = {int(facing(g).sum()) for g in data["train_images"]}
    assert lengths == {4, 8}
    with pytest.raises(ValueError, match="size.*tallest"):
        make_arrangement(np.random.default_rng(0), size=10, gaps=(6,))


def test_pairs_are_two_bars_the_same_way_or_not_anywhere():
    data = make_pairs(np.random.default_rng(0), n_train=200, n_test=2)
    assert data["classes"] == PAIR_CLASSES
    assert np.bincount(data["train_labels"]).tolist() == [100, 100]
    agree = []
    for picture, label in zip(data["train_images"], data["train_labels"]):
        bars_ = [p for p in _pieces(picture > 0) if p[2] >= 3]
        if len(bars_) != 2:              # a flipped pixel touching a bar: rare
            continue
        across = [h < w for h, w, _ in bars_]
        agree.append((across[0] == across[1]) == (PAIR_CLASSES[label] == "same"))
    assert len(agree) >= 190 and all(agree)
    centres = [np.argwhere(p > 0).mean(axis=0) for p in data["train_images"][:50]]
    assert len({tuple(np.round(c)) for c in centres}) > 30           # anywhere
    np.testing.assert_array_equal(load_pairs()["train_images"],
                                  make_pairs(np.random.default_rng(PAIR_SEED))["train_images"])


def test_pictures_are_shifted_grey_and_noisy(stored):
    x = stored["train_images"]
    ink = x > 0
    tops = [np.nonzero(m.any(axis=1))[0][0] for m in ink[:200]]
    assert len(set(tops)) >= 8                           # shifted up and down
    assert (np.abs(x) < 0.9).mean() > 0.05               # grey levels and noise


BAD = [
    (lambda: bars("X"), ValueError, ["kind", "'X'", "T", "L"]),
    (lambda: bars(3), TypeError, ["kind", "string"]),
    (lambda: bars("T", length=1), ValueError, ["length", ">= 2", "1"]),
    (lambda: bars("T", length=2.5), TypeError, ["length", "integer", "2.5"]),
    (lambda: bars("T", gap=-1), ValueError, ["gap", ">= 0", "-1"]),
    (lambda: bars("T", turn="left"), TypeError, ["turn", "'left'"]),
    (lambda: make_arrangement(13), TypeError, ["rng", "Generator", "default_rng"]),
    (lambda: make_arrangement(np.random.default_rng(0), n_train=1), ValueError,
     ["n_train", ">= 2", "1"]),
    (lambda: make_arrangement(np.random.default_rng(0), n_test="9"), TypeError,
     ["n_test", "'9'"]),
    (lambda: make_arrangement(np.random.default_rng(0), size=6), ValueError,
     ["size", ">= 8", "tallest"]),
    (lambda: make_arrangement(np.random.default_rng(0), gaps=2), TypeError, ["gaps", "list"]),
    (lambda: make_arrangement(np.random.default_rng(0), gaps=(-1,)), ValueError, ["gaps[0]", ">= 0"]),
    (lambda: facing(-np.ones((9, 9))), ValueError, ["grid", "two bars"]),
]


@pytest.mark.parametrize("call,error,words", BAD)
def test_bad_input_is_a_clear_error(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def test_a_missing_file_says_how_to_regenerate(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="tools/make_arrangement.py"):
        load_arrangement()
