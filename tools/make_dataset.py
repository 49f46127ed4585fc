"""Regenerate cnnlib/data/xo_dataset.npz, the X/O dataset the notebooks train on.

    python tools/make_dataset.py            # write cnnlib/data/xo_dataset.npz
    python tools/make_dataset.py --check    # exit 1 if the stored file differs

The file is written into this repository's cnnlib/data/ (package data, so a
wheel built afterwards ships it), whichever cnnlib is installed.

The set comes from cnnlib.dataset.make_dataset with the fixed seed
cnnlib.dataset.SEED, so running this again gives the same arrays.
"""
import sys
from pathlib import Path

import numpy as np

from cnnlib.dataset import DATASET_FILE, SEED, make_dataset, save_dataset

TARGET = Path(__file__).resolve().parent.parent / "cnnlib" / "data" / DATASET_FILE


def regenerate():
    """The dataset as make_dataset gives it from the fixed seed."""
    return make_dataset(np.random.default_rng(SEED))


def same(a, b):
    return a.keys() == b.keys() and all(
        np.array_equal(a[k], b[k]) if k != "classes" else tuple(a[k]) == tuple(b[k]) for k in a)


def main(argv):
    data = regenerate()
    if "--check" in argv:
        with np.load(TARGET, allow_pickle=False) as f:
            stored = {k: f[k] for k in f.files}
        ok = same(data, stored)
        print(f"{TARGET} is up to date" if ok else f"{TARGET} differs")
        return 0 if ok else 1
    save_dataset(data, TARGET)
    sizes = {k: v.shape for k, v in data.items() if k != "classes"}
    print(f"wrote {TARGET}: {sizes}, classes {data['classes']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
