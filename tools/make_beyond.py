"""Rerun notebook 08's scramble experiment and transfer learning and store them in cnnlib/data/beyond_runs.npz.

    python tools/make_beyond.py            # run cnnlib.beyond.runs.notebook_runs(), write the file
    python tools/make_beyond.py --check    # run them again, exit 1 if the stored file differs

The runs train three networks on X/O pictures scrambled five ways, three seeds
each, and, for + against − with 1, 2, 4 and 8 examples of each, a CNN from
scratch, one with frozen random features and one with the X/O network's frozen
features, six seeds each: seconds of work, so the notebook loads the result
(runs.load_runs). Every network and dataset is seeded, so running this again
gives the same accuracies.
"""
import sys

import stored_runs
from cnnlib.beyond import runs as topic

if __name__ == "__main__":
    sys.exit(stored_runs.main(topic, sys.argv[1:]))
