"""Rerun notebook 11's tabular experiments and store them in cnnlib/data/tabular_runs.npz.

    python tools/make_tabular.py            # run cnnlib.beyond.tabular.notebook_runs(), write the file
    python tools/make_tabular.py --check    # run them again, exit 1 if the stored file differs

The runs fit scikit-learn's gradient-boosted trees, random forest and logistic
regression and the series' two networks on the breast-cancer table and the
customer table in their own and three shuffled column orders, and on the three
tables of the trees' finding: seconds of work, so the notebook loads the result
(tabular.load_runs) and refits one model live. Every fit is seeded, so running
this again with the same scikit-learn gives the same accuracies.
"""
import sys
from pathlib import Path

import numpy as np

from cnnlib.beyond.tabular import RUNS_FILE, load_runs, notebook_runs, save_runs

TARGET = Path(__file__).resolve().parent.parent / "cnnlib" / "data" / RUNS_FILE


def same(stored, fresh):
    """Every accuracy and column order of the fresh runs equals the stored one."""
    return all(np.array_equal(np.asarray(stored[run][key]), np.asarray(value))
               for run, results in fresh.items() for key, value in results.items())


def main(argv):
    runs = notebook_runs(progress=False)
    if "--check" in argv:
        ok = same(load_runs(), runs)
        print(f"{TARGET} is up to date" if ok else f"{TARGET} differs")
        return 0 if ok else 1
    save_runs(runs, TARGET)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
