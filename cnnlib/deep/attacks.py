"""Attacks that travel: fooling one network with an attack made on another.

- fooling_rate: of the pictures a model gets right, the fraction it gets
  wrong after the attack.
- transfer_table: FGSM and one universal noise pattern crafted on a source
  model (cnnlib.adversarial), tested on other models, each beside its
  control: random sign noise of the same size (sign_noise).
- train_substitute: a black-box attacker's copy: a network trained only on
  the target's answers to the attacker's own pictures (queries).
- shift / shifted_sticker: a sticker (a square of changed pixels) optimised
  to fool the model at one position only, or at every one-pixel shift of
  the picture at once (as the stop-sign stickers had to survive different
  viewpoints); shift_fooling measures it under each shift. A ceiling keeps
  a sticker to the background and below ink, so that it cannot simply draw
  or erase a stroke (relabel the picture); random_stickers, the same squares
  filled at random, is its control.

Pictures are (H, W) grids in [-1, 1]; -1 is the background.
"""
import numpy as np

from cnnlib._checks import as_array, as_float, as_int, as_rng, check_size, describe
from cnnlib.adversarial import LOW, HIGH, fgsm, universal_noise
from cnnlib.network import Model, as_labels, train_model

ONE_PIXEL = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]


def _model(model, name="model"):
    if not isinstance(model, Model):
        raise TypeError(f"{name} must be a trained cnnlib Model, got {describe(model)}")
    return model


def _pictures(model, grids, name="grids"):
    shape = tuple(model.hyper["image_shape"])
    arr = as_array(grids, name, (3,), f"a stack of pictures (N, {shape[0]}, {shape[1]})")
    if arr.shape[1:] != shape:
        raise ValueError(f"{name} must be pictures of shape {shape}, got {describe(arr)}")
    return arr


def fooling_rate(model, grids, attacked, labels):
    """Of the pictures model labels right, the fraction it labels wrong once attacked.

    grids, attacked: (N, H, W), the clean pictures and their attacked versions.
    labels: (N,) the right answers (names or indexes). Returns a float in [0, 1]
    (0 when the model gets none right).
    """
    _model(model)
    grids, attacked = _pictures(model, grids), _pictures(model, attacked, "attacked")
    if grids.shape != attacked.shape:
        raise ValueError(f"attacked must match grids one for one: {grids.shape} "
                         f"against {attacked.shape}")
    y = as_labels(labels, model.classes, len(grids))
    right = model.scores(grids).argmax(axis=1) == y
    fooled = model.scores(attacked).argmax(axis=1) != y
    return float((right & fooled).sum() / max(right.sum(), 1))


def sign_noise(grids, epsilon, rng, draws=20):
    """The control for an attack of size epsilon: random noise of the same
    size. Each of `draws` draws moves every pixel of every picture by +epsilon
    or -epsilon at random (clipped to [-1, 1]). grids (N, H, W) -> (draws, N, H, W).
    rng: a numpy Generator."""
    rng = as_rng(rng)
    grids = as_array(grids, "grids", (3,), "a stack of pictures (N, H, W)")
    epsilon = as_float(epsilon, "epsilon", low=0, hint="how far each pixel moves, e.g. 0.3")
    draws = as_int(draws, "draws", 1, hint="how many random draws to average over")
    check_size(draws * grids.size, "draws", "pixels (draws x pictures)")
    signs = rng.choice(np.array([-1.0, 1.0]), size=(draws, *grids.shape))
    return np.clip(grids + epsilon * signs, LOW, HIGH)


def transfer_table(source, targets, grids, labels, epsilon, fit_grids, fit_labels, rng,
                   universal_steps=30, draws=20):
    """FGSM and a universal pattern made on source, tried on every target,
    each beside its control: random sign noise of the same size.

    targets: {name: Model}. grids (N, H, W) with labels (N,): the pictures
    scored. The universal pattern (one noise for every picture) is fitted on
    other pictures, fit_grids with fit_labels, none of them among grids.
    Returns {name: {"fgsm": rate, "universal": rate, "noise": (draws,) rates}},
    fooling rates (fooling_rate); "noise" holds one rate per draw of
    sign_noise(grids, epsilon, rng, draws). Every attack moves each pixel by
    at most epsilon.
    """
    _model(source, "source")
    if not isinstance(targets, dict) or not targets:
        raise TypeError(f"targets must be a dict {{name: Model}}, got {describe(targets)}")
    for name, target in targets.items():
        _model(target, f"targets[{name!r}]")
    grids = _pictures(source, grids)
    fit_grids = _pictures(source, fit_grids, "fit_grids")
    scored = {g.tobytes() for g in grids}
    if any(g.tobytes() in scored for g in fit_grids):
        raise ValueError("fit_grids must be other pictures than grids: a pattern fitted on "
                         "the pictures it is scored on measures how well it was fitted, "
                         "not how well it fools")
    y = as_labels(labels, source.classes, len(grids))
    fit_y = as_labels(fit_labels, source.classes, len(fit_grids), "fit_labels")
    universal_steps = as_int(universal_steps, "universal_steps", 0, 100_000)
    attacked = fgsm(source, grids, y, epsilon)
    pattern = universal_noise(source, fit_grids, fit_y, epsilon, steps=universal_steps)
    noisy = np.clip(grids + pattern, LOW, HIGH)
    controls = sign_noise(grids, epsilon, rng, draws)
    return {name: {"fgsm": fooling_rate(t, grids, attacked, y),
                   "universal": fooling_rate(t, grids, noisy, y),
                   "noise": np.array([fooling_rate(t, grids, c, y) for c in controls])}
            for name, t in targets.items()}


def train_substitute(target, queries, seed=0, **recipe):
    """A black-box attacker's stand-in for target.

    queries: the attacker's own pictures (N, H, W), no labels; the target is
    asked for its answer to each (target.predict), and only those answers
    train the substitute: train_model(seed, data=..., **recipe), recipe as
    train_model's keywords (stages, hidden, epochs, learning_rate, ...).
    """
    _model(target, "target")
    queries = _pictures(target, queries, "queries")
    answers = target.scores(queries).argmax(axis=1)
    data = dict(train_images=queries, train_labels=answers, classes=target.classes)
    return train_model(seed, data=data, **recipe)


def shift(grids, dr, dc):
    """Pictures (N, H, W) or one (H, W) moved dr rows down and dc columns right;
    the uncovered edge is background (-1)."""
    grids = as_array(grids, "grids", (2, 3), "a picture (H, W) or a stack (N, H, W)")
    dr, dc = as_int(dr, "dr", -grids.shape[-2]), as_int(dc, "dc", -grids.shape[-1])
    out = np.full_like(grids, LOW)
    h, w = grids.shape[-2:]
    out[..., max(dr, 0):h + min(dr, 0), max(dc, 0):w + min(dc, 0)] = \
        grids[..., max(-dr, 0):h - max(dr, 0), max(-dc, 0):w - max(dc, 0)]
    return out


def unshift_gradient(grads, dr, dc):
    """The transpose of shift for gradients: move back, fill with 0."""
    grads = as_array(grads, "grads", (2, 3), "gradients (H, W) or a stack (N, H, W)")
    dr, dc = as_int(dr, "dr"), as_int(dc, "dc")
    out = np.zeros_like(grads)
    h, w = grads.shape[-2:]
    out[..., max(-dr, 0):h - max(dr, 0), max(-dc, 0):w - max(dc, 0)] = \
        grads[..., max(dr, 0):h + min(dr, 0), max(dc, 0):w + min(dc, 0)]
    return out


def _shifts(shifts, h, w):
    """A list of (dr, dc) moves, each at most the picture's side."""
    if isinstance(shifts, (str, bytes, dict)) or not hasattr(shifts, "__len__") \
            or len(shifts) == 0:
        raise TypeError(f"shifts must be a non-empty list of (dr, dc) pairs such as "
                        f"[(0, 0), (1, -1)], got {describe(shifts)}")
    check_size(len(shifts), "shifts", "moves", 1000)
    out = []
    for i, pair in enumerate(shifts):
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise TypeError(f"shifts[{i}] must be a (dr, dc) pair, got {describe(pair)}")
        out.append((as_int(pair[0], f"shifts[{i}] (dr)", -h, h),
                    as_int(pair[1], f"shifts[{i}] (dc)", -w, w)))
    return out


def shifted_sticker(model, grid, label, row, col, size=4, shifts=((0, 0),), steps=20,
                    step_size=0.25, ceiling=None):
    """A sticker: the size x size square at (row, col) of one picture changed,
    by signed gradient steps on the model's loss summed over the picture seen
    at every shift in `shifts` ((dr, dc) pairs; the default: where it is).
    ceiling: None, every pixel of the square may become anything in [-1, 1]
    (it can draw or erase strokes); a number, only the square's background
    pixels (below 0) change, and never above ceiling (0 or less: the sticker
    cannot add ink, nor touch the strokes).
    Returns the stickered picture (H, W), pixels in [-1, 1]."""
    _model(model)
    grid = as_array(grid, "grid", (2,), "one picture (H, W)")
    return shifted_stickers(model, grid[None], [label], [(row, col)], size, shifts, steps,
                            step_size, ceiling)[0]


def sticker_masks(grids, corners, size=4, ceiling=None):
    """Where stickers may change pictures (N, H, W): 1 inside the size x size
    square whose top left corner is corners[i] = (row, col), 0 elsewhere; with
    a ceiling (a number, see shifted_sticker), only the square's background
    pixels (below 0). Returns (masks (N, H, W) of 0/1, top): top is the
    brightest value a sticker pixel may take."""
    grids = as_array(grids, "grids", (3,), "a stack of pictures (N, H, W)")
    n, h, w = grids.shape
    size = as_int(size, "size", 1, min(h, w), hint=f"the sticker must fit the {h}x{w} picture")
    if isinstance(corners, (str, bytes, dict)) or not hasattr(corners, "__len__") \
            or len(corners) != n:
        raise ValueError(f"corners must give one (row, col) per picture ({n}), got "
                         f"{describe(corners)}")
    masks = np.zeros_like(grids)
    for i, (mask, corner) in enumerate(zip(masks, corners)):
        if isinstance(corner, (str, bytes)) or not hasattr(corner, "__len__") or len(corner) != 2:
            raise TypeError(f"corners[{i}] must be a (row, col) pair, got {describe(corner)}")
        fits = f"a {size}x{size} sticker must fit the {h}x{w} picture"
        row = as_int(corner[0], f"corners[{i}] (row)", 0, h - size, hint=fits)
        col = as_int(corner[1], f"corners[{i}] (col)", 0, w - size, hint=fits)
        mask[row:row + size, col:col + size] = 1
    if ceiling is None:
        return masks, HIGH
    top = as_float(ceiling, "ceiling", low=LOW, high=HIGH,
                   hint="the brightest a sticker pixel may be; 0 or less adds no ink")
    return masks * (grids < 0), top                       # background pixels only


def shifted_stickers(model, grids, labels, corners, size=4, shifts=((0, 0),), steps=20,
                     step_size=0.25, ceiling=None):
    """shifted_sticker for a stack of pictures (N, H, W) at once, one sticker
    each: labels (N,), corners [(row, col)] one per picture. Returns (N, H, W)."""
    _model(model)
    grids = _pictures(model, grids)
    n, h, w = grids.shape
    y = as_labels(labels, model.classes, n, "labels")
    masks, top = sticker_masks(grids, corners, size, ceiling)
    shifts = _shifts(shifts, h, w)
    step_size = as_float(step_size, "step_size", above=0, hint="how far a pixel moves per step")
    steps = as_int(steps, "steps", 0)
    check_size(steps * len(shifts) * n, "steps", "gradient passes (steps x shifts x pictures)",
               10 ** 6)
    x = grids.copy()
    for _ in range(steps):
        views = np.concatenate([shift(x, a, b) for a, b in shifts])       # (S*N, H, W)
        g = model.input_gradient(views, np.tile(y, len(shifts))).reshape(len(shifts), n, h, w)
        total = sum(unshift_gradient(gi, a, b) for gi, (a, b) in zip(g, shifts))
        x = np.where(masks > 0, np.clip(x + step_size * np.sign(total), LOW, top), grids)
    return x


def random_stickers(grids, corners, rng, size=4, ceiling=None):
    """The control for a sticker: the same squares (sticker_masks) filled with
    random values, uniform from -1 to the ceiling (1 without one), with no model
    behind them. grids (N, H, W) -> (N, H, W). rng: a numpy Generator."""
    rng = as_rng(rng)
    grids = as_array(grids, "grids", (3,), "a stack of pictures (N, H, W)")
    masks, top = sticker_masks(grids, corners, size, ceiling)
    return np.where(masks > 0, rng.uniform(LOW, top, grids.shape), grids)


def shift_fooling(model, grid, label, shifts=ONE_PIXEL):
    """For each shift (dr, dc), does the model give the picture, so shifted,
    a wrong answer? Returns a bool array, one per shift."""
    _model(model)
    y = as_labels(label, model.classes, 1, "label")[0]
    grid = as_array(grid, "grid", (2, 3), "one picture (H, W)")
    grid = _pictures(model, grid[None] if grid.ndim == 2 else grid, "grid")
    if len(grid) != 1:
        raise ValueError(f"grid must be one picture, got {len(grid)}")
    views = np.stack([shift(grid[0], a, b) for a, b in _shifts(shifts, *grid.shape[1:])])
    return model.scores(views).argmax(axis=1) != y


def ink_centre(grid):
    """(row, col) of the centre of the picture's ink (pixels above 0), rounded."""
    grid = as_array(grid, "grid", (2,), "one picture (H, W)")
    rows, cols = np.nonzero(grid > 0)
    if len(rows) == 0:
        raise ValueError("grid has no ink (no pixel above 0), so no centre")
    return int(round(rows.mean())), int(round(cols.mean()))
