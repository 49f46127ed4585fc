"""Why convolution: matching whole pictures pixel by pixel, and matching pieces.

The literal matcher compares two grids pixel by pixel and counts agreements.
It breaks as soon as the picture moves, shrinks, turns or thickens. Matching
small pieces (the three 3x3 features) anywhere in the picture does not.
Pure numpy; the transforms come from cnnlib.transforms.
"""
import numpy as np

from cnnlib import transforms
from cnnlib._checks import as_array, as_float, as_int, as_picture, describe
from cnnlib._threads import on_one_thread
from cnnlib.filtering import convolve


def _pair(a, b, names=("a", "b")):
    a, b = as_picture(a, names[0]), as_picture(b, names[1])
    if a.shape != b.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape to be compared "
                         f"pixel by pixel, got {a.shape} and {b.shape}")
    return a, b


def agreement(a, b):
    """The element-wise product a * b: +1 where two +-1 grids agree, -1 where
    they differ. (H, W), (H, W) -> (H, W). Its mean is filtering with a
    kernel as big as the whole picture."""
    a, b = _pair(a, b)
    return a * b


def match_count(a, b):
    """How many pixels are equal in the two grids (H, W). An int."""
    a, b = _pair(a, b)
    return int(np.sum(a == b))


def match_fraction(a, b):
    """The fraction of pixels that are equal, 0..1. For +-1 grids this is
    (1 + mean(a * b)) / 2."""
    a, b = _pair(a, b)
    return float(np.mean(a == b))


def stroke_hits(reference, candidate):
    """The fraction of the reference's stroke pixels (+1) that are also stroke
    in the candidate, 0..1. Unlike match_fraction, background does not count."""
    reference, candidate = _pair(reference, candidate, ("reference", "candidate"))
    stroke = reference > 0
    if not stroke.any():
        raise ValueError("reference has no stroke pixels (+1) to hit; "
                         "pass a grid such as load_grid('x')")
    return float(np.mean(candidate[stroke] > 0))


# The literal matcher's slider: kind -> (smallest, largest, step, what one unit is).
AMOUNTS = {
    "shift": (0, 4, 1, "pixels right and down"),
    # On a 9x9 grid a 5-degree turn can round back to the same picture; 15 always shows.
    "rotate": (0, 45, 15, "degrees anticlockwise"),
    # Nearest-neighbour shrinking changes the 9x9 X only at 15, 45 and 75 percent
    # (each time one pixel off every arm); steps of 25 change it every time.
    "shrink": (0, 75, 25, "percent smaller"),
    # Two pixels thicker already fills the 9x9 grid: a third changes nothing.
    "thicken": (0, 2, 1, "pixels thicker"),
}


def transformed(grid, shift=0, rotate=0, shrink=0, thicken=0):
    """The grid rotated and shrunk about the centre, then thickened, then
    shifted right and down. Amounts as in AMOUNTS; all zero returns a copy.
    Thickening comes after the shrinking so that its unit holds in the
    picture shown: thickened first, 1-2 pixels would shrink to nothing
    (a 75% smaller X is a dot however thick it was).

    grid: (H, W) -> (H, W), still +-1.
    """
    shift = as_int(shift, "shift", 0, hint="pixels right and down")
    rotate = as_float(rotate, "rotate", hint="degrees anticlockwise")
    thicken = as_int(thicken, "thicken", 0, 100, hint="pixels thicker")
    shrink = as_int(shrink, "shrink", 0, hint="percent smaller, below 100")
    if shrink >= 100:
        raise ValueError(f"shrink must be below 100 percent, got {shrink}")
    out = grid
    if rotate or shrink:
        out = transforms.affine(out, degrees=rotate, scale=1 - shrink / 100)
    out = transforms.thicken(out, thicken)
    return transforms.shift(out, shift, shift)


def match_curve(grid, kind, amounts, measure="pixels"):
    """How well the grid matches itself transformed by each amount of one kind.

    kind: a key of AMOUNTS; amounts: a sequence of amounts; measure: "pixels"
    (match_fraction) or "stroke" (stroke_hits). Returns (len(amounts),).
    """
    if not isinstance(kind, str) or kind not in AMOUNTS:
        raise ValueError(f"kind must be one of {', '.join(AMOUNTS)}, got {describe(kind)}")
    score = {"pixels": match_fraction, "stroke": stroke_hits}.get(measure) \
        if isinstance(measure, str) else None
    if isinstance(amounts, (str, bytes, dict)) or not np.iterable(amounts) or not len(amounts):
        raise TypeError(f"amounts must be a list of {kind} amounts, e.g. [0, 1, 2], "
                        f"got {describe(amounts)}")
    grid = as_array(grid, "grid", (2,), "a 2-D grid (H, W)", hint="load_grid('x') gives one")
    if score is None:
        raise ValueError(f"measure must be 'pixels' or 'stroke', got {describe(measure)}")
    out = []
    for i, a in enumerate(amounts):
        try:
            out.append(score(grid, transformed(grid, **{kind: a})))
        except (TypeError, ValueError) as error:
            raise type(error)(f"amounts[{i}]: {error}") from None
    return np.array(out, dtype=float)


def perfect_matches(grid, features, threshold=1.0):
    """Where each feature matches the grid perfectly (filtering value >= threshold).

    grid: (H, W); features: (F, k, k). Returns a list of (f, row, col): feature f
    covers grid[row:row+k, col:col+k] there.
    """
    features = as_array(features, "features", (3,), "a stack of features (F, k, k)",
                        hint="load_features() gives the lecture's three")
    grid = as_array(grid, "grid", (2,), "a 2-D grid (H, W)", hint="load_grid('x') gives one")
    threshold = as_float(threshold, "threshold")
    maps = convolve(grid, features)                       # (F, H', W')
    return [tuple(int(i) for i in spot) for spot in np.argwhere(maps >= threshold - 1e-9)]


def rebuild(shape, features, placements):
    """Stamp each placed feature's stroke pixels onto a blank grid.

    shape: (H, W); features: (F, k, k); placements: (f, row, col) as from
    perfect_matches. Returns (H, W): +1 where a placed piece has stroke, else -1.
    """
    features = as_array(features, "features", (3,), "a stack of features (F, k, k)")
    shape = tuple(as_int(n, "shape", 1, 10_000) for n in shape) \
        if isinstance(shape, (tuple, list)) and len(shape) == 2 else None
    if shape is None:
        raise TypeError("shape must be (H, W), two positive ints, e.g. (9, 9)")
    out = np.full(shape, -1.0)
    k = features.shape[-1]
    if isinstance(placements, (str, bytes, dict)) or not np.iterable(placements):
        raise TypeError(f"placements must be a list of (f, row, col), as perfect_matches "
                        f"gives, got {describe(placements)}")
    for i, place in enumerate(placements):
        if isinstance(place, (str, bytes)) or not np.iterable(place) or len(place) != 3:
            raise TypeError(f"placements[{i}] must be (f, row, col), got {describe(place)}")
        f = as_int(place[0], f"placements[{i}] feature", 0, len(features) - 1)
        row = as_int(place[1], f"placements[{i}] row", 0, shape[0] - k)
        col = as_int(place[2], f"placements[{i}] col", 0, shape[1] - k)
        window = out[row:row + k, col:col + k]
        window[features[f] > 0] = 1.0
    return out


def word_counts(text, words):
    """A hand-crafted feature for text: how often each word occurs.

    text: a string; words: a sequence of words. Returns (len(words),) ints.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {describe(text)}")
    if isinstance(words, str) or not isinstance(words, (list, tuple)) \
            or not all(isinstance(w, str) for w in words):
        raise TypeError(f"words must be a list of words (strings), got {describe(words)}")
    if not words:
        raise ValueError("words must list at least one word to count, got an empty list")
    tokens = [t.strip(".,;:!?\"'()").lower() for t in text.split()]
    return np.array([tokens.count(w.lower()) for w in words])


def nearest_template(grid, templates, shifts=0):
    """The whole-picture matcher: the name of the template that agrees best with
    grid, by the sum of the element-wise products (ties go to the first). For
    +-1 grids that is the template sharing the most pixels (sum = 2 * matches
    - pixels); for grey pictures it still weighs every pixel by how sure it is.
    templates: {name: (H, W)}.

    shifts: each template also tried moved by up to this many pixels in every
    direction (background shifted in), and scored by its best position, as
    sliding a filter and pooling take the best over positions. 0 (the
    default) compares the templates where they are.
    """
    grid = as_array(grid, "grid", (2,), "a picture (H, W)", hint="load_grid('x') gives one")
    shifts = as_int(shifts, "shifts", 0, 8, hint="pixels each template may move, e.g. 1")
    if not isinstance(templates, dict) or not templates:
        raise TypeError(f"templates must be a non-empty dict {{name: (H, W) grid}}, e.g. "
                        f"{{'x': load_grid('x'), 'o': load_grid('o')}}, got {describe(templates)}")
    for name, template in templates.items():
        t = as_array(template, f"templates[{name!r}]", (2,), "a picture (H, W)")
        if t.shape != grid.shape:
            raise ValueError(f"templates[{name!r}] is {t.shape[0]}x{t.shape[1]} but grid is "
                             f"{grid.shape[0]}x{grid.shape[1]}; templates and grid must match")
    best, best_score = None, -np.inf
    for name, template in templates.items():
        # the template at every move of up to `shifts` pixels, background shifted in: the
        # (H, W) windows of it padded with background, (2 shifts + 1, 2 shifts + 1, H, W)
        padded = np.pad(np.asarray(template, float), shifts, constant_values=transforms.BACKGROUND)
        moved = np.lib.stride_tricks.sliding_window_view(padded, grid.shape)
        score = float(np.einsum("abhw,hw->ab", moved, grid).max())   # sum of products, best move
        if score > best_score:
            best, best_score = name, score
    return best


def trial_changes():
    """Changes of a grid to try classifiers on: {label: [function(grid) -> grid]}.
    Moves in all 8 directions by one pixel, in all 16 by two, turns of 15, 30
    degrees either way and of 45 (-45 is the same picture for the X), shrinking
    by 25, 50 and 75 percent (each a different picture) and thickening by one
    pixel (two fill the 9x9 grid)."""
    one = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]
    two = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3) if max(abs(dy), abs(dx)) == 2]

    def move(dy, dx):
        return lambda g: transforms.shift(g, dy, dx)

    def turn(degrees):
        return lambda g: transforms.rotate(g, degrees)

    def shrink(percent):
        return lambda g: transforms.scale(g, 1 - percent / 100)

    def thicker(steps):
        return lambda g: transforms.thicken(g, steps)

    return {
        "moved 1 pixel": [move(*d) for d in one],
        "moved 2 pixels": [move(*d) for d in two],
        "turned 15/30/45°": [turn(a) for a in (15, -15, 30, -30, 45)],
        "shrunk 25/50/75%": [shrink(p) for p in (25, 50, 75)],
        "thickened 1 pixel": [thicker(1)],
    }


def trial_table(grids, classifiers, changes=None):
    """How many changed copies of each grid every classifier gets right.

    grids: {letter: (H, W)}; classifiers: {name: function(grid) -> letter};
    changes: as trial_changes() (the default). Returns {(change, letter):
    {"tried": n, name: number right, ...}} in the order of changes, then grids.
    """
    changes = trial_changes() if changes is None else changes
    for name, value, what in (("grids", grids, "(H, W) grid"),
                              ("classifiers", classifiers, "function(grid) -> letter"),
                              ("changes", changes, "list of functions(grid) -> grid")):
        if not isinstance(value, dict) or not value:
            raise TypeError(f"{name} must be a non-empty dict {{name: {what}}}, got "
                            f"{describe(value)}")
    for name, grid in grids.items():
        as_array(grid, f"grids[{name!r}]", (2,), "a picture (H, W)")
    for name, classify in classifiers.items():
        if not callable(classify):
            raise TypeError(f"classifiers[{name!r}] must be a function(grid) -> letter, got "
                            f"{describe(classify)}")
    for name, functions in changes.items():
        if isinstance(functions, (str, bytes)) or not hasattr(functions, "__len__") \
                or not all(callable(f) for f in functions):
            raise TypeError(f"changes[{name!r}] must be a list of functions(grid) -> grid, "
                            f"got {describe(functions)}")
    table = {}
    for change, functions in changes.items():
        for letter, grid in grids.items():
            row = {"tried": len(functions)}
            for name, classify in classifiers.items():
                row[name] = sum(classify(fn(grid)) == letter for fn in functions)
            table[(change, letter)] = row
    return table


def nearest_picture(images, labels):
    """The whole-picture matcher with many templates: 1-nearest neighbour
    (scikit-learn's KNeighborsClassifier) over stored pictures, by the
    Euclidean distance of all their pixels. For +-1 pictures the nearest is
    the one sharing the most pixels, as nearest_template with every stored
    picture a template.

    images: (N, H, W); labels: (N,) a label per picture. Returns a function
    grid (H, W) -> the label of the nearest stored picture.
    """
    images = as_array(images, "images", (3,), "a stack of pictures (N, H, W)",
                      hint="load_dataset()['train_images'] gives 400")
    if isinstance(labels, (str, bytes, dict)) or not np.iterable(labels) \
            or len(labels) != len(images):
        raise ValueError(f"labels must give one label per picture ({len(images)}), "
                         f"got {describe(labels)}")
    # scikit-learn takes about a second to import: only where it is used
    from sklearn.neighbors import KNeighborsClassifier
    knn = KNeighborsClassifier(n_neighbors=1).fit(images.reshape(len(images), -1), list(labels))
    shape = images.shape[1:]

    # one picture at a time: on busy cores, threads would only wait for each other
    @on_one_thread
    def classify(grid):
        grid = as_array(grid, "grid", (2,), f"a picture {shape}")
        if grid.shape != shape:
            raise ValueError(f"grid must be {shape[0]}x{shape[1]} like the stored pictures, "
                             f"got {grid.shape[0]}x{grid.shape[1]}")
        return knn.predict(grid.reshape(1, -1))[0]
    return classify
