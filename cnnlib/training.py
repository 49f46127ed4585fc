"""Mini-batch gradient descent: the one training loop every trainer uses.

A trainer gives run_epochs a step(batch) function that takes the indexes of
one batch, moves the weights, and returns the batch's loss. run_epochs
shuffles with the Generator it is given (the only randomness: the same
Generator state gives the same batches) and calls step on every batch.

Interrupting (KeyboardInterrupt, the notebook's stop button) is clean as long
as each step swaps in its new params in one assignment (descend builds them
all first): the model is then as it was after the last whole step.

learning_curves is the data-hunger experiment: test accuracy against the
number of training images, for the CNN and for a classical baseline. Notebook
06's run of it (HUNGER_RUN, seconds of work) is stored by tools/make_hunger.py
and read back by load_learning_curves.
"""
import numpy as np

from cnnlib._checks import MAX_STEPS, as_dataset, as_int, as_seed, check_size, describe
from cnnlib._threads import one_thread
from cnnlib.data import read_stored, stored_remedy


def batches(n, batch_size, rng):
    """One epoch's batches: the indexes 0..n-1 in the order rng.permutation(n),
    cut into consecutive runs of batch_size (the last may be shorter)."""
    order = rng.permutation(n)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]


def batch_sizes(n, batch_size):
    """How batches(n, batch_size, rng) cuts an epoch, whatever the shuffle: the
    size of each batch in turn, batch_size each and the last what is left.
    Its length is the number of updates of the weights one epoch makes."""
    n = as_int(n, "n", 1, hint="the number of training examples")
    batch_size = as_int(batch_size, "batch_size", 1, hint="examples per update, e.g. 20")
    check_size(-(-n // batch_size), "n", "batches (n / batch_size), one number each",
               MAX_STEPS)
    return [min(batch_size, n - start) for start in range(0, n, batch_size)]


def run_epochs(step, n, *, batch_size, rng, epochs=1, after_epoch=None):
    """The mini-batch loop: for each epoch, step(indexes) on every batch of
    batches(n, batch_size, rng), then after_epoch(epoch, mean batch loss)
    (epoch counts from 1; for a progress bar, a history, or a live figure).
    Returns the list of each epoch's mean batch loss."""
    losses = []
    for epoch in range(1, epochs + 1):
        loss = float(np.mean([step(b) for b in batches(n, batch_size, rng)]))
        losses.append(loss)
        if after_epoch is not None:
            after_epoch(epoch, loss)
    return losses


def descend(params, grads, learning_rate, frozen=()):
    """The params after one gradient-descent step, as a new dict:
    p - learning_rate * dp for every param with a gradient and not in frozen
    (those keep their own array). Assign it in one statement, so that an
    interrupt never leaves half the params moved."""
    return {name: value if name in frozen or name not in grads
            else value - learning_rate * grads[name] for name, value in params.items()}


HUNGER_MODELS = ("CNN", "logistic regression")
# Notebook 06's data-hunger run: learning_curves(load_dataset(), **HUNGER_RUN), stored in
# cnnlib/data/HUNGER_FILE by tools/make_hunger.py (7 sizes x 5 seeds x 2 models take seconds).
HUNGER_RUN = {"sizes": (2, 4, 6, 10, 20, 50, 400), "seeds": (0, 1, 2, 3, 4), "updates": 80}
HUNGER_FILE, HUNGER_TOOL = "data_hunger.npz", "tools/make_hunger.py"


def _balanced_pick(labels, n, rng, classes):
    """n indexes into labels, n // classes of each class 0..classes-1, drawn
    at random without repeats (each class's picks in the order drawn)."""
    return np.concatenate([rng.choice(np.flatnonzero(labels == k), n // classes, replace=False)
                           for k in range(classes)])


def learning_curves(data, sizes, seeds, updates=80, batch_size=20, models=HUNGER_MODELS):
    """Test accuracy against the number of training images, for the series'
    CNN and, as the control, scikit-learn's logistic regression on the same
    images (a weighted vote straight on the pixels: no features, no pooling).
    models: which of HUNGER_MODELS to train (the CNN alone needs no scikit-learn).

    data: a dict like load_dataset(). sizes: training-set sizes, each a
    multiple of the number of classes. For each seed s and size n, the
    images are _balanced_pick(labels, n, default_rng(s)): the same ones for
    both models. The CNN (train_model, seed s) takes about `updates` steps of
    gradient descent on batches of min(batch_size, n) images, whatever n
    (80 steps: 4 epochs of 400 images in batches of 20).
    Returns {"sizes": (S,), "CNN": (S, seeds), "logistic regression":
    (S, seeds), "CNN training": (S, seeds)}: test accuracies, and the CNN's
    accuracy on its own training images (each model's arrays only if it is
    in models).
    """
    # cnnlib.network imports this module: a cycle at the top
    from cnnlib.network import train_model
    data = as_dataset(data)
    labels, k = data["train_labels"], len(data["classes"])
    smallest = int(min(np.sum(labels == c) for c in range(k))) * k
    if isinstance(sizes, (str, bytes, dict)) or not hasattr(sizes, "__iter__") or \
            isinstance(seeds, (str, bytes, dict)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"sizes and seeds must be lists of integers, got {describe(sizes)} "
                        f"and {describe(seeds)}")
    sizes = [as_int(n, "sizes", k, smallest, hint=f"as many images of each of the {k} classes "
                    f"as there are, at most") for n in sizes]
    if any(n % k for n in sizes) or not sizes:
        raise ValueError(f"sizes must be multiples of the {k} classes (as many images of "
                         f"each), got {sizes}")
    seeds = [as_seed(s, "seeds") for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none; e.g. range(5)")
    updates = as_int(updates, "updates", 1, 100_000, hint="steps of gradient descent per run")
    batch_size = as_int(batch_size, "batch_size", 1)
    if not isinstance(models, (tuple, list)):
        raise TypeError(f"models must be a tuple of names from {HUNGER_MODELS}, e.g. ('CNN',), "
                        f"got {describe(models)}")
    if not models or not all(isinstance(m, str) and m in HUNGER_MODELS for m in models):
        raise ValueError(f"models must be a non-empty tuple of names from {HUNGER_MODELS}, "
                         f"got {describe(models)}")
    if "logistic regression" in models:
        # scikit-learn takes about a second to import: only where it is used
        from sklearn.linear_model import LogisticRegression
    test_x, test_y = data["test_images"], data["test_labels"]
    names = [m for m in HUNGER_MODELS if m in models] + (["CNN training"] if "CNN" in models else [])
    out = {name: np.zeros((len(sizes), len(seeds))) for name in names}
    with one_thread():
        for i, n in enumerate(sizes):
            size = min(batch_size, n)
            epochs = max(1, updates // len(batch_sizes(n, size)))
            for j, seed in enumerate(seeds):
                pick = _balanced_pick(labels, n, np.random.default_rng(seed), k)
                x, y = data["train_images"][pick], labels[pick]
                if "CNN" in models:
                    cnn = train_model(seed, data=dict(train_images=x, train_labels=y,
                                                      classes=data["classes"]),
                                      epochs=epochs, batch_size=size)
                    out["CNN"][i, j] = cnn.accuracy(test_x, test_y)
                    out["CNN training"][i, j] = cnn.accuracy(x, y)
                if "logistic regression" in models:
                    flat = LogisticRegression(max_iter=2000).fit(x.reshape(n, -1), y)
                    out["logistic regression"][i, j] = flat.score(
                        test_x.reshape(len(test_x), -1), test_y)
    return {"sizes": np.array(sizes), **out}


def save_learning_curves(curves, path, run=HUNGER_RUN):
    """Write learning_curves' result and the run that made it (sizes, seeds,
    updates) to .npz: plain arrays, no pickle."""
    arrays = {k: np.asarray(v) for k, v in curves.items()}
    np.savez_compressed(path, **arrays, seeds=np.asarray(run["seeds"]),
                        updates=np.asarray(run["updates"]))


def load_learning_curves():
    """Notebook 06's data-hunger run as stored: the same dict as
    learning_curves(load_dataset(), **HUNGER_RUN). A file made with another
    run (sizes, seeds or updates) is a ValueError saying how to remake it."""
    keys = ("sizes", "seeds", "updates", *HUNGER_MODELS, "CNN training")
    stored = read_stored(HUNGER_FILE, HUNGER_TOOL, keys)
    made = {"sizes": tuple(stored["sizes"].tolist()), "seeds": tuple(stored["seeds"].tolist()),
            "updates": stored["updates"].tolist()}
    if made != HUNGER_RUN:
        raise ValueError(f"{HUNGER_FILE} holds the run {made}, not {HUNGER_RUN}; "
                         f"{stored_remedy(HUNGER_FILE, HUNGER_TOOL)}")
    shape = (len(HUNGER_RUN["sizes"]), len(HUNGER_RUN["seeds"]))
    for key in keys[3:]:
        if stored[key].shape != shape or not np.all((stored[key] >= 0) & (stored[key] <= 1)):
            raise ValueError(f"{HUNGER_FILE}'s {key!r} must be accuracies of shape {shape}; "
                             f"{stored_remedy(HUNGER_FILE, HUNGER_TOOL)}")
    return {"sizes": stored["sizes"], **{k: stored[k] for k in keys[3:]}}
