"""Notebook 08's two long runs, stored: the scramble experiment and transfer learning.

Both are seconds of training that give the same numbers every time (every
network and every dataset is seeded), so tools/make_beyond.py runs them once
(notebook_runs) and writes cnnlib/data/beyond_runs.npz, and the notebook
loads them (load_runs). A test runs them again and checks every number.
"""
import numpy as np

from cnnlib.beyond.limits import NETWORKS, scramble_experiment
from cnnlib.beyond.transfer import compare
from cnnlib.data import read_stored, save_stored_runs, stored_accuracies, stored_remedy
from cnnlib.dataset import load_dataset
from cnnlib.network import train_model

RUNS_FILE, RUNS_TOOL = "beyond_runs.npz", "tools/make_beyond.py"
NOTEBOOK_FRACTIONS, NOTEBOOK_SEEDS = (0, 0.25, 0.5, 0.75, 1.0), (0, 1, 2)
NOTEBOOK_SIZES = (1, 2, 4, 8)
WAYS = ("scratch", "random", "transfer")


def notebook_runs(progress=None):
    """Notebook 08's two experiments, run now, with the notebook's arguments:
    {"scramble": limits.scramble_experiment(data, fractions=(0, 0.25, 0.5, 0.75, 1.0),
    seeds=(0, 1, 2)), "transfer": transfer.compare(source, np.random.default_rng(1),
    sizes=(1, 2, 4, 8))}, where data is load_dataset() and source the notebook's
    X/O network: train_model(0, data=data, epochs=10, features=8, pool_size=7, pool_stride=7)."""
    data = load_dataset()
    scrambling = scramble_experiment(data, fractions=NOTEBOOK_FRACTIONS, seeds=NOTEBOOK_SEEDS,
                                     progress=progress)
    source = train_model(0, data=data, epochs=10, features=8, pool_size=7, pool_stride=7,
                         progress=progress)
    reuse = compare(source, np.random.default_rng(1), sizes=NOTEBOOK_SIZES, progress=progress)
    return {"scramble": scrambling, "transfer": reuse}


def save_runs(runs, path):
    """Write notebook_runs()'s result to .npz (plain arrays, no pickle)."""
    save_stored_runs(runs, path, classical=False)


def load_runs():
    """notebook_runs() as tools/make_beyond.py stored it: the same dict of arrays."""
    scramble_keys, transfer_keys = ("fractions", "order", *NETWORKS), ("sizes", *WAYS)
    needs = [f"scramble/{k}" for k in scramble_keys] + [f"transfer/{k}" for k in transfer_keys]
    stored = read_stored(RUNS_FILE, RUNS_TOOL, needs)
    runs = {"scramble": {k: stored[f"scramble/{k}"] for k in scramble_keys},
            "transfer": {k: stored[f"transfer/{k}"] for k in transfer_keys}}
    order = runs["scramble"]["order"]
    _check(order.dtype.kind in "iu" and np.array_equal(np.sort(order), np.arange(81)),
           "scramble/order", "the order of the 81 pixel positions (a permutation of 0..80)")
    for run, key, values in (("scramble", "fractions", NOTEBOOK_FRACTIONS),
                             ("transfer", "sizes", NOTEBOOK_SIZES)):
        _check(np.array_equal(runs[run][key], values), f"{run}/{key}", f"the notebook's {values}")
    for run, keys, n in (("scramble", NETWORKS, len(NOTEBOOK_FRACTIONS)),
                         ("transfer", WAYS, len(NOTEBOOK_SIZES))):
        for key in keys:
            stored_accuracies(stored, f"{run}/{key}", (n,), RUNS_FILE, RUNS_TOOL)
    return runs


def _check(ok, key, what):
    """A stored array that is not what notebook_runs() gives is an error naming
    the file, the array and the tool that writes it again."""
    if not ok:
        raise ValueError(f"{RUNS_FILE}'s {key} must be {what}; {stored_remedy(RUNS_FILE, RUNS_TOOL)}")
