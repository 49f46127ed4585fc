"""Stacking layers: filtering, ReLU and pooling applied one after another.

A layer is a name, "filter", "relu" or "pool", or a pair (name, keywords),
e.g. ("filter", {"padding": 1}) or ("pool", {"size": 3, "stride": 3}). The
keywords go to filter_stack (e.g. {"weights": w} for a real layer) or to
cnnlib.max_pool. Every stage is a stack
of maps (C, H, W); the input grid is a stack of one map.

What a second filtering layer does to a stack of maps: a real convolutional
layer holds one k x k slice of weights per input map for each of its features,
weights of shape (F, C, k, k), and

    out[f] = mean_c convolve(maps[c], weights[f, c])    (C, H, W) -> (F, H', W'),

the mean of all C*k*k products (frameworks take the sum and add a bias; the
lecture's mean is the same up to a factor). Because each input map has its
own slice, the layer can look for an arrangement: "the diagonal map lit up
here, the antidiagonal one there", and swapping two input maps changes the
output.

The lecture's simplification, used when only (F, k, k) features are given
(and by stack() by default): every input map gets the same slice,
weights[f, c] = features[f] (shared_weights). That layer cannot tell the input
maps apart: permuting them leaves its output unchanged.
"""
from collections import namedtuple

import numpy as np

from cnnlib._checks import as_array, as_bool, as_int, check_size
from cnnlib._checks import describe as describe_value
from cnnlib.activations import relu
from cnnlib.data import load_features
from cnnlib.filtering import convolve
from cnnlib.pooling import max_pool

LAYERS = ("filter", "relu", "pool")
LECTURE = ("filter", "relu", "pool")
KEYWORDS = {"filter": ("weights", "stride", "padding"), "relu": (),
            "pool": ("size", "stride", "padding", "keep_edges")}
MAX_REPEATS = 100

class Stage(namedtuple("Stage", "name maps")):
    """One stage of a stack: its name ("input", "filter", ...) and maps (C, H, W)."""
    __slots__ = ()

    @property
    def shape(self):
        return self.maps.shape


def shared_weights(features, channels):
    """The lecture's simplification: the same feature for every input map.

    features: (F, k, k) -> weights (F, channels, k, k), weights[f, c] = features[f].
    """
    features = as_array(features, "features", (3,), "a stack of features (F, k, k)",
                        hint="load_features() gives the lecture's three")
    channels = as_int(channels, "channels", 1)
    check_size(features.size * channels, "channels", "weights")
    return np.repeat(features[:, None], channels, axis=1)


def filter_stack(maps, weights=None, stride=1, padding=0):
    """A convolutional layer: filter a stack of maps, one k x k slice per input map.

    maps:    (H, W) or (C, H, W).
    weights: (F, C, k, k), slice weights[f, c] for input map c of feature f;
             or (F, k, k), the lecture's simplification (shared_weights: the
             same feature on every input map); default the lecture's three.
    Returns (F, H', W') with out[f] = mean over c of convolve(maps[c], weights[f, c])
    and H' = floor((H + 2*padding - k) / stride) + 1.
    """
    maps = as_array(maps, "maps", (2, 3), "a map (H, W) or a stack of maps (C, H, W)")
    if maps.ndim == 2:
        maps = maps[None]
    weights = load_features() if weights is None else weights
    weights = as_array(weights, "weights", (3, 4),
                       "a layer's weights (F, C, k, k), or features (F, k, k) shared by every map",
                       hint="load_features() gives the lecture's three")
    if weights.ndim == 3:
        weights = shared_weights(weights, len(maps))
    if weights.shape[1] != len(maps):
        raise ValueError(f"weights has {weights.shape[1]} slice(s) per feature, shape "
                         f"{weights.shape}, but there are {len(maps)} input maps; "
                         f"give (F, {len(maps)}, k, k): one slice per input map")
    per_map = [convolve(m, weights[:, c], stride=stride, padding=padding)
               for c, m in enumerate(maps)]          # each (F, H', W')
    return np.mean(per_map, axis=0)


_APPLY = {
    "filter": filter_stack,
    "relu": relu,
    "pool": max_pool,
}


def parse_layer(layer, position=0):
    """A layer spec -> (name, keywords). position is only used in error messages."""
    where = f"layers[{as_int(position, 'position', 0)}]"
    if isinstance(layer, str):
        name, keywords = layer, {}
    elif isinstance(layer, tuple) and len(layer) in (1, 2) and isinstance(layer[0], str):
        name, keywords = layer[0], (layer[1] if len(layer) == 2 else {})
    else:
        raise TypeError(f"{where} must be a layer name {LAYERS} or a pair "
                        f"(name, keywords), got {describe_value(layer)}; "
                        f"e.g. 'relu' or ('pool', {{'size': 2}})")
    key = name.strip().lower()
    if key not in LAYERS:
        raise ValueError(f"{where}: unknown layer {name!r}; available: {', '.join(LAYERS)}")
    if not isinstance(keywords, dict):
        raise TypeError(f"{where}: the keywords of a layer must be a dict, "
                        f"got {describe_value(keywords)}; e.g. ('filter', {{'padding': 1}})")
    if key == "relu" and keywords:
        raise ValueError(f"{where}: relu takes no keywords, got {sorted(keywords)}")
    unknown = sorted(set(keywords) - set(KEYWORDS[key]))
    if unknown:
        raise ValueError(f"{where}: {key} takes the keywords {', '.join(KEYWORDS[key])}; "
                         f"got {', '.join(map(repr, unknown))}")
    return key, keywords


def stack(grid, layers=LECTURE, repeats=1, stop_when_too_small=False):
    """Apply the layers in order, `repeats` times over, keeping every stage.

    grid:   (H, W) an image, or (C, H, W) a stack of maps.
    layers: a sequence of layer specs (see the module docstring).
    Returns a list of Stage(name, maps), starting with Stage("input", (C, H, W)),
    then one stage per layer applied: len = 1 + len(layers) * repeats.
    A filter that no longer fits the shrunken maps is a ValueError saying
    at which layer the maps became too small; with stop_when_too_small=True
    the stages up to there are returned instead (fewer than asked for).
    """
    grid = as_array(grid, "grid", (2, 3), "an image (H, W) or a stack of maps (C, H, W)",
                    hint="load_grid('x') gives one")
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__iter__"):
        raise TypeError(f"layers must be a list of layers, got {describe_value(layers)}; "
                        f"e.g. ['filter', 'relu', 'pool']")
    specs = [parse_layer(layer, i) for i, layer in enumerate(layers)]
    repeats = as_int(repeats, "repeats", 0, MAX_REPEATS)
    stop_when_too_small = as_bool(stop_when_too_small, "stop_when_too_small")
    stages = [Stage("input", grid[None] if grid.ndim == 2 else grid)]
    for r in range(repeats):
        for i, (name, keywords) in enumerate(specs):
            maps = stages[-1].maps
            try:
                out = _APPLY[name](maps, **keywords)
            except ValueError as error:
                if stop_when_too_small:
                    return stages
                raise ValueError(f"layer {len(stages)} (layers[{i}], {name}, repeat {r + 1}) "
                                 f"cannot run on maps of shape {maps.shape}: {error}") from None
            stages.append(Stage(name, out))
    return stages


def shapes(stages):
    """The shape of every stage, e.g. [(1, 9, 9), (3, 7, 7), ...]."""
    return [stage.shape for stage in stages]


def describe(stages):
    """One line per stage: '0 input   1x9x9', '1 filter  3x7x7', ..."""
    return "\n".join(f"{i:2} {s.name:7}" + "x".join(str(n) for n in s.shape)
                     for i, s in enumerate(stages))
