"""Rerun notebook 10's examples-per-class experiment and store it in cnnlib/data/drawings_runs.npz.

    python tools/make_drawings.py            # run cnnlib.own_drawings.notebook_runs(), write the file
    python tools/make_drawings.py --check    # run it again, exit 1 if the stored file differs

The run trains the series' CNN on 2, 5 and 20 of the notebook's sketched
drawings per class, with and without shifted copies, seeds 0 to 4, and tests
each on 30 other drawings per class: thirty trainings, seconds of work, so
the notebook loads the result (own_drawings.load_runs). Every drawing and
training is seeded, so running this again gives the same accuracies.
"""
import sys

import stored_runs
from cnnlib import own_drawings as topic

if __name__ == "__main__":
    sys.exit(stored_runs.main(topic, sys.argv[1:]))
