"""Transformed copies of a grid: shifted, rotated, scaled, thicker, noisy.

Pure numpy, nearest-neighbour, so a +1/-1 grid stays +1/-1. Pixels that
come in from outside the grid are background (-1). Randomness only from a
numpy Generator that the caller passes in.
"""
import numpy as np

from cnnlib._checks import as_array, as_float, as_int, as_rng

BACKGROUND = -1.0


def _grid(grid):
    return as_array(grid, "grid", (2,), "a 2-D grid (H, W)", hint="load_grid('x') gives one")


def shift(grid, dy=0, dx=0):
    """Move the picture dy rows down and dx columns right (no wrap-around).

    grid: (H, W) -> (H, W); pixels shifted in from outside are background.
    """
    grid = _grid(grid)
    dy, dx = as_int(dy, "dy", -10**6), as_int(dx, "dx", -10**6)
    out = np.full_like(grid, BACKGROUND)
    h, w = grid.shape
    src = grid[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    out[max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
    return out


def affine(grid, degrees=0.0, scale=1.0):
    """Rotate by `degrees` (anticlockwise) and scale by `scale` about the centre.

    grid: (H, W) -> (H, W), nearest neighbour: each output pixel takes the
    input pixel that lands on it.
    """
    grid = _grid(grid)
    degrees, scale = as_float(degrees, "degrees"), as_float(scale, "scale")
    if scale <= 0:
        raise ValueError(f"scale must be > 0, got {scale}; 1 keeps the size, 0.5 halves it")
    h, w = grid.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    t = np.deg2rad(degrees)
    rows, cols = np.mgrid[0:h, 0:w]
    y, x = (rows - cy) / scale, (cols - cx) / scale
    # Inverse mapping: where in the input does each output pixel come from?
    sy = np.rint(cy + np.cos(t) * y - np.sin(t) * x).astype(int)
    sx = np.rint(cx + np.sin(t) * y + np.cos(t) * x).astype(int)
    inside = (sy >= 0) & (sy < h) & (sx >= 0) & (sx < w)
    out = np.full_like(grid, BACKGROUND)
    out[inside] = grid[sy[inside], sx[inside]]
    return out


def rotate(grid, degrees):
    """Rotate about the centre, anticlockwise. (H, W) -> (H, W)."""
    return affine(grid, degrees=degrees)


def scale(grid, factor):
    """Grow (factor > 1) or shrink (factor < 1) about the centre. (H, W) -> (H, W)."""
    return affine(grid, scale=as_float(factor, "factor", above=0, hint="1 keeps the size"))


def thicken(grid, steps=1):
    """Make strokes `steps` pixels thicker: a pixel becomes stroke if any of
    its 8 neighbours is. (H, W) -> (H, W). steps=0 returns a copy."""
    grid = _grid(grid)
    return _grow(grid, as_int(steps, "steps", 0, max(grid.shape), hint="more steps than the "
                              "grid's side change nothing more"), np.max, BACKGROUND)


def _grow(grid, steps, pick, outside):
    """Replace each pixel by pick(3x3 neighbourhood), `steps` times."""
    out = grid.copy()
    h, w = out.shape
    for _ in range(steps):
        padded = np.pad(out, 1, constant_values=outside)
        out = pick([padded[a:a + h, b:b + w] for a in range(3) for b in range(3)], axis=0)
    return out


def thin(grid, steps=1):
    """The opposite of thicken: a stroke pixel stays only if all 8 neighbours
    are stroke. Thin strokes vanish. (H, W) -> (H, W)."""
    grid = _grid(grid)
    return _grow(grid, as_int(steps, "steps", 0, max(grid.shape), hint="more steps than the "
                              "grid's side change nothing more"), np.min, BACKGROUND)


def flip_pixels(grid, count, rng):
    """Flip `count` distinct random pixels (+1 <-> -1): salt-and-pepper noise.

    rng: a numpy.random.Generator. (H, W) -> (H, W).
    """
    grid = _grid(grid)
    count = as_int(count, "count", 0, hint=f"at most {grid.size} pixels")
    if count > grid.size:
        raise ValueError(f"count must be at most the {grid.size} pixels of the grid, got {count}")
    out = grid.copy().ravel()
    chosen = as_rng(rng).choice(grid.size, size=count, replace=False)
    out[chosen] = -out[chosen]
    return out.reshape(grid.shape)


def add_noise(grid, sigma, rng):
    """Add Gaussian noise of standard deviation sigma, clipped to [-1, 1]:
    a grey-level picture. rng: a numpy.random.Generator. (H, W) -> (H, W)."""
    grid = _grid(grid)
    sigma = as_float(sigma, "sigma")
    if sigma < 0:
        raise ValueError(f"sigma must be >= 0, got {sigma}")
    return np.clip(grid + as_rng(rng).normal(0.0, sigma, grid.shape), -1.0, 1.0)


def variants():
    """Named transformations used by the explorers' buttons: name -> function(grid)."""
    return {
        "shifted": lambda g: shift(g, 1, 1),
        "rotated": lambda g: rotate(g, 20),
        "smaller": lambda g: scale(g, 0.7),
        "thicker": lambda g: thicken(g, 1),
        "noisy": lambda g: flip_pixels(g, 6, np.random.default_rng(0)),
    }


def blank(size=9):
    """An empty picture, all background: (size, size) of -1."""
    return -np.ones((as_int(size, "size", 1, 10_000),) * 2)


def flip(grid, row, col):
    """The grid with one pixel flipped (+1 <-> -1): a click on the drawing grid.
    (H, W) -> (H, W), a new array."""
    grid = _grid(grid)
    h, w = grid.shape
    row = as_int(row, "row", 0, hint=f"rows go 0..{h - 1}")
    col = as_int(col, "col", 0, hint=f"columns go 0..{w - 1}")
    if row >= h or col >= w:
        raise ValueError(f"row and col must be inside the {h}x{w} grid, got ({row}, {col})")
    out = grid.copy()
    out[row, col] = -out[row, col]
    return out


def from_cells(cells, size=9):
    """A picture from its cells listed row by row, as the browser sends a
    drawing: size*size values, each +1 (stroke) or -1 (background).
    Returns (size, size)."""
    size = as_int(size, "size", 1, 10_000)
    values = as_array(cells, "cells", (1,), f"a list of {size * size} values, +1 or -1")
    if values.size != size * size or not np.isin(values, (-1.0, 1.0)).all():
        raise ValueError(f"cells must be {size * size} values, each +1 or -1 (a {size}x{size} "
                         f"picture row by row), got {values.size} values with "
                         f"{int((~np.isin(values, (-1.0, 1.0))).sum())} other than ±1")
    return values.reshape(size, size)
