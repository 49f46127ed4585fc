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

import stored_runs
from cnnlib import digits as topic

if __name__ == "__main__":
    sys.exit(stored_runs.main(topic, sys.argv[1:]))
