"""Print maps the way the lecture does: two decimals, no leading zero.

The lecture *truncates* (7/9 = 0.777... shows as .77, 5/9 as .55); ordinary
rounding shows .78 and .56. mode="truncate" reproduces the lecture's tables,
mode="round" the usual rounding.
"""
import numpy as np

from cnnlib._checks import as_array, as_float, as_int, as_name, check_count, describe

MODES = {"truncate", "round"}
MAX_DECIMALS = 12       # float64 holds about 15 significant digits


def format_value(v, mode="truncate", decimals=2):
    """One number, e.g. 0.7777 -> '.77' (truncate) or '.78' (round); 1 -> '1.00'."""
    v = as_float(v, "v")
    mode = as_name(mode, "mode", MODES, "mode")
    decimals = as_int(decimals, "decimals", 0, MAX_DECIMALS)
    scale = 10.0 ** decimals
    # Round off float noise first, so 0.29 stored as 0.28999... still shows .29.
    scaled = np.round(v * scale, 6)
    scaled = np.trunc(scaled) if mode == "truncate" else np.round(scaled)
    text = f"{abs(scaled) / scale:.{decimals}f}"
    if text.startswith("0"):
        text = text[1:]
    return ("-" if scaled < 0 else "") + text


def format_map(values, mode="truncate", decimals=2):
    """A map, or a stack of maps, as text in the lecture's style.

    values: (H, W) or (F, H, W); mode: "truncate" (the lecture) or "round".
    """
    values = as_array(values, "values", (1, 2, 3), "a map (H, W) or a stack (F, H, W)")
    mode = as_name(mode, "mode", MODES, "mode")
    decimals = as_int(decimals, "decimals", 0, MAX_DECIMALS)
    if values.ndim == 3:
        return "\n\n".join(f"map {i}:\n" + format_map(m, mode, decimals)
                           for i, m in enumerate(values))
    rows = np.atleast_2d(values)
    cells = [[format_value(v, mode, decimals) for v in row] for row in rows]
    width = max(len(c) for row in cells for c in row)
    return "\n".join(" ".join(c.rjust(width) for c in row) for row in cells)


def print_map(values, mode="truncate", decimals=2):
    """Print format_map(values, mode, decimals)."""
    print(format_map(values, mode, decimals))


def format_values(values, mode="truncate", decimals=2):
    """format_value for every number of an array, row-major, as a list of str:
    the same text, computed for the whole array at once (a browser scene
    formats thousands of cells per move): each distinct number is written
    once. NaN gives ''."""
    mode = as_name(mode, "mode", MODES, "mode")
    decimals = as_int(decimals, "decimals", 0, MAX_DECIMALS)
    if isinstance(values, (str, bytes, dict)):
        raise TypeError(f"values must be numbers (an array or a list), got {describe(values)}")
    check_count(values, "values")
    try:
        values = np.asarray(values, float).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"values must be numbers (an array or a list, NaN allowed), got "
                        f"{describe(values)}") from None
    scale = 10.0 ** decimals
    with np.errstate(invalid="ignore"):
        scaled = np.round(values * scale, 6)
        scaled = np.trunc(scaled) if mode == "truncate" else np.round(scaled)
    missing = np.isnan(values)
    scaled[missing] = 0.0
    distinct, where = np.unique(scaled, return_inverse=True)
    texts = []
    for s in distinct.tolist():
        text = f"{abs(s) / scale:.{decimals}f}"
        texts.append(("-" if s < 0 else "") + (text[1:] if text.startswith("0") else text))
    out = [texts[k] for k in where.ravel().tolist()]
    for k in np.flatnonzero(missing).tolist():
        out[k] = ""
    return out
