"""Your own drawings: a labelled collection of grids, kept as plain text.

A folder of drawings has one subfolder per class and one file per drawing,
in the series' `#` (stroke, +1) and `.` (background, -1) grids:

    my_drawings/
        plus/001.txt  plus/002.txt ...
        t/001.txt ...

so a student can open, edit, copy or delete a drawing with any text editor.
Drawings(folder=...) keeps that folder in step with the collection: every
drawing added is written at once and every one removed is deleted, so a
kernel restart loses nothing (load_drawings(folder) reads it all back).
Files are read with cnnlib.data.parse_grid, so a bad file gets the lecture's
errors (naming the file, the line and the column).

Training (train_drawings) is the series' CNN (cnnlib.network.train_model)
on the drawings, optionally with shifted copies (augment).
"""
import os
import re
from pathlib import Path

import numpy as np

from cnnlib._checks import as_array, as_bool, as_int, as_rng, as_shape, check_size, describe
from cnnlib.data import format_grid, parse_grid
from cnnlib.transforms import affine, flip_pixels, shift, thicken

# A class name becomes a folder name: letters, digits, + - _ (no dots or slashes).
CLASS_NAME = re.compile(r"^[A-Za-z0-9+_-]{1,20}$")
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
    return name


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
        self.classes, self.grids, self.labels, self.paths = [], [], [], []
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
        """Add a class (no drawing yet); returns its checked name."""
        name = as_class_name(name, "class name")
        if name not in self.classes:
            self.classes.append(name)
            if self.folder is not None:
                (self.folder / name).mkdir(parents=True, exist_ok=True)
        return name

    def add(self, grid, label):
        """Add one drawing of class `label` (a new label adds a class).
        With a folder, it is written there at once. Returns its index."""
        grid = as_drawing(grid, "grid", self.shape)
        label = self.add_class(as_class_name(label, "label"))
        path = None
        if self.folder is not None:
            path = _free_path(self.folder / label)
            path.write_text(format_grid(grid), encoding="utf-8")
        self.grids.append(grid)
        self.labels.append(label)
        self.paths.append(path)
        return len(self.grids) - 1

    def remove(self, index):
        """Remove drawing `index` (and its file, with a folder)."""
        if not self.grids:
            raise ValueError("there are no drawings to remove")
        index = as_int(index, "index", 0, len(self.grids) - 1)
        path = self.paths.pop(index)
        del self.grids[index], self.labels[index]
        if path is not None and path.exists():
            path.unlink()

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
        empty = [c for c, n in counts.items() if n == 0]
        if empty:
            raise ValueError(f"class {', '.join(map(repr, empty))} has no examples; draw at least "
                             f"one (a few are better), or remove the class")
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
    return Path(folder).expanduser()


def _free_path(folder):
    """folder/NNN.txt with the first number not taken (the folder is made if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    taken = {p.stem for p in folder.glob("*.txt")}
    n = 1
    while f"{n:03d}" in taken:
        n += 1
    return folder / f"{n:03d}.txt"


def save_drawings(drawings, folder):
    """Write every drawing into folder/<class>/NNN.txt (after any already there)
    and return a Drawings that keeps that folder in step from now on."""
    if not isinstance(drawings, Drawings):
        raise TypeError(f"drawings must be a Drawings collection, got {describe(drawings)}")
    return Drawings(drawings.grids, drawings.labels, drawings.classes, folder=folder)


def load_drawings(folder, create=False):
    """Read a folder of drawings (see the module docstring) -> Drawings, kept
    in step with that folder. create=True starts an empty folder when there is
    none (for a first lesson); otherwise a missing or empty folder is an error.
    Every file must parse (cnnlib.data.parse_grid) and be the same size."""
    folder = _folder(folder)
    create = as_bool(create, "create")
    if not folder.is_dir():
        if not create:
            raise FileNotFoundError(f"no folder {folder}; check the name, or use "
                                    f"load_drawings({str(folder)!r}, create=True) to start one")
        folder.mkdir(parents=True)
    out = Drawings(folder=None)
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        label = as_class_name(sub.name, f"the folder name {sub}")
        out.add_class(label)
        for path in sorted(sub.glob("*.txt")):
            grid = parse_grid(path.read_text(encoding="utf-8"), source=str(path))
            if out.shape is not None and grid.shape != out.shape:
                raise ValueError(f"{path}: a {grid.shape[0]}x{grid.shape[1]} drawing, but the "
                                 f"others are {out.shape[0]}x{out.shape[1]}; every drawing in a "
                                 f"folder must be the same size (fix or move that file)")
            out.add(grid, label)
            out.paths[-1] = path
    if not out.grids and not create:
        raise ValueError(f"no drawings in {folder}: expected one subfolder per class "
                         f"holding NNN.txt grids of '#' and '.', e.g. {folder / 'plus' / '001.txt'}")
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
    from cnnlib.network import train_model
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
