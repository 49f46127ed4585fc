"""Regenerate cnnlib/data/arrangement.npz, the T-or-L dataset of notebook 09.

    python tools/make_arrangement.py            # write cnnlib/data/arrangement.npz
    python tools/make_arrangement.py --check    # exit 1 if the stored file differs

The file is written into this repository's cnnlib/data/ (package data, so a
wheel built afterwards ships it), whichever cnnlib is installed. The set
comes from cnnlib.deep.arrangement.make_arrangement with the fixed seed
cnnlib.deep.arrangement.SEED, so running this again gives the same arrays.
"""
import sys
from pathlib import Path

import numpy as np

from cnnlib.deep.arrangement import DATASET_FILE, SEED, make_arrangement, save_arrangement

TARGET = Path(__file__).resolve().parent.parent / "cnnlib" / "data" / DATASET_FILE


def regenerate():
    """The dataset as make_arrangement gives it from the fixed seed."""
    return make_arrangement(np.random.default_rng(SEED))


def main(argv):
    data = regenerate()
    if "--check" in argv:
        from cnnlib.deep.arrangement import load_arrangement
        stored = load_arrangement()
        ok = stored.keys() == data.keys() and all(
            np.array_equal(stored[k], data[k]) if k != "classes" else stored[k] == data[k]
            for k in data)
        print(f"{TARGET} is up to date" if ok else f"{TARGET} differs")
        return 0 if ok else 1
    save_arrangement(data, TARGET)
    sizes = {k: v.shape for k, v in data.items() if k != "classes"}
    print(f"wrote {TARGET}: {sizes}, classes {data['classes']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
