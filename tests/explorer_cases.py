"""Every explorer, what it is built from, and the maths it must agree with.

CASES lists one ExplorerCase per explorer function of cnnlib.widgets:
- make, needs: the public function and the arguments a notebook passes it
  (a model, a dataset: made once, lazily);
- good, junk: start arguments for the constructor fuzz (tests/fuzz_cases.py
  adds every explorer to its census) and holds(explorer, kwargs): the
  explorer starts where it was told (nothing silently clamped);
- agrees(explorer): asserts that what the explorer holds now (its state and
  the scene the browser draws) equals cnnlib's maths for its current
  settings, read from its controls;
- moves: how many random moves the walk makes; shadow: for explorers whose state
  depends on the path taken (voting's picture, training's epochs), an object
  that follows each move and predicts the state.

tests/widgets/test_random_walk.py walks every control of every explorer,
tests/widgets/test_safety.py pokes them (bad values, closing, re-running).
"""
import inspect
from dataclasses import dataclass, field

import numpy as np
from helpers import draw, flip_cell, scratch_folder

import cnnlib
from cnnlib import (adversarial, descent, matching, network, own_drawings, stacking,
                    training, transforms, voting)
from cnnlib.activations import relu
from cnnlib.beyond import limits, sound
from cnnlib.deep import inside
from cnnlib.draw.base import features as feature_choices
from cnnlib.draw.base import pictures as picture_choices
from cnnlib.draw.training import scaled
from cnnlib.filtering import convolve
from cnnlib.pooling import max_pool
from cnnlib.widgets import adversarial as w_adversarial
from cnnlib.widgets import beyond as w_beyond
from cnnlib.widgets import deep as w_deep
from cnnlib.widgets import own_drawings as w_drawings
from cnnlib.widgets import filtering as w_filtering
from cnnlib.widgets import matching as w_matching
from cnnlib.widgets import pooling as w_pooling
from cnnlib.widgets import relu as w_relu
from cnnlib.widgets import stacking as w_stacking
from cnnlib.widgets import training as w_training
from cnnlib.widgets import voting as w_voting

WIDGET_MODULES = [w_adversarial, w_beyond, w_deep, w_drawings, w_filtering, w_matching, w_pooling, w_relu,
                  w_stacking, w_training, w_voting]
PICTURES, FEATURES = picture_choices(), feature_choices()
X = cnnlib.load_grid("x")
ATOL = 1e-3            # the scenes carry numbers rounded for the browser


# --- what the explorers are built from (made once, on first use) ---------------------
_MADE = {}


def _once(key, make):
    if key not in _MADE:
        _MADE[key] = make()
    return _MADE[key]


def data():
    """A small X/O dataset (the first 60 training and 30 test pictures)."""
    def make():
        d = cnnlib.load_dataset()
        return {"train_images": d["train_images"][:60], "train_labels": d["train_labels"][:60],
                "test_images": d["test_images"][:30], "test_labels": d["test_labels"][:30],
                "classes": d["classes"]}
    return _once("data", make)


def full_data():
    """The stored X/O dataset (the training explorer offers up to 400 training pictures)."""
    return _once("full", cnnlib.load_dataset)


def model():
    """A model trained a little on the stored dataset (never changed by the explorers)."""
    return _once("model", lambda: network.train_model(0, epochs=2))


def sound_model():
    def make():
        d = sound.make_sound_dataset(np.random.default_rng(0), 40, 10)
        return network.train_model(0, data=d, epochs=10, batch_size=10, learning_rate=0.1)
    return _once("sound", make)


def scramble_results():
    """A results dict of the shape scramble_experiment returns (made up: fast)."""
    return _once("scramble", lambda: {
        "fractions": np.array([0, 0.25, 0.5, 1.0]), "order": limits.scramble_order(0),
        "CNN": np.array([0.95, 0.9, 0.8, 0.7]), "fully connected": np.array([0.99] * 4)})


def descent_setup():
    """model, grids, labels, name, index, start for the descent explorer."""
    m, d = model(), data()
    return {"model": m, "grids": d["train_images"][:40], "labels": d["train_labels"][:40],
            "name": "fc1_w", "index": (5, 1), "start": float(m.params["fc1_w"][5, 1]) + 2.5}


@dataclass
class ExplorerCase:
    make: object                           # the public explorer function
    needs: object = dict                   # () -> the arguments a notebook passes
    good: dict = field(default_factory=dict)
    junk: dict = field(default_factory=dict)
    agrees: object = None                  # explorer -> None (asserts)
    holds: object = None                   # (explorer, kwargs) -> bool
    moves: int = 60
    shadow: object = None                  # (explorer) -> object with .move(name, explorer) / .check
    extra: object = None                   # (explorer, rng) -> name: a move that is no control's
    extra_junk: object = None              # (explorer, rng) -> name: a junk move of that kind
    quick: dict = field(default_factory=dict)  # start arguments for the many builds of the tests
    allowed: object = None                 # error -> bool: a message a good move may leave
    texts: dict = field(default_factory=dict)  # text box -> (good texts, junk texts)

    @property
    def name(self):
        return self.make.__name__

    def build(self, **kwargs):
        return self.make(**self.needs(), **{**self.quick, **kwargs})


def _close(a, b, what):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), atol=1e-9,
                               err_msg=what)


def _panel(explorer, key):
    """The panel as the browser draws it now (the scene, with the scrub frame over it)."""
    panel = next(p for p in explorer.scene["panels"] if p["key"] == key)
    if explorer.scrub:
        panel = {**panel, **explorer.frames[explorer.values[explorer.scrub]].get(key, {})}
    return panel


def _drawn(panel):
    """A grid panel's numbers as an array (rows, cols); None where not drawn (NaN)."""
    values = np.array([np.nan if v is None else v for v in panel["values"]], float)
    return values.reshape(panel["rows"], panel["cols"])


def _values_hold(aliases=None):
    """holds(): each start argument is the value its control holds (aliases: argument
    name -> control name)."""
    aliases = aliases or {}

    def holds(explorer, kwargs):
        for arg, value in kwargs.items():
            control = aliases.get(arg, arg)
            if control not in explorer.controls:
                continue
            held = explorer.controls[control].value
            if isinstance(value, (bool, np.bool_)) != isinstance(held, (bool, np.bool_)) \
                    or not held == value:
                return False
        return True
    return holds


# --- agreement with the maths, one function per explorer --------------------------------

def filtering_agrees(e):
    v = e.values
    image, kernel = PICTURES[v["picture"]], FEATURES[v["feature"]]
    full = convolve(image, kernel, stride=v["stride"], padding=v["padding"])
    position = v["position"]
    assert e.controls["position"].max == full.size - 1, "the position slider ends at the map's end"
    assert e.output_shape == full.shape
    row, col = divmod(position, full.shape[1])
    assert e.window == (row, col)
    shown = full.ravel().copy()
    shown[position + 1:] = np.nan
    _close(e.map_shown.ravel(), shown, "map shown")
    products = cnnlib.window_products(image, kernel, row, col, stride=v["stride"],
                                      padding=v["padding"])
    _close(e.products_shown, products, "products")
    assert e.mean_shown == products.mean() == full[row, col]
    drawn = _panel(e, "map")
    assert drawn["reveal"] == position
    np.testing.assert_allclose(_drawn(drawn), full, atol=ATOL)
    np.testing.assert_allclose(_drawn(_panel(e, "products")), products, atol=ATOL)


def pooling_agrees(e):
    v = e.values
    maps = convolve(PICTURES[v["picture"]], FEATURES[v["feature"]])
    _close(e.map_in, maps, "map pooled")
    full = max_pool(maps, size=v["size"], stride=v["stride"], padding=v["padding"],
                    keep_edges=v["edges"])
    position = v["position"]
    assert e.controls["position"].max == full.size - 1
    assert e.output_shape == full.shape
    row, col = divmod(position, full.shape[1])
    assert e.window == (row, col)
    shown = full.ravel().copy()
    shown[position + 1:] = np.nan
    _close(e.pooled_shown.ravel(), shown, "pooled shown")
    assert e.max_shown == full[row, col] == np.nanmax(e.window_values)
    padded = cnnlib.filtering.pad(maps, v["padding"])
    r, c, s = row * v["stride"], col * v["stride"], v["size"]
    part = padded[r:r + s, c:c + s]
    _close(e.window_values[:part.shape[0], :part.shape[1]], part, "window")
    drawn = _panel(e, "pooled")
    assert drawn["reveal"] == position
    np.testing.assert_allclose(_drawn(drawn), full, atol=ATOL)


def relu_agrees(e):
    before = convolve(PICTURES[e.values["picture"]], FEATURES[e.values["feature"]])
    _close(e.map_before, before, "before")
    _close(e.map_after, relu(before), "after")
    assert (e.zeroed == (before < 0)).all()
    np.testing.assert_allclose(_drawn(_panel(e, "before")), before, atol=ATOL)
    np.testing.assert_allclose(_drawn(_panel(e, "after")), relu(before), atol=ATOL)


def matching_agrees(e):
    amounts = {k: e.values[k] for k in matching.AMOUNTS}
    want = matching.transformed(X, **amounts)
    _close(e.candidate_shown, want, "candidate")
    assert e.matches == matching.match_count(X, want)
    assert e.fraction == matching.match_fraction(X, want)
    assert e.hits == matching.stroke_hits(X, want)
    np.testing.assert_allclose(_drawn(_panel(e, "candidate")), want, atol=ATOL)


def stacking_agrees(e):
    v = e.values
    names = [v[f"layer {i + 1}"] for i in range(3)]
    layers = [("filter", {"padding": 1}) if n == "filter" and v["padding"] else n
              for n in names if n != w_stacking.NONE]
    grid = PICTURES[v["picture"]]
    try:
        want = stacking.stack(grid, layers, v["repeats"])
        assert e.message == ""
    except ValueError as error:
        want = stacking.stack(grid, layers, v["repeats"], stop_when_too_small=True)
        assert e.message == str(error)
    assert [s.name for s in e.stages] == [s.name for s in want]
    for got, expected in zip(e.stages, want):
        _close(got.maps, expected.maps, got.name)
    assert e.shapes == [s.maps.shape for s in want]
    stages = [p for p in e.scene["panels"] if p["type"] == "stack"]
    assert len(stages) == len(want)
    # a stack that stopped early ends with a panel saying so
    assert (e.scene["panels"][-1]["key"] == "stopped") == bool(e.message)
    last = stages[-1]["grids"]
    if v["show"] == "all":
        assert len(last) == want[-1].maps.shape[0]
        for g, m in zip(last, want[-1].maps):
            np.testing.assert_allclose(_drawn(g), m, atol=ATOL)


def voting_agrees(e):
    poll = voting.classify(e.grid, e.weights, e.features)
    assert e.votes == poll.votes and e.winner == poll.winner
    for a, b in zip(e.poll.pooled, poll.pooled):
        _close(a, b, "pooled")
    np.testing.assert_array_equal(_drawn(_panel(e, "picture")), e.grid)
    assert set(np.unique(e.grid)) <= {-1.0, 1.0} and e.grid.shape == (9, 9)


class VotingShadow:
    """The picture the voting explorer must show after each button: the
    loads, the changes, and the noise button drawing from a twin of its
    Generator."""

    def __init__(self, e):
        self.grid, self.rng = e.grid.copy(), np.random.default_rng(e.args["seed"])

    def move(self, name, e):
        if name in w_voting.LOADS:
            self.grid = w_voting.load(w_voting.LOADS[name][1])
        elif name == "noise":
            self.grid = transforms.flip_pixels(self.grid, 6, self.rng)
        elif name in w_voting.CHANGES:
            self.grid = w_voting.CHANGES[name][1](self.grid)
        elif name.startswith("flip "):
            r, c = map(int, name.split()[1:])
            self.grid = transforms.flip(self.grid, r, c)

    def check(self, e):
        np.testing.assert_array_equal(e.grid, self.grid)


def voting_extra_moves(e, rng):
    """Clicks on cells, as the browser sends them."""
    r, c = (int(v) for v in rng.integers(9, size=2))
    flip_cell(e, r, c)
    return f"flip {r} {c}"


def deep_extra_moves(e, rng):
    """A drawing sent from the browser: the picture with a few cells painted."""
    cells = e.grid.ravel().copy()
    where = rng.choice(cells.size, size=int(rng.integers(1, 6)), replace=False)
    cells[where] = rng.choice([-1.0, 1.0], size=where.size)
    e.paint(cells.tolist())
    return "paint " + " ".join(f"{i}:{cells[i]:g}" for i in where)


def deep_junk_move(e, rng):
    """A bad drawing (wrong size, out of range, not numbers) or a bad picture from code."""
    before = e.grid.copy()
    n = e.grid.size
    junk = [[2.0] * n, [1.0] * (n - 1), None, ["a"] * n, np.ones((9, 9)),
            np.full(e.grid.shape, 1.5)][rng.integers(6)]
    if isinstance(junk, np.ndarray):
        try:
            e.set_grid(junk)
        except (ValueError, TypeError) as error:
            assert "grid" in str(error)
        else:
            raise AssertionError(f"set_grid took {junk!r}")
    else:
        e._on_message({"event": "paint", "seq": e.seq + 1, "grid": junk})   # as the browser
        assert "cells" in e.error and e.scene["ack"] == e.seq
    np.testing.assert_array_equal(e.grid, before)
    return "junk drawing"


_SUMMARIES = {}


def deep_agrees(e):
    v = e.values
    layer, unit = v["layer"], v["unit"]
    assert (e.layer, e.feature) == (layer, unit)
    assert e.control("unit")["max"] == inside.unit_count(e.model, layer) - 1
    state = inside.strongest_place(e.model, e.grid, layer, unit)
    assert e.state["place"] == state["place"] and e.state["value"] == state["value"]
    _close(e.state["maps"], state["maps"], "maps")
    assert e.state["field"] == state["field"]
    _close(e.kernel, inside.unit_kernel(e.model, layer, unit), "kernel")
    _close(e.probabilities, e.model.probabilities(e.grid), "probabilities")
    key = (id(e.model), layer, unit, e.seed)
    if key not in _SUMMARIES:
        _SUMMARIES[key] = inside.unit_summary(e.model, e.images, layer, unit,
                                            np.random.default_rng(e.seed), steps=40)
    for k, want in _SUMMARIES[key].items():
        if isinstance(want, np.ndarray):
            _close(e.summary[k], want, k)
    np.testing.assert_allclose(_drawn(_panel(e, "picture")), e.grid, atol=ATOL)


class DeepShadow:
    """The picture the deep explorer must show: the test picture picked, a
    blank one, or the last drawing sent."""

    def __init__(self, e):
        self.grid, self.picture = e.grid.copy(), e.values["picture"]

    def move(self, name, e):
        if name == "picture" and e.values["picture"] != self.picture or name == "blank":
            self.grid = (e.images[e.values["picture"]] if name == "picture"
                         else transforms.blank(e.grid.shape[0]))
        elif name.startswith("paint "):
            for item in name.split()[1:]:
                i, v = item.split(":")
                self.grid = self.grid.copy()
                self.grid.flat[int(i)] = float(v)
        self.picture = e.values["picture"]

    def check(self, e):
        np.testing.assert_array_equal(e.grid, self.grid)


def voting_junk_move(e, rng):
    """A bad drawing from the browser or a bad grid from code: refused, the picture kept."""
    before = e.grid.copy()
    junk = [[0.5] * 81, [1.0] * 80, None, ["a"] * 81, np.full((9, 9), 0.5), np.ones((10, 10)),
            np.ones((8, 8))][rng.integers(7)]
    if isinstance(junk, np.ndarray):
        try:
            e.set_grid(junk)
        except (ValueError, TypeError) as error:
            assert "grid" in str(error)
        else:
            raise AssertionError(f"set_grid took {junk!r}")
    else:
        e._on_message({"event": "paint", "seq": e.seq + 1, "grid": junk})   # as the browser
        assert "cells" in e.error and e.scene["ack"] == e.seq
    np.testing.assert_array_equal(e.grid, before)
    return "junk"


def training_agrees(e):
    assert e.epoch == e.values["epochs"] == len(e.history["loss"])
    assert e.history == {k: list(h) for k, h in e.model.history.items()}
    _close(e.features_shown, scaled(e.model.features()), "features shown")
    assert e.features_shown.shape == (e.values["features"], e.values["feature_size"],
                                      e.values["feature_size"])
    v, n = e.values, e.values["train_size"]
    assert e.scene["caption"] == e.status
    assert f"epoch {e.epoch}" in e.status
    # what the next Step will do, from the settings chosen: its batches and first update
    sizes = training.batch_sizes(n, v["batch_size"])
    first = descent.first_update(e.model, e.data["train_images"][:n], e.data["train_labels"][:n],
                                 v["learning_rate"], v["batch_size"], e.rng)
    panel = _panel(e, "next")
    assert panel["parts"] == sizes == e.batches
    lines = " ".join(f"{line['bold']} {line['text']}" for line in panel["above"] + panel["below"])
    assert f"{n} images in {len(sizes)} batch" in lines
    assert f"weight − {v['learning_rate']:g} × slope" in lines
    if e.epoch < w_training.MAX_EPOCHS:
        assert (f"{first['loss'] + 0.0:.3f} → {first['loss_after'] + 0.0:.3f}, largest weight "
                f"change {first['largest_change']:.3f}") in lines
    curve = _panel(e, "loss")
    assert curve["x"] == list(range(1, e.epoch + 1))
    np.testing.assert_allclose(curve["series"][0]["y"], e.history["loss"], atol=1e-4)


class TrainingShadow:
    """A twin model trained with the explorer's rules (its docstring): the
    shape and the seed start again at epoch 0; moving 'epochs trained' back
    replays from the seed with the current settings; forward trains more
    with the current settings; Step and Reset move that slider."""

    def __init__(self, e):
        self.data = e.data
        self.start(e, 0)

    def start(self, e, epochs):
        v = e.values
        self.shape = (v["features"], v["feature_size"], v["seed"])
        self.rng = np.random.default_rng(v["seed"])
        self.twin = network.init_model(self.rng, features=v["features"],
                                       feature_size=v["feature_size"])
        self.epoch = 0
        self.train(e, epochs)

    def train(self, e, epochs):
        v, d = e.values, self.data
        n = v["train_size"]
        for _ in range(epochs):
            descent.record_epoch(self.twin, d["train_images"][:n], d["train_labels"][:n],
                                 d["test_images"], d["test_labels"], v["learning_rate"],
                                 v["batch_size"], self.rng)
            self.epoch += 1

    def move(self, name, e):
        v = e.values
        if (v["features"], v["feature_size"], v["seed"]) != self.shape or name == "reset":
            self.start(e, 0)
        elif v["epochs"] < self.epoch:
            self.start(e, v["epochs"])
        else:
            self.train(e, v["epochs"] - self.epoch)

    def check(self, e):
        assert e.epoch == self.epoch
        for k, p in self.twin.params.items():
            _close(e.model.params[k], p, k)
        assert e.history == self.twin.history
        # the next Step's first update, as the twin and its shuffles would make it
        v, d, n = e.values, self.data, e.values["train_size"]
        twin = descent.first_update(self.twin, d["train_images"][:n], d["train_labels"][:n],
                                    v["learning_rate"], v["batch_size"], self.rng)
        np.testing.assert_array_equal(e.first_update["batch"], twin["batch"])
        for k in ("loss", "loss_after", "largest_change"):
            _close(e.first_update[k], twin[k], k)


def descent_agrees(e):
    s = descent_setup()
    loss_at, slope_at = descent.one_weight(s["model"], s["grids"], s["labels"], s["name"],
                                           s["index"])
    rate, steps = e.values["learning_rate"], e.values["steps"]
    path = descent.descent_path(slope_at, s["start"], rate, steps + 1)
    np.testing.assert_allclose(e.path, path[:steps + 1], rtol=1e-9)
    assert e.weight == path[steps] and e.next_weight == path[steps + 1]
    assert e.loss == loss_at(path[steps]) and e.slope == slope_at(path[steps])


def fgsm_agrees(e):
    grid, label = e.pictures[e.picture]
    eps = e.controls["epsilon"].value
    assert e.epsilon == eps
    attacked = adversarial.fgsm(e.model, grid, label, eps)
    _close(e.attacked, attacked, "attacked")
    _close(e.probabilities, e.model.probabilities(attacked), "probabilities")
    assert e.prediction == e.model.predict(attacked)


def sticker_agrees(e):
    grid, label = e.pictures[e.picture]
    row, col, size = (e.controls[k].value for k in ("row", "col", "size"))
    assert (e.row, e.col, e.size) == (row, col, size)
    assert row + size <= grid.shape[0] and col + size <= grid.shape[1]
    attacked = adversarial.sticker(e.model, grid, label, row, col, size)
    _close(e.attacked, attacked, "attacked")
    _close(e.probabilities, e.model.probabilities(attacked), "probabilities")


def sound_agrees(e):
    start, end, noise = (e.controls[k].value for k in ("start_hz", "end_hz", "noise"))
    grid = sound.sound_grid(start, end, noise, np.random.default_rng(w_beyond.NOISE_SEED))
    _close(e.grid_shown, grid, "spectrogram")
    _close(e.probabilities_shown, e.model.probabilities(grid), "probabilities")
    assert e.vote_shown == e.model.predict(grid)


def scramble_agrees(e):
    fraction = e.controls["fraction"].value
    r = e.results
    _close(e.image_shown, limits.scramble(e.image, limits.permutation(fraction, r["order"])),
           "scrambled")
    i = list(r["fractions"]).index(fraction)
    assert e.accuracies_shown == {n: float(r[n][i]) for n in e.names}


def _right_picture():
    return next(iter(w_adversarial.right_pictures(model(), data())))


CASES = [
    ExplorerCase(w_filtering.filtering_explorer,
                 good={"picture": ["X", "O", "shifted X"], "feature": ["diagonal", "cross"],
                       "position": [0, 5, 48, np.int64(3)], "stride": [1, 2, 3],
                       "padding": [0, 1, 2]},
                 junk={"position": [49, 10 ** 6], "picture": ["x"]},
                 agrees=filtering_agrees, holds=_values_hold(), moves=120),
    ExplorerCase(w_pooling.pooling_explorer,
                 good={"picture": ["X", "O"], "feature": ["diagonal", "cross"],
                       "position": [0, 3, 8, 15], "size": [1, 2, 3, 4], "stride": [1, 2, 4],
                       "padding": [0, 1, 2], "keep_edges": [True, False]},
                 junk={"position": [16, 1000], "keep_edges": [1, "yes"]},
                 agrees=pooling_agrees, holds=_values_hold({"keep_edges": "edges"}), moves=120),
    ExplorerCase(w_relu.relu_view,
                 good={"picture": ["X", "O", "shifted O"], "feature": ["diagonal", "cross"]},
                 agrees=relu_agrees, holds=_values_hold(), moves=40),
    ExplorerCase(w_matching.matching_explorer,
                 good={"shift": [0, 1, 3], "rotate": [0, 15], "shrink": [0, 10],
                       "thicken": [0, 1]},
                 junk={"shift": [-1, 100, 1.0], "rotate": [7], "colour": [1]},
                 agrees=matching_agrees, holds=_values_hold(), moves=80),
    ExplorerCase(w_stacking.stacking_explorer,
                 good={"layers": [("filter", "relu", "pool"), ["pool"], ("relu", "filter")],
                       "repeats": [1, 2, 3], "picture": ["X", "O"], "padding": [0, 1],
                       "show": ["all", 0, 2]},
                 junk={"layers": [["conv"], ("filter",) * 4, "filter"], "repeats": [0, 4]},
                 agrees=stacking_agrees, moves=60,
                 holds=lambda e, kw: _values_hold()(e, {k: v for k, v in kw.items()
                                                         if k != "layers"})),
    ExplorerCase(w_voting.voting_explorer,
                 good={"picture": ["x", "o", "blank", "X"], "seed": [0, 5, np.int64(2)]},
                 junk={"picture": [X, "triangle"], "seed": [None, -1]},
                 agrees=voting_agrees, shadow=VotingShadow, moves=60,
                 extra=voting_extra_moves, extra_junk=voting_junk_move,
                 holds=lambda e, kw: (e.grid == w_voting.load(kw["picture"].lower())).all()),
    ExplorerCase(w_training.training_explorer, needs=lambda: {"data": full_data()},
                 good={"features": [1, 4, 6], "feature_size": [3, 5],
                       "learning_rate": [0.5, 0.1], "batch_size": [20, 5], "train_size": [25, 400],
                       "seed": [0, 9]},
                 junk={"features": [0, 7], "learning_rate": [5, 0.2], "train_size": [401]},
                 agrees=training_agrees, shadow=TrainingShadow, moves=60,
                 holds=_values_hold()),
    ExplorerCase(w_training.descent_explorer, needs=descent_setup,
                 good={"span": [3.0, 1], "learning_rate": [5.0, 1.0, 40.0], "steps": [12, 3]},
                 junk={"steps": [0, 41], "span": [0, -1], "learning_rate": [3.0]},
                 agrees=descent_agrees, moves=60,
                 holds=lambda e, kw: (e.values["learning_rate"] == kw["learning_rate"]
                                      and e.control("steps")["max"] == kw["steps"]
                                      and e.span == kw["span"])),
    ExplorerCase(w_adversarial.fgsm_explorer, needs=lambda: {"model": model(), "data": data()},
                 good={"picture": [None], "epsilon": [0.0, 0.25, 0.6]},
                 junk={"epsilon": [5, -0.1], "picture": ["X (test image 999)"]},
                 agrees=fgsm_agrees, moves=50,
                 holds=lambda e, kw: e.epsilon == kw["epsilon"]),
    ExplorerCase(w_adversarial.sticker_explorer, needs=lambda: {"model": model(), "data": data()},
                 good={"picture": [None], "row": [0, 3, 6], "col": [0, 2], "size": [3, 1]},
                 junk={"row": [9, 8], "size": [0, 6]},
                 agrees=sticker_agrees, moves=50,
                 holds=lambda e, kw: (e.row, e.col, e.size) == (kw["row"], kw["col"],
                                                                kw["size"])),
    ExplorerCase(w_beyond.sound_explorer, needs=lambda: {"model": sound_model()},
                 good={"start_hz": [150, 500, np.int64(200)], "end_hz": [500, 150],
                       "noise": [0.4, 0.0, 1.5]},
                 junk={"start_hz": [10, 5000, 160], "noise": [-1, 2]},
                 agrees=sound_agrees, moves=40,
                 holds=lambda e, kw: (e.start_hz, e.end_hz, e.noise) == (
                     kw["start_hz"], kw["end_hz"], kw["noise"])),
    ExplorerCase(w_beyond.scramble_explorer,
                 needs=lambda: {"results": scramble_results(), "image": X},
                 good={"fraction": [0.0, 0.5, 1.0]},
                 junk={"fraction": [0.3, 2.0]},
                 agrees=scramble_agrees, moves=30,
                 holds=lambda e, kw: e.fraction == kw["fraction"]),
]


def explorer_functions():
    """Every public explorer function in cnnlib.widgets, by name."""
    return {n for m in WIDGET_MODULES for n, f in vars(m).items()
            if inspect.isfunction(f) and f.__module__ == m.__name__ and not n.startswith("_")
            and (n.endswith("_explorer") or n.endswith("_view"))}


CASES.append(ExplorerCase(
    w_deep.deep_explorer,
    good={"recipe": ["two stages", "one stage"], "model_seed": [None, 0, np.int64(2)],
          "layer": ["pool2", "conv", "relu"], "feature": [0, 3], "seed": [0, 4]},
    junk={"recipe": ["three stages"], "model_seed": [5, 0.5], "feature": [16, 99]},
    agrees=deep_agrees, shadow=DeepShadow, extra=deep_extra_moves, extra_junk=deep_junk_move,
    moves=60, quick={"model_seed": 2},     # the median seed is looked up in half a second
    holds=lambda e, kw: (e.values["layer"], e.values["unit"]) == (kw["layer"], kw["feature"])))


def drawings_extra_moves(e, rng):
    """A drawing sent from the browser: a sketch of the X or the O, or a few cells."""
    if rng.random() < 0.6:
        grid = own_drawings.sketch(cnnlib.load_grid(["x", "o"][rng.integers(2)]), rng)
    else:
        grid = e.grid.copy()
        grid.flat[rng.integers(grid.size)] *= -1
    draw(e, grid)
    return "draw"


def drawings_junk_move(e, rng):
    """A bad drawing from the browser: refused, the picture kept."""
    before = e.grid.copy()
    junk = [[0.5] * 81, [1.0] * 80, None, ["a"] * 81][rng.integers(4)]
    e._on_message({"event": "paint", "seq": e.seq + 1, "grid": junk})     # as the browser
    assert "cells" in e.error and e.scene["ack"] == e.seq
    np.testing.assert_array_equal(e.grid, before)
    return "junk drawing"


def drawings_agrees(e):
    np.testing.assert_array_equal(_drawn(_panel(e, "picture")), e.grid)
    kept = own_drawings.load_drawings(e.drawings.folder, create=True)   # the folder keeps them all
    assert kept.counts() == e.drawings.counts()
    for name in kept.classes:                                 # read back class by class
        mine = [g for g, l in zip(e.drawings.grids, e.drawings.labels) if l == name]
        for a, b in zip([g for g, l in zip(kept.grids, kept.labels) if l == name], mine):
            np.testing.assert_array_equal(a, b)
    if e.model is not None:
        _close(e.stages["probabilities"], e.model.probabilities(e.grid), "probabilities")
    # the caption: the collection's status (a problem goes to the error line)
    assert e.scene["caption"] == drawings_status(e), e.scene["caption"]


def drawings_status(e):
    from cnnlib.draw.own_drawings import status_text
    return status_text(e.drawings.counts(), e.model is not None,
                       *(e.trained_with or (None, False)))


class DrawingsShadow:
    """The drawings saved (grid, label, file), the picture on the grid, the
    saved drawing chosen and the trained model, followed move by move."""

    def __init__(self, e):
        self.saved, self.grid, self.chosen, self.model = [], e.grid.copy(), "", None

    def move(self, name, e):
        v = e.values
        if name == "draw":
            self.grid, self.chosen = e.grid.copy(), ""     # what was sent (checked against the panel)
        elif name == "chosen":
            self.chosen = v["chosen"]
            if self.chosen:                                # a saved drawing, shown on the grid
                self.grid = next(g for g, _, f in self.saved if f == self.chosen)
        elif name == "save" and (self.grid > 0).any() and not self.chosen:   # blank: refused
            self.saved.append((self.grid, v["label"], e.drawings.file_names()[-1]))
            self.grid = transforms.blank(9)
        elif name == "clear":
            self.grid, self.chosen = transforms.blank(9), ""
        elif name == "undo" and self.saved:
            self.saved.pop()
            self.chosen = ""
        elif name == "remove" and self.chosen:
            self.saved = [s for s in self.saved if s[2] != self.chosen]
            self.grid, self.chosen = transforms.blank(9), ""
        elif name == "train":
            twin = own_drawings.Drawings([g for g, _, _ in self.saved], [l for _, l, _ in self.saved],
                                     classes=list(e.drawings.classes))
            try:
                self.model = own_drawings.train_drawings(twin, e.seed, per_class=v["per_class"] or None,
                                                     augmented=v["shifted"] == "yes")
            except ValueError:
                self.model = None

    def check(self, e):
        np.testing.assert_array_equal(e.grid, self.grid)
        assert [l for _, l, _ in self.saved] == list(e.drawings.labels)
        assert [f for _, _, f in self.saved] == e.drawings.file_names()
        assert e.values["chosen"] == self.chosen
        for (g, _, _), h in zip(self.saved, e.drawings.grids):
            np.testing.assert_array_equal(g, h)
        assert (self.model is None) == (e.model is None)
        if self.model is not None:
            for k, p in self.model.params.items():
                _close(e.model.params[k], p, k)


CASES.append(ExplorerCase(
    w_drawings.drawing_explorer, needs=lambda: {"folder": scratch_folder("drawings-")},
    good={"classes": [("x", "o"), ["plus", "T", "L"]], "seed": [0, 3]},
    junk={"classes": [("x", "a/b"), "xo", (), ("x", 3)], "seed": [None, -2]},
    agrees=drawings_agrees, shadow=DrawingsShadow, extra=drawings_extra_moves,
    extra_junk=drawings_junk_move, moves=80, allowed=lambda error: error.startswith("Not yet"),
    texts={"new_class": (["T", "L", "plus", " star "], ["a/b", "x" * 30, "..", "é"])},
    holds=lambda e, kw: list(e.drawings.classes) == list(kw["classes"])))

BY_NAME = {c.name: c for c in CASES}
