"""The lecture's grids and features, read from the plain-text files in data/.

In a file, `#` is a stroke pixel (+1) and `.` is a background pixel (-1).
Paths are found relative to this package, so loading works from any folder.
"""
import os
from pathlib import Path

import numpy as np

from cnnlib._checks import as_name

STROKE, BACKGROUND = "#", "."


def data_dir():
    """The repository's data/ folder (or $CNNLIB_DATA if that is set)."""
    override = os.environ.get("CNNLIB_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


def parse_grid(text, source="<text>"):
    """Parse `#`/`.` art into a float array of +1/-1, shape (rows, cols).

    Blank lines before and after the picture are ignored. A ragged row,
    an unknown character, a blank line inside, or no picture at all is a
    ValueError naming `source` and the line.
    """
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


def format_grid(grid):
    """The inverse of parse_grid: +1 -> '#', everything else -> '.'."""
    grid = np.asarray(grid)
    return "\n".join("".join(STROKE if v > 0 else BACKGROUND for v in row)
                     for row in grid) + "\n"


def _names(kind):
    return {p.stem.lower(): p for p in sorted((data_dir() / kind).glob("*.txt"))}


def grid_names():
    """Names accepted by load_grid, e.g. ['minus', 'o', 'plus', 'x']."""
    return sorted(_names("grids"))


LECTURE_FEATURES = ("diagonal", "cross", "antidiagonal")


def feature_names():
    """Names accepted by load_feature, in the lecture's order and the order
    load_features() stacks them: ['diagonal', 'cross', 'antidiagonal'], then
    any features added to data/features/, alphabetically."""
    names = _names("features")
    return ([n for n in LECTURE_FEATURES if n in names]
            + sorted(n for n in names if n not in LECTURE_FEATURES))


def load_grid(name):
    """Load an image from data/grids/NAME.txt -> float array (9, 9) of +1/-1.

    "x" is the lecture's X: +1 at (i, i) and (i, 8-i) for i = 1..7.
    "o" is a ring-shaped O. The shipped grids are all 9x9.
    """
    files = _names("grids")
    key = as_name(name, "name", files, "grid")
    path = files[key]
    return parse_grid(path.read_text(), source=str(path))


def load_feature(name):
    """Load a feature from data/features/NAME.txt -> float array (3, 3) of +1/-1.

    "diagonal", "antidiagonal" (diagonal mirrored left to right) and "cross".
    """
    files = _names("features")
    key = as_name(name, "name", files, "feature")
    path = files[key]
    return parse_grid(path.read_text(), source=str(path))


def load_features(names=LECTURE_FEATURES):
    """Several features as one stack, shape (features, 3, 3), in the given order."""
    if isinstance(names, str):
        raise TypeError(f"names must be a list of feature names, got the single "
                        f"string {names!r}; use load_feature({names!r}) for one")
    return np.stack([load_feature(n) for n in names])
