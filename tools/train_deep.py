"""Retrain notebook 09's networks and store them in cnnlib/data/deep_models.npz.

    python tools/train_deep.py            # train every recipe x seed, write the file
    python tools/train_deep.py --check    # retrain seed 0 of "two stages", exit 1 if it differs
    python tools/train_deep.py --missing  # keep the stored networks, train only recipes not stored

Every recipe of cnnlib.deep.depth.RECIPES and of the control SWEEP from every seed
of cnnlib.deep.depth.SEEDS, trained on the stored T-or-L set
(cnnlib.deep.arrangement.load_arrangement); every recipe of PAIRS from every seed of
PAIR_SEEDS, on the pairs set (cnnlib.deep.arrangement.load_pairs); then the
black-box substitute for the median two-stage network. It takes
minutes; the notebook loads the result.
"""
import sys
import time
from pathlib import Path

import numpy as np

from cnnlib.deep.arrangement import load_arrangement, load_pairs
from cnnlib.deep.depth import (MODELS_FILE, PAIR_SEEDS, PAIRS, RECIPES, SEEDS, SUBSTITUTE, SWEEP,
                          accuracy_table, load_models, median_seed, save_models, train,
                          train_black_box_substitute)

TARGET = Path(__file__).resolve().parent.parent / "cnnlib" / "data" / MODELS_FILE


def main(argv):
    data = load_arrangement()
    if "--check" in argv:
        fresh = train("two stages", 0, data)
        stored = load_models()["two stages", 0]
        ok = all(np.array_equal(fresh.params[k].astype(np.float32), stored.params[k])
                 for k in fresh.params)
        print(f"{TARGET} is up to date" if ok else f"{TARGET} differs")
        return 0 if ok else 1
    models = load_models() if "--missing" in argv and TARGET.is_file() else {}
    jobs = [(kind, SEEDS, data) for kind in {**RECIPES, **SWEEP}]
    jobs += [(kind, PAIR_SEEDS, load_pairs()) for kind in PAIRS]
    for kind, seeds, pictures in jobs:
        for seed in seeds:
            if (kind, seed) in models:
                continue
            start = time.perf_counter()
            models[kind, seed] = model = train(kind, seed, pictures)
            print(f"{kind:16} seed {seed}: test accuracy {model.history['test_accuracy'][-1]:.3f}"
                  f" ({time.perf_counter() - start:.0f} s)", flush=True)
        save_models(models, TARGET)          # after every recipe: a stop loses little
    models = load_models()       # the substitute imitates the target as stored (float32)
    seed = median_seed(accuracy_table(models, data)["two stages"])
    if (SUBSTITUTE, seed) in models:
        print(f"wrote {TARGET}")
        return 0
    models[SUBSTITUTE, seed] = train_black_box_substitute(models["two stages", seed])
    print(f"substitute for two stages, seed {seed}: agrees with it on "
          f"{models[SUBSTITUTE, seed].history['train_accuracy'][-1]:.3f} of the queries", flush=True)
    save_models(models, TARGET)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
