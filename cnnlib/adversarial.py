"""Fooling a trained network, and one defence.

Every attack here moves the pixels of a grid in the direction that raises
the network's loss for the right answer. The slope of the loss with respect
to each pixel (model.input_gradient) says which way that is.

- fgsm: every pixel moves by epsilon, up or down, whichever raises the loss
  (the "fast gradient sign method").
- pgd: FGSM in many small steps, each followed by a projection back into
  the epsilon-ball around the original grid (projected gradient descent):
  the stronger attack, used to check a defence trained against FGSM.
- smallest_epsilon: the smallest epsilon for which FGSM changes the answer.
- sticker: only the pixels of a small square may change, by any amount.
- fewest_flips: turn whole pixels from stroke to background or back, as few
  as possible, until the answer changes.
- universal_noise: one pattern, added to every image, that fools most of them.
- adversarial_training: train on attacked images too; robustness measures it.

Pixels always stay in [-1, 1]: after moving, values are clipped, so a pixel
already at +1 cannot go higher (it may then change by less than epsilon).
Models are never changed in place.
"""
import itertools

import numpy as np

from cnnlib._checks import (as_array, as_choice, as_float, as_int, as_labels, as_model, as_rng,
                            check_size, describe)
from cnnlib._progress import bar
from cnnlib.network import train_step
from cnnlib.training import run_epochs

LOW, HIGH = -1.0, 1.0
MAX_EPOCHS = 10_000


def _grids(model, grid, name="grid"):
    """grid (H, W) or (N, H, W) -> (stack (N, H, W), was it one grid?), after
    checking that model is a model (the first argument of every attack)."""
    as_model(model, needs=("probabilities", "scores", "input_gradient"))
    grid = as_array(grid, name, (2, 3), "a grid (H, W) or a stack of grids (N, H, W)")
    shape = tuple(getattr(model, "hyper", {}).get("image_shape", grid.shape[-2:]))
    if grid.shape[-2:] != shape:
        raise ValueError(f"{name} must be {shape[0]}x{shape[1]} like the images the "
                         f"model was trained on, got {describe(grid)}")
    return (grid[None], True) if grid.ndim == 2 else (grid, False)


EPSILON = "how far each pixel may move; 0 leaves the grid as it is"


def loss_slope(model, grids, idx):
    """d loss / d pixel for each grid (N, H, W), each image's own loss."""
    # input_gradient gives the slope of the mean loss; times N, each image's own.
    grids, _ = _grids(model, grids, "grids")
    idx = as_labels(idx, model.classes, len(grids), "idx")
    return model.input_gradient(grids, idx) * len(grids)


def fgsm(model, grid, label, epsilon):
    """The grid moved by epsilon along the sign of the loss gradient.

    grid: (H, W) with one label ("x"/"o"), or (N, H, W) with N labels.
    Each pixel changes by at most epsilon; the result is clipped to [-1, 1].
    Returns an array of the same shape as grid.
    """
    grids, one = _grids(model, grid)
    idx = as_labels(label, model.classes, len(grids), "label")
    epsilon = as_float(epsilon, "epsilon", low=0, hint=EPSILON)
    moved = np.clip(grids + epsilon * np.sign(loss_slope(model, grids, idx)), LOW, HIGH)
    return moved[0] if one else moved


def pgd(model, grid, label, epsilon, steps=20, step_size=None):
    """Projected gradient descent (PGD): FGSM taken in `steps` small steps.

    grid: (H, W) with one label, or (N, H, W) with N labels.
    Starting at the grid itself (no random start), each step moves every pixel
    by step_size along the sign of the loss gradient at the current attacked
    grid, then projects: each pixel back to within epsilon of its original
    value (the epsilon-ball FGSM also stays in) and into [-1, 1].
    step_size: how far a pixel moves per step (default 2.5 * epsilon / steps,
    so the walk can cross the ball and turn back).
    Returns an array of the same shape as grid.
    """
    grids, one = _grids(model, grid)
    idx = as_labels(label, model.classes, len(grids), "label")
    epsilon = as_float(epsilon, "epsilon", low=0, hint=EPSILON)
    steps = as_int(steps, "steps", 0, 10_000, hint="each step is one forward and backward pass")
    step_size = 2.5 * epsilon / max(steps, 1) if step_size is None else \
        as_float(step_size, "step_size", low=0, hint="how far pixels move per step, e.g. 0.025")
    low, high = np.maximum(grids - epsilon, LOW), np.minimum(grids + epsilon, HIGH)
    moved = grids
    for _ in range(steps if step_size > 0 else 0):
        moved = np.clip(moved + step_size * np.sign(loss_slope(model, moved, idx)), low, high)
    return moved[0] if one else moved


def fgsm_sweep(model, grid, label, epsilons):
    """FGSM at many epsilons from one gradient (the direction at the grid).

    grid: (H, W) with its label; epsilons: (E,) each >= 0.
    Returns (E, H, W): entry e is fgsm(model, grid, label, epsilons[e]).
    """
    grids, one = _grids(model, grid)
    if not one:
        raise ValueError(f"grid must be one grid (H, W), got {describe(grids)}")
    idx = as_labels(label, model.classes, 1, "label")
    if isinstance(epsilons, (str, bytes, dict)) or epsilons is None:
        raise TypeError(f"epsilons must be a list of numbers >= 0, got {describe(epsilons)}")
    epsilons = [as_float(e, "epsilons", low=0, hint=EPSILON)
                for e in np.ravel(np.asarray(epsilons, dtype=object))]
    if not epsilons:
        raise ValueError("epsilons must hold at least one epsilon, got none; e.g. [0, 0.1, 0.2]")
    direction = np.sign(loss_slope(model, grids, idx))
    return np.clip(grids + np.array(epsilons)[:, None, None] * direction, LOW, HIGH)


def change(grid, attacked):
    """What an attack added to a grid: attacked - grid, after clipping (so a
    pixel already at +1 pushed up shows no change). Same shape as attacked."""
    grid = as_array(grid, "grid", (2,), "a grid (H, W)")
    attacked = as_array(attacked, "attacked", (2, 3), "an attacked grid (H, W) or a stack (N, H, W)")
    if attacked.shape[-2:] != grid.shape:
        raise ValueError(f"attacked must be grids of the grid's shape {grid.shape}, got "
                         f"{describe(attacked)}; pass what an attack returned for this grid")
    return attacked - grid


def confidence(model, grid, label):
    """The probability the model gives the label (a float), for one grid."""
    grids, _ = _grids(model, grid)
    idx = as_labels(label, model.classes, 1, "label")
    return float(model.probabilities(grids)[0, idx[0]])


def smallest_epsilon(model, grid, label, resolution=0.01, largest=2.0):
    """The smallest epsilon (on a grid of step `resolution`) for which FGSM's
    direction, at the original grid, changes the model's answer.

    Returns a float, or None if no epsilon up to `largest` flips it.
    """
    grids, _ = _grids(model, grid)
    idx = as_labels(label, model.classes, 1, "label")
    largest = as_float(largest, "largest", above=0, hint="the largest epsilon to try")
    resolution = as_float(resolution, "resolution", above=0, high=largest,
                          hint=f"the step between the epsilons tried, at most largest={largest:g}")
    check_size(largest / resolution * grids[0].size, "resolution", "pixel values to try")
    direction = np.sign(loss_slope(model, grids, idx))[0]
    epsilons = np.arange(0.0, largest + resolution / 2, resolution)
    tried = np.clip(grids[0] + epsilons[:, None, None] * direction, LOW, HIGH)
    wrong = model.scores(tried).argmax(axis=1) != idx[0]
    return float(np.round(epsilons[wrong.argmax()], 10)) if wrong.any() else None


def _square(grid_shape, row, col, size):
    h, w = grid_shape
    size = as_int(size, "size", 1)
    row, col = as_int(row, "row", 0), as_int(col, "col", 0)
    if row + size > h or col + size > w:
        raise ValueError(f"a {size}x{size} sticker at row {row}, column {col} does "
                         f"not fit in the {h}x{w} grid; rows and columns go "
                         f"0..{h - size} and 0..{w - size}")
    mask = np.zeros(grid_shape, bool)
    mask[row:row + size, col:col + size] = True
    return mask


def _patch_attack(model, grid, c, masks, steps, step_size):
    """Attack one grid (H, W) once per mask (P, H, W), all in one batch:
    `steps` signed gradient steps, each pixel moving only inside its mask."""
    steps = as_int(steps, "steps", 0, 10_000, hint="each step is one forward and backward pass")
    step_size = as_float(step_size, "step_size", above=0, hint="how far pixels move per step")
    x = np.repeat(grid[None], len(masks), axis=0)
    idx = np.full(len(masks), c)
    for _ in range(steps):
        x = np.clip(x + step_size * masks * np.sign(loss_slope(model, x, idx)), LOW, HIGH)
    return x


def sticker(model, grid, label, row, col, size=3, steps=10, step_size=0.5):
    """A patch attack: only the size x size square at (row, col) may change.

    Inside the square, pixels take any value in [-1, 1]: `steps` steps of
    `step_size` along the sign of the loss gradient (projected gradient
    ascent, confined to the square). Returns the attacked grid (H, W).
    """
    grids, _ = _grids(model, grid)
    if grids.shape[0] != 1:
        raise ValueError(f"grid must be one grid (H, W), got {describe(grids)}")
    c = as_labels(label, model.classes, 1, "label")[0]
    mask = _square(grids.shape[1:], row, col, size)
    return _patch_attack(model, grids[0], c, mask[None], steps, step_size)[0]


def sticker_map(model, grid, label, size=3, steps=10, step_size=0.5):
    """The right class's probability after a sticker at every place it fits:
    (H - size + 1, W - size + 1), entry [row, col] for the square at (row, col).
    Low values are the places where a sticker fools the model."""
    grids, _ = _grids(model, grid)
    c = as_labels(label, model.classes, 1, "label")[0]
    h, w = grids.shape[1:]
    size = as_int(size, "size", 1, min(h, w), hint=f"the sticker must fit the {h}x{w} grid")
    places = [(r, q) for r in range(h - size + 1) for q in range(w - size + 1)]
    masks = np.stack([_square((h, w), r, q, size) for r, q in places])
    attacked = _patch_attack(model, grids[0], c, masks, steps, step_size)
    return model.probabilities(attacked)[:, c].reshape(h - size + 1, w - size + 1)


def _flipped(grid, pixels):
    """grid with each pixel in `pixels` (flat indices) flipped: stroke <-> background."""
    out = grid.copy().ravel()
    out[list(pixels)] = np.where(out[list(pixels)] > 0, LOW, HIGH)
    return out.reshape(grid.shape)


def fewest_flips(model, grid, label, max_flips=12, exact_up_to=2):
    """The fewest pixel flips (stroke <-> background) that change the answer.

    The search is greedy: at each step, every remaining pixel is flipped in
    turn (a batch of up to 81 forward passes) and the flip that lowers the
    right class's probability most is kept, until the answer changes. Then
    every smaller set of flips, up to `exact_up_to` pixels, is tried
    exhaustively; if none works, the greedy count is proven the fewest.

    Returns dict(pixels=[(row, col), ...], grid=the flipped grid,
    proven=whether no smaller set exists), or None within max_flips.
    """
    grids, _ = _grids(model, grid)
    g = grids[0]
    c = as_labels(label, model.classes, 1, "label")[0]
    max_flips = as_int(max_flips, "max_flips", 1, g.size, hint="at most one flip per pixel")
    exact_up_to = as_int(exact_up_to, "exact_up_to", 0, 3,
                         hint="every set of that many pixels is tried: 81 choose 3 is 85,320")
    chosen, current = [], g
    for _ in range(max_flips):
        free = [p for p in range(g.size) if p not in chosen]
        trials = np.stack([_flipped(current, [p]) for p in free])
        probs = model.probabilities(trials)
        best = int(np.argmin(probs[:, c]))
        chosen.append(free[best])
        current = trials[best]
        if probs[best].argmax() != c:
            break
    else:
        return None
    smaller = None
    for k in range(1, min(len(chosen), exact_up_to + 1)):
        combos = list(itertools.combinations(range(g.size), k))
        trials = np.stack([_flipped(g, combo) for combo in combos])
        wrong = model.scores(trials).argmax(axis=1) != c
        if wrong.any():
            smaller = list(combos[int(wrong.argmax())])
            break
    proven = smaller is not None or len(chosen) <= exact_up_to + 1
    pixels = smaller if smaller is not None else chosen
    return {"pixels": [divmod(int(p), g.shape[1]) for p in pixels],
            "grid": _flipped(g, pixels), "proven": proven}


def universal_noise(model, grids, labels, epsilon, target=None, steps=50,
                    learning_rate=0.1, progress=None):
    """One noise pattern (H, W), |noise| <= epsilon, added to every grid.

    target=None: gradient ascent on the mean loss of clip(grids + noise).
    target="o" (say): gradient descent on the loss of calling every grid
    that is not an O an O, so the pattern turns X's into O's.
    Each step moves the noise by learning_rate * epsilon along the sign of
    the slope summed over the grids, then clips it to [-epsilon, epsilon].
    Starts from zero, so no randomness is involved.
    progress: a bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    grids, _ = _grids(model, grids, "grids")
    idx = as_labels(labels, model.classes, len(grids))
    epsilon = as_float(epsilon, "epsilon", low=0, hint=EPSILON)
    steps = as_int(steps, "steps", 0, 10_000, hint="each step is one pass over every grid")
    learning_rate = as_float(learning_rate, "learning_rate", above=0)
    direction = 1.0
    if target is not None:
        t = as_labels(target, model.classes, 1, "target")[0]
        grids, idx, direction = grids[idx != t], np.full(np.sum(idx != t), t), -1.0
    noise = np.zeros(grids.shape[1:])
    with bar(steps, "searching for a noise pattern", "step", progress) as shown:
        for _ in range(steps):
            slope = model.input_gradient(np.clip(grids + noise, LOW, HIGH), idx).sum(axis=0)
            noise = np.clip(noise + direction * learning_rate * epsilon * np.sign(slope),
                            -epsilon, epsilon)
            shown.update()
    return noise


def fooling_rate(model, grids, labels, noise):
    """The fraction of grids the model gets right alone but wrong with noise added."""
    grids, _ = _grids(model, grids, "grids")
    idx = as_labels(labels, model.classes, len(grids))
    noise = as_array(noise, "noise", (2,), f"one pattern {grids.shape[1:]} added to every grid",
                     hint="universal_noise() gives one")
    if noise.shape != grids.shape[1:]:
        raise ValueError(f"noise must have the shape of one grid, {grids.shape[1:]}, got "
                         f"{noise.shape}; universal_noise() gives one")
    right = model.scores(grids).argmax(axis=1) == idx
    fooled = model.scores(np.clip(grids + noise, LOW, HIGH)).argmax(axis=1) != idx
    return float(np.mean(right & fooled) / max(np.mean(right), 1e-12))


ATTACKS = ("fgsm", "pgd", "random")


def random_signs(grids, epsilon, rng):
    """The control for an attack of size epsilon: every pixel moved by
    epsilon up or down by a coin toss (rng, a numpy Generator), clipped to
    [-1, 1]. grids: (N, H, W) -> (N, H, W)."""
    grids = as_array(grids, "grids", (2, 3), "a grid (H, W) or a stack of grids (N, H, W)")
    epsilon = as_float(epsilon, "epsilon", low=0, hint=EPSILON)
    return np.clip(grids + epsilon * as_rng(rng).choice([-1.0, 1.0], size=grids.shape), LOW, HIGH)


def robustness(model, grids, labels, epsilon, attack="fgsm", rng=None):
    """Accuracy (0..1) on grids each attacked with this epsilon.

    attack: "fgsm" (one step), "pgd" (pgd's 20 steps), or "random", the
    control: random_signs noise of the same size, drawn from rng (a numpy
    Generator, needed for "random" only).
    """
    grids, _ = _grids(model, grids, "grids")
    idx = as_labels(labels, model.classes, len(grids))
    attack = as_choice(attack, "attack", ATTACKS)
    if attack == "random":
        if rng is None:
            raise TypeError("rng must be a numpy Generator for attack='random' (the coin "
                            "tosses), got None; e.g. numpy.random.default_rng(0)")
        attacked = random_signs(grids, epsilon, rng)
    else:
        attacked = (fgsm if attack == "fgsm" else pgd)(model, grids, idx, epsilon)
    return float(np.mean(model.scores(attacked).argmax(axis=1) == idx))


def adversarial_training(model, grids, labels, epsilon, rng, epochs=10,
                         learning_rate=0.1, batch_size=20, progress=None):
    """A copy of model trained further on each batch plus its FGSM version.

    Each step attacks the current model (so the attack keeps up with it).
    rng: a numpy Generator for the batch order. Returns the new model.
    progress: a bar of the work (None: in a notebook only; see cnnlib._progress).
    Stopped early, the KeyboardInterrupt carries the new model as it was
    after its last whole step (stop.model).
    """
    grids, _ = _grids(model, grids, "grids")
    idx = as_labels(labels, model.classes, len(grids))
    epsilon = as_float(epsilon, "epsilon", low=0, hint=EPSILON)
    epochs = as_int(epochs, "epochs", 0, MAX_EPOCHS)
    batch_size = as_int(batch_size, "batch_size", 1)
    learning_rate = as_float(learning_rate, "learning_rate", above=0)
    rng = as_rng(rng)
    new = model.copy()

    def step(b):
        attacked = fgsm(new, grids[b], idx[b], epsilon)
        return train_step(new, np.concatenate([grids[b], attacked]),
                          np.concatenate([idx[b], idx[b]]), learning_rate)

    with bar(epochs, "training on attacks", "epoch", progress) as shown:
        try:
            run_epochs(step, len(grids), batch_size=batch_size, rng=rng, epochs=epochs,
                       after_epoch=lambda epoch, loss: shown.update())
        except KeyboardInterrupt as stop:
            stop.model = new        # as it was after its last whole step
            raise
    return new
