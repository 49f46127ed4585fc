"""Your own drawings: a labelled collection kept as plain-text grids, loaded
back with the lecture's errors, augmented with shifted copies, trained fast."""
import contextlib
import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from cnnlib import own_drawings as d
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
    assert sorted(p.name for p in folder.iterdir()) == sorted([*CLASSES, "classes.txt"])
    first = folder / "x" / "001.txt"
    assert np.array_equal(parse_grid(first.read_text()), sketched.grids[0])
    loaded = d.load_drawings(folder)
    assert list(loaded.counts().items()) == [("x", 10), ("o", 10), ("plus", 10)]  # in order
    for label in CLASSES:
        mine = [g for g, l in zip(sketched.grids, sketched.labels) if l == label]
        back = [g for g, l in zip(loaded.grids, loaded.labels) if l == label]
        assert np.array_equal(np.stack(mine), np.stack(back))
    a = d.train_drawings(saved, 0)
    b = d.train_drawings(loaded, 0)
    assert a.history["train_accuracy"][-1] == 1.0
    # after a restart the same labels mean the same classes: the same drawings
    # (a class's files in turn) train the same
    assert b.classes == a.classes == CLASSES
    grouped = d.Drawings([g for c in CLASSES for g, l in zip(sketched.grids, sketched.labels)
                          if l == c], sorted(sketched.labels, key=CLASSES.index))
    assert np.array_equal(d.train_drawings(grouped, 0).history["loss"], b.history["loss"])


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
    drawn.add(load_grid("x"), "T")       # numbered after the highest there: nothing overwritten
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


def test_an_empty_folder_says_what_it_should_hold(tmp_path):
    with pytest.raises(ValueError, match="no drawings in .*subfolder per class"):
        d.load_drawings(tmp_path)


def fifo(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def dangling(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(path.parent / "gone.txt")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x09"
BAD_FILES = [
    (lambda f: write(f, "x/002.txt", "#.#\n.#.\n#x#\n"), "x/002.txt",
     ["line 3", "column 2", "unknown character 'x'"]),
    (lambda f: write(f, "o/002.txt", "##\n##\n"), "o/002.txt", ["2x2", "9x9", "same size"]),
    (lambda f: write(f, "x/002.txt", ".........\n.#\n"), "x/002.txt", ["ragged"]),
    (lambda f: write(f, "x/002.txt", ""), "x/002.txt", ["empty"]),            # a killed old save
    (lambda f: write(f, "x/002.txt", "...#.\n"), "x/002.txt", ["1x5", "9x9"]),   # half-written
    (lambda f: (f / "x" / "002.txt").write_bytes(PNG), "x/002.txt", ["not UTF-8"]),
    (lambda f: (f / "x" / "002.txt").mkdir(), "x/002.txt", ["a folder", "not a grid file"]),
    (lambda f: dangling(f / "x" / "002.txt"), "x/002.txt", ["no such file", "link"]),
    (lambda f: fifo(f / "x" / "002.txt"), "x/002.txt", ["FIFO", "not a grid file"]),
    (lambda f: write(f, "a b/001.txt", "#\n"), "a b", ["folder name", "'a b'", "letters"]),
    (lambda f: write(f, "con/001.txt", "#\n"), "con", ["Windows", "'con'"]),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks: POSIX")
@pytest.mark.parametrize("setup, name, words", BAD_FILES)
def test_a_bad_file_is_skipped_with_a_warning_naming_it(tmp_path, setup, name, words):
    """One bad file or folder never locks the others away: it is skipped, a
    warning names it and says why, and every good drawing loads (a FIFO
    without hanging: the test fails by alarm if it waits)."""
    good = d.save_drawings(d.Drawings([load_grid("x"), load_grid("o")], ["x", "o"]), tmp_path)
    setup(tmp_path)
    with warnings.catch_warnings(record=True) as caught, deadline(5):
        warnings.simplefilter("always")
        loaded = d.load_drawings(tmp_path)
    assert [str(p) for p, _ in loaded.skipped] == [str(tmp_path / name)]
    said = [str(w.message) for w in caught]
    assert len(said) == 1 and said[0].startswith(f"skipped {tmp_path / name}")
    for word in words:
        assert word in said[0]
    assert loaded.counts() == {"x": 1, "o": 1} and loaded.paths == good.paths


@contextlib.contextmanager
def deadline(seconds):
    """Fail (not hang) when the block takes longer than seconds (POSIX)."""
    def late(*_):
        raise TimeoutError(f"still waiting after {seconds} s")
    old = signal.signal(signal.SIGALRM, late)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks: POSIX")
@pytest.mark.parametrize("setup, words", [
    (lambda f: (f / "x.txt").write_bytes(PNG), ["x.txt", "not UTF-8"]),
    (lambda f: (f / "x.txt").mkdir(), ["x.txt", "a folder"]),
    (lambda f: dangling(f / "x.txt"), ["x.txt", "no such file"]),
    (lambda f: fifo(f / "x.txt"), ["x.txt", "FIFO"]),
    (lambda f: (f / "x.txt").write_text(""), ["x.txt", "empty"]),
])
def test_a_bad_grid_file_under_cnnlib_data_is_named(tmp_path, monkeypatch, setup, words):
    """load_grid reads grids/NAME.txt under CNNLIB_DATA as the drawings are
    read: a bad file is a ValueError naming it, the other grids load."""
    (tmp_path / "grids").mkdir()
    (tmp_path / "grids" / "o.txt").write_text(format_grid(load_grid("o")))
    setup(tmp_path / "grids")
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    with deadline(5), pytest.raises(ValueError) as info:
        load_grid("x")
    for word in words:
        assert word in str(info.value)
    assert load_grid("o").shape == (9, 9)


def test_a_missing_folder_says_how_to_start_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="create=True"):
        d.load_drawings(tmp_path / "nowhere")


def test_a_file_given_as_the_folder_is_named_not_a_raw_os_error(tmp_path):
    """drawing_explorer('/path/to/a/file') gave a raw FileExistsError."""
    from cnnlib.widgets.own_drawings import drawing_explorer
    afile = tmp_path / "notes.txt"
    afile.write_text("not a folder")
    for call in (lambda: d.load_drawings(afile, create=True),
                 lambda: d.Drawings(folder=afile), lambda: drawing_explorer(afile)):
        with pytest.raises(ValueError, match="folder must be a folder.*notes.txt.*is a file"):
            call()
    assert afile.read_text() == "not a folder"


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
    (lambda: d.examples_experiment([np.ones((9, 9))], XO), TypeError, ["drawings", "Drawings"]),
    (lambda: d.examples_experiment(XO, None), TypeError, ["test", "Drawings", "None"]),
    (lambda: d.examples_experiment(XO, d.Drawings([np.ones((9, 9))], ["T"])), ValueError,
     ["test", "'T'", "do not have"]),
    (lambda: d.examples_experiment(XO, XO, per_class=()), TypeError, ["per_class", "non-empty"]),
    (lambda: d.examples_experiment(XO, XO, per_class=(2, 0)), ValueError, ["per_class[1]", "0"]),
    (lambda: d.examples_experiment(XO, XO, seeds="01"), TypeError, ["seeds", "list"]),
    (lambda: d.examples_experiment(XO, XO, seeds=[0, -1]), ValueError, ["seeds[1]", "-1"]),
    (lambda: d.examples_experiment(XO, XO, seeds=range(10 ** 6)), ValueError,
     ["per_class and seeds", "trainings", "limit"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_examples_experiment_is_the_mean_of_its_trainings():
    drawn = d.sketches({n: load_grid(n) for n in CLASSES}, 4, np.random.default_rng(0))
    unseen = d.sketches({n: load_grid(n) for n in CLASSES}, 3, np.random.default_rng(1))
    out = d.examples_experiment(drawn, unseen, per_class=(1, 3), seeds=[0, 2])
    assert out["per_class"].tolist() == [1, 3]
    for key, shifted in (("plain", False), ("shifted", True)):
        assert out[key].shape == (2,)
        for i, n in enumerate((1, 3)):
            runs = [d.train_drawings(drawn, s, per_class=n, augmented=shifted, test=unseen)
                    .history["test_accuracy"][-1] for s in (0, 2)]
            assert out[key][i] == np.mean(runs)


def test_the_stored_runs_are_what_notebook_runs_gives():
    """Notebook 10 loads its examples-per-class experiment (tools/make_drawings.py):
    the drawings are the ones its cell makes, and the thirty trainings run
    again from scratch give exactly the stored accuracies."""
    import json
    notebook = Path(__file__).parents[1] / "notebooks" / "10_your_own_drawings.ipynb"
    cell = next("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
                if c["cell_type"] == "code" and "drawn = " in "".join(c["source"]))
    made = {"np": np, "own_drawings": d, "load_grid": load_grid}
    exec("\n".join(line for line in cell.splitlines()
                   if line.startswith(("pictures = ", "drawn = ", "unseen = "))), made)
    drawn, unseen = d.notebook_drawings()
    for mine, theirs in ((drawn, made["drawn"]), (unseen, made["unseen"])):
        assert mine.labels == theirs.labels and np.array_equal(mine.images(), theirs.images())
    stored, fresh = d.load_runs(), d.notebook_runs(progress=False)
    assert list(fresh) == list(stored) == ["examples"]
    assert list(fresh["examples"]) == list(stored["examples"]) == ["per_class", "plain", "shifted"]
    for key, value in fresh["examples"].items():
        np.testing.assert_array_equal(stored["examples"][key], value, err_msg=key)
    # the reveal's answer: more examples help, and the shifted copies most when they are few
    plain, shifted = stored["examples"]["plain"], stored["examples"]["shifted"]
    assert np.all(np.diff(plain) > 0.1)
    assert shifted[0] - plain[0] > 0.1 > shifted[-1] - plain[-1] >= 0


@pytest.mark.parametrize("change, words", [
    (lambda runs: runs["examples"].update(plain=runs["examples"]["plain"] * 100),
     "examples/plain must be accuracies"),
    (lambda runs: runs["examples"].update(shifted=runs["examples"]["shifted"][:2]),
     "examples/shifted must be accuracies"),
    (lambda runs: runs["examples"].update(per_class=np.array([2, 5, 10])),
     "examples/per_class must be (2, 5, 20)"),
    (lambda runs: runs["examples"].pop("shifted"), "has no 'examples/shifted'"),
])
def test_stored_runs_that_are_not_the_notebook_s_accuracies_are_refused(change, words, tmp_path,
                                                                        monkeypatch):
    runs = d.load_runs()
    change(runs)
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    d.save_runs(runs, tmp_path / d.RUNS_FILE)
    with pytest.raises(ValueError) as info:
        d.load_runs()
    message = str(info.value)
    assert words in message and "drawings_runs.npz" in message and "make_drawings.py" in message


def test_missing_stored_runs_say_how_to_get_them_back(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="drawings_runs.npz is missing.*make_drawings.py"):
        d.load_runs()


# --- saving safely: a kill, a full disk, two kernels, a folder that went -----------------

def marked(i):
    """A 9x9 drawing that says its own number i, in binary: pixel b is
    stroke when bit b of i is 1 (each number its own drawing)."""
    return np.where([i >> b & 1 for b in range(81)], 1.0, -1.0).reshape(9, 9)


def loaded_back(folder):
    """{path: grid} of every drawing load_drawings finds, with no file skipped."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # a skipped file fails the test
        back = d.load_drawings(folder, create=True)
    assert getattr(back, "skipped", []) == []      # (an attribute since files are skipped)
    return dict(zip(back.paths, back.grids))


def saving_line(frame):
    """Is this a line of the code that saves a file: cnnlib.own_drawings and
    cnnlib._files, the tempfile module, and pathlib's functions that open,
    write or delete."""
    name = os.path.basename(frame.f_code.co_filename)
    return name in ("own_drawings.py", "_files.py", "tempfile.py") or (
        "pathlib" in frame.f_code.co_filename and frame.f_code.co_name in (
            "open", "write_text", "write_bytes", "touch", "unlink", "rename", "replace",
            "hardlink_to", "mkdir"))


def saving_child(folder, write, kill_at=None, n=3, start=0):
    """In a forked process: save drawings marked start.. start+n-1 into
    folder's class 'x', writing each saved path to the pipe `write` once add
    returns; with kill_at, SIGKILL itself at that line of the saving code
    (saving_line) in the last save. It writes how many such lines the last
    save ran when it was not killed."""
    drawn = d.load_drawings(folder, create=True)
    lines = [0]

    def trace(frame, event, arg):
        if event == "line" and saving_line(frame):
            lines[0] += 1
            if lines[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return trace
    for i in range(start, start + n):
        if i == start + n - 1:
            sys.settrace(trace)
        drawn.add(marked(i), "x")
        os.write(write, f"{drawn.paths[-1]}\t{i}\n".encode())
    sys.settrace(None)
    os.write(write, f"lines\t{lines[0]}\n".encode())


def forked(child, *args, **kwargs):
    """Run child(*args, write=pipe, **kwargs) in a forked process; wait for it
    and return (its exit status, the lines it wrote)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:                                       # the child: never returns
        code = 1
        try:
            os.close(read)
            child(*args, write=write, **kwargs)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        said = pipe.read().splitlines()
    return os.waitpid(pid, 0)[1], [line.split("\t") for line in said]


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks a saving process (POSIX)")


@needs_fork
def test_a_save_killed_at_any_point_leaves_every_saved_drawing_and_no_bad_file(tmp_path):
    """The campaign's kill, at every point: a process saves two drawings
    into a folder holding one, and is killed (SIGKILL) during the second
    save, at each line of the saving code in turn (the lines that save runs,
    counted in a first run; each kill in a fresh copy of the folder, so
    each line is reached). After every kill the folder loads with no file
    skipped, and every drawing the process had reported saved is there, with
    its own picture; the one being saved is there whole or not at all."""
    def folder(name):
        d.save_drawings(d.Drawings([marked(1)], ["x"]), tmp_path / name)
        return tmp_path / name
    status, said = forked(saving_child, folder("count"), n=2, start=2)
    assert status == 0
    lines = int(said[-1][1])                           # the lines the second save runs
    assert lines > 20
    for kill_at in range(1, lines + 1):
        status, said = forked(saving_child, folder(f"kill {kill_at}"), kill_at=kill_at,
                              n=2, start=2)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        back = loaded_back(tmp_path / f"kill {kill_at}")
        reported = {Path(path): int(i) for path, i in said}
        assert list(reported.values()) == [2]
        for path, i in reported.items():
            assert np.array_equal(back[path], marked(i))
        assert len(back) in (2, 3) and np.array_equal(list(back.values())[-1], marked(len(back)))


SAVING_SCRIPT = """
import sys
import numpy as np
from cnnlib import own_drawings as d
drawn = d.load_drawings(sys.argv[1], create=True)
for i in range(int(sys.argv[2]), 10 ** 6):
    drawn.add(np.where([i >> b & 1 for b in range(81)], 1.0, -1.0).reshape(9, 9), "x")
    print(drawn.paths[-1], i, sep="\\t", flush=True)
"""


def test_a_saving_process_killed_from_outside_loses_nothing_it_reported(tmp_path):
    """As the campaign did it: another Python saving drawings as fast as it
    can is killed (SIGKILL) after a random number of them (3 tries, seeded):
    the folder still loads with no file skipped, with every drawing it
    reported saved."""
    rng, reported = np.random.default_rng(0), {}
    for attempt in range(3):
        saver = subprocess.Popen([sys.executable, "-c", SAVING_SCRIPT, str(tmp_path),
                                  str(1000 * attempt)], stdout=subprocess.PIPE, text=True)
        for _ in range(int(rng.integers(5, 60))):
            path, i = saver.stdout.readline().rstrip("\n").split("\t")
            reported[Path(path)] = int(i)
        saver.send_signal(signal.SIGKILL)
        for line in saver.stdout.read().splitlines():     # reported before it died
            path, i = line.split("\t")
            reported[Path(path)] = int(i)
        assert saver.wait() == -signal.SIGKILL
        back = loaded_back(tmp_path)
        for path, i in reported.items():
            assert np.array_equal(back[path], marked(i))


def saving_in_turn(folder, n, gate, start, write):
    """A second kernel: wait at the gate, then save n drawings into class
    'x', marked from start on."""
    os.read(gate, 1)
    saving_child(folder, write, n=n, start=start)


@needs_fork
def test_two_processes_saving_into_one_folder_lose_nothing(tmp_path):
    """Four processes save 60 drawings each into the same class folder at
    the same moment: 240 drawings reported saved, 240 files, each one's
    own picture (each process's drawings marked apart: 15 + 60 * k on)."""
    gate_read, gate_write = os.pipe()
    kids = []
    for k in range(4):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(read)
                saving_in_turn(tmp_path, 60, gate_read, 15 + 60 * k, write)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        kids.append((pid, read))
    os.write(gate_write, b"go!!")                      # all four start together
    reported = {}
    for pid, read in kids:
        with os.fdopen(read) as pipe:
            for line in pipe.read().splitlines()[:-1]:
                path, i = line.split("\t")
                assert Path(path) not in reported, f"{path} reported saved twice"
                reported[Path(path)] = int(i)
        assert os.waitpid(pid, 0)[1] == 0
    back = loaded_back(tmp_path)
    assert len(reported) == 240 and len(back) == 240
    for path, i in reported.items():
        assert np.array_equal(back[path], marked(i))


def test_a_full_disk_saves_nothing_and_says_so(tmp_path, monkeypatch):
    """A write that fails half-way (ENOSPC, disk full) is an OSError from
    add; no file is left (not even a temporary one), the collection is
    unchanged, and the folder loads as before."""
    drawn = d.save_drawings(d.Drawings([marked(1)], ["x"]), tmp_path)
    real = os.write

    def full(fd, data):
        if len(data) > 40:
            return real(fd, bytes(data[:40]))
        raise OSError(errno.ENOSPC, "No space left on device")
    with monkeypatch.context() as m:
        m.setattr(os, "write", full)
        with pytest.raises(OSError, match="No space left"):
            drawn.add(marked(2), "x")
    assert len(drawn) == 1 and sorted(p.name for p in (tmp_path / "x").iterdir()) == ["001.txt"]
    assert list(loaded_back(tmp_path)) == drawn.paths
    drawn.add(marked(2), "x")                           # space again: saved
    assert len(loaded_back(tmp_path)) == 2


@needs_fork
def test_a_write_the_system_stops_half_way_leaves_no_partial_file(tmp_path):
    """A real refused write, not a mock: in a forked process files may grow
    to 40 bytes only (RLIMIT_FSIZE; a drawing takes 90), so the system
    stops the write half-way, as a full disk does. add raises the OSError,
    and the folder holds what it held, every file whole."""
    d.save_drawings(d.Drawings([marked(1)], ["x"]), tmp_path)

    def child(write):
        drawn = d.load_drawings(tmp_path)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40, 40))
        try:
            drawn.add(marked(2), "x")
            os.write(write, b"saved\n")
        except OSError as error:
            os.write(write, f"{errno.errorcode[error.errno]}\n".encode())
    status, said = forked(child)
    assert status == 0 and said == [["EFBIG"]]
    assert [p.name for p in loaded_back(tmp_path)] == ["001.txt"]


def test_remove_deletes_that_drawing_s_file_never_another(tmp_path):
    """The issue's case: save X, O, X; delete x/001.txt by hand; add an O as
    'x'; remove(0) must not delete the new drawing's file."""
    drawn = d.load_drawings(tmp_path, create=True)
    for grid, label in ((load_grid("x"), "x"), (load_grid("o"), "o"), (load_grid("x"), "x")):
        drawn.add(grid, label)
    (tmp_path / "x" / "001.txt").unlink()
    new = drawn.paths[drawn.add(load_grid("o"), "x")]
    assert len(set(drawn.paths)) == 4
    drawn.remove(0)
    assert new.exists() and np.array_equal(parse_grid(new.read_text()), load_grid("o"))
    back = loaded_back(tmp_path)
    assert np.array_equal(back[new], load_grid("o")) and len(back) == 3


def test_remove_leaves_a_file_another_kernel_saved_under_that_name(tmp_path):
    """A second kernel that never knew x/001.txt (deleted by hand) saves its
    drawing there; the first kernel's remove of its own 001 leaves it, and
    says so."""
    first = d.save_drawings(d.Drawings([marked(1)], ["x"]), tmp_path)
    (tmp_path / "x" / "001.txt").unlink()
    second = d.load_drawings(tmp_path, create=True)
    assert second.paths[second.add(marked(2), "x")] == tmp_path / "x" / "001.txt"
    with pytest.warns(UserWarning, match="001.txt was left in place"):
        first.remove(0)
    assert np.array_equal(loaded_back(tmp_path)[tmp_path / "x" / "001.txt"], marked(2))


def test_the_class_order_is_kept_across_restarts(tmp_path):
    """Classes come back in the order they were made (not alphabetically),
    so label 0 is still the same class; a class folder added by hand comes
    after them."""
    drawn = d.Drawings(classes=["x", "o", "plus"], folder=tmp_path)
    assert (tmp_path / "classes.txt").read_text() == "x\no\nplus\n"
    for name in ("plus", "o", "x"):
        drawn.add(load_grid(name), name)
    back = d.load_drawings(tmp_path)
    assert back.classes == ["x", "o", "plus"]
    assert back.dataset()["train_labels"].tolist() == [0, 1, 2]
    (tmp_path / "T").mkdir()
    back = d.load_drawings(tmp_path)
    assert back.classes == ["x", "o", "plus", "T"]
    back.add_class("minus")
    assert d.load_drawings(tmp_path).classes == ["x", "o", "plus", "T", "minus"]


def test_a_save_into_a_folder_that_went_does_not_make_it_again(tmp_path):
    drawn = d.save_drawings(d.Drawings([marked(1)], ["x"]), tmp_path / "ours")
    shutil.rmtree(tmp_path / "ours" / "x")
    with pytest.raises(FileNotFoundError, match="ours/x is gone.*nothing was saved"):
        drawn.add(marked(2), "x")
    shutil.rmtree(tmp_path / "ours")
    for call in (lambda: drawn.add(marked(2), "x"), lambda: drawn.add_class("o")):
        with pytest.raises(FileNotFoundError, match="create=True"):
            call()
    assert not (tmp_path / "ours").exists() and len(drawn) == 1


@pytest.mark.parametrize("name", ["con", "NUL", "Aux", "prn", "com1", "LPT9"])
def test_a_name_windows_keeps_is_refused(name):
    with pytest.raises(ValueError, match=f"{name!r} is a name Windows keeps"):
        d.Drawings(classes=[name])


def test_names_differing_only_in_case_are_refused(tmp_path):
    drawn = d.Drawings(classes=["T"])
    with pytest.raises(ValueError, match="'t' differs from the class 'T' only in case"):
        drawn.add_class("t")
    (tmp_path / "Plus").mkdir()                      # made by another kernel, or by hand
    with pytest.raises(ValueError, match="'plus' differs from the class 'Plus'"):
        d.Drawings(classes=["plus"], folder=tmp_path)


@pytest.mark.parametrize("counts, words", [
    ({"x": 1, "o": 0}, "class 'o' has no examples"),
    ({"x": 0, "o": 0, "plus": 0}, "classes 'x', 'o' and 'plus' have no examples"),
])
def test_the_classes_with_no_example_are_named_in_good_english(counts, words):
    drawn = d.Drawings(classes=list(counts))
    for name, n in counts.items():
        for _ in range(n):
            drawn.add(marked(n), name)
    with pytest.raises(ValueError, match=words):
        drawn.dataset()


def test_without_hard_links_a_save_is_still_whole_and_never_overwrites(tmp_path, monkeypatch):
    """On a drive with no hard links (FAT, some network drives) os.link
    fails: the number is then claimed by creating it exclusively, and the
    finished temporary file moved onto it."""
    def no_links(*_):
        raise OSError(errno.EPERM, "Operation not permitted")
    monkeypatch.setattr(os, "link", no_links)
    drawn = d.save_drawings(d.Drawings([marked(1)], ["x"]), tmp_path)
    (tmp_path / "x" / "002.txt").write_text(format_grid(marked(5)))   # another kernel's
    drawn.add(marked(2), "x")
    back = loaded_back(tmp_path)
    assert [p.name for p in back] == ["001.txt", "002.txt", "003.txt"]
    assert [g.tolist() for g in back.values()] == [marked(i).tolist() for i in (1, 5, 2)]
    assert sorted(os.listdir(tmp_path / "x")) == ["001.txt", "002.txt", "003.txt"]
