"""Tables: a customer table and a real one, and the models that own them.

Each row is a case, each column a fact about it, and the label is what to
predict. The columns' order means nothing: "age" is not "near" "income" the
way neighbouring pixels are near. The models people use for tables are
scikit-learn's (CLASSIFIERS): gradient-boosted trees, a random forest and
logistic regression, which ask about, or weigh, one column at a time. Next
to them are two of the series' own networks (NetClassifier): a fully
connected net, and a CNN that lays each row out as a small picture and
slides 3x3 features over it, so it is the one model for which the column
order changes what it can learn. order_experiment measures by how much.

make_customers is the lecture's made-up customer table; load_table reads a
real table that scikit-learn ships (no download): "breast_cancer" (569
tumours, 30 measurements, malignant or benign) or "wine" (178 wines, 13
measurements, 3 cultivars).
"""
import numpy as np

from cnnlib._checks import (as_array, as_choice, as_float, as_int, as_rng, as_seed, as_shape,
                            check_size, describe)
from cnnlib._progress import bar
from cnnlib._threads import one_thread
from cnnlib.data import read_stored, save_stored_runs, stored_accuracies
from cnnlib.network import train_model

COLUMNS = ("age", "income", "visits_per_month", "months_customer", "support_calls", "discount")
# How each standardised column pushes towards leaving (log-odds per std).
EFFECTS = np.array([-0.3, -0.2, -1.2, -0.9, 1.4, 0.6])
TABLES = ("breast_cancer", "wine")




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
            "test_x": table[train:], "test_y": y[train:], "classes": ("stayed", "left"),
            "picture": (2, 3)}


def make_irregular(rng, train=500, test=500, informative=4, uninformative=16, steps=8,
                   irregular=True):
    """A generated table with the two conditions under which tree ensembles
    beat neural networks in Grinsztajn, Oyallon and Varoquaux (NeurIPS 2022,
    "Why do tree-based models still outperform deep learning on typical
    tabular data?"): an irregular target and uninformative columns.

    Every column is uniform on [0, 1). The label is 1 where a score over the
    `informative` first columns is above its median: the sum, over those
    columns, of a step function of each (irregular=True: `steps` steps of
    random heights, so the label jumps back and forth along every column) or
    of the column itself (irregular=False: a smooth, straight-line target,
    the control). The `uninformative` columns after them are noise the label
    never reads. dict(columns, classes, train_x (train, C), train_y, test_x,
    test_y, picture) like load_table(); the first columns are named "x1",
    "x2", ..., the noise "noise1", ..."""
    rng = as_rng(rng)
    train, test = as_int(train, "train", 10, 10**6), as_int(test, "test", 1, 10**6)
    informative = as_int(informative, "informative", 1, 100)
    uninformative = as_int(uninformative, "uninformative", 0, 1000)
    steps = as_int(steps, "steps", 2, 1000)
    x = rng.random((train + test, informative + uninformative))
    if irregular:
        heights = rng.normal(size=(informative, steps))
        bins = np.minimum((x[:, :informative] * steps).astype(int), steps - 1)
        score = heights[np.arange(informative), bins].sum(axis=1)
    else:
        score = x[:, :informative].sum(axis=1)
    y = (score > np.median(score)).astype(np.int64)
    columns = tuple(f"x{i + 1}" for i in range(informative)) + tuple(
        f"noise{i + 1}" for i in range(uninformative))
    return {"columns": columns, "classes": ("0", "1"),
            "train_x": x[:train], "train_y": y[:train], "test_x": x[train:], "test_y": y[train:],
            "picture": picture_shape(len(columns))}


def load_table(name="breast_cancer", seed=0, test=1 / 3):
    """A real table that scikit-learn ships, split at random (seeded) into
    train and test: dict(columns, classes, train_x (N, C), train_y (N,) ints,
    test_x, test_y, picture). picture: the (rows, columns) the CNN lays a row
    out as. The breast-cancer table's 30 columns are 10 measurements of a
    tumour's cells (radius, texture, ...) each as a mean, a standard error and
    a worst value, so its natural picture is 3 x 10: one row per kind, one
    column per measurement (neighbours are related, as pixels are)."""
    # scikit-learn takes about a second to import: only where it is used
    from sklearn import datasets
    name = as_choice(name, "name", TABLES)
    raw = getattr(datasets, f"load_{name}")()
    x, y = raw.data.astype(float), raw.target.astype(np.int64)
    test = as_float(test, "test", above=0, high=0.9, hint="the fraction of rows held out, "
                                                         "e.g. 1/3")
    order = np.random.default_rng(as_seed(seed)).permutation(len(y))
    n_test = max(1, int(round(len(y) * test)))
    held, rest = order[:n_test], order[n_test:]
    picture = (3, 10) if name == "breast_cancer" else picture_shape(x.shape[1])
    return {"columns": tuple(str(c) for c in raw.feature_names),
            "classes": tuple(str(c) for c in raw.target_names),
            "train_x": x[rest], "train_y": y[rest], "test_x": x[held], "test_y": y[held],
            "picture": picture}


def picture_shape(columns):
    """The most nearly square (rows, cols), rows <= cols, holding `columns` values."""
    columns = as_int(columns, "columns", 1)
    rows = int(np.floor(np.sqrt(columns)))
    return rows, int(np.ceil(columns / rows))


def _as_table(data, name="data"):
    """A table dict like load_table() gives, checked: columns, train_x (N, C),
    train_y (N,), test_x, test_y."""
    keys = ("columns", "train_x", "train_y", "test_x", "test_y")
    if not isinstance(data, dict) or any(k not in data for k in keys):
        raise TypeError(f"{name} must be a table dict like load_table() gives (with "
                        f"{', '.join(keys)}), got {describe(data)}")
    out = dict(data)
    for part in ("train", "test"):
        x = as_array(data[f"{part}_x"], f"{name}['{part}_x']", (2,), "rows (N, C)")
        y = np.asarray(data[f"{part}_y"])
        if x.shape[1] != len(data["columns"]) or y.shape != (len(x),):
            raise ValueError(f"{name}['{part}_x'] must have one column per name "
                             f"({len(data['columns'])}) and {name}['{part}_y'] one label per "
                             f"row ({len(x)}), got {x.shape} and {y.shape}")
        out[f"{part}_x"] = x
    return out


def shuffle_columns(data, rng):
    """The same table with its columns in a random order (the same order in
    train and test). Returns (shuffled data, order): new column j is old order[j]."""
    order = as_rng(rng).permutation(len(data["columns"]))
    out = dict(data, columns=tuple(data["columns"][i] for i in order))
    out["train_x"], out["test_x"] = data["train_x"][:, order], data["test_x"][:, order]
    return out, order


# --- the models people use for tables, and the series' two networks --------------

class NetClassifier:
    """The series' own network on a table, with scikit-learn's fit/score/predict.

    Columns are standardised with the training rows' mean and spread. kind
    "dense": the fully connected net (stages=(), one hidden layer of `hidden`).
    kind "cnn": each row laid out as a (rows, cols) picture, row-major, in the
    table's column order, padded with zeros; 3x3 features (2x2 on a picture
    smaller than 3 high), max pooling, the votes. seed: weights and shuffles.
    """

    def __init__(self, kind, seed=0, picture=None, hidden=16, epochs=20, learning_rate=0.1,
                 batch_size=20):
        self.kind = as_choice(kind, "kind", ("dense", "cnn"))
        picture = None if picture is None else as_shape(picture, "picture")
        self.seed, self.picture, self.hidden = as_seed(seed), picture, hidden
        self.settings = dict(epochs=epochs, learning_rate=learning_rate, batch_size=batch_size)

    def _pictures(self, x):
        x = as_array(x, "x", (2,), "a 2-D table (rows, columns)")
        if x.shape[1] != len(self.mean):
            raise ValueError(f"x must have {len(self.mean)} columns (as in training), got {x.shape[1]}")
        z = (x - self.mean) / self.std
        h, w = self.shape
        padded = np.zeros((len(z), h * w))
        padded[:, :z.shape[1]] = z
        return padded.reshape(-1, h, w)

    def fit(self, x, y):
        x = as_array(x, "x", (2,), "a 2-D table (rows, columns)")
        y = np.asarray(y)
        if len(y) != len(x):
            raise ValueError(f"y must have one label per row of x ({len(x)}), got {len(y)}")
        self.mean, self.std = x.mean(axis=0), x.std(axis=0)
        self.std[self.std == 0] = 1.0
        self.classes_ = np.unique(y)
        if self.kind == "cnn":
            self.shape = tuple(self.picture or picture_shape(x.shape[1]))
            arch = dict(features=8, feature_size=min(3, *self.shape), pool_size=2, pool_stride=2)
        else:
            self.shape, arch = (1, x.shape[1]), dict(stages=(), hidden=self.hidden)
        if self.shape[0] * self.shape[1] < x.shape[1]:
            raise ValueError(f"picture {self.shape} has fewer cells than the {x.shape[1]} columns")
        labels = np.searchsorted(self.classes_, y)
        data = dict(train_images=self._pictures(x), train_labels=labels,
                    classes=tuple(str(c) for c in self.classes_))
        self.model = train_model(self.seed, data=data, **arch, **self.settings,
                                 progress=False)      # the experiment shows one bar
        return self

    def predict(self, x):
        return self.classes_[np.argmax(self.model.scores(self._pictures(x)), axis=1)]

    def score(self, x, y):
        return float(np.mean(self.predict(x) == np.asarray(y)))


def classifiers(seed=0, picture=None):
    """{name: an unfitted classifier} for the comparison, each seeded with seed:
    scikit-learn's gradient-boosted trees (HistGradientBoostingClassifier),
    random forest (100 trees) and logistic regression (on standardised
    columns), and the series' fully connected net and CNN (NetClassifier)."""
    # scikit-learn takes about a second to import: only where it is used
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    seed = as_seed(seed)
    return {"gradient-boosted trees": HistGradientBoostingClassifier(random_state=seed),
            "random forest": RandomForestClassifier(n_estimators=100, random_state=seed),
            "logistic regression": make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)),
            "fully connected net": NetClassifier("dense", seed),
            "CNN (row as a picture)": NetClassifier("cnn", seed, picture)}


CLASSIFIERS = tuple(classifiers())
# Early stopping ("auto") and subsampled binning switch on above these many rows.
HGB_EARLY_STOPPING_ROWS = 10_000


def seedless(name, rows):
    """True if classifier `name` of CLASSIFIERS fits the same way whatever its
    seed, on a table of `rows` training rows: logistic regression (nothing
    random), and the gradient-boosted trees up to 10,000 rows (above that,
    scikit-learn holds out a random validation set to stop early). Their
    seeds only repeat the same fit (tests/beyond/test_tabular.py checks)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be one of {', '.join(map(repr, CLASSIFIERS))}; "
                        f"got {describe(name)}")
    name, rows = as_choice(name, "name", CLASSIFIERS), as_int(rows, "rows", 1)
    return name == "logistic regression" or (
        name == "gradient-boosted trees" and rows <= HGB_EARLY_STOPPING_ROWS)


def _seeds(seeds, fits):
    """A non-empty list of seeds; `fits` of every classifier with each, at most 1000."""
    if isinstance(seeds, (str, bytes, dict)) or not hasattr(seeds, "__len__") or not len(seeds):
        raise TypeError(f"seeds must be a non-empty list of seeds such as range(3), got "
                        f"{describe(seeds)}")
    check_size(len(seeds) * fits, "seeds", "fits of every classifier", 1000)
    return [as_seed(v, f"seeds[{i}]") for i, v in enumerate(seeds)]


def compare_tables(tables, seeds=range(2), progress=None):
    """Every classifier of CLASSIFIERS fitted on each table (a list of table
    dicts like load_table() gives; the CNN lays a row out as the table's
    "picture"), with every seed. Returns {name: array (tables, seeds) of test
    accuracy}. A seedless() classifier is fitted once per table: every seed's
    fit is that one.
    progress: one bar of the work (None: in a notebook only; see cnnlib._progress)."""
    if isinstance(tables, dict) or not isinstance(tables, (list, tuple)) or not tables:
        raise TypeError(f"tables must be a non-empty list of table dicts like load_table() "
                        f"gives, got {describe(tables)}")
    tables = [_as_table(t, f"tables[{i}]") for i, t in enumerate(tables)]
    seeds = _seeds(seeds, len(tables))
    out = {name: np.zeros((len(tables), len(seeds))) for name in CLASSIFIERS}
    total = len(tables) * len(seeds) * len(CLASSIFIERS)
    with one_thread(), bar(total, "fitting classifiers", "fit", progress) as shown:
        for i, table in enumerate(tables):
            for j, seed in enumerate(seeds):
                for name, model in classifiers(seed, table.get("picture")).items():
                    if j > 0 and seedless(name, len(table["train_y"])):
                        out[name][i, j] = out[name][i, 0]
                    else:
                        model.fit(table["train_x"], table["train_y"])
                        out[name][i, j] = model.score(table["test_x"], table["test_y"])
                    shown.update()
    return out


def order_experiment(data, orders=4, seeds=range(3), progress=None):
    """Every classifier on the table as it is and in `orders` random column
    orders (order k shuffled by numpy.random.default_rng(k)), each with every
    seed. Returns dict(orders: [column order (C,) per order, the original first],
    name: array (1 + orders, seeds) of test accuracy) for each of CLASSIFIERS.
    A seedless() classifier is fitted once per order: every seed's fit is that one.
    progress: one bar of the work (None: in a notebook only; see cnnlib._progress)."""
    data = _as_table(data)
    orders = as_int(orders, "orders", 0, 1000)
    seeds = _seeds(seeds, orders + 1)
    out = {"orders": [np.arange(len(data["columns"]))]}
    tables = [data]
    for k in range(1, orders + 1):
        shuffled, order = shuffle_columns(data, np.random.default_rng(k))
        tables.append(shuffled)
        out["orders"].append(order)
    return {**out, **compare_tables(tables, seeds, progress)}


# Notebook 11's tabular runs: notebook_runs() fits every model some 80 times (seconds of
# work), so tools/make_tabular.py stores them here and the notebook loads them (load_runs).
RUNS_FILE, RUNS_TOOL = "tabular_runs.npz", "tools/make_tabular.py"
RUNS = ("breast_cancer", "customers", "conditions")


def conditions_tables():
    """The finding's conditions (make_irregular, seed 0) and its two controls:
    [irregular target and noise columns, irregular without noise, smooth without noise]."""
    return [make_irregular(np.random.default_rng(0)),
            make_irregular(np.random.default_rng(0), uninformative=0),
            make_irregular(np.random.default_rng(0), uninformative=0, irregular=False)]


def notebook_runs(progress=None):
    """Notebook 11's three experiments, run now: {"breast_cancer":
    order_experiment(load_table("breast_cancer", seed=0), orders=3, seeds=range(2)),
    "customers": the same on make_customers(np.random.default_rng(0)),
    "conditions": compare_tables(conditions_tables(), seeds=(0,))}."""
    return {"breast_cancer": order_experiment(load_table("breast_cancer", seed=0), orders=3,
                                              seeds=range(2), progress=progress),
            "customers": order_experiment(make_customers(np.random.default_rng(0)), orders=3,
                                          seeds=range(2), progress=progress),
            "conditions": compare_tables(conditions_tables(), seeds=(0,), progress=progress)}


def save_runs(runs, path):
    """Write notebook_runs()'s result to .npz (plain arrays, no pickle), with the
    scikit-learn version that fitted its trees and logistic regressions."""
    save_stored_runs(runs, path)


def load_runs():
    """notebook_runs() as stored by tools/make_tabular.py: the same dict (each
    run's "orders" a list of column orders), plus "sklearn_version"."""
    needs = [f"{run}/{name}" for run in RUNS for name in CLASSIFIERS]
    needs += ["sklearn_version", "breast_cancer/orders", "customers/orders"]
    stored = read_stored(RUNS_FILE, RUNS_TOOL, needs)
    runs = {"sklearn_version": str(stored["sklearn_version"])}
    for run in RUNS:
        results = {name: stored_accuracies(stored, f"{run}/{name}", ("tables", "seeds"),
                                           RUNS_FILE, RUNS_TOOL) for name in CLASSIFIERS}
        if f"{run}/orders" in stored:
            results = {"orders": list(stored[f"{run}/orders"]), **results}
        runs[run] = results
    return runs


def order_effect(results, name):
    """How much the column order matters to one classifier in order_experiment's
    results: (mean accuracy in the original order, mean over the shuffled
    orders, the largest minus the smallest order's mean accuracy)."""
    if not isinstance(results, dict) or "orders" not in results:
        raise TypeError(f"results must be the dict order_experiment() returns, got "
                        f"{describe(results)}")
    name = as_choice(name, "name", [k for k in results if k != "orders"])
    by_order = as_array(results[name], f"results[{name!r}]", (2,),
                        "accuracies (orders, seeds)").mean(axis=1)
    if len(by_order) < 2:
        raise ValueError(f"results[{name!r}] has no shuffled order to compare with; run "
                         f"order_experiment with orders >= 1")
    return float(by_order[0]), float(by_order[1:].mean()), float(by_order.max() - by_order.min())


def rule_path(tree, row, columns, classes=None):
    """The questions a fitted scikit-learn decision tree asks of one row, in
    words: a list of strings like "worst radius = 13.1 <= 16.8: yes", then
    the leaf's answer. tree: a DecisionTreeClassifier (or one tree of a
    random forest); row: (C,) one table row; columns: the C column names;
    classes: names for the tree's labels 0, 1, ... (default: the labels)."""
    structure = getattr(tree, "tree_", None)
    if structure is None:
        raise TypeError(f"tree must be a fitted scikit-learn decision tree, got {describe(tree)}")
    row = as_array(row, "row", (1,), "one table row (C,)")
    if isinstance(columns, (str, bytes)) or not hasattr(columns, "__len__"):
        raise TypeError(f"columns must be the column names, one per value, got "
                        f"{describe(columns)}")
    if classes is not None and (isinstance(classes, (str, bytes))
                                or not hasattr(classes, "__len__")
                                or len(classes) < len(tree.classes_)):
        raise TypeError(f"classes must name the tree's {len(tree.classes_)} labels, got "
                        f"{describe(classes)}")
    if len(row) != len(columns) or len(row) != tree.n_features_in_:
        raise ValueError(f"row must have the tree's {tree.n_features_in_} columns, got {len(row)} "
                         f"values and {len(columns)} names")
    node, words = 0, []
    while structure.children_left[node] != -1:
        j, t = structure.feature[node], structure.threshold[node]
        below = row[j] <= t
        words.append(f"{columns[j]} = {row[j]:.4g} <= {t:.4g}: {'yes' if below else 'no'}")
        node = structure.children_left[node] if below else structure.children_right[node]
    counts = structure.value[node][0]
    answer = tree.classes_[int(np.argmax(counts))]
    words.append(f"answer: {answer if classes is None else classes[int(answer)]} "
                 f"({counts.max() / counts.sum():.0%} of the training rows that end here)")
    return words
