"""Rerun notebook 06's data-hunger experiment and store it in cnnlib/data/data_hunger.npz.

    python tools/make_hunger.py            # run learning_curves with HUNGER_RUN, write the file
    python tools/make_hunger.py --check    # run it again, exit 1 if the stored file differs

The run is cnnlib.training.learning_curves(load_dataset(), **HUNGER_RUN): the
CNN and logistic regression on 7 training-set sizes from 5 seeds each, which
takes seconds; the notebook loads the result (load_learning_curves) and reruns
one entry live. Every run picks its images and starts its weights from its
seed, so running this again gives the same accuracies.
"""
import sys
from pathlib import Path

import numpy as np

from cnnlib.dataset import load_dataset
from cnnlib.training import (HUNGER_FILE, HUNGER_RUN, learning_curves, load_learning_curves,
                             save_learning_curves)

TARGET = Path(__file__).resolve().parent.parent / "cnnlib" / "data" / HUNGER_FILE


def regenerate():
    """The curves as learning_curves gives them for the stored dataset and HUNGER_RUN."""
    return learning_curves(load_dataset(), **HUNGER_RUN)


def main(argv):
    curves = regenerate()
    if "--check" in argv:
        stored = load_learning_curves()
        ok = stored.keys() == curves.keys() and all(np.array_equal(stored[k], curves[k])
                                                     for k in curves)
        print(f"{TARGET} is up to date" if ok else f"{TARGET} differs")
        return 0 if ok else 1
    save_learning_curves(curves, TARGET)
    print(f"wrote {TARGET}: {', '.join(f'{k} {v.shape}' for k, v in curves.items())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
