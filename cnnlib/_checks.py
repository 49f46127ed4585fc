"""Argument checks shared by every public function: one checker per kind of input.

- arrays: as_array (check_count sizes one before numpy copies it), as_grid,
  as_picture (+-1, never 0/1), as_shape, as_dataset, as_class_weights;
  need_array (an engine's numpy array, already checked: no copy);
- numbers: as_int (whole numbers, bounds), as_float (finite reals, a range; real()
  reads any real number as a float);
- work: check_size (the numbers or steps a call would need, against MAX_VALUES
  or MAX_STEPS, refused before the work);
- stored files: read_npz (a damaged .npz named, with its remedy);
- choices: as_bool, as_name, as_choice;
- labels: as_labels (class names or indexes, one parser for every module),
  as_classes (the names a model votes between);
- lists: as_list (a list or tuple of at most so many items), as_names (names
  from a known set, e.g. a model's params);
- architectures: as_stages (convolution stages), as_widths (hidden layers),
  as_layer (one of a model's layers, by name or index);
- randomness: as_rng (a numpy Generator), as_seed;
- models: as_model (anything with the methods a function needs).

Each check either returns a clean value or raises a ValueError / TypeError
whose message names the argument, says what was expected and what was given,
and adds a hint where one helps. describe(value) words a value for such messages.
"""
import decimal
import numbers
import zipfile
import zlib

import numpy as np


def describe(value):
    """A short human description of a value, for error messages."""
    if isinstance(value, np.ndarray):
        return f"a {value.ndim}-D array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def as_array(value, name, ndims, shape_words, hint=""):
    """Turn `value` into a float64 array whose number of dimensions is in `ndims`.

    shape_words describes the expected shape, e.g. "a 2-D array (H, W)".
    Rejects ragged nested lists, non-numbers, NaN and infinity.
    """
    hint = f"; {hint}" if hint else ""
    if isinstance(value, (str, bytes, dict, set)) or value is None or callable(value):
        raise TypeError(f"{name} must be {shape_words} of numbers, "
                        f"got {describe(value)}{hint}")
    value = _from_tensor(value, name)
    check_count(value, name)
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be {shape_words} of numbers, but the nested "
                         f"lists it was given are ragged (rows of different "
                         f"lengths){hint}") from None
    if arr.dtype == object:
        raise ValueError(f"{name} must be {shape_words} of numbers, but the nested "
                         f"lists it was given are ragged or hold non-numbers{hint}")
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got an array of "
                        f"dtype {arr.dtype}{hint}")
    if arr.ndim not in ndims:
        raise ValueError(f"{name} must be {shape_words}, got {describe(arr)}{hint}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got {describe(arr)}{hint}")
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must hold finite numbers, but it contains "
                         f"NaN or infinity{hint}")
    return arr


def check_count(value, name):
    """Refuse, before numpy converts it, an input with more than MAX_VALUES
    numbers: an array (a broadcast view is small in memory, not once copied) or
    a sequence such as range(10**9); and a masked array, whose mask numpy drops."""
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(f"{name} must be plain numbers, got a masked array: cnnlib would "
                        f"ignore its mask; fill the masked values first, e.g. "
                        f"{name}.filled(-1)")
    size = getattr(value, "size", None)
    if not isinstance(size, numbers.Integral):
        try:
            size = len(value) if not isinstance(value, np.generic) else 1
        except TypeError:
            return
    if size > MAX_VALUES:
        raise ValueError(f"{name} has {size:,} numbers, more than the limit of "
                         f"{MAX_VALUES:,} that cnnlib reads at once; pass a smaller array")


def _from_tensor(value, name):
    """A PyTorch (or similar) tensor as a numpy array; anything else unchanged."""
    if not (hasattr(value, "detach") and hasattr(value, "numpy")):
        return value
    try:
        return value.detach().cpu().numpy()
    except Exception:             # whatever the tensor library raised: say what to pass
        raise TypeError(f"{name} is a tensor that could not be turned into numbers "
                        f"({describe(value)}); pass a numpy array, e.g. "
                        f"tensor.detach().cpu().numpy()") from None


def _hint(hint):
    return f"; {hint}" if hint else ""


def as_int(value, name, minimum=None, maximum=None, hint=""):
    """An int (Python or numpy; not a bool or a float) in [minimum, maximum]."""
    hint = _hint(hint)
    bounds = " and ".join(w for w in (minimum is not None and f">= {minimum}",
                                      maximum is not None and f"<= {maximum}") if w)
    wanted = f"an integer {bounds}".rstrip()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {wanted}, got {describe(value)}{hint}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {wanted}, got {value}{hint}")
    if not -2**63 <= value < 2**63:           # past numpy's int64 every sum would overflow
        raise ValueError(f"{name} must be an integer numpy can hold (below 2**63 in size), "
                         f"got {describe(value)}{hint}")
    return int(value)


def as_float(value, name, low=None, high=None, above=None, hint=""):
    """A finite real number (int or float, Python or numpy; not a bool) as a float,
    with low <= value <= high and value > above where those are given."""
    hint = _hint(hint)
    words = [w for w in (above is not None and f"> {above:g}",
                         low is not None and f">= {low:g}",
                         high is not None and f"<= {high:g}") if w]
    wanted = "a number" + (f" {' and '.join(words)}" if words else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real,
                                                                     decimal.Decimal)):
        raise TypeError(f"{name} must be {wanted}, got {describe(value)}{hint}")
    number = real(value)
    if number is None:
        raise ValueError(f"{name} must be a finite number, got {describe(value)}{hint}")
    if ((low is not None and number < low) or (high is not None and number > high)
            or (above is not None and number <= above)):
        raise ValueError(f"{name} must be {wanted}, got {value}{hint}")
    return number


def real(value):
    """A real number of any type (int of any size, Fraction, Decimal, numpy) as a
    finite Python float, or None where it has none (NaN, infinity, beyond
    float's range). Python's float(), not numpy: numpy refuses huge ints and
    Fractions."""
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):
        return None
    return number if np.isfinite(number) else None


def as_bool(value, name):
    """Check that `value` is a real bool (not 0/1 or a string)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def as_name(value, name, choices, what):
    """Check that `value` is one of the strings in `choices` (case-insensitive)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string naming {what}, got {describe(value)}; "
                        f"available: {', '.join(sorted(choices))}")
    key = value.strip().lower()
    if key not in choices:
        raise ValueError(f"{name}: unknown {what} {value!r}; "
                         f"available: {', '.join(sorted(choices))}")
    return key


def as_choice(value, name, options):
    """One of options (e.g. a dropdown's choices), returned as the option itself:
    np.int64(2) or 2.0 picks the option 2, but True never picks 1, "1" never
    picks 1, and an array or a NaN picks nothing."""
    for option in options:
        if same_choice(value, option):
            return option
    kind = TypeError if isinstance(value, (np.ndarray, list, tuple, dict, set)) or \
        value is None else ValueError
    raise kind(f"{name} must be one of {', '.join(map(repr, options))}; got {describe(value)}")


def same_choice(value, option):
    """True if value stands for option: equal, and both bools, both strings or
    both numbers (a one-value array never counts)."""
    def sort(v):
        if isinstance(v, (bool, np.bool_)):
            return "bool"
        if isinstance(v, numbers.Real):
            return "number"
        return "str" if isinstance(v, str) else type(v).__name__
    if isinstance(value, np.ndarray) or sort(value) != sort(option):
        return False
    try:
        return bool(value == option)
    except (TypeError, ValueError):
        return False


def as_rng(rng, name="rng"):
    """Check that rng is a numpy.random.Generator: the only source of randomness."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{name} must be a numpy.random.Generator, got {describe(rng)}; "
                        f"use numpy.random.default_rng(seed)")
    return rng


def as_seed(seed, name="seed"):
    """A seed for numpy.random.default_rng: an int >= 0."""
    return as_int(seed, name, 0, hint="the same seed gives the same result")


def as_labels(labels, classes, n, name="labels"):
    """Labels as an int64 array (n,) indexing classes.

    Each label is a class name (any case, e.g. "X" for "x") or its index
    0..len(classes)-1 (a Python or numpy int); one label alone is allowed when n == 1.
    """
    classes = tuple(str(c) for c in classes)
    where = f"; the classes are {', '.join(map(repr, classes))} (or their indexes 0..{len(classes) - 1})"
    if isinstance(labels, (str, numbers.Integral)) and not isinstance(labels, (bool, np.bool_)):
        labels = [labels]
    if (isinstance(labels, (list, tuple, range)) or np.ndim(labels) >= 1
            and isinstance(labels, np.ndarray)) and len(labels) != n:
        raise ValueError(f"{name} must be one label per grid ({n}), got {describe(labels)}{where}")
    mixed = isinstance(labels, (list, tuple)) and any(isinstance(v, str) for v in labels)
    try:
        arr = np.asarray(labels, dtype=object if mixed else None)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be one label per grid ({n}), got {describe(labels)} "
                         f"(ragged or not labels){where}") from None
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(f"{name} must be one label per grid ({n}), got {describe(labels)}{where}")
    if arr.dtype.kind in "iu":            # the fast path: an int array
        if n and (arr.min() < 0 or arr.max() >= len(classes)):
            raise ValueError(f"{name} must index the {len(classes)} classes, got values "
                             f"from {arr.min()} to {arr.max()}{where}")
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind not in "USO":
        raise TypeError(f"{name} must be ints or class names, got an array of dtype "
                        f"{arr.dtype}{where}")
    lookup = {c: i for i, c in enumerate(classes)}
    lookup.update({c.lower(): i for i, c in enumerate(classes) if c.lower() not in lookup})
    out = np.empty(n, dtype=np.int64)
    for i, label in enumerate(arr):
        if isinstance(label, (str, np.str_)):
            key = str(label).strip()
            key = key if key in lookup else key.lower()
            if key not in lookup:
                raise ValueError(f"{name}: unknown class name {str(label)!r}{where}")
            out[i] = lookup[key]
        elif isinstance(label, numbers.Integral) and not isinstance(label, (bool, np.bool_)):
            if not 0 <= label < len(classes):
                raise ValueError(f"{name} must index the {len(classes)} classes, got {label}{where}")
            out[i] = int(label)
        else:
            raise TypeError(f"{name} must be ints or class names, got {describe(label)}{where}")
    return out


def as_model(model, name="model", needs=("probabilities",)):
    """Anything with the methods named in needs (a cnnlib.network.Model, say)."""
    missing = [m for m in needs if not callable(getattr(model, m, None))]
    if missing:
        raise TypeError(f"{name} must be a model with {', '.join(needs)} (a trained "
                        f"cnnlib Model, say), got {describe(model)}")
    return model


# --- sizes, grids, class weights, functions ------------------------------------

MAX_VALUES = 5 * 10**7    # the most numbers one array cnnlib makes may hold (400 MB)
MAX_STEPS = 10**5         # the most steps one Python loop may take (well under a second)


def check_size(count, name, what, limit=MAX_VALUES):
    """Refuse, before allocating, work that needs more than `limit` numbers.

    count: how many numbers (or steps) the argument `name` would need; what: a
    word for them, e.g. "values" or "steps".
    """
    if count > limit:
        raise ValueError(f"{name} would need {count:,} {what}, more than the limit of "
                         f"{limit:,}; use a smaller {name}")
    return count


def as_grid(value, name, shape=None, low=None, high=None, hint="load_grid('x') gives one",
            only=None):
    """A 2-D grid (H, W) of finite numbers, of the given shape and in [low, high];
    only: the values allowed (e.g. (-1, 1) for a black-and-white picture)."""
    grid = as_array(value, name, (2,), "a 2-D grid (H, W)", hint=hint)
    if shape is not None and grid.shape != tuple(shape):
        raise ValueError(f"{name} must be {shape[0]}x{shape[1]}, got {grid.shape[0]}x"
                         f"{grid.shape[1]}{_hint(hint)}")
    if (low is not None and grid.min() < low) or (high is not None and grid.max() > high):
        raise ValueError(f"{name} must hold values from {low:g} to {high:g}, got values "
                         f"from {grid.min():g} to {grid.max():g}")
    if only is not None:
        other = ~np.isin(grid, only)
        if other.any():
            raise ValueError(f"{name} must hold only {' and '.join(f'{v:g}' for v in only)}, "
                             f"got {int(other.sum())} other values, e.g. {grid[other][0]:g}"
                             f"{_hint(hint)}")
    return grid


def as_picture(value, name, hint="load_grid('x') gives one"):
    """A +-1 picture (H, W): stroke +1, background -1 (grey values between are
    allowed). A 0/1 picture (only 0s and 1s) is refused with the conversion,
    as counting agreements or voting on it gives wrong numbers silently."""
    grid = as_grid(value, name, hint=hint)
    if not np.isin(grid, (0, 1)).all() or (grid == 1).all():
        return grid
    raise ValueError(f"{name} holds only 0s and 1s, but cnnlib's pictures are +1 (stroke) "
                     f"and -1 (background); convert a 0/1 picture with 2 * {name} - 1"
                     f"{_hint(hint)}")


def as_class_weights(weights, name, shape=None):
    """A non-empty dict {class name: weight array}, each of the given shape (or
    any one shape shared by all), >= 0 with a positive sum. Returns a new dict of
    float arrays."""
    if not isinstance(weights, dict) or not weights:
        raise TypeError(f"{name} must be a non-empty dict {{class name: weight array}}, "
                        f"got {describe(weights)}; e.g. vote_weights()")
    out = {}
    for label, w in weights.items():
        key = f"{name}[{label!r}]"
        w = as_array(w, key, range(1, 5), "an array of weights")
        want = tuple(shape) if shape is not None else next(iter(out.values())).shape if out else w.shape
        if w.shape != want:
            raise ValueError(f"{key} must have shape {want} (one weight per value), got "
                             f"{w.shape}")
        if (w < 0).any() or w.sum() == 0:
            raise ValueError(f"{key} must be >= 0 with a positive sum, got min "
                             f"{w.min():g} and sum {w.sum():g}")
        out[label] = w
    return out


def as_function(value, name, example):
    """Something callable, e.g. a function of one weight."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, e.g. {example}, got {describe(value)}")
    return value


def as_shape(value, name, ndim=2):
    """A shape: a tuple of `ndim` ints >= 1, e.g. (9, 9)."""
    wanted = f"a shape of {ndim} positive ints such as {(9,) * ndim}" + \
        (" (H, W)" if ndim == 2 else "")
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list, np.ndarray)):
        raise TypeError(f"{name} must be {wanted}, got {describe(value)}")
    if len(value) != ndim:
        raise ValueError(f"{name} must be {wanted}, got {describe(value)}")
    return tuple(as_int(v, f"{name}[{i}]", 1) for i, v in enumerate(value))


def need_array(value, name, ndims, shape_words):
    """An engine's input: a numpy array whose number of dimensions is in ndims,
    already checked by the public function that calls the engine (so neither
    copied nor scanned: engines run in every training step)."""
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a numpy array {shape_words}, got {describe(value)}")
    if value.ndim not in ndims:
        dims = f"{ndims[0]}-D" if len(ndims) == 1 else f"{min(ndims)}-D to {max(ndims)}-D"
        raise ValueError(f"{name} must be a {dims} numpy array {shape_words}, got "
                         f"{describe(value)}")
    return value


def as_list(value, name, what, most, items):
    """A list or tuple (what words it, e.g. "a list of widths") of at most
    `most` items (named `items` in the message)."""
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be {what}, got {describe(value)}")
    if len(value) > most:
        raise ValueError(f"{name} must list at most {most} {items}, got {len(value):,}")
    return value


def as_whole_list(values, name, example):
    """A non-empty list from a list, tuple or range (its items checked by the caller)."""
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__") or not len(values):
        raise TypeError(f"{name} must be a non-empty list of whole numbers such as {example}, "
                        f"got {describe(values)}")
    return values


MAX_LAYERS = 1_000      # stages, or hidden layers: each is a step of every pass
MAX_WIDTH = 100_000     # neurons in one hidden layer: more would not fit in memory
MAX_CLASSES = 1000      # names a model may vote between


def as_stages(stages, pool_size, pool_stride):
    """Convolution stages as a tuple of (features, feature_size, pool_size,
    pool_stride): each given as (features, feature_size), pooled with
    pool_size and pool_stride, or as the 4-tuple itself."""
    as_list(stages, "stages", "a list of (features, feature_size) pairs, e.g. [(4, 3), (8, 3)]",
            MAX_LAYERS, "stages")
    out = []
    for i, stage in enumerate(stages, start=1):
        where = "" if len(stages) == 1 else f" (stage {i})"
        if not isinstance(stage, (list, tuple)) or len(stage) not in (2, 4):
            raise TypeError(f"stages[{i - 1}] must be (features, feature_size) or (features, "
                            f"feature_size, pool_size, pool_stride), got {describe(stage)}")
        f, k, *pool = stage
        size, stride = pool or (pool_size, pool_stride)
        out.append((as_int(f, "features" + where, 1), as_int(k, "feature_size" + where, 1),
                    as_int(size, "pool_size" + where, 1), as_int(stride, "pool_stride" + where, 1)))
    return tuple(out)


def as_widths(hidden, name="hidden"):
    """Hidden layers' widths: one width (0 for none), or a list of widths >= 1."""
    if isinstance(hidden, numbers.Integral) and not isinstance(hidden, bool):
        return as_int(hidden, name, 0, MAX_WIDTH, hint="0 means the pooled maps vote directly")
    as_list(hidden, name, "a width (0 for none) or a list of widths", MAX_LAYERS, "widths")
    return tuple(as_int(v, f"{name}[{i}]", 1, MAX_WIDTH) for i, v in enumerate(hidden))


def as_layer(layer, names, name="layer"):
    """A model's layer given by name (one of names) or by index 0 .. len(names) - 1,
    as its index."""
    if isinstance(layer, str) and layer in names:
        return names.index(layer)
    if isinstance(layer, numbers.Integral) and not isinstance(layer, (bool, np.bool_)) \
            and 0 <= layer < len(names):
        return int(layer)
    got = repr(layer) if isinstance(layer, (str, numbers.Number)) else describe(layer)
    raise ValueError(f"{name} must be one of the model's layers, by name "
                     f"({', '.join(names)}) or index 0..{len(names) - 1}, got {got}")


def as_classes(classes, name="classes"):
    """Class names as a tuple of at least two different strings, e.g. ('x', 'o')."""
    if isinstance(classes, str) or not isinstance(classes, (tuple, list, np.ndarray)):
        raise TypeError(f"{name} must be a tuple of class names such as ('x', 'o'), "
                        f"got {describe(classes)}")
    if isinstance(classes, np.ndarray) and classes.ndim != 1:
        raise TypeError(f"{name} must be a flat sequence of class names, got "
                        f"{describe(classes)}")
    if len(classes) > MAX_CLASSES:
        raise ValueError(f"{name} must name at most {MAX_CLASSES} classes, got {len(classes):,}")
    classes = tuple(str(c) for c in classes)
    if len(classes) < 2 or len(set(classes)) != len(classes):
        raise ValueError(f"{name} must be at least two different names, got "
                         f"{classes if len(classes) <= 10 else describe(classes)}")
    return classes


def as_names(value, name, known, what, example):
    """Names from `known` as a tuple: None (or ()) is none, one str is one
    name; what words them ("param names") and example shows some."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, (tuple, list, set, frozenset)) or \
            not all(isinstance(v, str) for v in value):
        raise TypeError(f"{name} must be None or {what} (a name or a tuple of names, "
                        f"e.g. {example}), got {describe(value)}; the {what} are "
                        f"{', '.join(known)}")
    value = tuple(value)
    bad = [v for v in value if v not in known]
    if bad:
        raise ValueError(f"{name}: unknown {what[:-1] if what.endswith('s') else what}(s) "
                         f"{bad}; the {what} are {', '.join(known)}")
    return value


def as_dataset(data, name="data", parts=("train", "test"), shape=None, classes=None):
    """A dict like load_dataset(): for each part, f"{part}_images" (N, H, W)
    and f"{part}_labels" (N,), and "classes" (default: classes, else ("x", "o")).
    Returns a new dict of float images, int64 labels and a tuple of class names.
    shape: the (H, W) every picture must have (default: any one shape)."""
    example = "like load_dataset()"
    if not isinstance(data, dict):
        raise TypeError(f"{name} must be a dict with "
                        f"{', '.join(f'{p}_images, {p}_labels' for p in parts)} ({example}), "
                        f"got {describe(data)}")
    missing = [f"{p}_{k}" for p in parts for k in ("images", "labels") if f"{p}_{k}" not in data]
    if missing:
        raise ValueError(f"{name} has no {', '.join(map(repr, missing))}; it must have "
                         f"{', '.join(f'{p}_images, {p}_labels' for p in parts)} ({example}), "
                         f"got the keys {', '.join(map(repr, data)) or 'none'}")
    classes = data.get("classes", classes if classes is not None else ("x", "o"))
    if isinstance(classes, str) or not isinstance(classes, (list, tuple, np.ndarray)) \
            or len(classes) < 2:
        raise TypeError(f"{name}['classes'] must list two or more class names, "
                        f"got {describe(classes)}")
    out = {"classes": tuple(str(c) for c in classes)}
    for part in parts:
        key = f"{name}['{part}_images']"
        images = as_array(data[f"{part}_images"], key, (3,), "a stack of pictures (N, H, W)")
        want = tuple(shape) if shape is not None else out.get("shape", images.shape[1:])
        if images.shape[1:] != want:
            raise ValueError(f"{key} must hold {want[0]}x{want[1]} pictures, got "
                             f"{images.shape[1]}x{images.shape[2]}")
        out["shape"] = want
        out[f"{part}_images"] = images
        out[f"{part}_labels"] = as_labels(data[f"{part}_labels"], out["classes"], len(images),
                                          f"{name}['{part}_labels']")
    del out["shape"]
    return out


def read_npz(path, needs, remedy):
    """Every array of a stored .npz file (plain arrays, never pickle) as a dict.
    path: a path or Traversable; needs: the keys it must have; remedy: what
    to do about a bad file. A file that is empty, truncated, not an .npz, or
    without a key it needs is a ValueError naming the file and the remedy."""
    try:
        with path.open("rb") as file:
            if not file.read(1):        # older numpy calls an empty file pickled data
                raise EOFError("no bytes")
            file.seek(0)
            stored = np.load(file, allow_pickle=False)
            if not isinstance(stored, np.lib.npyio.NpzFile):
                raise ValueError("one array, not an .npz archive")
            with stored:
                out = {k: stored[k] for k in stored.files}
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, zlib.error) as error:
        reason = "it is empty" if isinstance(error, EOFError) else \
            "it holds Python objects or text, not plain arrays" if "pickle" in str(error) else \
            f"it is truncated or not an .npz file ({type(error).__name__})"
        raise ValueError(f"{path} could not be read as an .npz file of arrays: {reason}; "
                         f"{remedy}") from None
    missing = [k for k in needs if k not in out]
    if missing:
        raise ValueError(f"{path} has no {', '.join(map(repr, missing))} (it has "
                         f"{', '.join(map(repr, out)) or 'nothing'}); {remedy}")
    return out
