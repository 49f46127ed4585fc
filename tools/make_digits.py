"""Rerun notebook 11's digit comparison and data hunger and store them in cnnlib/data/digits_runs.npz.

    python tools/make_digits.py            # run cnnlib.digits.notebook_runs(), write the file
    python tools/make_digits.py --check    # run them again, exit 1 if the stored file differs

The runs train the series' CNN and fully connected net and fit scikit-learn's
SVM, k-nearest neighbours and logistic regression on three splits of the
digits, with all 1,200 training digits and with 25, 100 and 400: seconds of
work, so the notebook loads the result (digits.load_runs) and trains one CNN
live. Every split and model is seeded, so running this again with the same
scikit-learn gives the same accuracies.
"""
import sys
from pathlib import Path

import numpy as np

from cnnlib.digits import RUNS_FILE, load_runs, notebook_runs, save_runs

TARGET = Path(__file__).resolve().parent.parent / "cnnlib" / "data" / RUNS_FILE


def same(stored, fresh):
    """Every accuracy (and size) of the fresh runs equals the stored one."""
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
