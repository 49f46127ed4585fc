"""The lecture's grids and features, read from the plain-text files shipped
inside this package (cnnlib/data/grids/, cnnlib/data/features/).

In a file, `#` is a stroke pixel (+1) and `.` is a background pixel (-1).
The files are read with importlib.resources, relative to the installed
package, so loading works from any folder and from a wheel. Setting the
environment variable CNNLIB_DATA to a folder with the same layout (grids/,
features/, xo_dataset.npz) reads that folder instead.
"""
import os
import stat
from importlib.resources import files
from pathlib import Path

import numpy as np

from cnnlib._checks import as_array, as_name, describe, read_npz

STROKE, BACKGROUND = "#", "."
KINDS = ("grids", "features")
# The arrays of a stored dataset (cnnlib.dataset's and cnnlib.deep.arrangement's .npz)
DATASET_KEYS = ("classes", "train_images", "train_labels", "test_images", "test_labels")
MAX_GRID_BYTES = 1_000_000     # a 64x64 grid is 4 kB; anything near this is not a grid


def package_data():
    """The data shipped with cnnlib: a folder (a Traversable) inside the package."""
    return files(__name__)


def data_dir():
    """The folder the data is read from: $CNNLIB_DATA if that is set, else the
    package's own data (package_data()).

    A CNNLIB_DATA that is not a folder is a FileNotFoundError saying so.
    """
    override = os.environ.get("CNNLIB_DATA")
    if not override:
        return package_data()
    folder = Path(override).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"CNNLIB_DATA is set to {override!r}, which is not a folder; point it at a "
            f"folder laid out like {package_data()} (grids/, features/, "
            f"xo_dataset.npz), or unset CNNLIB_DATA to use the data shipped with cnnlib")
    return folder


def stored_remedy(name, tool):
    """How to get a stored file `name`, made by the script `tool`, back."""
    for value, arg in ((name, "name"), (tool, "tool")):
        if not isinstance(value, str) or not value.strip():
            raise TypeError(f"{arg} must be a non-empty string (a file name such as "
                            f"'xo_dataset.npz', a script such as 'tools/make_dataset.py'), "
                            f"got {describe(value)}")
    return f"regenerate it with python {tool}, or copy {name} from {package_data()}"


def read_stored(name, tool, needs=()):
    """The arrays of a stored .npz file `name` in data_dir(), made by
    `tool` (a script in tools/): a dict {key: array}. A file that is missing,
    damaged or without a key in `needs` is an error naming the file and how
    to get it back (run the tool, or copy the shipped file)."""
    if not isinstance(needs, (tuple, list)) or not all(isinstance(k, str) for k in needs):
        raise TypeError(f"needs must be a tuple of key names such as {DATASET_KEYS[:2]}, "
                        f"got {describe(needs)}")
    remedy = stored_remedy(name, tool)
    path = data_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; {remedy} into that folder")
    return read_npz(path, needs, remedy)


def stored_accuracies(stored, key, shape, name, tool):
    """stored[key] (from read_stored(name, tool)) if it is accuracies: floats
    from 0 to 1 of shape (each entry a size, or a word such as "seeds" for
    any size); else a ValueError naming the file, the key and how to get the
    file back."""
    acc = np.asarray(stored[key])
    fits = acc.ndim == len(shape) and all(isinstance(want, str) or n == want
                                          for n, want in zip(acc.shape, shape))
    if not (fits and acc.dtype.kind == "f" and np.all((acc >= 0) & (acc <= 1))):
        words = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
        raise ValueError(f"{name}'s {key} must be accuracies of shape {words}, from 0 to 1, "
                         f"got {acc.dtype} {acc.shape}; {stored_remedy(name, tool)}")
    return acc


def parse_grid(text, source="<text>"):
    """Parse `#`/`.` art into a float array of +1/-1, shape (rows, cols).

    Blank lines before and after the picture are ignored, and so are a UTF-8
    byte-order mark (Windows Notepad writes one), CRLF line ends and spaces
    at the end of a line. text may be bytes (a file's raw content, UTF-8).
    A ragged row, an unknown character, a blank line inside, or no picture at
    all is a ValueError naming `source`, the line and the column.
    """
    if not isinstance(source, str):
        raise TypeError(f"source must be a string naming where the text came from (a file "
                        f"name), got {describe(source)}")
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValueError(f"{source}: text is not UTF-8 (byte {error.start + 1}); save the "
                             f"file as UTF-8 with '{STROKE}' and '{BACKGROUND}'") from None
    if not isinstance(text, str):
        raise TypeError(f"text must be the grid as a string of '{STROKE}' and "
                        f"'{BACKGROUND}' lines, got {describe(text)}; to read a file use "
                        f"load_grid(name) or parse_grid(path.read_text(), source=str(path))")
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    numbered = [(i + 1, line.rstrip()) for i, line in enumerate(lines)]
    while numbered and not numbered[0][1]:
        numbered.pop(0)
    while numbered and not numbered[-1][1]:
        numbered.pop()
    if not numbered:
        raise ValueError(f"{source}: the file is empty; draw the grid with "
                         f"'{STROKE}' for +1 and '{BACKGROUND}' for -1")
    width = len(numbered[0][1])
    rows = []
    for lineno, line in numbered:
        for col, ch in enumerate(line, start=1):
            if ch not in (STROKE, BACKGROUND):
                raise ValueError(f"{source}, line {lineno}, column {col}: unknown "
                                 f"character {ch!r}; use '{STROKE}' for +1 and "
                                 f"'{BACKGROUND}' for -1")
        if len(line) != width:
            raise ValueError(f"{source}, line {lineno}: ragged row of {len(line)} "
                             f"characters; the first row has {width}, and every "
                             f"row must be the same length")
        rows.append([1.0 if ch == STROKE else -1.0 for ch in line])
    return np.array(rows)


def read_grid_file(path):
    """Read and parse one grid file (parse_grid) -> (rows, cols) array of +1/-1.

    path: a file's path (a string or a pathlib.Path), or a file inside the
    package (a Traversable).
    Anything but a readable regular file of grid text is a ValueError naming
    the file: a directory, a link to nothing, a FIFO or device (opened without
    waiting, so a FIFO never hangs), a file too big to be a grid, bytes that
    are not UTF-8 text (a picture saved as .txt), an empty file.
    """
    if isinstance(path, str) and path:
        path = Path(path)
    if not isinstance(path, os.PathLike):
        if not callable(getattr(path, "read_bytes", None)):
            raise TypeError(f"path must be a grid file's path (a string or a pathlib.Path), "
                            f"got {describe(path)}")
        return parse_grid(path.read_bytes(), source=str(path))     # inside a package or a zip
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ValueError(f"{path}: there is no such file (a link to a file that is gone, or "
                         f"it was just deleted); remove the link or restore its file") from None
    except OSError as error:
        what = "a folder" if os.path.isdir(path) else f"not readable ({error.strerror})"
        raise ValueError(f"{path}: {what}, not a grid file; move it out of this folder") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO or a device)"
        raise ValueError(f"{path}: {kind}, not a grid file; move it out of this folder")
    with os.fdopen(fd, "rb") as file:
        data = file.read(MAX_GRID_BYTES + 1)
    if len(data) > MAX_GRID_BYTES:
        raise ValueError(f"{path}: more than {MAX_GRID_BYTES} bytes, too big for a grid of "
                         f"'{STROKE}' and '{BACKGROUND}'; move it out of this folder")
    return parse_grid(data, source=str(path))


def format_grid(grid):
    """The inverse of parse_grid: +1 -> '#', everything else -> '.'."""
    grid = as_array(grid, "grid", (2,), "a 2-D grid (H, W)", hint="load_grid('x') gives one")
    return "\n".join("".join(STROKE if v > 0 else BACKGROUND for v in row)
                     for row in grid) + "\n"


def _names(kind):
    """{name: file} for the NAME.txt files in data_dir()/kind; never empty."""
    folder = data_dir() / kind
    if not folder.is_dir():
        raise FileNotFoundError(
            f"no {kind}/ folder in {data_dir()} (CNNLIB_DATA); make one with a "
            f"NAME.txt file per picture, as in {package_data() / kind}")
    found = {p.name[:-4].lower(): p for p in sorted(folder.iterdir(), key=lambda p: p.name)
             if p.name.endswith(".txt") and not p.name.startswith(".")}
    if not found:
        raise FileNotFoundError(
            f"no {kind} in {folder}: draw one in a file NAME.txt with "
            f"'{STROKE}' for +1 and '{BACKGROUND}' for -1")
    return found


def grid_names():
    """Names accepted by load_grid, e.g. ['minus', 'o', 'plus', 'x']."""
    return sorted(_names("grids"))


LECTURE_FEATURES = ("diagonal", "cross", "antidiagonal")


def feature_names():
    """Names accepted by load_feature, in the lecture's order and the order
    load_features() stacks them: ['diagonal', 'cross', 'antidiagonal'], then
    any features added to the features/ folder, alphabetically."""
    names = _names("features")
    return ([n for n in LECTURE_FEATURES if n in names]
            + sorted(n for n in names if n not in LECTURE_FEATURES))


def load_grid(name):
    """Load an image from grids/NAME.txt -> float array (9, 9) of +1/-1.

    "x" is the lecture's X: +1 at (i, i) and (i, 8-i) for i = 1..7.
    "o" is a ring-shaped O. The shipped grids are all 9x9.
    """
    files = _names("grids")
    key = as_name(name, "name", files, "grid")
    return read_grid_file(files[key])


def load_feature(name):
    """Load a feature from features/NAME.txt -> float array (3, 3) of +1/-1.

    "diagonal", "antidiagonal" (diagonal mirrored left to right) and "cross".
    """
    files = _names("features")
    key = as_name(name, "name", files, "feature")
    return read_grid_file(files[key])


def load_features(names=LECTURE_FEATURES):
    """Several features as one stack, shape (features, 3, 3), in the given order."""
    if isinstance(names, str):
        raise TypeError(f"names must be a list of feature names, got the single "
                        f"string {names!r}; use load_feature({names!r}) for one")
    if not isinstance(names, (list, tuple)) or not names:
        raise TypeError(f"names must be a non-empty list of feature names such as "
                        f"{list(LECTURE_FEATURES)}, got {describe(names)}")
    stack = []
    for i, name in enumerate(names):
        try:
            stack.append(load_feature(name))
        except (TypeError, ValueError) as error:
            raise type(error)(f"names[{i}]: {error}") from None
    if len({f.shape for f in stack}) > 1:
        raise ValueError(f"names must name features of one size to stack, got shapes "
                         f"{[f.shape for f in stack]}")
    return np.stack(stack)


def save_stored_runs(runs, path, classical=True):
    """Write a notebook's stored runs ({run: {key: array}}) to .npz as
    "run/key" arrays (plain arrays, no pickle), with the scikit-learn version
    that fitted their classical models (classical=False: runs of the series'
    own networks only, no version): what read_stored reads back."""
    arrays = {}
    if classical:
        import sklearn      # heavy (about a second): only when runs are saved
        arrays["sklearn_version"] = np.array(sklearn.__version__)
    for run, results in runs.items():
        for key, value in results.items():
            arrays[f"{run}/{key}"] = np.asarray(value)
    np.savez_compressed(path, **arrays)
