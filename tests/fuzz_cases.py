"""Every public function of cnnlib's maths, and what to feed it: good values and
junk for each argument, and what makes a result valid.

attempt(case, kwargs) calls one function and sorts the outcome into:
- "accepted": it returned a valid result (finite numbers, the right kind);
- "clear":    a ValueError/TypeError (or FileNotFoundError) raised inside cnnlib
              whose message names one of the function's arguments;
- "unclear":  any other exception, or one raised inside numpy, or a message
              that names no argument;
- "silent":   it returned, but the result is not valid (NaN, empty, wrong kind);
- "slow":     it ran for more than SLOW seconds (no size check before the work).

tests/test_fuzz.py drives these with hypothesis; census() draws a fixed
number of seeded inputs per function and counts the outcomes. Run this file
(python tests/fuzz_cases.py) to print the counts.
"""
import inspect
import math
import numbers
import resource
import signal
import traceback
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

import cnnlib
from cnnlib import (activations, adversarial, data, dataset, descent, exercises, filtering,
                    formatting, layers, matching, network, pooling, stacking, training,
                    transforms, voting)
from cnnlib.beyond import dense, limits, sound, tabular, text, transfer

SLOW = 3.0                      # seconds one call may take
MEMORY = 3 * 1024 ** 3          # bytes one call may add to the address space

NAN, INF = float("nan"), float("inf")
X, O = cnnlib.load_grid("x"), cnnlib.load_grid("o")
D = cnnlib.load_feature("diagonal")
FEATURES = cnnlib.load_features()
RNG = np.random.default_rng      # a fresh Generator per call (see _fresh)

# Junk every argument is tried with.
JUNK = [None, "abc", "", True, -1, 0, 2.5, NAN, INF, -INF, 10 ** 9, -10 ** 9, 1e300,
        [], [[1, 2], [3]], ["a", "b"], np.ones((2, 2, 2, 2, 2)), np.full((9, 9), NAN),
        1 + 2j, {"a": 1}, object(), np.int64(3), np.float64(0.5), np.zeros((0, 0)),
        np.ones((9, 9), complex), np.ones(7), np.ones((10, 10)), np.ones((8, 8)),
        np.ones((10 ** 4, 10 ** 4), np.float32)[:1, :1], lambda *a: 0, b"xo"]


class Fresh:
    """A marker: a good argument made anew for every call (a Generator, a model
    copy), so that no call changes what the next one is given."""

    def __init__(self, make):
        self.make = make


def _fresh(value):
    """The argument for one call: a Fresh one made anew; a shared array as a
    read-only view (a call may read its arguments, never write into them, or
    the next call would be given something else)."""
    if isinstance(value, Fresh):
        return value.make()
    if isinstance(value, np.ndarray):
        view = value.view()
        view.flags.writeable = False
        return view
    return value


_MODEL = None


def small_model():
    """A quickly trained model on the stored dataset (shared, never changed:
    every attack copies it)."""
    global _MODEL
    if _MODEL is None:
        _MODEL = cnnlib.train_model(0, epochs=1)
    return _MODEL


def _data(n=6):
    d = cnnlib.load_dataset()
    return {"train_images": d["train_images"][:n], "train_labels": d["train_labels"][:n],
            "test_images": d["test_images"][:n], "test_labels": d["test_labels"][:n],
            "classes": d["classes"]}


MODEL = Fresh(lambda: small_model().copy())
GEN = Fresh(lambda: RNG(0))
DATA = Fresh(_data)
GRIDS = Fresh(lambda: _data()["train_images"])
LABELS = Fresh(lambda: _data()["train_labels"])
# An untrained two-stage network (9x9 pictures: 3x3 features, 2x2 pools with stride 1)
TWO_STAGES = Fresh(lambda: network.init_model(RNG(0), stages=[(2, 3, 2, 1), (3, 3, 2, 1)]))


def finite(value, depth=0):
    """True if every number reachable in value is finite and no array is empty."""
    if depth > 6:
        return True
    if isinstance(value, (str, bytes, type(None), bool, np.bool_, range)) or callable(value) \
            and not isinstance(value, (network.Model,)):
        return True
    if isinstance(value, numbers.Number):
        return bool(np.isfinite(value)) if not isinstance(value, complex) else False
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iufb":
            return value.size > 0 and bool(np.isfinite(value).all())
        return all(finite(v, depth + 1) for v in value.ravel()[:100])
    if isinstance(value, dict):
        return all(finite(v, depth + 1) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(finite(v, depth + 1) for v in value)
    if isinstance(value, network.Model):
        return finite(value.params, depth + 1)
    if hasattr(value, "__dict__"):
        return finite(vars(value), depth + 1)
    return True


@dataclass
class Case:
    """One function, its good values per argument, extra junk, a validity check."""
    func: object
    good: dict
    junk: dict = field(default_factory=dict)
    valid: object = None        # result -> bool, beyond finite()
    fuzzed: tuple = None        # the arguments given junk (default: all)

    @property
    def name(self):
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def params(self):
        return list(self.good)

    def options(self, param):
        if self.fuzzed is not None and param not in self.fuzzed:
            return list(self.good[param])
        return list(self.good[param]) + list(self.junk.get(param, [])) + JUNK


def whole(minimum):
    return lambda r: isinstance(r, numbers.Integral) and r >= minimum


def shaped(shape):
    return lambda r: np.shape(r) == shape


M = np.arange(49, dtype=float).reshape(7, 7) / 49 - 0.5
SMALL = np.array([[0.2, -0.5, 0.9, 0.1], [0.4, 0.3, -0.2, 0.6],
                  [-0.7, 0.8, 0.5, -0.1], [0.0, 0.1, -0.3, 0.2]])
WEIGHTS = cnnlib.vote_weights()
SIZE = [1, 2, 3, np.int64(2), 9]


def _cases():
    m = small_model()
    cases = [
        # --- filtering, pooling, relu -------------------------------------------------
        Case(filtering.output_size, {"n": [9, 28, np.int64(9)], "k": [3, 5, 1],
                                     "stride": [1, 2, np.int64(2)], "padding": [0, 1, 2]},
             valid=whole(1)),
        Case(cnnlib.convolve, {"image": [X, O, M, np.stack([X, O])], "kernel": [D, FEATURES],
                               "stride": SIZE, "padding": [0, 1, 2, 10 ** 6]}),
        Case(cnnlib.window_products, {"image": [X, O], "kernel": [D], "row": [0, 3, 6, 7],
                                      "col": [0, 2, 6], "stride": [1, 2], "padding": [0, 1]}),
        Case(filtering.pad, {"image": [X, M], "padding": [0, 1, 3, 10 ** 6],
                             "value": [0.0, -1.0, 1]}),
        Case(filtering.windows, {"image": [X, M], "kh": [1, 3], "kw": [1, 3],
                                 "stride": [1, 2]}),
        Case(pooling.pool_size, {"n": [7, 8, 9], "size": [2, 3], "stride": [1, 2],
                                 "padding": [0, 1], "keep_edges": [True, False]},
             valid=whole(1)),
        Case(cnnlib.max_pool, {"maps": [M, X, SMALL, np.stack([M, M])], "size": SIZE + [10 ** 6],
                               "stride": SIZE, "padding": [0, 1, 10 ** 6],
                               "keep_edges": [True, False, np.bool_(False)]}),
        Case(pooling.pooled_shape, {"shape": [(7, 7), (3, 9, 9)], "size": [2, 3],
                                    "stride": [1, 2], "keep_edges": [True, False]}),
        Case(cnnlib.relu, {"x": [M, X, 0.5, -2, [1, -1]]}),
        # --- data, formatting --------------------------------------------------------------
        Case(cnnlib.parse_grid, {"text": ["#.#\n.#.\n#.#\n", "\ufeff##\r\n..\r\n", "#. \n.# \n"],
                                 "source": ["x.txt", "<text>"]},
             junk={"text": ["#x#\n", "##\n#\n", "\n\n", "#\n\n#\n", b"\xff\xfe"]}),
        Case(cnnlib.format_grid, {"grid": [X, O, M]}, valid=lambda r: isinstance(r, str)),
        Case(cnnlib.load_grid, {"name": ["x", "o", "X", " o "]}, junk={"name": ["triangle"]}),
        Case(cnnlib.load_feature, {"name": ["diagonal", "cross"]}, junk={"name": ["x"]}),
        Case(cnnlib.load_features, {"names": [("diagonal",), ["cross", "diagonal"]]},
             junk={"names": ["diagonal", ["nope"]]}),
        Case(formatting.format_value, {"v": [0.777, -0.5, 1, np.float64(0.3)],
                                       "mode": ["truncate", "round"], "decimals": [0, 2, 4]},
             valid=lambda r: isinstance(r, str)),
        Case(cnnlib.format_map, {"values": [M, X, np.stack([M, M]), [0.5, 0.25]],
                                 "mode": ["truncate", "round", "ROUND"], "decimals": [0, 2, 3]},
             junk={"mode": ["floor"], "decimals": [10 ** 6]}, valid=lambda r: isinstance(r, str)),
        # --- matching, transforms ----------------------------------------------------------
        Case(matching.agreement, {"a": [X, O], "b": [X, O]}),
        Case(matching.match_count, {"a": [X, O], "b": [X, O]}, valid=whole(0)),
        Case(matching.match_fraction, {"a": [X, O], "b": [X, O]}),
        Case(matching.stroke_hits, {"reference": [X, O], "candidate": [X, O]}),
        Case(matching.transformed, {"grid": [X, O], "shift": [0, 1, 4], "rotate": [0, 15, 45],
                                    "shrink": [0, 10, 50], "thicken": [0, 1, 3]}),
        Case(matching.match_curve, {"grid": [X, O], "kind": ["shift", "rotate"],
                                    "amounts": [[0, 1, 2], range(3)],
                                    "measure": ["pixels", "stroke"]}),
        Case(matching.perfect_matches, {"grid": [X, O], "features": [FEATURES],
                                        "threshold": [1.0, 0.5]}),
        Case(matching.rebuild, {"shape": [(9, 9)], "features": [FEATURES],
                                "placements": [[], [(0, 0, 0), (1, 3, 3)]]},
             junk={"placements": [[(5, 0, 0)], [(0, 20, 20)], [(0, -1, 0)]],
                   "shape": [(10 ** 6, 10 ** 6), (-1, 9)]}),
        Case(matching.word_counts, {"text": ["the cat sat", "Bad, bad film."],
                                    "words": [["bad"], ("the", "cat")]}),
        Case(transforms.shift, {"grid": [X, O], "dy": [0, 1, -2, 20], "dx": [0, 1, -3]}),
        Case(transforms.affine, {"grid": [X, O], "degrees": [0, 15.5, -90],
                                 "scale": [1.0, 0.5, 2]}),
        Case(transforms.rotate, {"grid": [X, O], "degrees": [0, 20, 360]}),
        Case(transforms.scale, {"grid": [X, O], "factor": [0.7, 1, 1.5]}),
        Case(transforms.thicken, {"grid": [X, O], "steps": [0, 1, 3]}),
        Case(transforms.thin, {"grid": [X, O], "steps": [0, 1, 3]}),
        Case(transforms.flip_pixels, {"grid": [X, O], "count": [0, 5, 81], "rng": [GEN]}),
        Case(transforms.add_noise, {"grid": [X, O], "sigma": [0, 0.3, 2], "rng": [GEN]}),
        Case(transforms.blank, {"size": [1, 9, np.int64(5)]}),
        # --- stacking, voting --------------------------------------------------------------
        Case(cnnlib.filter_stack, {"maps": [X, np.stack([M, M])],
                                   "weights": [None, FEATURES, D[None], np.stack([FEATURES] * 2, axis=1)],
                                   "stride": [1, 2], "padding": [0, 1]}),
        Case(stacking.parse_layer, {"layer": ["filter", "relu", ("pool", {"size": 3}),
                                              ("filter", {"padding": 1})], "position": [0, 3]},
             junk={"layer": [("pool", {"sise": 2}), ("relu", {"x": 1}), ("filter", 3)]}),
        Case(cnnlib.stack, {"grid": [X, np.stack([M, M])],
                            "layers": [("filter", "relu", "pool"), ["pool"], ["relu"] * 3, []],
                            "repeats": [0, 1, 2, 10], "stop_when_too_small": [True, False]},
             junk={"layers": [["conv"], [("pool", {"size": 10 ** 6})]],
                   "repeats": [10 ** 9]}),
        Case(cnnlib.vote, {"maps": [cnnlib.pooled_features(X), np.stack([cnnlib.pooled_features(O)] * 2)],
                           "weights": [WEIGHTS, {"x": np.ones(48)}]},
             junk={"weights": [{"x": np.ones((4, 4, 3))}, {"x": np.ones((3, 4, 4)), "o": np.ones(5)},
                               {"x": np.full((3, 4, 4), NAN)}, {"x": -np.ones(48)}]}),
        Case(cnnlib.winner, {"votes": [{"x": 0.7, "o": 0.2}, {"x": np.float64(0.1), "o": 0.5}]},
             junk={"votes": [{"x": NAN, "o": 0.5}, {"x": "high"}, {"x": None, "o": 0.1}]},
             valid=lambda r: r in ("x", "o")),
        Case(cnnlib.pooled_features, {"grid": [X, O], "features": [None, FEATURES]}),
        Case(cnnlib.vote_weights, {"features": [None, FEATURES], "classes": [("x", "o"), ["o"]]},
             junk={"classes": [("x", "triangle"), "xo"]}),
        Case(cnnlib.classify, {"grid": [X, O, transforms.shift(X, 1, 1)],
                               "weights": [None, WEIGHTS], "features": [None, FEATURES]},
             junk={"grid": [np.ones((9, 10)), -np.ones((12, 12))]}),
        Case(cnnlib.fully_connected, {"values": [np.ones(4), M], "weights": [np.ones((2, 4)), np.ones((3, 49))]}),
        Case(cnnlib.stacked_weights, {"weights": [WEIGHTS]},
             junk={"weights": [{"x": np.ones((3, 4, 4)), "o": np.ones((2, 4, 4))}, {}]}),
        # --- dataset, network -----------------------------------------------------------------
        Case(dataset.draw, {"kind": ["x", "o"], "size": [9, 12], "centre": [None, (4, 4)],
                            "radius": [3.0, 2], "angle": [0.0, 30], "width": [1.0, 0.5],
                            "gap": [None, 0.5], "aspect": [1.0, 0.8]}),
        Case(cnnlib.make_dataset, {"rng": [GEN], "n_train": [2, 10], "n_test": [2, 4],
                                   "size": [9, 12]}),
        Case(network.init_model, {"rng": [GEN], "image_shape": [(9, 9), (12, 12)],
                                  "classes": [("x", "o"), ("a", "b", "c")],
                                  "features": [None, 2], "feature_size": [None, 3],
                                  "pool_size": [2, 3], "pool_stride": [1, 2], "hidden": [0, 4, [3, 2]],
                                  "stages": [None, [(2, 3)]]}),
        Case(cnnlib.train_step, {"model": [MODEL], "grids": [GRIDS, X], "labels": [LABELS, "x"],
                                 "learning_rate": [0.1, 0.5, 1e300], "frozen": [(), ("conv_w",), None, "fc_b"]}),
        Case(cnnlib.train_epoch, {"model": [MODEL], "grids": [GRIDS], "labels": [LABELS],
                                  "learning_rate": [0.1, 1e300], "batch_size": [2, 5],
                                  "rng": [GEN], "frozen": [()]}),
        Case(cnnlib.train_model, {"seed": [0, 1], "data": [DATA], "learning_rate": [0.5, 1e300],
                                  "epochs": [0, 1, 2], "batch_size": [2, 20],
                                  "hidden": [0, 2], "features": [None, 2]}),
        Case(m.probabilities, {"grids": [X, GRIDS]}),
        Case(m.predict, {"grids": [X, GRIDS]}),
        Case(m.accuracy, {"grids": [GRIDS], "labels": [LABELS]}),
        Case(m.loss, {"grids": [GRIDS, X], "labels": [LABELS, "o"]}),
        Case(m.stages, {"grids": [X, O]}),
        Case(m.feature_maps, {"grids": [X, GRIDS]}),
        # --- descent ----------------------------------------------------------------------------
        Case(descent.mean_loss, {"model": [MODEL], "grids": [GRIDS], "labels": [LABELS]}),
        Case(descent.one_weight, {"model": [MODEL], "grids": [GRIDS], "labels": [LABELS],
                                  "name": ["conv_w", "fc_b"], "index": [(0, 0, 0, 0), (0,), 1]},
             valid=lambda r: all(callable(f) for f in r)),
        Case(descent.descent_step, {"weight": [1.0, -0.5], "slope": [2.0, 0.0],
                                    "learning_rate": [0.1, 5.0]}),
        Case(descent.loss_curve, {"loss_at": [lambda w: w * w], "centre": [0.0, 1.0],
                                  "span": [1.0, 0.5], "points": [2, 121]},
             junk={"points": [10 ** 9]}),
        Case(descent.descent_path, {"slope_at": [lambda w: 2 * w], "start": [1.0, -2],
                                    "learning_rate": [0.1, 0.4], "steps": [0, 5, 20]},
             junk={"steps": [10 ** 9]}),
        Case(descent.descent_walk, {"model": [MODEL], "grids": [GRIDS], "labels": [LABELS],
                                    "name": ["conv_w", "fc_b"], "index": [(0, 0, 0, 0), (0,)],
                                    "start": [0.5, -1], "learning_rate": [0.1, 2.0],
                                    "steps": [0, 3]},
             valid=lambda r: len(r) == 3 and len({len(a) for a in r}) == 1,
             junk={"steps": [10 ** 6]}),
        Case(descent.relative_error, {"a": [1.0, np.ones(3)], "b": [1.0, np.ones(3) * 1.01]}),
        # --- adversarial ------------------------------------------------------------------------
        Case(adversarial.loss_slope, {"model": [MODEL], "grids": [GRIDS, X[None]],
                                      "idx": [LABELS, Fresh(lambda: np.zeros(1, int))]}),
        Case(adversarial.fgsm, {"model": [MODEL], "grid": [X, GRIDS], "label": ["x", 0, "X"],
                                "epsilon": [0.0, 0.25, 1]},
             junk={"label": ["triangle", 5]}),
        Case(adversarial.fgsm_sweep, {"model": [MODEL], "grid": [X, O], "label": ["x", "o", 1],
                                      "epsilons": [[0.0, 0.25], np.linspace(0, 1, 5), 0.3]},
             junk={"epsilons": [[0.1, -0.1], [0.1, "a"], [[0.1], [0.2, 0.3]]]}),
        Case(adversarial.change, {"grid": [X, O], "attacked": [O, np.stack([X, O])]}),
        Case(adversarial.confidence, {"model": [MODEL], "grid": [X, O], "label": ["x", "o", 1]}),
        Case(adversarial.smallest_epsilon, {"model": [MODEL], "grid": [X, O], "label": ["x", "o"],
                                            "resolution": [0.05, 0.1], "largest": [1.0, 2.0]},
             junk={"resolution": [1e-12, 1e-300]}),
        Case(adversarial.sticker, {"model": [MODEL], "grid": [X], "label": ["x"], "row": [0, 3],
                                   "col": [0, 6], "size": [2, 3], "steps": [1, 3],
                                   "step_size": [0.5, 1]}),
        Case(adversarial.sticker_map, {"model": [MODEL], "grid": [X], "label": ["x"],
                                       "size": [3, 5], "steps": [1, 2], "step_size": [0.5]},
             junk={"steps": [10 ** 6]}),
        Case(adversarial.fewest_flips, {"model": [MODEL], "grid": [X, O], "label": ["x", "o"],
                                        "max_flips": [1, 4], "exact_up_to": [0, 1]},
             junk={"exact_up_to": [10 ** 6, 40], "max_flips": [10 ** 6]}),
        Case(adversarial.universal_noise, {"model": [MODEL], "grids": [GRIDS], "labels": [LABELS],
                                           "epsilon": [0.2, 0.5], "target": [None, "o"],
                                           "steps": [1, 5], "learning_rate": [0.1]},
             junk={"steps": [10 ** 8]}),
        Case(adversarial.fooling_rate, {"model": [MODEL], "grids": [GRIDS], "labels": [LABELS],
                                        "noise": [np.zeros((9, 9)), np.full((9, 9), 0.2)]},
             junk={"noise": [np.zeros((8, 8))]}),
        Case(adversarial.robustness, {"model": [MODEL], "grids": [GRIDS], "labels": [LABELS],
                                      "epsilon": [0.0, 0.3]}),
        Case(adversarial.adversarial_training, {"model": [MODEL], "grids": [GRIDS],
                                                "labels": [LABELS], "epsilon": [0.1, 0.3],
                                                "rng": [GEN], "epochs": [0, 1],
                                                "learning_rate": [0.1, 1e300],
                                                "batch_size": [2, 5]},
             junk={"epochs": [10 ** 8]}),
        # --- beyond ---------------------------------------------------------------------------
        Case(sound.chirp, {"start_hz": [200, 100.5, np.float64(300)], "end_hz": [400, 50],
                           "duration": [0.3, 0.1], "rate": [1200, 800], "phase": [0.0, 1.0]},
             junk={"duration": [1e9, -0.3], "rate": [10 ** 12]}),
        Case(sound.frame_count, {"samples": [360, 24], "window": [24, 8], "hop": [30, 1]},
             valid=whole(1)),
        Case(sound.spectrogram, {"signal": [sound.chirp(200, 400), np.ones(50)],
                                 "window": [24, 8], "hop": [30, 4]}),
        Case(sound.to_grid, {"spec": [sound.spectrogram(sound.chirp(200, 400)), np.ones((13, 12))],
                             "bins": [12, 4]}),
        Case(sound.sound_grid, {"start_hz": [200, 500], "end_hz": [400, 100],
                                "noise": [0.0, 0.4], "rng": [GEN, None], "phase": [0.0]}),
        Case(sound.bin_frequencies, {"bins": [12, 4], "rate": [1200], "window": [24]}),
        Case(sound.make_sound_dataset, {"rng": [GEN], "train_per_class": [1, 3],
                                        "test_per_class": [1, 2], "noise": [0.4, 0.0],
                                        "min_sweep": [150.0, 50]}),
        Case(text.one_hot, {"sentence": ["the film was good", ["very", "bad"]]},
             junk={"sentence": ["the dog", ["the", 3]]}),
        Case(text.decode, {"grid": [text.one_hot("the film was good")]}),
        Case(text.phrase_feature, {"phrase": ["very bad", ["not", "good"]]}),
        Case(text.find_phrase, {"sentence": ["the film was not very good"],
                                "phrase": ["very good", "not"]}),
        Case(text.make_sentences, {"rng": [GEN], "count": [0, 1, 5]}, junk={"count": [10 ** 9]}),
        Case(text.contains, {"sentence": ["the film was good", ["the", "plot"]],
                             "phrase": ["was good", "bad"]}),
        Case(tabular.make_customers, {"rng": [GEN], "train": [5, 20], "test": [5, 10]}),
        Case(tabular.seedless, {"name": list(tabular.CLASSIFIERS), "rows": [1, 379, 20_000]},
             valid=lambda r: isinstance(r, bool)),
        Case(limits.scramble_order, {"seed": [0, 1], "shape": [(9, 9), (3, 4)]},
             junk={"shape": [(10 ** 6, 10 ** 6)]}),
        Case(limits.permutation, {"fraction": [0, 0.5, 1], "order": [np.arange(81)[::-1], np.arange(4)]},
             junk={"order": [[0, 0, 1], [0.5, 1.5]]}),
        Case(limits.scramble, {"images": [X, GRIDS], "perm": [np.arange(81), np.arange(81)[::-1]]},
             junk={"perm": [np.zeros(81, int), np.full(81, 100), np.arange(81) + 0.5]}),
        Case(limits.moved, {"fraction": [0, 0.5, 1], "order": [np.arange(81)]}, valid=whole(0)),
        Case(cnnlib.filtering.all_window_products, {"image": [X, O], "kernel": [D],
                                                    "stride": [1, 2], "padding": [0, 1]}),
        Case(cnnlib.filtering.sobel, {"direction": ["vertical", "horizontal"]}),
        Case(formatting.format_values, {"values": [M, X, [0.5, 0.25]], "mode": ["truncate", "round"],
                                        "decimals": [0, 2]}),
        Case(transforms.flip, {"grid": [X, O], "row": [0, 8], "col": [0, 4]}),
        Case(transforms.from_cells, {"cells": [X.ravel(), list(O.ravel())], "size": [9]}),
        Case(descent.feature_change, {"start": [FEATURES], "now": [FEATURES * 0.5]}),
        Case(transfer.shape_variant, {"name": ["plus", "minus", "x"], "rng": [GEN]}),
        Case(transfer.features_only, {"model": [MODEL]}),
        Case(dense.train_dense, {"seed": [0], "data": [DATA], "hidden": [2, 4],
                                 "learning_rate": [0.1], "epochs": [1], "batch_size": [3]}),
    ]
    # An exercise check's other arguments come from the notebook, not the student:
    # only the answer is junk.
    cases += [Case(getattr(exercises, n), {"answer": [None, 0.5, [[0.5]], 7, "x"], **extra},
                   valid=lambda r: isinstance(r, exercises.Feedback), fuzzed=("answer",))
              for n, extra in EXERCISES.items()]
    return cases


EXERCISES = {
    "check_match_count": {"a": [X], "b": [O]},
    "check_window_mean": {"image": [X], "kernel": [D], "row": [0, 2], "col": [0, 3]},
    "check_output_size": {"n": [9, 28], "k": [3, 5], "stride": [1, 2], "padding": [0, 2]},
    "check_map": {"image": [X], "kernel": [D], "stride": [1], "padding": [0]},
    "check_pooled": {"values": [SMALL, M]},
    "check_pool_size": {"n": [7, 8], "size": [2, 3], "stride": [2]},
    "check_relu_pool": {"values": [SMALL]},
    "check_stack_shapes": {"layers": [["filter", "pool"]], "repeats": [1, 2]},
    "check_vote": {"values": [[1.0, 0.5, 0.0]], "weights": [[1.0, 2.0, 1.0]]},
    "check_descent_step": {"weight": [1.0], "slope": [2.0], "learning_rate": [0.1]},
    "check_fgsm": {"grid": [SMALL], "gradient": [SMALL], "epsilon": [0.25]},
    "check_phrase_feature": {"phrase": ["very bad"]},
    "check_augmented_count": {"per_class": [5, 2], "classes": [3]},
    "check_recall": {"matrix": [[[8, 2], [1, 9]]], "digit": [0, 1]},
    # 09's checks read the model they are given: one stage, and two stages
    "check_parameter_count": {"model": [MODEL, TWO_STAGES]},
    "check_receptive_field": {"model": [TWO_STAGES], "layer": ["conv", "pool", "conv2", 5]},
}

# Not fuzzed, with the reason: engine internals that every checked function above
# calls with arrays it has already checked (checking again would slow training).
ENGINES = {
    "cnnlib.filtering.correlate", "cnnlib.filtering.im2col", "cnnlib.filtering.workspace",
    "cnnlib.filtering.still_holds", "cnnlib.pooling.pool", "cnnlib.pooling.window_grid",
    "cnnlib.pooling.cell_views", "cnnlib.training.batches", "cnnlib.training.run_epochs",
    "cnnlib.training.descend", "cnnlib.network.build_layers", "cnnlib.network.hidden_widths",
    "cnnlib.network.record", "cnnlib.descent.nudge_gradient", "cnnlib.descent.nudge_step",
    "cnnlib.descent.record_epoch",
    *(f"cnnlib.layers.{n}" for n in ("conv_forward", "conv_backward", "relu_forward",
                                     "relu_backward", "maxpool_forward", "maxpool_backward",
                                     "maxpool", "fc_forward", "fc_backward", "softmax",
                                     "softmax_cross_entropy")),
    # functions with no arguments, or only the ones fuzzed elsewhere
    "cnnlib.data.package_data", "cnnlib.data.data_dir", "cnnlib.data.grid_names",
    "cnnlib.data.feature_names", "cnnlib.dataset.dataset_path", "cnnlib.dataset.load_dataset",
    "cnnlib.dataset.save_dataset", "cnnlib.transforms.variants", "cnnlib.formatting.print_map",
    "cnnlib.exercises.check_array", "cnnlib.exercises.read_numbers",
    "cnnlib.exercises.read_whole", "cnnlib.exercises.truncated", "cnnlib.exercises.matches",
    "cnnlib.stacking.shapes", "cnnlib.stacking.describe",
    "cnnlib.limits.scramble_data", "cnnlib.beyond.limits.scramble_data",
    "cnnlib.beyond.limits.train_and_test", "cnnlib.beyond.limits.scramble_experiment",
    "cnnlib.beyond.tabular.shuffle_columns",
    "cnnlib.beyond.transfer.make_shapes", "cnnlib.beyond.transfer.compare",
}

# New in main since this registry was written; not fuzzed yet (the report names them).
PENDING = {
    "cnnlib.beyond.tabular.classifiers", "cnnlib.beyond.tabular.load_table",
    "cnnlib.beyond.tabular.order_effect", "cnnlib.beyond.tabular.order_experiment",
    "cnnlib.beyond.tabular.picture_shape", "cnnlib.beyond.tabular.rule_path",
    "cnnlib.descent.visited_range", "cnnlib.voting.best_single_layer",
    "cnnlib.voting.collapse", "cnnlib.voting.stacked_votes", "cnnlib.beyond.limits.compute_cost",
    "cnnlib.beyond.limits.conv_stack_step", "cnnlib.beyond.limits.multiply_adds",
    # issue 9's measured claims (notebooks 00-04)
    "cnnlib.filtering.window_counts", "cnnlib.pooling.rank_pool", "cnnlib.pooling.shift_change",
    "cnnlib.pooling.pool_size_formula", "cnnlib.pooling.pool_size_terms",
    "cnnlib.matching.nearest_template", "cnnlib.matching.trial_changes",
    "cnnlib.matching.trial_table", "cnnlib.stacking.shared_weights",
}

MODULES = [activations, adversarial, data, dataset, descent, exercises, filtering, formatting,
           layers, matching, network, pooling, stacking, training, transforms, voting,
           dense, limits, sound, tabular, text, transfer]


def public_functions():
    """Every public function (not class) defined in the maths modules, by full name."""
    names = set()
    for module in MODULES:
        for n, v in vars(module).items():
            if not n.startswith("_") and inspect.isfunction(v) and v.__module__ == module.__name__:
                names.add(f"{module.__name__}.{n}")
    return names


CASES = None


def cases():
    global CASES
    if CASES is None:
        CASES = _cases()
    return CASES


class Slow(BaseException):
    """Raised by the alarm when one call runs longer than SLOW seconds."""


def _alarm(signum, frame):
    raise Slow()


def _from_cnnlib(error):
    """True if the exception was raised by a line of cnnlib (not numpy, not Python)."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and "/cnnlib/" in frames[-1].filename.replace("\\", "/")


def attempt(case, kwargs):
    """Call case.func(**kwargs) under a time and memory limit; (outcome, detail)."""
    kwargs = {k: _fresh(v) for k, v in kwargs.items()}
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = _address_space()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, SLOW)
    try:
        if used:
            resource.setrlimit(resource.RLIMIT_AS, (used + MEMORY, hard))
        result = case.func(**kwargs)
    except Slow:
        return "slow", f"more than {SLOW} s"
    except (ValueError, TypeError, FileNotFoundError) as error:
        message = str(error)
        names = [p for p in inspect.signature(case.func).parameters]
        if not _from_cnnlib(error):
            return "unclear", f"{type(error).__name__} from outside cnnlib: {message[:200]}"
        if not any(n in message for n in names):
            return "unclear", f"names no argument ({', '.join(names)}): {message[:200]}"
        return "clear", message
    except Exception as error:          # anything else is the failure being counted
        return "unclear", f"{type(error).__name__}: {str(error)[:200]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if used:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    if not finite(result):
        return "silent", f"not finite or empty: {str(result)[:200]}"
    if case.valid is not None and not case.valid(result):
        return "silent", f"not a valid result: {str(result)[:200]}"
    return "accepted", ""


def _address_space():
    """This process's address space in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def draws(case, rng, count):
    """count argument sets for case: each argument a good value or (one time in
    three, and at least one argument per set after the first) junk."""
    out = [{p: case.good[p][0] for p in case.params()}]
    for _ in range(count - 1):
        kwargs = {}
        for p in case.params():
            pool = case.options(p) if rng.random() < 0.33 else case.good[p]
            kwargs[p] = pool[rng.integers(len(pool))]
        out.append(kwargs)
    return out


def census(count=25, seed=0):
    """Outcomes of `count` seeded argument sets per function: (Counter, failures)."""
    rng = np.random.default_rng(seed)
    counts, failures = Counter(), []
    for case in cases():
        for kwargs in draws(case, rng, count):
            outcome, detail = attempt(case, kwargs)
            counts[outcome] += 1
            if outcome not in ("accepted", "clear"):
                failures.append((case.name, outcome, _shown(kwargs), detail))
    return counts, failures


def _shown(kwargs):
    return {k: (v if not isinstance(v, np.ndarray) else f"array{v.shape}") for k, v in kwargs.items()}


if __name__ == "__main__":
    import sys
    counts, failures = census(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
    for f in failures:
        print(*f, sep=" | ")
    print(f"{sum(counts.values())} inputs: {dict(counts)}")
    print(f"functions: {len(cases())}; public functions not fuzzed (engines): "
          f"{sorted(public_functions() - {c.name for c in cases()} - ENGINES)}")
