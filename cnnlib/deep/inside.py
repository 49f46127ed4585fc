"""Opening up a trained deep CNN: what every layer computes and what excites it.

A Model (cnnlib.network) is an ordered list of layers; here a *layer* is one
entry of model.layers, counted from 0 (for two stages: conv, relu, pool,
conv2, relu, pool, flatten, fc1, ...), and a *unit* is one feature of a
convolution stage (one map: feature f, all positions) or one neuron of a
fully connected layer. Everything walks the model through its own forward
and backward (Model._forward, Model._backward, up to any layer), so it works
for any number of stages.

- layer_outputs: every layer's output for a picture or a stack.
- unit_gradient: d (one unit's value) / d pixels, and the value itself.
- receptive_field: the pixels one position of a map can see; field_size:
  their side.
- top_patches: the dataset's pictures (cut to the receptive field) that
  excite a unit most.
- preferred_input: the picture that excites a unit most, by gradient ascent
  from faint noise, kept tame by a little L2 shrinkage and blur.

Pictures are (H, W) grids like the model's training images; stacks (N, H, W).
"""
import numbers

import numpy as np

from cnnlib._checks import as_array, as_float, as_int, as_rng, as_shape, check_size, describe
from cnnlib.network import Conv, FullyConnected, MaxPool, Model


def _model(model):
    if not isinstance(model, Model):
        raise TypeError(f"model must be a trained cnnlib Model (train_model(...)), "
                        f"got {describe(model)}")
    return model


def _stack(model, grids, name="grids"):
    """(N, H, W) or one (H, W) -> ((N, 1, H, W) float array, was it one?)."""
    shape = tuple(_model(model).hyper["image_shape"])
    arr = as_array(grids, name, (2, 3), f"a picture {shape} or a stack (N, {shape[0]}, {shape[1]})")
    if arr.shape[-2:] != shape:
        raise ValueError(f"{name} must be pictures of shape {shape}, the size the model "
                         f"was trained on, got {describe(arr)}")
    return arr.reshape(-1, 1, *shape), arr.ndim == 2


def layer_names(model):
    """A short unique name for every layer, in order: e.g. ['conv', 'relu',
    'pool', 'conv2', 'relu2', 'pool2', 'flatten', 'fc1']."""
    return _model(model).layer_names()


def _layer(model, layer):
    """A layer given by index or name -> its index."""
    return _model(model).layer_index(layer)


def layer_outputs(model, grids):
    """Every layer's output, in order: a list with one array per layer.

    grids: one picture (H, W) -> arrays without the batch axis, e.g. (F, H', W')
    for a stage's maps, (M,) for a fully connected layer; a stack (N, H, W) ->
    the same with N first.
    """
    x, one = _stack(model, grids)
    outs = []
    model._forward(x, train=False, outputs=outs)
    return [out[0] for out in outs] if one else outs


def _unit(model, index, unit):
    """unit -> a function picking the unit's value from the layer's (N, ...) output,
    and the shape of that output for one picture."""
    shape = (1, *model.hyper["image_shape"])
    for layer in model.layers[:index + 1]:
        shape = layer.shape(shape)
    if len(shape) == 1:
        u = as_int(unit[0] if isinstance(unit, tuple) and len(unit) == 1 else unit, "unit", 0)
        if u >= shape[0]:
            raise ValueError(f"unit must be 0..{shape[0] - 1} (this layer has {shape[0]} "
                             f"neurons), got {u}")
        return (u,), shape
    if isinstance(unit, numbers.Integral) and not isinstance(unit, bool):
        unit = (unit, shape[1] // 2, shape[2] // 2)          # a feature: its map's centre
    if not isinstance(unit, (tuple, list)) or len(unit) != 3:
        raise TypeError(f"unit must be a feature f (its map's centre) or (f, row, col) "
                        f"for a {shape[0]}-map layer of {shape[1]}x{shape[2]}, got {describe(unit)}")
    f, r, c = (as_int(v, f"unit's {n}", 0) for v, n in zip(unit, ("feature", "row", "col")))
    if f >= shape[0] or r >= shape[1] or c >= shape[2]:
        raise ValueError(f"unit (feature, row, col) must lie in the layer's {shape[0]} maps "
                         f"of {shape[1]}x{shape[2]}, got {(f, r, c)}")
    return (f, r, c), shape


def unit_gradient(model, grids, layer, unit):
    """The value of one unit and its slope with respect to every pixel.

    layer: index or name (layer_names). unit: a neuron index for a fully
    connected layer; for a map layer, (feature, row, col) or a feature alone
    (its map's centre). Returns (values (N,), gradients (N, H, W)), or
    (a float, (H, W)) for one picture.
    """
    index = _layer(model, layer)
    where, _ = _unit(model, index, unit)
    x, one = _stack(model, grids)
    values, grads = _gradients(model, x, index, [where] * len(x))
    return (float(values[0]), grads[0]) if one else (values, grads)


def _gradients(model, x, index, wheres):
    """For each picture x[n] (N, 1, H, W), the value of the unit wheres[n] of
    layer index and its gradient: (values (N,), gradients (N, H, W))."""
    out, caches = model._forward(x, train=True, upto=index)
    pick = (np.arange(len(x)), *np.array(wheres).T)
    d = np.zeros_like(out)
    d[pick] = 1.0
    d = model._backward(d, caches, input_gradient=True)[0]
    return out[pick].copy(), d[:, 0]


def receptive_field(model, layer, row, col):
    """The pixels position (row, col) of a layer's maps can see:
    (top, left, bottom, right), bottom and right exclusive, clipped to the picture.
    A fully connected layer sees the whole picture."""
    index = _layer(model, layer)
    h, w = model.hyper["image_shape"]
    if not _is_map(model, index):
        return 0, 0, h, w
    _, r, c = _unit(model, index, (0, row, col))[0]
    top, bottom, left, right = r, r, c, c                     # inclusive, in this layer
    for lay in reversed(model.layers[:index + 1]):
        if isinstance(lay, Conv):
            bottom, right = bottom + lay.size - 1, right + lay.size - 1
        elif isinstance(lay, MaxPool):
            top, left = top * lay.stride, left * lay.stride
            bottom, right = bottom * lay.stride + lay.size - 1, right * lay.stride + lay.size - 1
    return top, left, min(bottom + 1, h), min(right + 1, w)


def _is_map(model, index):
    return not any(isinstance(lay, FullyConnected) or lay.name == "flatten"
                   for lay in model.layers[:index + 1])


def top_patches(model, grids, layer, feature, count=9):
    """The pictures that excite one unit most, each at its strongest place.

    For a map layer: the largest value of map `feature` anywhere in each
    picture; the `count` best pictures, each cut to the receptive field of
    that place (padded with -1, the background, where the field runs past
    the edge, so all patches have one size). For a fully connected layer:
    the whole pictures. Returns dict(patches (count, h, w), values (count,),
    images (count,) indexes into grids, places (count, 2) row, col in the map).
    """
    index = _layer(model, layer)
    count = as_int(count, "count", 1)
    x, _ = _stack(model, grids)
    out = model._forward(x, train=False, upto=index)[0]
    if not _is_map(model, index):
        _unit(model, index, feature)
        values = out[:, feature]
        best = np.argsort(-values, kind="stable")[:count]
        return dict(patches=x[best, 0], values=values[best], images=best,
                    places=np.zeros((len(best), 2), int))
    _unit(model, index, (feature, 0, 0))
    maps = out[:, feature].reshape(len(x), -1)
    flat = maps.argmax(axis=1)
    values = maps[np.arange(len(x)), flat]
    best = np.argsort(-values, kind="stable")[:count]
    places = np.stack(np.unravel_index(flat[best], out.shape[2:]), axis=1)
    size = _field_size(model, index)
    padded = np.pad(x[:, 0], ((0, 0), (0, size[0]), (0, size[1])), constant_values=-1.0)
    patches = []
    for i, (r, c) in zip(best, places):
        top, left = receptive_field(model, index, r, c)[:2]
        patches.append(padded[i, top:top + size[0], left:left + size[1]])
    return dict(patches=np.stack(patches), values=values[best], images=best, places=places)


def field_size(model, layer=None):
    """The side of the square of pixels one unit of a map layer sees (before
    clipping at the picture's edge). layer: index or name; None, the widest
    window any unit before the votes combines with its weights: the last
    convolution's (pooling after it takes a maximum over neighbours, it
    combines nothing), or the whole picture's side if a hidden fully connected
    layer (or no convolution) comes before the votes."""
    _model(model)
    if layer is None:
        layers = model.layers[:-1]                       # all but the votes
        if any(isinstance(lay, FullyConnected) for lay in layers) \
                or not any(isinstance(lay, Conv) for lay in layers):
            return int(max(model.hyper["image_shape"]))
        return _field_size(model, max(i for i, lay in enumerate(layers)
                                      if isinstance(lay, Conv)))[0]
    index = _layer(model, layer)
    if not _is_map(model, index):
        raise ValueError(f"layer {layer!r} is not a map layer: it sees the whole picture")
    return _field_size(model, index)[0]


def _field_size(model, index):
    """The receptive field's full height and width (before clipping at the edge)."""
    size, jump = 1, 1
    for lay in model.layers[:index + 1]:
        if isinstance(lay, Conv):
            size += (lay.size - 1) * jump
        elif isinstance(lay, MaxPool):
            size += (lay.size - 1) * jump
            jump *= lay.stride
    return size, size


def blur(picture):
    """Each pixel replaced by the mean of its 3x3 neighbourhood (edges
    repeated): one picture (H, W) or a stack (N, H, W)."""
    picture = as_array(picture, "picture", (2, 3), "a picture (H, W) or a stack (N, H, W)")
    pad = [(0, 0)] * (picture.ndim - 2) + [(1, 1), (1, 1)]
    p = np.pad(picture, pad, mode="edge")
    h, w = picture.shape[-2:]
    return sum(p[..., a:a + h, b:b + w] for a in range(3) for b in range(3)) / 9


def preferred_input(model, layer, unit, rng, steps=60, step_size=0.2, l2=0.02,
                    blur_every=4):
    """The picture that excites one unit most: gradient ascent on its value.

    The value climbed is the unit's value *before* its ReLU (for a ReLU or
    pooling layer: the convolution below it, at the place the unit reads
    first): a ReLU that starts at 0 has no slope to climb.
    Starts from faint noise (normal, sd 0.1, from rng: a numpy Generator).
    Each step moves every pixel by step_size times the slope, scaled so the
    largest move is step_size; shrinks the picture by (1 - l2) (L2
    regularisation: no pixel grows without a reason); every blur_every steps
    mixes in half a 3x3 blur (smooth pictures, not pixel noise); and keeps
    pixels in [-1, 1]. Returns dict(picture (H, W), values (steps + 1,) the
    climbed value before and after each step).
    """
    found = preferred_inputs(model, layer, [unit], rng, steps, step_size, l2, blur_every)
    return dict(picture=found["pictures"][0], values=found["values"][:, 0])


def preferred_inputs(model, layer, units, rng, steps=60, step_size=0.2, l2=0.02,
                     blur_every=4):
    """preferred_input for several units of one layer at once, in one batch:
    dict(pictures (U, H, W), values (steps + 1, U)). The starting noise is
    drawn for all units together, unit by unit, from rng."""
    rng = as_rng(rng)
    index = _layer(model, layer)
    if not isinstance(units, (list, tuple)) or not units:
        raise TypeError(f"units must be a non-empty list of units, got {describe(units)}")
    check_size(len(units), "units", "units", 10_000)
    wheres = [_pre_activation(model, index, _unit(model, index, u)[0]) for u in units]
    below = wheres[0][0]
    wheres = [w for _, w in wheres]
    steps = as_int(steps, "steps", 0, 100_000, hint="each step is one backpropagation")
    blur_every = as_int(blur_every, "blur_every", 1)
    step_size = as_float(step_size, "step_size", 0, 2, hint="a number from 0 to 2")
    l2 = as_float(l2, "l2", 0, 1, hint="a number from 0 to 1")
    x = rng.normal(0.0, 0.1, (len(units), *model.hyper["image_shape"]))
    values = []
    for step in range(steps):
        value, g = _gradients(model, x[:, None], below, wheres)
        values.append(value)
        top = np.maximum(np.abs(g).max(axis=(1, 2), keepdims=True), 1e-12)
        x = (1 - l2) * (x + step_size * g / top)
        if (step + 1) % blur_every == 0:
            x = 0.5 * x + 0.5 * blur(x)
        x = np.clip(x, -1.0, 1.0)
    values.append(_gradients(model, x[:, None], below, wheres)[0])
    return dict(pictures=x, values=np.array(values))


def _pre_activation(model, index, where):
    """The convolution or fully connected layer at or below layer index, and
    the unit there that the given unit reads first (through ReLU and pooling)."""
    while not isinstance(model.layers[index], (Conv, FullyConnected)):
        lay = model.layers[index]
        if isinstance(lay, MaxPool):
            f, r, c = where
            where = (f, r * lay.stride, c * lay.stride)
        elif len(where) == 1:                       # flatten: back to (map, row, col)
            where = tuple(int(v) for v in np.unravel_index(where[0], _unit(model, index - 1, 0)[1]))
        index -= 1
    return index, where


def unit_summaries(model, grids, layer, features, rng, count=6, steps=60):
    """unit_summary for several features of one layer, their preferred
    inputs found in one batch (preferred_inputs): a list of dicts."""
    index = _layer(model, layer)
    x, _ = _stack(model, grids)
    if not isinstance(features, (list, tuple, range)) or not len(features):
        raise TypeError(f"features must be a non-empty list of feature indexes, got "
                        f"{describe(features)}")
    as_int(steps, "steps", 0, 100_000, hint="each step is one backpropagation")
    summaries = []
    for feature in features:
        top = top_patches(model, grids, index, feature, count)
        best = int(top["images"][0])
        if _is_map(model, index):
            r, c = (int(v) for v in top["places"][0])
            field, unit = receptive_field(model, index, r, c), (feature, r, c)
        else:
            h, w = model.hyper["image_shape"]
            field, unit = (0, 0, h, w), feature
        summaries.append(dict(name=f"{layer_names(model)[index]} #{feature}",
                              patches=top["patches"], values=top["values"],
                              picture=x[best, 0], field=field, unit=unit))
    found = preferred_inputs(model, index, [s.pop("unit") for s in summaries], rng, steps=steps)
    for summary, picture in zip(summaries, found["pictures"]):
        summary["preferred"] = picture
    return summaries


def unit_summary(model, grids, layer, feature, rng, count=6, steps=60):
    """Everything the notebook shows about one unit, in one dict: "name"
    ("conv2 #3"), "patches" and "values" (top_patches), "preferred" (the
    picture from preferred_input, rng a numpy Generator), "picture" (the
    dataset picture that excites it most) and "field" (the receptive field
    of that picture's strongest place, as receptive_field gives it)."""
    return unit_summaries(model, grids, layer, [feature], rng, count, steps)[0]


def unit_kernel(model, layer, feature):
    """The k x k slices (C, k, k) of the convolution feature a map unit
    belongs to: the layer's own for a convolution, else the convolution
    below its ReLU and pooling."""
    index = _layer(model, layer)
    if not _is_map(model, index):
        raise ValueError(f"layer {layer_names(model)[index]} is not a stage's maps, so its "
                         f"units have no kernel; use one of the stages' layers")
    _unit(model, index, (feature, 0, 0))
    below, _ = _pre_activation(model, index, (feature, 0, 0))
    return model.params[model.layers[below].w][feature].copy()


def strongest_place(model, grid, layer, feature):
    """Where map `feature` of a layer is largest for one picture: dict(place
    (row, col), value, field: the receptive field there, maps: the layer's
    maps (F, h, w) for this picture)."""
    index = _layer(model, layer)
    if not _is_map(model, index):
        raise ValueError(f"layer {layer_names(model)[index]} is not a stage's maps; "
                         f"use one of the stages' layers")
    _unit(model, index, (feature, 0, 0))
    maps = layer_outputs(model, grid)[index]
    if maps.ndim != 3:
        raise ValueError("grid must be one picture (H, W)")
    r, c = np.unravel_index(int(np.argmax(maps[feature])), maps.shape[1:])
    return dict(place=(int(r), int(c)), value=float(maps[feature, r, c]),
                field=receptive_field(model, index, r, c), maps=maps)


def map_layers(model):
    """The names of the layers whose output is a stack of maps (the stages')."""
    return [n for i, n in enumerate(layer_names(model)) if _is_map(model, i)]


def unit_count(model, layer):
    """How many units (maps, or neurons) a layer has."""
    index = _layer(model, layer)
    return _unit(model, index, 0)[1][0]


def picture_from_cells(cells, shape):
    """A picture (H, W) from its H*W cells row by row, as the browser sends a
    drawing on a grey picture: any numbers from -1 to 1."""
    h, w = as_shape(shape, "shape")
    check_size(h * w, "shape", "cells")
    values = as_array(cells, "cells", (1,), f"a list of {h * w} numbers from -1 to 1")
    if values.size != h * w or values.min() < -1 or values.max() > 1:
        raise ValueError(f"cells must be {h * w} numbers from -1 to 1 (a {h}x{w} picture "
                         f"row by row), got {values.size} from {values.min():g} to {values.max():g}")
    return values.reshape(h, w)
