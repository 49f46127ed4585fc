"""Your own drawings: a labelled collection of grids, kept as plain text.

A folder of drawings has one subfolder per class and one file per drawing,
in the series' `#` (stroke, +1) and `.` (background, -1) grids, and a file
classes.txt with the classes in their order (one name a line):

    my_drawings/
        classes.txt
        plus/001.txt  plus/002.txt ...
        t/001.txt ...

so a student can open, edit, copy or delete a drawing with any text editor.
Drawings(folder=...) keeps that folder in step with the collection: every
drawing added is written at once and every one removed is deleted, so a
kernel restart loses nothing (load_drawings(folder) reads it all back, the
classes in the same order, so label 0 stays label 0).

Saving is safe against a kill, a full disk and a second kernel saving into
the same folder: a drawing is written to a temporary file, then linked to the
first free number (a link never replaces a file), so a file NNN.txt is always
complete and never taken twice. Loading skips a bad file (a picture saved as
.txt, a folder, a link to nothing, a FIFO) with a warning naming it, and
loads the rest. Class names must also work as folder names on Windows and
macOS (no CON or NUL, no 'T' beside 't').

Training (train_drawings) is the series' CNN (cnnlib.network.train_model)
on the drawings, optionally with shifted copies (augment). examples_experiment
trains it on 2, 5 and 20 drawings per class, with and without the shifted
copies; notebook 10's run of it (notebook_runs) is stored in
cnnlib/data/drawings_runs.npz by tools/make_drawings.py and read by load_runs.
"""
import os
import re
import warnings
from pathlib import Path

import numpy as np

from cnnlib._checks import (as_array, as_bool, as_int, as_rng, as_seed, as_shape, as_whole_list,
                            check_size, describe)
from cnnlib._files import check_still_there, file_stamp, write_atomic, write_new
from cnnlib._progress import bar
from cnnlib.data import (format_grid, load_grid, read_grid_file, read_stored, save_stored_runs,
                         stored_accuracies, stored_remedy)
from cnnlib.network import train_model
from cnnlib.transforms import affine, flip_pixels, shift, thicken

# A class name becomes a folder name: letters, digits, + - _ (no dots or slashes),
# and not a name Windows keeps for devices (in any case).
CLASS_NAME = re.compile(r"^[A-Za-z0-9+_-]{1,20}$")
RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(10))}
ORDER_FILE = "classes.txt"
SHIFTS = ((-1, 0), (1, 0), (0, -1), (0, 1))        # up, down, left, right by one pixel
TRAINING = dict(epochs=30, batch_size=10, learning_rate=0.5)


def as_class_name(name, what="label"):
    """A class name that can be a folder name: 1-20 letters, digits, +, - or _."""
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a class name (a string such as 'plus' or 'T'), "
                        f"got {describe(name)}")
    name = name.strip()
    if not CLASS_NAME.match(name):
        raise ValueError(f"{what} {name!r} is not a usable class name: use 1 to 20 letters, "
                         f"digits, '+', '-' or '_' (it becomes a folder name), e.g. 'plus' or 'T'")
    if name.lower() in RESERVED:
        raise ValueError(f"{what} {name!r} is a name Windows keeps for a device (CON, PRN, AUX, "
                         f"NUL, COM0-9, LPT0-9): no folder can have it there; choose another, "
                         f"e.g. {name + '_'!r}")
    return name


def is_blank(grid):
    """True when a +1/-1 grid has no stroke pixel at all."""
    return not np.any(as_drawing(grid) > 0)


def as_drawing(grid, what="grid", shape=None):
    """A drawing as a (H, W) array of +1/-1: any value > 0 is stroke."""
    arr = as_array(grid, what, (2,), "a 2-D grid (H, W)", hint="draw with +1 stroke, -1 background")
    if shape is not None and arr.shape != as_shape(shape, "shape"):
        raise ValueError(f"{what} is {arr.shape[0]}x{arr.shape[1]}, but the other drawings are "
                         f"{shape[0]}x{shape[1]}; every drawing in a collection must be the same size")
    return np.where(arr > 0, 1.0, -1.0)


class Drawings:
    """A labelled collection of same-size grids, with its classes in order.

    grids: a sequence of (H, W) grids (values > 0 are stroke), labels: one class
    name per grid; classes: the class names in order (default: as they first
    appear), may include classes with no drawing yet. folder: a folder kept in
    step with the collection (see the module docstring), or None.
    """

    def __init__(self, grids=(), labels=(), classes=(), folder=None):
        grids, labels = _listed(grids, "grids"), _listed(labels, "labels")
        classes = _listed(classes, "classes")
        if len(grids) != len(labels):
            raise ValueError(f"labels must be one class name per drawing: {len(grids)} "
                             f"drawing(s) but {len(labels)} label(s)")
        self.folder = None if folder is None else _folder(folder)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
        self.classes, self.grids, self.labels, self.paths = [], [], [], []
        self.stamps = {}        # path -> its file when written or read (file_stamp)
        self.skipped = []       # (path, why) of files load_drawings could not read
        for i, c in enumerate(classes):
            self.add_class(as_class_name(c, f"classes[{i}]"))
        for i, (grid, label) in enumerate(zip(grids, labels)):
            self.add(as_drawing(grid, f"grids[{i}]", self.shape),
                     as_class_name(label, f"labels[{i}]"))

    # --- the collection --------------------------------------------------------
    @property
    def shape(self):
        """(H, W) of every drawing, or None while there is none."""
        return self.grids[0].shape if self.grids else None

    def __len__(self):
        return len(self.grids)

    def __repr__(self):
        counts = ", ".join(f"{c}: {n}" for c, n in self.counts().items())
        return f"Drawings({counts or 'empty'}{', saved in ' + str(self.folder) if self.folder else ''})"

    def counts(self):
        """{class name: number of drawings}, every class, in order."""
        return {c: self.labels.count(c) for c in self.classes}

    def add_class(self, name):
        """Add a class (no drawing yet); returns its checked name. With a
        folder, its subfolder is made and the class order file updated; a
        name differing only in case from another class is refused (macOS
        and Windows would give both one folder)."""
        name = as_class_name(name, "class name")
        if name in self.classes:
            return name
        others = set(self.classes)
        if self.folder is not None:
            check_still_there(self.folder)
            others |= {p.name for p in self.folder.iterdir() if p.is_dir()}
        twin = next((c for c in others if c.lower() == name.lower() and c != name), None)
        if twin is not None:
            raise ValueError(f"class name {name!r} differs from the class {twin!r} only in case: "
                             f"on macOS and Windows both would be one folder; use {twin!r} or "
                             f"another name")
        if self.folder is not None:
            (self.folder / name).mkdir(exist_ok=True)
            order = _read_order(self.folder)
            write_atomic(self.folder / ORDER_FILE, "".join(
                f"{c}\n" for c in order + [c for c in [*self.classes, name] if c not in order]))
        self.classes.append(name)
        return name

    def add(self, grid, label):
        """Add one drawing of class `label` (a new label adds a class).
        With a folder, it is written there at once, complete or not at all
        (an OSError such as a full disk leaves no file). Returns its index."""
        grid = as_drawing(grid, "grid", self.shape)
        label = self.add_class(as_class_name(label, "label"))
        path = None
        if self.folder is not None:
            mine = {p.name for p, c in zip(self.paths, self.labels) if c == label and p}
            path = write_new(self.folder / label, format_grid(grid), mine)
            self.stamps[path] = file_stamp(path)
        self.grids.append(grid)
        self.labels.append(label)
        self.paths.append(path)
        return len(self.grids) - 1

    def file_names(self):
        """Each drawing's file as 'class/NNN.txt' (None without a folder), in order."""
        return [p and f"{label}/{p.name}" for p, label in zip(self.paths, self.labels)]

    def index_of(self, file_name):
        """The index of the drawing saved as file_name ('class/NNN.txt', as
        file_names gives it): a drawing found by what it is, not where it is
        in the list."""
        names = self.file_names()
        if file_name not in names:
            raise ValueError(f"no drawing is saved as {file_name!r} in this collection; its "
                             f"drawings are {', '.join(filter(None, names)) or 'none yet'}")
        return names.index(file_name)

    def remove(self, index):
        """Remove drawing `index` (and its file, with a folder). The file is
        deleted only if it is still the one written or read for this drawing;
        one changed or replaced since (by hand, or by another kernel) is left
        in place, with a warning."""
        if not self.grids:
            raise ValueError("there are no drawings to remove")
        index = as_int(index, "index", 0, len(self.grids) - 1)
        path = self.paths.pop(index)
        del self.grids[index], self.labels[index]
        if path is None:
            return
        stamp, now = self.stamps.pop(path, None), file_stamp(path)
        if now is not None and now == stamp:
            path.unlink(missing_ok=True)
        elif now is not None:
            warnings.warn(f"{path} was left in place: it changed on disk since it was saved or "
                          f"loaded here (edited, or a new drawing saved under that name by "
                          f"another kernel); delete it by hand if it should go", stacklevel=2)

    def images(self):
        """Every drawing as one stack (N, H, W)."""
        if not self.grids:
            raise ValueError("there are no drawings yet; draw some (at least one per class)")
        return np.stack(self.grids)

    def dataset(self, per_class=None, rng=None, test=None):
        """A training set for train_model: dict(train_images (N, H, W), train_labels
        (N,) ints indexing classes, classes). per_class: use only that many drawings
        of each class (the first ones, or a random choice when rng is given).
        Every class needs at least one drawing, and there must be two classes.
        test: another collection of the same classes' drawings (drawn
        separately, to test on), added as test_images (M, H, W) and
        test_labels (M,) indexing the same classes."""
        counts = self.counts()
        if len(counts) < 2:
            raise ValueError(f"a classifier needs at least two classes, got "
                             f"{list(counts) or 'none'}; add a class and draw examples of it")
        empty = [repr(c) for c, n in counts.items() if n == 0]
        if empty:
            which = (f"class {empty[0]} has" if len(empty) == 1 else
                     f"classes {', '.join(empty[:-1])} and {empty[-1]} have")
            raise ValueError(f"{which} no examples; draw at least one of each (a few are "
                             f"better), or remove the class")
        labels = np.array([self.classes.index(c) for c in self.labels])
        chosen = np.arange(len(labels))
        if per_class is not None:
            per_class = as_int(per_class, "per_class", 1)
            picks = []
            for k in range(len(self.classes)):
                mine = np.flatnonzero(labels == k)
                if rng is not None:
                    mine = as_rng(rng).permutation(mine)
                picks.append(mine[:per_class])
            chosen = np.concatenate(picks)
        out = {"train_images": self.images()[chosen], "train_labels": labels[chosen],
               "classes": tuple(self.classes)}
        if test is not None:
            out["test_images"], out["test_labels"] = self._test_part(test)
        return out

    def _test_part(self, test):
        """test_images, test_labels (indexing self.classes) from another collection."""
        if not isinstance(test, Drawings):
            raise TypeError(f"test must be a Drawings collection, got {describe(test)}")
        if not len(test):
            raise ValueError("test has no drawings; draw some of each class to test on")
        extra = sorted(set(test.labels) - set(self.classes))
        if extra:
            raise ValueError(f"test has drawings of class(es) {extra} that the training "
                             f"drawings do not have ({self.classes})")
        if test.shape != self.shape:
            raise ValueError(f"test's drawings are {test.shape[0]}x{test.shape[1]}, the training "
                             f"drawings {self.shape[0]}x{self.shape[1]}; every drawing must be "
                             f"the same size")
        return test.images(), np.array([self.classes.index(c) for c in test.labels])


def _listed(values, name):
    """A list from a list, tuple or array (a string or a number is refused)."""
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list, got {describe(values)}")
    return list(values)


def _folder(folder):
    """A folder's Path from a string or a Path."""
    if isinstance(folder, bool) or not isinstance(folder, (str, os.PathLike)) or folder == "":
        raise TypeError(f"folder must be a folder's path (a string or a pathlib.Path), "
                        f"got {describe(folder)}")
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise ValueError(f"folder must be a folder for the drawings, got {str(path)!r}, which "
                         f"is a file; give a folder's path (a new name makes a new folder)")
    return path


def _read_order(folder):
    """The class names in folder's order file, in order ([] if it has none;
    a bad order file is warned about and ignored)."""
    path = folder / ORDER_FILE
    if not path.exists():
        return []
    try:
        with open(path, "rb") as file:
            names = file.read(100_000).decode("utf-8-sig").split()
        return list(dict.fromkeys(as_class_name(n, "a class name") for n in names))
    except (OSError, ValueError) as problem:
        warnings.warn(f"{path} was not used (the classes are in alphabetical order instead): "
                      f"{problem}", stacklevel=3)
        return []


def save_drawings(drawings, folder):
    """Write every drawing into folder/<class>/NNN.txt (after any already there)
    and return a Drawings that keeps that folder in step from now on."""
    if not isinstance(drawings, Drawings):
        raise TypeError(f"drawings must be a Drawings collection, got {describe(drawings)}")
    return Drawings(drawings.grids, drawings.labels, drawings.classes, folder=folder)


def load_drawings(folder, create=False):
    """Read a folder of drawings (see the module docstring) -> Drawings, kept
    in step with that folder, its classes in the order of the folder's
    classes.txt (then any other subfolders, alphabetically). create=True
    starts an empty folder when there is none (for a first lesson); otherwise
    a missing folder, or one with no drawing, is an error. A file that cannot
    be read as a grid (cnnlib.data.read_grid_file) or is not the size of the
    first one, or a subfolder whose name is not a usable class name, is
    skipped with a warning naming it (and listed in .skipped)."""
    folder = _folder(folder)
    create = as_bool(create, "create")
    if not folder.is_dir():
        if not create:
            raise FileNotFoundError(f"no folder {folder}; check the name, or use "
                                    f"load_drawings({str(folder)!r}, create=True) to start one")
        folder.mkdir(parents=True)
    out = Drawings(folder=None)
    subs = {p.name: p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")}
    order = [n for n in _read_order(folder) if n in subs]
    for name in order + sorted(set(subs) - set(order)):
        try:
            label = out.add_class(as_class_name(name, f"the folder name {subs[name]}"))
        except ValueError as problem:
            out.skipped.append((subs[name], str(problem)))
            continue
        for path in sorted(subs[name].glob("*.txt"), key=lambda p: (len(p.name), p.name)):
            try:
                grid = read_grid_file(path)
                if out.shape is not None and grid.shape != out.shape:
                    raise ValueError(f"{path}: a {grid.shape[0]}x{grid.shape[1]} drawing, but "
                                     f"the others are {out.shape[0]}x{out.shape[1]}; every "
                                     f"drawing in a folder must be the same size")
            except ValueError as problem:
                out.skipped.append((path, str(problem)))
                continue
            out.add(grid, label)
            out.paths[-1], out.stamps[path] = path, file_stamp(path)
    for path, problem in out.skipped:     # the file named once, at the start
        warnings.warn(f"skipped {problem if problem.startswith(str(path)) else f'{path}: {problem}'}",
                      stacklevel=2)
    if not out.grids and not create:
        raise ValueError(f"no drawings in {folder}: expected one subfolder per class "
                         f"holding NNN.txt grids of '#' and '.', e.g. {folder / 'plus' / '001.txt'}"
                         + (f" ({len(out.skipped)} skipped: see the warnings)" if out.skipped else ""))
    out.folder = folder
    return out


def augment(grids, labels, shifts=SHIFTS):
    """Every grid plus its shifted copies (by default one pixel up, down, left
    and right; pixels shifted in are background): (N, H, W), (N,) ->
    (N * (1 + len(shifts)), H, W) and the labels repeated to match, originals first."""
    grids = as_array(grids, "grids", (3,), "a stack of grids (N, H, W)")
    labels = _listed(labels, "labels")
    if any(isinstance(v, (list, tuple, dict, np.ndarray)) for v in labels):
        raise TypeError(f"labels must be one label (a class name or index) per grid, got "
                        f"{describe(labels)} holding lists")
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != len(grids):
        raise ValueError(f"labels must be one per grid ({len(grids)}), got {describe(labels)}")
    h, w = grids.shape[1:]
    moves = _listed(shifts, "shifts")
    check_size(len(moves) * grids.size, "shifts", "values")
    for i, move in enumerate(moves):
        if isinstance(move, (str, bytes)) or not hasattr(move, "__len__") or len(move) != 2:
            raise TypeError(f"shifts[{i}] must be a (dy, dx) pair such as (1, 0), got "
                            f"{describe(move)}")
        moves[i] = (as_int(move[0], f"shifts[{i}] (dy)", -h, h),
                    as_int(move[1], f"shifts[{i}] (dx)", -w, w))
    copies = [grids] + [np.stack([shift(g, dy, dx) for g in grids]) for dy, dx in moves]
    return np.concatenate(copies), np.tile(labels, len(copies))


def training_counts(counts, per_class=None, augmented=False, shifts=SHIFTS):
    """How many pictures of each class train_drawings trains on: {class: n}
    from counts {class: number of drawings}. per_class: only the first that
    many of each (None: all); augmented: each drawing also with its
    len(shifts) shifted copies."""
    if not isinstance(counts, dict) or not all(
            isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 0
            for n in counts.values()):
        raise TypeError(f"counts must be a dict {{class name: number of drawings >= 0}}, e.g. "
                        f"Drawings.counts(), got {describe(counts)}")
    if per_class is not None:
        per_class = as_int(per_class, "per_class", 1)
    shifts = _listed(shifts, "shifts")
    copies = 1 + len(shifts) if as_bool(augmented, "augmented") else 1
    return {name: int(min(n, per_class if per_class is not None else n)) * copies
            for name, n in counts.items()}


def train_drawings(drawings, seed=0, *, per_class=None, augmented=False, test=None,
                   callback=None, **settings):
    """Train the series' CNN (cnnlib.network.train_model, its default
    architecture) on a Drawings collection and return the Model.

    per_class: only the first that many drawings of each class; augmented:
    add the shifted copies (augment); test: another Drawings (same classes)
    for history["test_accuracy"]; callback(epoch, model) after every epoch
    (a live curve). settings: epochs, batch_size, learning_rate and the
    architecture, as train_model takes them (defaults: TRAINING).
    """
    if not isinstance(drawings, Drawings):
        raise TypeError(f"drawings must be a Drawings collection, got {describe(drawings)}")
    data = drawings.dataset(per_class, test=test)
    if as_bool(augmented, "augmented"):
        data["train_images"], data["train_labels"] = augment(data["train_images"], data["train_labels"])
    return train_model(seed, data=data, callback=callback, **{**TRAINING, **settings})


def sketch(grid, rng):
    """A hand-drawn-looking variant of a +1/-1 grid, as a student might draw it:
    turned up to 10 degrees, sometimes a thicker stroke, shifted up to one
    pixel, and 0 to 2 pixels wrong. (H, W) of +1/-1; rng: a numpy Generator."""
    rng = as_rng(rng)
    grid = affine(as_drawing(grid), degrees=rng.uniform(-10, 10))
    if rng.random() < 0.25:
        grid = thicken(grid)
    grid = shift(grid, int(rng.integers(-1, 2)), int(rng.integers(-1, 2)))
    return flip_pixels(grid, int(rng.integers(0, 3)), rng)


def sketches(pictures, per_class, rng):
    """A Drawings collection of per_class sketch() variants of each picture.
    pictures: {class name: (H, W) grid}, e.g. {"plus": load_grid("plus"), ...}."""
    rng = as_rng(rng)
    if not isinstance(pictures, dict) or not pictures:
        raise TypeError(f"pictures must be a dict {{class name: (H, W) grid}}, e.g. "
                        f"{{'plus': load_grid('plus')}}, got {describe(pictures)}")
    per_class = as_int(per_class, "per_class", 1)
    for name, grid in pictures.items():
        as_drawing(grid, f"pictures[{name!r}]")
    check_size(per_class * len(pictures) * 81, "per_class", "values")
    out = Drawings(classes=list(pictures))
    for _ in range(per_class):
        for name, grid in pictures.items():
            out.add(sketch(grid, rng), name)
    return out


def examples_experiment(drawings, test, per_class=(2, 5, 20), seeds=range(5), progress=None):
    """Accuracy on other drawings against the number of examples per class,
    with and without shifted copies: {"per_class": (S,), "plain": (S,),
    "shifted": (S,)}, each accuracy the mean over seeds of the final
    history["test_accuracy"] of train_drawings(drawings, seed, per_class=n,
    augmented=False / True, test=test). 2 * S * len(seeds) trainings.
    drawings, test: Drawings of the same classes (test drawn separately).
    progress: one bar counting the networks (None: in a notebook only)."""
    if not isinstance(drawings, Drawings):
        raise TypeError(f"drawings must be a Drawings collection, got {describe(drawings)}")
    if not isinstance(test, Drawings):
        raise TypeError(f"test must be a Drawings collection of other drawings of the same "
                        f"classes, to test on, got {describe(test)}")
    drawings.dataset(test=test)         # two classes with drawings, test's the same: or say why
    per_class = as_whole_list(per_class, "per_class", "(2, 5, 20)")
    seeds = as_whole_list(seeds, "seeds", "range(5)")
    check_size(2 * len(per_class) * len(seeds), "per_class and seeds", "trainings", 1000)
    per_class = [as_int(n, f"per_class[{i}]", 1) for i, n in enumerate(per_class)]
    seeds = [as_seed(s, f"seeds[{i}]") for i, s in enumerate(seeds)]
    out = {"per_class": np.array(per_class), "plain": [], "shifted": []}
    with bar(2 * len(per_class) * len(seeds), "training the networks", "network",
             progress) as shown:
        for n in per_class:
            for key, shifted in (("plain", False), ("shifted", True)):
                runs = []
                for seed in seeds:
                    model = train_drawings(drawings, seed, per_class=n, augmented=shifted,
                                           test=test)
                    runs.append(model.history["test_accuracy"][-1])
                    shown.update()
                out[key].append(np.mean(runs))
    return {**out, "plain": np.array(out["plain"]), "shifted": np.array(out["shifted"])}


# --- notebook 10's experiment, stored (tools/make_drawings.py) ----------------------
RUNS_FILE, RUNS_TOOL = "drawings_runs.npz", "tools/make_drawings.py"
NOTEBOOK_CLASSES = ("x", "o", "plus")
NOTEBOOK_PER_CLASS, NOTEBOOK_SEEDS = (2, 5, 20), (0, 1, 2, 3, 4)


def notebook_drawings():
    """Notebook 10's drawings, made as its cell makes them: (drawn, unseen),
    20 and 30 sketches of each of the lecture's x, o and plus."""
    pictures = {name: load_grid(name) for name in NOTEBOOK_CLASSES}
    return (sketches(pictures, 20, np.random.default_rng(0)),
            sketches(pictures, 30, np.random.default_rng(1)))


def notebook_runs(progress=None):
    """Notebook 10's experiment, run now: {"examples": examples_experiment(drawn,
    unseen, NOTEBOOK_PER_CLASS, NOTEBOOK_SEEDS)} on notebook_drawings(). Thirty
    trainings (seconds): tools/make_drawings.py stores them and the notebook
    loads them (load_runs)."""
    drawn, unseen = notebook_drawings()
    return {"examples": examples_experiment(drawn, unseen, NOTEBOOK_PER_CLASS, NOTEBOOK_SEEDS,
                                            progress)}


def save_runs(runs, path):
    """Write notebook_runs()'s result to .npz (plain arrays, no pickle)."""
    save_stored_runs(runs, path, classical=False)


def load_runs():
    """notebook_runs() as tools/make_drawings.py stored it: the same dict of arrays."""
    keys = ("per_class", "plain", "shifted")
    stored = read_stored(RUNS_FILE, RUNS_TOOL, [f"examples/{k}" for k in keys])
    runs = {"examples": {k: stored[f"examples/{k}"] for k in keys}}
    shape, examples = (len(NOTEBOOK_PER_CLASS),), runs["examples"]
    if examples["per_class"].tolist() != list(NOTEBOOK_PER_CLASS):
        raise ValueError(f"{RUNS_FILE}'s examples/per_class must be {NOTEBOOK_PER_CLASS}, got "
                         f"{examples['per_class'].tolist()}; {stored_remedy(RUNS_FILE, RUNS_TOOL)}")
    for key in ("plain", "shifted"):
        stored_accuracies(stored, f"examples/{key}", shape, RUNS_FILE, RUNS_TOOL)
    return runs
