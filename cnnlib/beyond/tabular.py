"""A customer table, and models that do not care about column order.

Each row is a customer, each column a fact about them; whether they left
(churned) is the label. The columns' order means nothing: "age" is not
"near" "income" the way neighbouring pixels are near. Logistic regression
gives each column its own weight, and boosted decision stumps (a small tree
ensemble) ask one question about one column at a time; both in numpy. So
shuffling the columns only shuffles what they learn, and every prediction
stays the same.
"""
import numpy as np

from cnnlib._checks import as_array, as_float, as_int, as_rng

COLUMNS = ("age", "income", "visits_per_month", "months_customer", "support_calls", "discount")
# How each standardised column pushes towards leaving (log-odds per std).
EFFECTS = np.array([-0.3, -0.2, -1.2, -0.9, 1.4, 0.6])



def make_customers(rng, train=300, test=300):
    """A generated customer table: dict(columns, train_x (N, 6), train_y (N,),
    test_x, test_y). y is 1 for a customer who left, 0 for one who stayed."""
    rng = as_rng(rng)
    n = as_int(train, "train", 1, 10**6) + as_int(test, "test", 1, 10**6)
    table = np.column_stack([
        rng.integers(18, 80, n),                      # age
        rng.gamma(4.0, 10.0, n).round(1),             # income, thousands
        rng.poisson(4.0, n),                          # visits per month
        rng.integers(1, 120, n),                      # months a customer
        rng.poisson(1.5, n),                          # support calls
        rng.integers(0, 2, n),                        # on a discount (0/1)
    ]).astype(float)
    z = (table - table.mean(axis=0)) / table.std(axis=0)
    p = 1 / (1 + np.exp(-(z @ EFFECTS)))
    y = (rng.random(n) < p).astype(int)
    return {"columns": COLUMNS, "train_x": table[:train], "train_y": y[:train],
            "test_x": table[train:], "test_y": y[train:]}


def shuffle_columns(data, rng):
    """The same table with its columns in a random order (the same order in
    train and test). Returns (shuffled data, order): new column j is old order[j]."""
    order = as_rng(rng).permutation(len(data["columns"]))
    out = dict(data, columns=tuple(data["columns"][i] for i in order))
    out["train_x"], out["test_x"] = data["train_x"][:, order], data["test_x"][:, order]
    return out, order


class Logistic:
    """Logistic regression: p(left) = sigmoid(standardised(x) @ w + b)."""

    def __init__(self, mean, std, w, b):
        self.mean, self.std, self.w, self.b = mean, std, w, b

    def probabilities(self, x):
        """x: (N, C) raw table rows -> (N,) probability of leaving."""
        x = as_array(x, "x", (2,), "a 2-D table (rows, columns)")
        if x.shape[1] != self.w.size:
            raise ValueError(f"x must have {self.w.size} columns, got {x.shape[1]}")
        return 1 / (1 + np.exp(-(((x - self.mean) / self.std) @ self.w + self.b)))

    def predict(self, x):
        return (self.probabilities(x) >= 0.5).astype(int)

    def accuracy(self, x, y):
        return float(np.mean(self.predict(x) == np.asarray(y)))


def _zero_one(y):
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"y must be labels 0 (stayed) or 1 (left), got values such as "
                         f"{y[~np.isin(y, (0, 1))][0]:g}")


def fit_logistic(x, y, learning_rate=0.5, steps=300):
    """Full-batch gradient descent on the mean cross-entropy, from zero weights.

    x: (N, C), y: (N,) of 0/1. dL/dw = z.T (p - y) / N, dL/db = mean(p - y).
    No randomness: the same table gives the same model.
    """
    x = as_array(x, "x", (2,), "a 2-D table (rows, columns)")
    y = as_array(y, "y", (1,), "a 1-D array of 0/1 labels (rows,)")
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y must have one label per row of x ({x.shape[0]}), got {y.shape[0]}")
    steps = as_int(steps, "steps", 1, 10**5)
    learning_rate = as_float(learning_rate, "learning_rate", above=0, high=100)
    _zero_one(y)
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    z = (x - mean) / std
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= learning_rate * z.T @ (p - y) / len(y)
        b -= learning_rate * float(np.mean(p - y))
    return Logistic(mean, std, w, b)


class Stumps:
    """Boosted decision stumps: the sum of many one-question trees
    ("is column j <= t?" -> a score for each answer), then a sigmoid."""

    def __init__(self, columns, thresholds, left, right, base):
        self.columns, self.thresholds = columns, thresholds
        self.left, self.right, self.base = left, right, base

    def scores(self, x):
        """x: (N, C) raw table rows -> (N,) log-odds of leaving."""
        x = as_array(x, "x", (2,), "a 2-D table (rows, columns)")
        below = x[:, self.columns] <= self.thresholds           # (N, trees)
        return self.base + np.where(below, self.left, self.right).sum(axis=1)

    def predict(self, x):
        return (self.scores(x) >= 0).astype(int)

    def accuracy(self, x, y):
        return float(np.mean(self.predict(x) == np.asarray(y)))


def fit_stumps(x, y, trees=60, learning_rate=0.3, cuts=16):
    """Gradient boosting with stumps on the cross-entropy (a small tree ensemble).

    Each round fits one stump to the gradient g = y - p, weighted by
    h = p (1 - p): for every column and every threshold (cuts quantiles per
    column) the leaf scores are sum(g) / sum(h) on each side, and the split with
    the largest gain G_left^2 / H_left + G_right^2 / H_right wins.
    """
    x = as_array(x, "x", (2,), "a 2-D table (rows, columns)")
    y = as_array(y, "y", (1,), "a 1-D array of 0/1 labels (rows,)")
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y must have one label per row of x ({x.shape[0]}), got {y.shape[0]}")
    trees = as_int(trees, "trees", 1, 10**4)
    cuts = as_int(cuts, "cuts", 1, 1000)
    learning_rate = as_float(learning_rate, "learning_rate", above=0, high=100)
    _zero_one(y)
    if y.min() == y.max():
        raise ValueError("y must hold both labels, 0 and 1, to learn to tell them apart; "
                         f"got only {y[0]:g}")
    # candidate thresholds per column: (C, cuts), and which rows fall below each
    thresholds = np.quantile(x, np.linspace(0, 1, cuts + 2)[1:-1], axis=0).T
    below = (x.T[:, None, :] <= thresholds[:, :, None]).astype(float)   # (C, cuts, N)
    base = float(np.log(y.mean() / (1 - y.mean())))
    score = np.full(len(y), base)
    chosen = []
    for _ in range(trees):
        p = 1 / (1 + np.exp(-score))
        g, h = y - p, p * (1 - p)
        gl, hl = below @ g, below @ h                                     # (C, cuts)
        gr, hr = g.sum() - gl, h.sum() - hl
        gain = gl ** 2 / (hl + 1e-9) + gr ** 2 / (hr + 1e-9)
        j, k = np.unravel_index(np.argmax(gain), gain.shape)
        left = learning_rate * gl[j, k] / (hl[j, k] + 1e-9)
        right = learning_rate * gr[j, k] / (hr[j, k] + 1e-9)
        score += np.where(below[j, k] > 0, left, right)
        chosen.append((j, thresholds[j, k], left, right))
    j, t, left, right = (np.array(v) for v in zip(*chosen))
    return Stumps(j.astype(int), t, left, right, base)


MODELS = {"logistic regression": fit_logistic, "boosted stumps": fit_stumps}


def column_experiment(data, rng, shuffles=3, models=MODELS):
    """Fit every model on the table as it is and on `shuffles` column-shuffled
    copies. Returns a list of (column order, {model name: test accuracy}),
    the original order first."""
    results = []
    for i in range(as_int(shuffles, "shuffles", 0) + 1):
        table = data if i == 0 else shuffle_columns(data, rng)[0]
        scores = {name: fit(table["train_x"], table["train_y"]).accuracy(table["test_x"], table["test_y"])
                  for name, fit in models.items()}
        results.append((tuple(table["columns"]), scores))
    return results
