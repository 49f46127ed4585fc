"""Argument checks shared by every public function.

Each check either returns a clean value or raises a ValueError / TypeError
whose message names the argument, says what was expected and what was given,
and adds a hint where one helps.  Nothing here knows about CNNs.
"""
import numbers

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
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be {shape_words} of numbers, "
                        f"got {describe(value)}{hint}")
    try:
        arr = np.asarray(value)
    except ValueError:
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


def as_int(value, name, minimum, hint=""):
    """Check that `value` is an integer (not a bool or a float) >= minimum."""
    hint = f"; {hint}" if hint else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, "
                        f"got {describe(value)}{hint}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}{hint}")
    return int(value)


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
    """Check that value is exactly one of options (e.g. a dropdown's choices)."""
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; "
                         f"got {describe(value)}")
    return value


def as_rng(rng, name="rng"):
    """Check that rng is a numpy.random.Generator: the only source of randomness."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{name} must be a numpy.random.Generator, got {describe(rng)}; "
                        f"use numpy.random.default_rng(seed)")
    return rng
