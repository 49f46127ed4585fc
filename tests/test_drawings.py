"""Your own drawings: a labelled collection kept as plain-text grids, loaded
back with the lecture's errors, augmented with shifted copies, trained fast."""
import numpy as np
import pytest

from cnnlib import drawings as d
from cnnlib.data import format_grid, load_grid, parse_grid
from cnnlib.transforms import shift

CLASSES = ("x", "o", "plus")


@pytest.fixture
def sketched():
    return d.sketches({n: load_grid(n) for n in CLASSES}, 10, np.random.default_rng(0))


def test_sketches_are_labelled_plus_minus_one_grids(sketched):
    assert sketched.counts() == {"x": 10, "o": 10, "plus": 10}
    images = sketched.images()
    assert images.shape == (30, 9, 9) and set(np.unique(images)) == {-1.0, 1.0}
    again = d.sketches({n: load_grid(n) for n in CLASSES}, 10, np.random.default_rng(0))
    assert np.array_equal(again.images(), images)


def test_save_load_and_train_round_trip(sketched, tmp_path):
    folder = tmp_path / "my drawings"
    saved = d.save_drawings(sketched, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(CLASSES)
    first = folder / "x" / "001.txt"
    assert np.array_equal(parse_grid(first.read_text()), sketched.grids[0])
    loaded = d.load_drawings(folder)
    assert loaded.counts() == {"o": 10, "plus": 10, "x": 10}        # folders, alphabetically
    for label in CLASSES:
        mine = [g for g, l in zip(sketched.grids, sketched.labels) if l == label]
        back = [g for g, l in zip(loaded.grids, loaded.labels) if l == label]
        assert np.array_equal(np.stack(mine), np.stack(back))
    a = d.train_drawings(saved, 0)
    b = d.train_drawings(loaded, 0)
    assert a.history["train_accuracy"][-1] == 1.0
    # the same drawings in another class order: the same pictures are learned
    assert set(b.predict(loaded.images()) == np.array(loaded.labels)) == {True}


def test_a_folder_stays_in_step_with_the_collection(tmp_path):
    drawn = d.load_drawings(tmp_path / "lesson", create=True)
    assert len(drawn) == 0 and (tmp_path / "lesson").is_dir()
    drawn.add_class("T")
    assert (tmp_path / "lesson" / "T").is_dir()
    i = drawn.add(load_grid("plus"), "T")
    drawn.add(load_grid("minus"), "minus")
    assert (tmp_path / "lesson" / "T" / "001.txt").read_text() == format_grid(load_grid("plus"))
    # a kernel restart: everything is back
    again = d.load_drawings(tmp_path / "lesson")
    assert again.counts() == {"T": 1, "minus": 1}
    drawn.remove(i)
    assert not (tmp_path / "lesson" / "T" / "001.txt").exists()
    assert d.load_drawings(tmp_path / "lesson").counts() == {"T": 0, "minus": 1}
    drawn.add(load_grid("x"), "T")       # numbers are reused, nothing overwritten
    assert (tmp_path / "lesson" / "T" / "001.txt").exists()


def test_augment_adds_the_four_one_pixel_shifts():
    grids = np.stack([load_grid("x"), load_grid("o")])
    more, labels = d.augment(grids, [0, 1])
    assert more.shape == (10, 9, 9) and labels.tolist() == [0, 1] * 5
    assert np.array_equal(more[:2], grids)
    assert np.array_equal(more[2], shift(grids[0], -1, 0))
    assert np.array_equal(more[9], shift(grids[1], 0, 1))


def test_per_class_and_augmented_training(sketched):
    data = sketched.dataset(per_class=2)
    assert np.bincount(data["train_labels"]).tolist() == [2, 2, 2]
    model = d.train_drawings(sketched, 1, per_class=2, augmented=True, epochs=2)
    assert model.hyper["epochs"] == 2 and len(model.history["loss"]) == 2


@pytest.mark.parametrize("per_class", [None, 1, 2, 5, 20])
@pytest.mark.parametrize("augmented", [False, True])
def test_training_counts_are_what_training_takes(sketched, per_class, augmented):
    """The explorer's "next training" numbers: per class, the pictures
    train_drawings trains on (here with 10, 10 and 3 drawings)."""
    for index in sorted(np.flatnonzero(np.array(sketched.labels) == "plus"))[3:][::-1]:
        sketched.remove(int(index))
    data = sketched.dataset(per_class)
    labels = data["train_labels"]
    if augmented:
        labels = d.augment(data["train_images"], labels)[1]
    counts = sketched.counts()
    assert counts == {"x": 10, "o": 10, "plus": 3}
    expected = dict(zip(CLASSES, np.bincount(labels, minlength=3).tolist()))
    assert d.training_counts(counts, per_class, augmented) == expected


def test_more_examples_and_shifted_copies_help(sketched):
    test = d.sketches({n: load_grid(n) for n in CLASSES}, 30, np.random.default_rng(1))
    def score(**kw):
        return np.mean([d.train_drawings(sketched, s, test=test, **kw).history["test_accuracy"][-1]
                        for s in range(3)])
    few, many = score(per_class=2), score()
    assert many > few + 0.1
    assert score(augmented=True) > many


def test_callback_sees_every_epoch(sketched):
    seen = []
    d.train_drawings(sketched, 0, epochs=3, callback=lambda e, m: seen.append((e, m.history["loss"][-1])))
    assert [e for e, _ in seen] == [1, 2, 3]


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize("setup, error, words", [
    (lambda f: None, ValueError, ["no drawings in", "subfolder per class"]),
    (lambda f: write(f, "x/001.txt", "#.#\n.#.\n#x#\n"), ValueError,
     ["001.txt", "line 3", "column 2", "unknown character 'x'"]),
    (lambda f: (write(f, "x/001.txt", "#.#\n.#.\n#.#\n"), write(f, "o/001.txt", "##\n##\n")),
     ValueError, ["001.txt", "2x2", "3x3", "same size"]),
    (lambda f: write(f, "x/001.txt", "#.#\n.#\n"), ValueError, ["ragged"]),
    (lambda f: write(f, "a b/001.txt", "#\n"), ValueError, ["folder name", "'a b'", "letters"]),
])
def test_a_bad_folder_gets_a_clear_error(tmp_path, setup, error, words):
    setup(tmp_path)
    with pytest.raises(error) as info:
        d.load_drawings(tmp_path)
    for word in words:
        assert word in str(info.value)


def test_a_missing_folder_says_how_to_start_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="create=True"):
        d.load_drawings(tmp_path / "nowhere")


XO = d.Drawings([np.ones((9, 9)), -np.ones((9, 9))], ["x", "o"])


@pytest.mark.parametrize("call, error, words", [
    (lambda: d.Drawings([np.ones((9, 9))] * 2, ["x"]), ValueError, ["labels", "2 drawing", "1 label"]),
    (lambda: d.Drawings([np.ones((9, 9)), np.ones((8, 8))], ["x", "o"]), ValueError,
     ["8x8", "9x9", "same size"]),
    (lambda: d.Drawings([np.ones((9, 9))], ["x"], classes=["x", "T"]).dataset(), ValueError,
     ["'T'", "no examples"]),
    (lambda: d.Drawings([np.ones((9, 9))], ["x"]).dataset(), ValueError, ["two classes"]),
    (lambda: d.Drawings([np.ones((9, 9))], ["a/b"]), ValueError, ["'a/b'", "class name"]),
    (lambda: d.Drawings([np.ones((9, 9))], [3]), TypeError, ["class name", "3"]),
    (lambda: d.Drawings([np.ones(9)], ["x"]), ValueError, ["grid", "2-D"]),
    (lambda: d.Drawings().images(), ValueError, ["no drawings"]),
    (lambda: d.Drawings().remove(0), ValueError, ["no drawings"]),
    (lambda: d.train_drawings([np.ones((9, 9))]), TypeError, ["Drawings"]),
    (lambda: d.augment(np.ones((2, 9, 9)), [0]), ValueError, ["labels", "2", "1"]),
    (lambda: d.training_counts([3, 4]), TypeError, ["counts", "dict", "list"]),
    (lambda: d.training_counts({"x": -1}), TypeError, ["counts", ">= 0"]),
    (lambda: d.training_counts({"x": 3}, per_class=0), ValueError, ["per_class", "0"]),
    (lambda: d.training_counts({"x": 3}, shifts="up"), TypeError, ["shifts", "list"]),
    (lambda: XO.dataset(test="unseen"), TypeError, ["test", "Drawings"]),
    (lambda: XO.dataset(test=d.Drawings(classes=["x", "o"])), ValueError, ["test", "no drawings"]),
    (lambda: XO.dataset(test=d.Drawings([np.ones((9, 9))], ["T"])), ValueError,
     ["test", "'T'", "do not have"]),
    (lambda: XO.dataset(test=d.Drawings([np.ones((8, 8))], ["x"])), ValueError,
     ["test", "8x8", "9x9", "same size"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
