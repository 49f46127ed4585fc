"""What tools/make_digits.py, make_tabular.py, make_beyond.py and
make_drawings.py share: rerun a notebook's stored runs and write them to
cnnlib/data, or (--check) compare them with the stored file."""
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "cnnlib" / "data"


def same(stored, fresh):
    """Every array of the fresh runs equals the stored one."""
    return all(np.array_equal(np.asarray(stored[run][key]), np.asarray(value))
               for run, results in fresh.items() for key, value in results.items())


def main(module, argv):
    """module: the topic's maths (RUNS_FILE, notebook_runs, load_runs, save_runs)."""
    target = DATA / module.RUNS_FILE
    runs = module.notebook_runs(progress=False)
    if "--check" in argv:
        ok = same(module.load_runs(), runs)
        print(f"{target} is up to date" if ok else f"{target} differs")
        return 0 if ok else 1
    module.save_runs(runs, target)
    print(f"wrote {target}")
    return 0
