"""Does depth pay off? The networks notebook 09 compares on the T-or-L pictures.

Four recipes (RECIPES), each trained from seeds 0..4 on cnnlib.deep.arrangement's
set with one training loop (cnnlib.network.train_model):

    "two stages"       conv 8 x 3x3 -> ReLU -> pool, conv 16 x 3x3 -> ReLU ->
                       pool, then the votes
    "one stage"        conv 8 x 3x3 -> ReLU -> pool, then the votes
    "one stage + 16"   the same, with a hidden fully connected layer of 16
    "fully connected"  no convolution: pixels -> 64 hidden -> votes

The control (SWEEP): one stage whose kernel is 4x4 to 9x9, wide enough to see
both bars, and thinner stacks of two and three 3x3 stages; window_table sets
their accuracy beside their parameters and the widest window one unit sees.

And a black-box attacker's "substitute" (cnnlib.deep.attacks.train_substitute):
a two-stage network trained only on the answers the median two-stage network
gives to 3000 pictures the attacker drew (QUERY_SEED), stored as kind
"substitute" under the seed of the network it imitates.

Training them all takes minutes, so the trained weights are stored in
cnnlib/data/deep_models.npz (float32, no pickle; regenerate with
tools/train_deep.py) and load_models() rebuilds them; tests retrain one
and compare.
"""
import numpy as np

from cnnlib._checks import as_array, as_dataset, as_int, as_name, check_size, describe
from cnnlib.data import data_dir, read_stored, stored_remedy
from cnnlib.deep.arrangement import SIZE, make_arrangement
from cnnlib.deep.attacks import train_substitute
from cnnlib.deep.inside import field_size
from cnnlib.network import Model, init_model, train_model

RECIPES = {
    "two stages": dict(stages=[(8, 3), (16, 3)], hidden=0),
    "one stage": dict(stages=[(8, 3)], hidden=0),
    "one stage + 16": dict(stages=[(8, 3)], hidden=16),
    "fully connected": dict(stages=(), hidden=64),
}
# The control for depth: one stage whose kernel is wide enough to see both bars
# (kernels 4 to 9; and 5x5 with half the features, as few parameters as the
# thin stacks), and thinner stacks of two and three 3x3 stages, on the same
# pictures with the same training: accuracy against parameters, window by window.
SWEEP = {
    **{f"one stage {k}x{k}": dict(stages=[(8, k)], hidden=0) for k in range(4, 10)},
    "one stage 5x5, 4 features": dict(stages=[(4, 5)], hidden=0),
    "two thin stages": dict(stages=[(4, 3), (8, 3)], hidden=0),
    "three thin stages": dict(stages=[(4, 3), (8, 3), (8, 3)], hidden=0),
}
# The task where depth is needed (cnnlib.deep.arrangement.make_pairs: two bars anywhere,
# the same way or not): one stage up to a kernel nearly as large as the picture
# (with 16 features: as many parameters as three stages), against two and three
# stages and a hidden layer; trained from PAIR_SEEDS only (these take longest).
PAIRS = {
    "pairs: three stages": dict(stages=[(8, 3), (16, 3), (16, 3)], hidden=0),
    "pairs: one stage 15x15": dict(stages=[(8, 15)], hidden=0),
    "pairs: one stage 15x15, 16 features": dict(stages=[(16, 15)], hidden=0),
    "pairs: two stages": dict(stages=[(8, 3), (16, 3)], hidden=0),
    "pairs: one stage 5x5": dict(stages=[(8, 5)], hidden=0),
    "pairs: one stage + 16": dict(stages=[(8, 3)], hidden=16),
}
PAIR_SEEDS = range(3)
KINDS = {**RECIPES, **SWEEP, **PAIRS}
TRAINING = dict(epochs=30, learning_rate=0.1, batch_size=20)
RATES = {"fully connected": 0.05}      # its larger layer needs a smaller step
SEEDS = range(5)
MODELS_FILE = "deep_models.npz"
SUBSTITUTE = "substitute"     # stored like a recipe, with the two-stage architecture
QUERY_SEED, SUBSTITUTE_SEED = 99, 7


def _kind(kind, stored=False):
    kinds = {**{k: k for k in KINDS}, **({SUBSTITUTE: SUBSTITUTE} if stored else {})}
    return as_name(kind, "kind", kinds, "recipe")


def training(kind):
    """The training settings of one recipe: TRAINING, with its own rate if RATES has one."""
    kind = _kind(kind)
    return {**TRAINING, "learning_rate": RATES.get(kind, TRAINING["learning_rate"])}


def train(kind, seed, data):
    """Train one recipe (of RECIPES or SWEEP) from one seed on data (a dict like
    load_arrangement())."""
    kind = _kind(kind)
    return train_model(seed, data=data, **KINDS[kind], **training(kind))


def attacker_queries(count=3000):
    """The pictures a black-box attacker draws for their queries: fresh T-or-L
    pictures from QUERY_SEED (not the training set), without labels."""
    count = as_int(count, "count", 2, hint="how many pictures the attacker draws")
    check_size(count * SIZE * SIZE, "count", "pixels")
    return make_arrangement(np.random.default_rng(QUERY_SEED), n_train=count, n_test=2)["train_images"]


def train_black_box_substitute(target):
    """The substitute for target: a two-stage network trained only on target's
    answers to attacker_queries() (the two-stage recipe and training)."""
    return train_substitute(target, attacker_queries(), seed=SUBSTITUTE_SEED,
                            **RECIPES["two stages"], **TRAINING)


def parameter_count(model):
    """How many numbers training sets: every weight and bias."""
    if not isinstance(model, Model):
        raise TypeError(f"model must be a cnnlib Model, got {describe(model)}")
    return int(sum(v.size for v in model.params.values()))


def _models(models):
    """{(kind, seed): Model}, checked."""
    if not isinstance(models, dict) or not models:
        raise TypeError(f"models must be a dict {{(kind, seed): Model}} like load_models() "
                        f"gives, got {describe(models)}")
    for key, model in models.items():
        if not isinstance(key, tuple) or len(key) != 2 or not isinstance(key[0], str) \
                or isinstance(key[1], bool) or not isinstance(key[1], (int, np.integer)):
            raise TypeError(f"models' keys must be (kind, seed) pairs such as ('two stages', 0), "
                            f"got {key!r}")
        if not isinstance(model, Model):
            raise TypeError(f"models[{key!r}] must be a cnnlib Model, got {describe(model)}")
    return models


def save_models(models, path):
    """Write {(kind, seed): Model} to .npz: each param as float32 under
    "kind/seed/name", plus each model's class names."""
    _models(models)
    arrays = {}
    for (kind, seed), model in models.items():
        for name, value in model.params.items():
            arrays[f"{_kind(kind, stored=True)}/{seed}/{name}"] = value.astype(np.float32)
        arrays[f"{kind}/{seed}/classes"] = np.array(model.classes, dtype=str)
    np.savez_compressed(path, **arrays)


TOOL = "tools/train_deep.py"       # what makes MODELS_FILE


def models_path():
    """The stored models' file, in cnnlib's data (or $CNNLIB_DATA)."""
    return data_dir() / MODELS_FILE


def load_models(image_shape=(16, 16)):
    """The stored trained models: {(kind, seed): Model}, weights as float64."""
    path, stored = models_path(), read_stored(MODELS_FILE, TOOL)
    models = {}
    for key in sorted(k for k in stored if k.endswith("/classes")):
        kind, seed, _ = key.split("/")
        classes = tuple(str(c) for c in stored[key])
        recipe = KINDS["two stages" if kind == SUBSTITUTE else kind]
        model = init_model(np.random.default_rng(0), image_shape, classes, **recipe)
        for name in model.params:
            if f"{kind}/{seed}/{name}" not in stored:
                raise ValueError(f"{path} has no {kind}/{seed}/{name!r}, the {kind!r} "
                                 f"network's {name}; {stored_remedy(MODELS_FILE, TOOL)}")
            value = stored[f"{kind}/{seed}/{name}"]
            if value.shape != model.params[name].shape:
                raise ValueError(f"image_shape {tuple(image_shape)} does not fit the stored "
                                 f"{kind!r} networks: their {name} is {value.shape}, a "
                                 f"{tuple(image_shape)} picture needs "
                                 f"{model.params[name].shape}; they read 16x16 pictures")
            model.params[name] = value.astype(np.float64)
        model.hyper.update(seed=int(seed), **training("two stages" if kind == SUBSTITUTE else kind))
        models[kind, int(seed)] = model
    return models


def accuracy_table(models, data, kinds=RECIPES):
    """{kind: [test accuracy of seed 0, 1, ...]} for the models of the given
    recipes (default RECIPES; SWEEP for the control), in the recipes' order."""
    _models(models)
    data = as_dataset(data, parts=("test",))
    kinds = _kinds(kinds)
    table = {}
    for (kind, seed), model in sorted(models.items(), key=lambda kv: kv[0][1]):
        if kind not in kinds:
            continue
        table.setdefault(kind, []).append(model.accuracy(data["test_images"], data["test_labels"]))
    return {kind: table[kind] for kind in kinds if kind in table}


def _kinds(kinds):
    """Recipe names (a list, tuple or dict of them), each one of KINDS."""
    if isinstance(kinds, (str, bytes)) or not isinstance(kinds, (list, tuple, dict)) or not kinds:
        raise TypeError(f"kinds must be a non-empty list of recipe names such as "
                        f"['two stages', 'one stage 5x5'] (or a dict like RECIPES), "
                        f"got {describe(kinds)}")
    return [_kind(kind) for kind in kinds]


def window_table(models, data, kinds):
    """The depth experiment's rows, widest window last: for each recipe in kinds,
    {"kind", "stages", "hidden" (a hidden fully connected layer before the votes?),
    "window" (deep.field_size: the side of the widest square one unit combines),
    "parameters", "accuracies" (seeds 0, 1, ...), "median"}."""
    rows = []
    for kind, accuracies in accuracy_table(models, data, kinds).items():
        model = models[kind, 0]
        rows.append(dict(kind=kind, stages=len(model.hyper["stages"]),
                         hidden=bool(model.hyper["hidden"]), window=field_size(model),
                         parameters=parameter_count(model), accuracies=accuracies,
                         median=float(np.median(accuracies))))
    return sorted(rows, key=lambda row: (row["window"], row["parameters"]))


def median_seed(accuracies):
    """The seed whose accuracy is the median of a list (odd length): the typical run."""
    accuracies = as_array(accuracies, "accuracies", (1,), "a list of accuracies, one per seed")
    order = np.argsort(accuracies, kind="stable")
    return int(order[len(order) // 2])

