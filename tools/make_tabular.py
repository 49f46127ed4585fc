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

import stored_runs
from cnnlib.beyond import tabular as topic

if __name__ == "__main__":
    sys.exit(stored_runs.main(topic, sys.argv[1:]))
