"""Real handwriting: the series' CNN on scikit-learn's 1,797 handwritten digits.

sklearn.datasets.load_digits ships inside scikit-learn (no download): 8x8
pictures of the digits 0-9 written by 43 people, each pixel a count of ink
from 0 (paper) to 16 (full stroke). to_grid maps them onto the series'
range, -1 background to +1 stroke (v / 8 - 1), so the lecture's machinery
reads them as it reads the X/O grids.

The CNN is cnnlib.network's Model (DIGITS_CNN: 8 features of 3x3, max pool
2x2, the votes); the fully connected net is the same Model with stages=()
and one hidden layer (DIGITS_DENSE). Beside them, the models people use on
these digits, scikit-learn's with their default settings (CLASSICAL): a
support vector machine with an RBF kernel (SVC()), k-nearest neighbours
(5 neighbours) and logistic regression.
Every split and every model is seeded: seed s splits the digits with
numpy.random.default_rng(s) and trains with seed s, so a run is the same
every time: compare and data_hunger keep each (seed, training size) run's
accuracies once computed, and share them (data_hunger's full size is
compare's run). The many small trainings run with one BLAS thread
(cnnlib._threads.one_thread): on two busy cores, threads only wait for each other.
"""
import functools

import numpy as np

from cnnlib._checks import (as_array, as_choice, as_dataset, as_int, as_model, as_seed,
                            check_size, describe)
from cnnlib._progress import bar
from cnnlib._threads import one_thread
from cnnlib.data import read_stored, save_stored_runs, stored_accuracies
from cnnlib.beyond.transfer import features_only
from cnnlib.network import Model, train_model

CLASSES = tuple(str(d) for d in range(10))
TEST = 597                          # 1,200 training digits, 597 held out
FULL = 1797 - TEST                  # every training digit
TRAINING = dict(epochs=20, learning_rate=0.2, batch_size=20)
DIGITS_CNN = dict(features=8, feature_size=3, **TRAINING)
DIGITS_DENSE = dict(stages=(), hidden=32, **TRAINING)
CLASSICAL = ("SVM (RBF kernel)", "k-nearest neighbours", "logistic regression")
MODELS = ("CNN", "fully connected") + CLASSICAL


def to_grid(pixels):
    """Ink counts 0..16 -> the series' values: 0 -> -1 (paper), 16 -> +1 (stroke)."""
    pixels = as_array(pixels, "pixels", (1, 2, 3), "ink counts: a picture (8, 8) or a stack",
                      hint="sklearn's digits count ink from 0 to 16")
    if pixels.min() < 0 or pixels.max() > 16:
        raise ValueError(f"pixels must be ink counts from 0 to 16, got values from "
                         f"{pixels.min():g} to {pixels.max():g}")
    return pixels / 8.0 - 1.0


def _seeds(seeds, name="seeds"):
    """A non-empty list of seeds (ints >= 0), at most 100 of them."""
    if isinstance(seeds, (str, bytes, dict)) or not hasattr(seeds, "__len__") or not len(seeds):
        raise TypeError(f"{name} must be a non-empty list of seeds such as range(3), "
                        f"got {describe(seeds)}")
    check_size(len(seeds), name, "seeds (each trains every model)", 100)
    return [as_seed(s, f"{name}[{i}]") for i, s in enumerate(seeds)]


def _sizes(sizes, name, low, high):
    """A non-empty list of whole numbers from low to high."""
    if isinstance(sizes, (str, bytes, dict)) or not hasattr(sizes, "__len__") or not len(sizes):
        raise TypeError(f"{name} must be a non-empty list of whole numbers such as "
                        f"(25, 50), got {describe(sizes)}")
    check_size(len(sizes), name, "sizes", 100)
    return [as_int(n, f"{name}[{i}]", low, high) for i, n in enumerate(sizes)]


def _test_for(model, data, name="data"):
    """data's test part (a dict like load_digits_data()), pictures of model's size."""
    return as_dataset(data, name, parts=("test",), shape=tuple(model.hyper["image_shape"]),
                      classes=tuple(model.classes))


@functools.lru_cache(maxsize=1)
def _digits():
    # scikit-learn takes about a second to import: only where it is used
    from sklearn.datasets import load_digits
    raw = load_digits()
    return to_grid(raw.images), raw.target.astype(np.int64)


def digits():
    """Every digit: (images (1797, 8, 8) in [-1, 1], labels (1797,) ints 0-9)
    (read once; a copy each time)."""
    images, labels = _digits()
    return images.copy(), labels.copy()


def load_digits_data(seed=0, test=TEST, train=None):
    """A dataset dict like cnnlib.load_dataset(): train_images (N, 8, 8),
    train_labels (N,), test_images (test, 8, 8), test_labels, classes ('0'..'9').
    seed shuffles the digits before the split; train: keep only the first
    `train` training digits (for data hunger), default all that are left."""
    seed = as_seed(seed)
    images, labels = digits()
    test = as_int(test, "test", 1, len(images) - 10)
    order = np.random.default_rng(seed).permutation(len(images))
    held, rest = order[:test], order[test:]
    if train is not None:
        rest = rest[:as_int(train, "train", 1, len(rest))]
    return {"train_images": images[rest], "train_labels": labels[rest],
            "test_images": images[held], "test_labels": labels[held], "classes": CLASSES}


def train_cnn(seed=0, data=None, **settings):
    """The series' CNN trained on the digits (DIGITS_CNN, overridable)."""
    data = load_digits_data(seed) if data is None else data
    return train_model(seed, data=data, **{**DIGITS_CNN, "progress": False, **settings})


def train_dense(seed=0, data=None, **settings):
    """The fully connected net (no convolution) on the digits (DIGITS_DENSE)."""
    data = load_digits_data(seed) if data is None else data
    return train_model(seed, data=data, **{**DIGITS_DENSE, "progress": False, **settings})


def _classical(name):
    """An unfitted scikit-learn model of CLASSICAL, default settings
    (logistic regression: more iterations, so that it converges)."""
    # scikit-learn takes about a second to import: only where it is used
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.svm import SVC
    made = {"SVM (RBF kernel)": SVC, "k-nearest neighbours": KNeighborsClassifier,
            "logistic regression": lambda: LogisticRegression(max_iter=2000)}
    return made[as_choice(name, "name", CLASSICAL)]()


def classical_accuracy(name, data):
    """One of CLASSICAL fitted on the flattened training pixels: test accuracy."""
    data = as_dataset(data, classes=CLASSES)
    flat = {k: np.asarray(data[k]).reshape(len(data[k]), -1)
            for k in ("train_images", "test_images")}
    model = _classical(name).fit(flat["train_images"], data["train_labels"])
    return float(model.score(flat["test_images"], data["test_labels"]))


def logistic_accuracy(data):
    """scikit-learn's logistic regression on the flattened pixels: test accuracy."""
    return classical_accuracy("logistic regression", data)


def accuracies(data, seed):
    """{model name: test accuracy} for the MODELS on one dataset."""
    data, seed = as_dataset(data, classes=CLASSES), as_seed(seed)
    test = (data["test_images"], data["test_labels"])
    return {"CNN": train_cnn(seed, data).accuracy(*test),
            "fully connected": train_dense(seed, data).accuracy(*test),
            **{name: classical_accuracy(name, data) for name in CLASSICAL}}


@functools.lru_cache(maxsize=None)
def _cnn(seed, train):
    return train_cnn(seed, load_digits_data(seed, train=train))


def trained_cnn(seed=0):
    """The CNN trained on seed's split (all 1,200 training digits, DIGITS_CNN),
    as compare() trains it: trained once, a copy each time."""
    with one_thread():
        return _cnn(as_seed(seed), FULL).copy()


@functools.lru_cache(maxsize=None)
def _seed_accuracies(seed, train):
    """accuracies() of seed's split with `train` training digits, as pairs
    (kept: the same seed and size always give the same run)."""
    data = load_digits_data(seed, train=train)
    test = (data["test_images"], data["test_labels"])
    return (("CNN", _cnn(seed, train).accuracy(*test)),
            ("fully connected", train_dense(seed, data).accuracy(*test)),
            *((name, classical_accuracy(name, data)) for name in CLASSICAL))


def compare(seeds=range(5), progress=None):
    """Test accuracy of each of MODELS for each seed (its own split and weights):
    {model name: array (seeds,)}.
    progress: a bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    seeds, runs = _seeds(seeds), []
    with one_thread(), bar(len(seeds), "training the models", "seed", progress) as shown:
        for s in seeds:
            runs.append(dict(_seed_accuracies(s, FULL)))
            shown.update()
    return {name: np.array([r[name] for r in runs]) for name in MODELS}


def data_hunger(sizes=(25, 50, 100, 200, 400, 800, 1200), seeds=range(3), progress=None):
    """Test accuracy against the number of training digits: {"sizes": (S,),
    model name: array (S, seeds)}. The same 597 held-out digits per seed;
    the full size (1200) is compare's run for that seed.
    progress: a bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    sizes, seeds = _sizes(sizes, "sizes", 10, FULL), _seeds(seeds)
    out = {name: np.zeros((len(sizes), len(seeds))) for name in MODELS}
    with one_thread(), bar(len(sizes) * len(seeds), "training the models", "run",
                           progress) as shown:
        for i, n in enumerate(sizes):
            for j, seed in enumerate(seeds):
                for name, acc in _seed_accuracies(seed, n):
                    out[name][i, j] = acc
                shown.update()
    return {"sizes": np.array(sizes), **out}


# --- notebook 11's runs, stored (tools/make_digits.py) --------------------------------
RUNS_FILE, RUNS_TOOL = "digits_runs.npz", "tools/make_digits.py"
NOTEBOOK_SEEDS, NOTEBOOK_SIZES = (0, 1, 2), (25, 100, 400, 1200)


def notebook_runs(progress=None):
    """Notebook 11's comparison and data hunger: {"compare": compare(NOTEBOOK_SEEDS),
    "hunger": data_hunger(NOTEBOOK_SIZES, NOTEBOOK_SEEDS)}. Seconds of training:
    tools/make_digits.py stores them and the notebook loads them (load_runs)."""
    return {"compare": compare(NOTEBOOK_SEEDS, progress),
            "hunger": data_hunger(NOTEBOOK_SIZES, NOTEBOOK_SEEDS, progress)}


def save_runs(runs, path):
    """Write notebook_runs()'s result to .npz (plain arrays, no pickle), with the
    scikit-learn version that fitted the classical models."""
    save_stored_runs(runs, path)


def load_runs():
    """notebook_runs() as tools/make_digits.py stored it: the same dict of
    arrays, plus "sklearn_version"."""
    needs = ["sklearn_version", "hunger/sizes"]
    needs += [f"{run}/{name}" for run in ("compare", "hunger") for name in MODELS]
    stored = read_stored(RUNS_FILE, RUNS_TOOL, needs)
    shapes = {"compare": (len(NOTEBOOK_SEEDS),), "hunger": (len(NOTEBOOK_SIZES), len(NOTEBOOK_SEEDS))}

    def checked(run):
        return {name: stored_accuracies(stored, f"{run}/{name}", shapes[run], RUNS_FILE, RUNS_TOOL)
                for name in MODELS}
    return {"sklearn_version": str(stored["sklearn_version"]), "compare": checked("compare"),
            "hunger": {"sizes": stored["hunger/sizes"], **checked("hunger")}}

def confusion(model, data):
    """sklearn.metrics.confusion_matrix of the test digits: (10, 10) counts,
    row = the true digit, column = the one the model said."""
    # scikit-learn takes about a second to import: only where it is used
    from sklearn.metrics import confusion_matrix
    data = _test_for(as_model(model, needs=("scores",)), data)
    predicted = np.argmax(model.scores(data["test_images"]), axis=1)
    return confusion_matrix(data["test_labels"], predicted, labels=range(len(CLASSES)))


def exercise_digit(matrix):
    """The digit for the recall exercise on a confusion matrix (10, 10) (row =
    the true digit): among the digits the model sometimes misses (so that the
    answer is not simply 1), the one whose fraction right differs most
    between dividing by its row (the right answer) and by its column (the
    mix-up the exercise is built to catch)."""
    matrix = as_array(matrix, "matrix", (2,), "a confusion matrix (10, 10) of counts")
    if matrix.shape != (len(CLASSES), len(CLASSES)) or matrix.min() < 0:
        raise ValueError(f"matrix must be a (10, 10) confusion matrix of counts, got shape "
                         f"{matrix.shape}; digits.confusion(model, data) makes one")
    right, rows, columns = np.diag(matrix), matrix.sum(axis=1), matrix.sum(axis=0)
    missed = (rows > right) & (columns > 0)
    if not missed.any():
        raise ValueError("matrix has no digit the model misses: nothing to tell rows and "
                         "columns apart")
    gap = np.where(missed, np.abs(right / np.maximum(rows, 1) - right / np.maximum(columns, 1)), -1)
    return int(np.argmax(gap))


def mistakes(model, data):
    """The test digits the model gets wrong: (indexes, true labels, predicted
    labels, the probability it gave its answer), most confident mistakes first."""
    data = _test_for(as_model(model, needs=("probabilities",)), data)
    probs = model.probabilities(data["test_images"])
    said, truth = np.argmax(probs, axis=1), np.asarray(data["test_labels"])
    wrong = np.flatnonzero(said != truth)
    wrong = wrong[np.argsort(-probs[wrong, said[wrong]], kind="stable")]
    return wrong, truth[wrong], said[wrong], probs[wrong, said[wrong]]


TRANSFER = dict(epochs=20, batch_size=10)      # a few pictures: more, smaller steps
# (notebook 11's run with 20 epochs lands within 1.3 points of 60 epochs' means, far inside
# the spread between its seeds, in a third of the time)
WAYS = ("from scratch", "frozen random features", "frozen digit features",
        "fine-tuned digit features")


def transfer_curve(source, task, sizes=(1, 2, 4, 8), seeds=range(5), progress=None, **settings):
    """Few labels: train on `task` (a dataset dict, any picture size) with only
    n labelled pictures per class, for each n in sizes, four ways (WAYS):

    "from scratch":              every weight starts random;
    "frozen random features":    the features start random and are kept; only
                                 the votes learn (the control: do the digit
                                 features do better than any features would?);
    "frozen digit features":     source's features (conv_w, conv_b) copied and
                                 kept; only the votes learn;
    "fine-tuned digit features": copied, then trained with everything else.

    source: a Model trained on the digits. The n pictures per class are the
    first n of each class after a shuffle by the seed; the seed also draws the
    starting weights, the same for every way (the random features of seed s
    are the ones "from scratch" starts from). Returns {"sizes": (S,),
    way: array (S, seeds)} of test accuracy on task's test pictures.
    settings: training settings for train_model (default TRAINING, TRANSFER).
    progress: one bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    if not isinstance(source, Model):
        raise TypeError(f"source must be a Model trained on the digits, got {describe(source)}")
    task = as_dataset(task, "task")
    sizes, seeds = _sizes(sizes, "sizes", 1, 10_000), _seeds(seeds)
    start = features_only(source)
    h = source.hyper
    arch = dict(stages=h["stages"], hidden=h["hidden"])
    frozen = tuple(start.params)
    ways = {"from scratch": {}, "frozen random features": dict(frozen=frozen),
            "frozen digit features": dict(init=start, frozen=frozen),
            "fine-tuned digit features": dict(init=start)}
    settings = {**TRAINING, **TRANSFER, **settings, "progress": False}   # one bar: this one
    labels = np.asarray(task["train_labels"])
    out = {way: np.zeros((len(sizes), len(seeds))) for way in ways}
    with one_thread(), bar(len(sizes) * len(seeds) * len(ways), "training networks", "network",
                           progress) as shown:
        for i, n in enumerate(sizes):
            for j, seed in enumerate(seeds):
                order = np.random.default_rng(seed).permutation(len(labels))
                picked = np.concatenate([order[labels[order] == k][:n] for k in np.unique(labels)])
                few = dict(train_images=np.asarray(task["train_images"])[picked],
                           train_labels=labels[picked], classes=task["classes"])
                for way, extra in ways.items():
                    model = train_model(seed, data=few, **arch, **settings, **extra)
                    out[way][i, j] = model.accuracy(task["test_images"], task["test_labels"])
                    shown.update()
    return {"sizes": np.array(sizes), **out}
