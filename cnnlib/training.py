"""Mini-batch gradient descent: the one training loop every trainer uses.

A trainer gives run_epochs a step(batch) function that takes the indexes of
one batch, moves the weights, and returns the batch's loss. run_epochs
shuffles with the Generator it is given (the only randomness: the same
Generator state gives the same batches) and calls step on every batch.

Interrupting (KeyboardInterrupt, the notebook's stop button) is clean as long
as each step swaps in its new params in one assignment (descend builds them
all first): the model is then as it was after the last whole step.
"""
import numpy as np

from cnnlib._checks import MAX_STEPS, as_int, check_size


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
