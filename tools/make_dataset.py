"""Regenerate data/xo_dataset.npz, the X/O dataset the notebooks train on.

    python tools/make_dataset.py            # write data/xo_dataset.npz
    python tools/make_dataset.py --check    # exit 1 if the stored file differs

The set comes from cnnlib.dataset.make_dataset with the fixed seed
cnnlib.dataset.SEED, so running this again gives the same arrays.
"""
import sys

import numpy as np

from cnnlib.dataset import SEED, dataset_path, load_dataset, make_dataset, save_dataset


def regenerate():
    """The dataset as make_dataset gives it from the fixed seed."""
    return make_dataset(np.random.default_rng(SEED))


def same(a, b):
    return a.keys() == b.keys() and all(
        np.array_equal(a[k], b[k]) if k != "classes" else tuple(a[k]) == tuple(b[k]) for k in a)


def main(argv):
    data = regenerate()
    if "--check" in argv:
        ok = same(data, load_dataset())
        print("data/xo_dataset.npz is up to date" if ok else "data/xo_dataset.npz differs")
        return 0 if ok else 1
    save_dataset(data, dataset_path())
    sizes = {k: v.shape for k, v in data.items() if k != "classes"}
    print(f"wrote {dataset_path()}: {sizes}, classes {data['classes']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
