"""A CNN in numpy, defined once as an ordered list of layers.

The network is the lecture's pipeline with learned numbers, stacked:
    grids (N, H, W) -> [convolution (F features, k x k, one slice per input map,
    sum plus bias) -> ReLU -> max pooling (keeping partial edge windows)] x stages
    -> flatten -> [fully connected -> ReLU] x hidden layers
    -> fully connected votes (N, classes) -> softmax probabilities.

Every layer below (Conv, ReLU, MaxPool, Flatten, FullyConnected) has its
forward and backward side by side, calling the pure functions of
cnnlib.layers. walk_forward and walk_backward are the one walk through a
list of layers; Model walks its list forwards (model.forward(grids, upto=...):
the scores, or any layer's output) and backwards (the gradients) with them,
and nothing else walks a model by hand. To add a kind of
layer, write one class with shape/init/forward/backward; to change the
architecture, edit build_layers. Training: cnnlib.training's one loop.

Params: the first stage's features are conv_w (F, C, k, k), conv_b (F,), later
stages' conv2_w, conv2_b, ...; the fully connected layers fc1_w (D, M), fc1_b,
fc2_w, ... . Labels anywhere are ints indexing model.classes or class names
("x", "o", any case). Randomness only from a seed or a numpy Generator passed
in: the same seed gives the same model, bit for bit.
"""
import numbers

import numpy as np

from cnnlib import layers
from cnnlib._checks import (MAX_VALUES, as_array, as_classes, as_float, as_int, as_labels,
                            as_layer, as_names, as_rng, as_seed, as_shape, as_stages,
                            as_widths, describe)
from cnnlib._progress import bar
from cnnlib.dataset import load_dataset
from cnnlib.filtering import Workspace
from cnnlib.pooling import pooled_shape, window_max
from cnnlib.training import descend, run_epochs

DEFAULTS = dict(features=4, feature_size=3, pool_size=2, pool_stride=2, hidden=0,
                learning_rate=0.5, epochs=8, batch_size=20)
RATE_HINT = "try 0.1 to 1"
MAX_EPOCHS = 10_000   # a sane limit; long training shows progress through callback
SCORE_CHUNK = 128     # pictures per forward pass when only the scores are needed (Model._scores)


# --- the layers: shape, initial params, forward and backward side by side ---------
# shape(in_shape) -> out_shape, for one example (no batch axis).
# init(rng, in_shape) -> {param name: array}.
# forward(params, x, train) -> (out, cache); the cache is None unless train.
# backward(params, dout, cache, need_dx) -> (dx or None, {param name: gradient}).

class Conv:
    """A learned convolution: F features of k x k, one k x k slice per input map
    and a bias per feature, zero padding p (0 in the models here).
    (C, H, W) -> (F, H + 2p - k + 1, W + 2p - k + 1)."""

    def __init__(self, name, features, size, padding=0):
        self.name, self.features, self.size, self.padding = name, features, size, padding
        self.w, self.b = f"{name}_w", f"{name}_b"
        # The training passes' scratch arrays, this layer's own: the cache a
        # training forward returns is valid until this layer's next one.
        self.workspace = Workspace()

    def shape(self, shape):
        c, h, w = shape
        grow = 2 * self.padding - self.size + 1
        return self.features, h + grow, w + grow

    def init(self, rng, shape):
        """He initialisation: normal, variance 2 / inputs per neuron (C*k*k); biases 0."""
        k, c = self.size, shape[0]
        return {self.w: rng.normal(0, np.sqrt(2 / (c * k * k)), (self.features, c, k, k)),
                self.b: np.zeros(self.features)}

    def forward(self, p, x, train):
        if not train:        # predictions: nothing kept, fresh arrays
            return layers.conv_forward(x, p[self.w], p[self.b], padding=self.padding)[0], None
        return layers.conv_forward(x, p[self.w], p[self.b], padding=self.padding,
                                   workspace=self.workspace)

    def backward(self, p, dout, cache, need_dx):
        dx, dw, db = layers.conv_backward(dout, cache, need_dx, self.workspace)
        return dx, {self.w: dw, self.b: db}


class ReLU:
    """max(x, 0), any shape."""
    name = "relu"

    def shape(self, shape):
        return shape

    def init(self, rng, shape):
        return {}

    def forward(self, p, x, train):
        return layers.relu_forward(x) if train else (np.maximum(x, 0), None)

    def backward(self, p, dout, cache, need_dx):
        return layers.relu_backward(dout, cache), {}


class MaxPool:
    """Max pooling of each map, keeping the partial edge windows (the lecture's)."""
    name = "pool"

    def __init__(self, size, stride):
        self.size, self.stride = size, stride

    def shape(self, shape):
        return (shape[0], *pooled_shape(shape, self.size, self.stride))

    def init(self, rng, shape):
        return {}

    def forward(self, p, x, train):
        if train:
            return layers.maxpool_forward(x, self.size, self.stride)
        return window_max(x, self.size, self.stride)[0], None     # predictions: no winners kept

    def backward(self, p, dout, cache, need_dx):
        return layers.maxpool_backward(dout, cache), {}


class Flatten:
    """(N, C, H, W) -> (N, C*H*W): every map's values in one row, for the votes."""
    name = "flatten"

    def shape(self, shape):
        return (int(np.prod(shape)),)

    def init(self, rng, shape):
        return {}

    def forward(self, p, x, train):
        return x.reshape(len(x), -1), x.shape

    def backward(self, p, dout, cache, need_dx):
        return dout.reshape(cache), {}


class FullyConnected:
    """Every output a weighted sum of every input, plus a bias. (D,) -> (M,)."""

    def __init__(self, name, width):
        self.name, self.width = name, width
        self.w, self.b = f"{name}_w", f"{name}_b"

    def shape(self, shape):
        return (self.width,)

    def init(self, rng, shape):
        """He initialisation: normal, variance 2 / D; biases 0."""
        d = shape[0]
        return {self.w: rng.normal(0, np.sqrt(2 / d), (d, self.width)),
                self.b: np.zeros(self.width)}

    def forward(self, p, x, train):
        out, cache = layers.fc_forward(x, p[self.w], p[self.b])
        return out, (cache if train else None)

    def backward(self, p, dout, cache, need_dx):
        dx, dw, db = layers.fc_backward(dout, cache)
        return dx, {self.w: dw, self.b: db}


def build_layers(hyper, n_classes):
    """The architecture as a list of layers, from hyper["stages"] (a tuple of
    (features, feature_size, pool_size, pool_stride)) and hyper["hidden"]."""
    stack = []
    for i, (features, size, pool, stride) in enumerate(hyper["stages"], start=1):
        stack += [Conv("conv" if i == 1 else f"conv{i}", features, size), ReLU(),
                  MaxPool(pool, stride)]
    stack.append(Flatten())
    widths = [*hidden_widths(hyper["hidden"]), n_classes]
    for i, width in enumerate(widths, start=1):
        stack.append(FullyConnected(f"fc{i}", width))
        if i < len(widths):
            stack.append(ReLU())
    return stack


# --- the one walk through a list of layers, forwards and backwards ---------------

def walk_forward(stack, params, x, train=False, outputs=None):
    """x through every layer of stack in order -> (the last output, every
    layer's cache (None unless train)); outputs, a list, gets every layer's
    output appended. x as the first layer reads it, e.g. (N, 1, H, W)."""
    caches = []
    for layer in stack:
        x, cache = layer.forward(params, x, train)
        caches.append(cache)
        if outputs is not None:
            outputs.append(x)
    return x, caches


def walk_backward(stack, params, d, caches, input_gradient=False, first=0):
    """The chain rule, from the last layer that has a cache back to layer
    first (0: the first): d is d loss / d (that layer's output). Returns
    d loss / d input (None unless input_gradient) and the gradient of every
    param of layers first onwards, last layer's first. Layers before first
    (frozen ones, whose d nothing reads) are not walked; first > 0 only
    without input_gradient."""
    if first and input_gradient:
        raise ValueError(f"first={first} skips the layers the input gradient goes through; "
                         f"use first=0 with input_gradient=True")
    grads = {}
    for i in range(len(caches) - 1, first - 1, -1):
        d, g = stack[i].backward(params, d, caches[i], i > first or input_gradient)
        grads.update(g)
    return (d if input_gradient else None), grads


def _first_trained(stack, frozen):
    """The index of the first layer of stack with a param not in frozen (the
    backward walk of a training step need not go further back), or 0."""
    for i, layer in enumerate(stack):
        names = [getattr(layer, "w", None), getattr(layer, "b", None)]
        if any(name is not None and name not in frozen for name in names):
            return i
    return 0


def hidden_widths(hidden):
    """hidden as a tuple of layer widths: 0 -> (), 16 -> (16,), (16, 8) -> (16, 8)."""
    if isinstance(hidden, numbers.Integral):
        return (int(hidden),) if hidden else ()
    return tuple(hidden)


def _activations(stack, image_shape):
    """How many numbers one picture (H, W) makes on its way through the layers:
    every layer's output, and each convolution's im2col matrix (C*k*k + 1 rows,
    one column per position). N pictures at once need N times as many."""
    shape, count = (1, *image_shape), 0
    for layer in stack:
        out = layer.shape(shape)
        count += int(np.prod(out))
        if isinstance(layer, Conv):
            count += (shape[0] * layer.size ** 2 + 1) * out[1] * out[2]
        shape = out
    return count


def _check_activations(model, n, name, hint):
    """Refuse, before the forward pass, n pictures that would need more than
    MAX_VALUES activations in model."""
    per = model.activations
    if n * per > MAX_VALUES:
        raise ValueError(f"{name}: {n:,} pictures would need {n * per:,} activations in this "
                         f"network ({per:,} per picture), more than the limit of "
                         f"{MAX_VALUES:,}; {hint}")


class Model:
    """A trained (or training) CNN: an ordered list of layers and their params.

    params: dict name -> array; classes: tuple of class names; hyper: dict of
    the architecture (image_shape, stages, hidden) and training settings;
    layers: the list build_layers(hyper) made; history: dict(loss=[],
    train_accuracy=[], test_accuracy=[]), one entry per epoch of train_model:
    loss is the mean of the epoch's batch losses (taken while the weights
    move), the accuracies are measured after it.
    """

    def __init__(self, params, classes, hyper):
        self.params, self.classes, self.hyper = params, tuple(classes), dict(hyper)
        self.layers = build_layers(self.hyper, len(self.classes))
        self.activations = _activations(self.layers, tuple(self.hyper["image_shape"]))
        self.history = dict(loss=[], train_accuracy=[], test_accuracy=[])

    def __repr__(self):
        h = self.hyper
        shape = (f"features={h['stages'][0][0]}, feature_size={h['stages'][0][1]}"
                 if len(h["stages"]) == 1 else f"stages={h['stages']}")
        return (f"Model(classes={self.classes}, image_shape={tuple(h['image_shape'])}, "
                f"{shape}, hidden={h['hidden']}, epochs trained={len(self.history['loss'])})")

    # --- checking inputs ----------------------------------------------------
    def _grids(self, grids, name="grids"):
        """(N, H, W) or one (H, W) -> ((N, 1, H, W) array, was it one grid?)."""
        shape = tuple(self.hyper["image_shape"])
        arr = as_array(grids, name, (2, 3), f"a stack (N, {shape[0]}, {shape[1]}) or one grid {shape}")
        if arr.shape[-2:] != shape:
            raise ValueError(f"{name} must be grids of shape {shape} (the model's image "
                             f"size), got {describe(arr)}; a model only reads images "
                             f"the size it was trained on")
        one = arr.ndim == 2
        _check_activations(self, 1 if one else len(arr), name, "pass fewer pictures at a time")
        return arr.reshape(-1, 1, *shape), one

    def _labels(self, labels, n, name="labels"):
        return as_labels(labels, self.classes, n, name)

    # --- the forward and backward passes, written once ----------------------------
    def layer_names(self):
        """A short unique name for every layer, in order: e.g. ['conv', 'relu',
        'pool', 'conv2', 'relu2', 'pool2', 'flatten', 'fc1']."""
        names, seen = [], {}
        for layer in self.layers:
            seen[layer.name] = seen.get(layer.name, 0) + 1
            n = seen[layer.name]
            names.append(layer.name if n == 1 or layer.name[-1].isdigit() else f"{layer.name}{n}")
        return names

    def layer_index(self, layer, name="layer"):
        """A layer given by index (0 .. len(layers) - 1) or by name
        (layer_names()) -> its index; anything else is a ValueError naming `name`."""
        return as_layer(layer, self.layer_names(), name)

    def forward(self, grids, upto=None):
        """The output of layer upto (a name or an index, see layer_names(); None:
        the last, the scores) for grids (N, H, W): (N, ...), e.g. (N, F, H', W')
        for a stage's maps, (N, M) for a fully connected layer; for one grid
        (H, W) the same without the batch axis."""
        index = None if upto is None else self.layer_index(upto, "upto")
        x, one = self._grids(grids)
        out = self._forward(x, train=False, upto=index)[0]
        return out[0] if one else out

    def _forward(self, x, train=True, outputs=None, upto=None):
        """x (N, 1, H, W) already checked -> the output of layer upto (an
        index; None: the last, the scores (N, K)) and the cache of every layer
        up to it (None unless train); outputs, a list, gets every layer's
        output appended."""
        stack = self.layers if upto is None else self.layers[:upto + 1]
        return walk_forward(stack, self.params, x, train, outputs)

    def _backward(self, d, caches, input_gradient=False, frozen=()):
        """The chain rule from the last layer _forward ran (d: d loss / d its
        output, (N, K) for the scores) back to the pixels (and to the pixels
        themselves only with input_gradient=True). Returns dx (N, 1, H, W) (or
        None) and the gradients, last layer's first. frozen: param names not
        trained; the walk stops at the first layer with a trained param (the
        frozen layers before it get no gradients)."""
        first = 0 if input_gradient else _first_trained(self.layers, frozen)
        return walk_backward(self.layers, self.params, d, caches, input_gradient, first)

    def _scores(self, x):
        """x (N, 1, H, W) -> scores (N, K), SCORE_CHUNK pictures per forward pass:
        the same numbers as one pass over all N, several times faster for
        thousands of pictures (the work arrays stay small enough for the cache)."""
        if len(x) <= SCORE_CHUNK:
            return self._forward(x, train=False)[0]
        return np.concatenate([self._forward(x[i:i + SCORE_CHUNK], train=False)[0]
                               for i in range(0, len(x), SCORE_CHUNK)])

    def scores(self, grids):
        """The votes before softmax: (N, n_classes), or (n_classes,) for one grid."""
        x, one = self._grids(grids)
        s = self._scores(x)
        return s[0] if one else s

    def probabilities(self, grids):
        """Softmax of the scores: (N, n_classes) rows summing to 1, or (n_classes,)."""
        return layers.softmax(self.scores(grids))

    def predict(self, grids):
        """Class names, e.g. array(['x', 'o']) of shape (N,); a str for one grid."""
        s = self.scores(grids)
        names = np.array(self.classes)[np.argmax(s, axis=-1)]
        return str(names) if np.ndim(names) == 0 else names

    def accuracy(self, grids, labels):
        """The fraction of grids whose predicted class is the label, in [0, 1]."""
        x, _ = self._grids(grids)
        y = self._labels(labels, len(x))
        return float(np.mean(np.argmax(self._scores(x), axis=1) == y))

    def _first_conv(self):
        if not isinstance(self.layers[0], Conv):
            raise ValueError("this model has no convolution stage (stages=()), so no "
                             "features or feature maps; it is fully connected")
        return self.layers[0]

    def feature_maps(self, grids):
        """The first convolution's maps before ReLU: (N, F, H', W'), or (F, H', W')."""
        x, one = self._grids(grids)
        self._first_conv()
        maps = np.ascontiguousarray(self._forward(x, train=False, upto=0)[0])
        return maps[0] if one else maps

    def stages(self, grids):
        """Every stage of the forward pass for one grid (H, W), for drawing:
        a dict of "layers", a list of (layer name, its output for this grid)
        for every layer in order; for the first stage "maps" (F, H', W')
        before ReLU, "rectified" (after ReLU) and "pooled" (F, H'', W'');
        "hidden" (width,), the last hidden layer after ReLU, when there is one;
        "scores" (n_classes,) and "probabilities" (n_classes,)."""
        x, one = self._grids(grids)
        if not one:
            raise ValueError(f"stages takes one grid {tuple(self.hyper['image_shape'])}, got a "
                             f"stack of {len(x)}; pass grids[i]")
        outputs = []
        scores = self._forward(x, train=False, outputs=outputs)[0][0]
        named = [(layer.name, out[0]) for layer, out in zip(self.layers, outputs)]
        out = dict(layers=named)
        if self.hyper["stages"]:
            out.update(maps=named[0][1], rectified=named[1][1], pooled=named[2][1])
        if hidden_widths(self.hyper["hidden"]):
            out["hidden"] = named[-2][1]
        out["scores"], out["probabilities"] = scores, layers.softmax(scores)
        return out

    def features(self):
        """The first stage's learned features (F, k, k), for drawing next to the lecture's."""
        return self.params[self._first_conv().w][:, 0].copy()

    # --- gradients ----------------------------------------------------------
    def loss_and_gradients(self, grids, labels):
        """The mean cross-entropy loss over the batch, and d loss / d param for
        every param (a dict with the same keys and shapes as .params)."""
        x, _ = self._grids(grids)
        return self._loss_and_gradients(x, self._labels(labels, len(x)))

    def _loss_and_gradients(self, x, y, frozen=()):
        """x (N, 1, H, W), y (N,) int labels, already checked; frozen: param
        names whose gradients are not needed (see _backward)."""
        scores, caches = self._forward(x)
        loss, dscores = layers.softmax_cross_entropy(scores, y)
        return loss, self._backward(dscores, caches, frozen=frozen)[1]

    def loss(self, grids, labels):
        """The mean cross-entropy loss over the batch (a float)."""
        x, _ = self._grids(grids)
        y = self._labels(labels, len(x))
        return layers.softmax_cross_entropy(self._scores(x), y)[0]

    def input_gradient(self, grids, labels):
        """d loss / d grids, the same shape as grids. The loss is the MEAN over
        the batch, so each image's gradient is 1/N of its own loss's gradient
        (only its sign matters for FGSM)."""
        x, one = self._grids(grids)
        y = self._labels(labels, len(x))
        scores, caches = self._forward(x)
        dscores = layers.softmax_cross_entropy(scores, y)[1]
        dx = np.ascontiguousarray(self._backward(dscores, caches, True)[0][:, 0])
        return dx[0] if one else dx

    def copy(self):
        """An independent copy: params, hyper and history are not shared."""
        m = Model({k: v.copy() for k, v in self.params.items()}, self.classes, self.hyper)
        m.history = {k: list(v) for k, v in self.history.items()}
        return m


def _stages(stages, features, feature_size, pool_size, pool_stride):
    """The stages as a tuple of (features, feature_size, pool_size, pool_stride):
    stages as given, else one stage of features and feature_size (defaults
    DEFAULTS')."""
    pool_size = as_int(pool_size, "pool_size", 1)
    pool_stride = as_int(pool_stride, "pool_stride", 1)
    if stages is None:
        features = DEFAULTS["features"] if features is None else features
        feature_size = DEFAULTS["feature_size"] if feature_size is None else feature_size
        stages = [(features, feature_size)]
    elif features is not None or feature_size is not None:
        raise ValueError("give either stages=[(features, feature_size), ...] or "
                         "features and feature_size (one stage), not both")
    return as_stages(stages, pool_size, pool_stride)


def init_model(rng, image_shape=(9, 9), classes=("x", "o"), features=None,
               feature_size=None, pool_size=DEFAULTS["pool_size"],
               pool_stride=DEFAULTS["pool_stride"], hidden=DEFAULTS["hidden"], stages=None):
    """A new untrained Model with small random weights (He initialisation:
    normal with variance 2 / inputs per neuron, biases 0). rng: a numpy Generator.

    One stage (the default): features (4) of feature_size x feature_size (3),
    pooled pool_size x pool_size with pool_stride. More stages: stages=[(features,
    feature_size), ...], each pooled the same way, or 4-tuples (features,
    feature_size, pool_size, pool_stride); stages=() is a fully connected net.
    hidden: 0 (the pooled maps vote directly), a width, or a list of widths.
    """
    rng = as_rng(rng)
    h, w = as_shape(image_shape, "image_shape")
    classes = as_classes(classes)
    stages = _stages(stages, features, feature_size, pool_size, pool_stride)
    hidden = as_widths(hidden)
    hyper = dict(image_shape=(h, w), stages=stages, hidden=hidden)
    stack, params, shape = build_layers(hyper, len(classes)), {}, (1, h, w)
    count = 0                                   # weights and biases, before any is made
    for layer in stack:
        if isinstance(layer, Conv) and layer.size > min(shape[1:]):
            raise ValueError(f"feature_size {layer.size} is larger than the "
                             f"{shape[1]}x{shape[2]} {'images' if layer is stack[0] else 'maps it reads'}")
        if isinstance(layer, Conv):
            count += layer.features * (shape[0] * layer.size ** 2 + 1)
        elif isinstance(layer, FullyConnected):
            count += (shape[0] + 1) * layer.width
        shape = layer.shape(shape)
    if count > MAX_VALUES:
        raise ValueError(f"the network would have {count:,} weights, more than the limit of "
                         f"{MAX_VALUES:,}; use a smaller image_shape, fewer features or "
                         f"narrower hidden layers")
    per = _activations(stack, (h, w))
    if per > MAX_VALUES:
        raise ValueError(f"the network would need {per:,} activations for one picture, more "
                         f"than the limit of {MAX_VALUES:,}; use a smaller image_shape, fewer "
                         f"features or narrower hidden layers")
    shape = (1, h, w)
    for layer in stack:
        params.update(layer.init(rng, shape))
        shape = layer.shape(shape)
    return Model(params, classes, hyper)


def train_step(model, grids, labels, learning_rate, frozen=()):
    """One gradient-descent step on one batch: p -= learning_rate * dp for every
    param not named in frozen (a name, names, or None: nothing frozen). The
    params change all at once, after the whole step (an interrupt leaves the
    model as it was). Returns the batch's loss before the step."""
    learning_rate = as_float(learning_rate, "learning_rate", above=0, hint=RATE_HINT)
    x, _ = _model(model)._grids(grids)
    y = model._labels(labels, len(x))
    return _step(model, x, y, learning_rate, _frozen(frozen, model))


def _step(model, x, y, learning_rate, frozen):
    """train_step on checked arrays: x (N, 1, H, W), y (N,) ints.

    A step that would make the loss or any weight NaN or infinite is refused
    with a ValueError, the model left as it was after the last good step."""
    loss, grads = model._loss_and_gradients(x, y, frozen)
    params = descend(model.params, grads, learning_rate, frozen)
    if not (np.isfinite(loss) and all(np.isfinite(p).all() for p in params.values())):
        raise ValueError(f"training diverged: with learning_rate={learning_rate:g} the "
                         f"weights or the loss became infinite or NaN, so the step was not "
                         f"taken and the model keeps its last good weights; use a smaller "
                         f"learning_rate (the lecture uses {DEFAULTS['learning_rate']})")
    model.params = params
    return loss


def _model(model, name="model"):
    """model, if it is a cnnlib Model (training needs its inner workings)."""
    if not isinstance(model, Model):
        raise TypeError(f"{name} must be a cnnlib Model (from train_model or init_model), "
                        f"got {describe(model)}")
    return model


def _fit(model, x, y, learning_rate, batch_size, rng, epochs, frozen, after_epoch=None):
    """run_epochs with train steps on batches of checked x, y."""
    return run_epochs(lambda b: _step(model, x[b], y[b], learning_rate, frozen), len(x),
                      batch_size=batch_size, rng=rng, epochs=epochs, after_epoch=after_epoch)


def train_epoch(model, grids, labels, learning_rate, batch_size, rng, frozen=()):
    """One pass over the data in a shuffled order, in batches. Returns the mean
    batch loss. rng: a numpy Generator (the shuffle)."""
    x, _ = _model(model)._grids(grids)
    y = model._labels(labels, len(x))
    batch_size = as_int(batch_size, "batch_size", 1)
    learning_rate = as_float(learning_rate, "learning_rate", above=0, hint=RATE_HINT)
    rng = as_rng(rng)
    return _fit(model, x, y, learning_rate, batch_size, rng, 1, _frozen(frozen, model))[0]


def train_model(seed=0, *, data=None, classes=None, features=None, feature_size=None,
                pool_size=DEFAULTS["pool_size"], pool_stride=DEFAULTS["pool_stride"],
                hidden=DEFAULTS["hidden"], stages=None,
                learning_rate=DEFAULTS["learning_rate"], epochs=DEFAULTS["epochs"],
                batch_size=DEFAULTS["batch_size"], init=None, frozen=(), callback=None,
                progress=None):
    """Train a CNN by mini-batch gradient descent and return the Model.

    data: a dict like load_dataset() (default: load_dataset()): train_images
    (N, H, W) of any size H x W, train_labels (N,), and optionally test_images,
    test_labels (for history["test_accuracy"]) and classes. The class names come
    from the classes keyword, else data["classes"], else ("x", "o"); the labels
    are ints indexing them or the names themselves.
    The architecture: as init_model (features, feature_size, pool_size,
    pool_stride, hidden, or stages=[(features, feature_size), ...]).
    init: a Model to start from (transfer learning): every param it has with the
    same name and shape is copied (say conv_w and conv_b when only the classes
    or the image size differ); the rest start random. frozen: names of params
    not to update, e.g. ("conv_w", "conv_b") to keep the features fixed (None or
    (): every param trains).
    callback(epoch, model) runs after each epoch (epoch counts from 1).
    model.hyper records the architecture and these training settings.
    The seed drives the initial weights and the shuffles: same seed, same model.
    progress: a bar of the epochs (None: in a notebook only; see cnnlib._progress).
    Stopped early (the notebook's stop button), the KeyboardInterrupt carries
    the model as it was after its last whole step, its history up to its
    last whole epoch: `model = sys.last_value.model` in the next cell.
    """
    if data is None:
        data = load_dataset()
    if not isinstance(data, dict) or "train_images" not in data or "train_labels" not in data:
        raise TypeError(f"data must be a dict with train_images and train_labels "
                        f"(like load_dataset()), got {describe(data)}")
    seed = as_seed(seed)
    classes = as_classes(classes if classes is not None else data.get("classes", ("x", "o")))
    images = as_array(data["train_images"], "data['train_images']", (3,), "a stack (N, H, W)")
    epochs = as_int(epochs, "epochs", 0, MAX_EPOCHS)
    batch_size = as_int(batch_size, "batch_size", 1)
    learning_rate = as_float(learning_rate, "learning_rate", above=0, hint=RATE_HINT)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function callback(epoch, model), got {describe(callback)}")
    rng = np.random.default_rng(seed)
    model = init_model(rng, images.shape[1:], classes, features, feature_size,
                       pool_size, pool_stride, hidden, stages)
    if init is not None:
        model = _start_from(init, model)
    frozen = _frozen(frozen, model)
    _check_activations(model, len(images), "data['train_images']",
                      "use fewer features, narrower hidden layers or fewer pictures")
    x = images.reshape(-1, 1, *images.shape[1:])
    labels = model._labels(data["train_labels"], len(images), "data['train_labels']")
    test = None
    if "test_images" in data and "test_labels" in data:
        tx, _ = model._grids(data["test_images"], "data['test_images']")
        test = (tx, model._labels(data["test_labels"], len(tx), "data['test_labels']"))
    model.hyper.update(seed=seed, learning_rate=learning_rate, epochs=epochs,
                       batch_size=batch_size, frozen=frozen)

    with bar(epochs, "training", "epoch", progress) as shown:
        def after_epoch(epoch, loss):
            record(model, loss, x, labels, test)
            shown.update()
            shown.set_postfix_str(f"loss {loss:.3f}")
            if callback is not None:
                callback(epoch, model)

        try:
            _fit(model, x, labels, learning_rate, batch_size, rng, epochs, frozen, after_epoch)
        except KeyboardInterrupt as stop:
            stop.model = model      # as it was after its last whole step
            raise
    return model


def record(model, loss, x, y, test=None):
    """Append one epoch's loss and accuracies to model.history, all three or none.
    x (N, 1, H, W) and y (N,) as checked by the model; test: (x, y) or None."""
    def right(xs, ys):
        return float(np.mean(np.argmax(model._scores(xs), axis=1) == ys))
    train = right(x, y)
    tested = right(*test) if test is not None else None
    model.history["loss"].append(loss)
    model.history["train_accuracy"].append(train)
    if tested is not None:
        model.history["test_accuracy"].append(tested)


def _start_from(init, fresh):
    """fresh with every param that init has under the same name and shape
    copied from init (the others keep their fresh random values)."""
    if not isinstance(init, Model):
        raise TypeError(f"init must be a Model to start from, got {describe(init)}")
    same = [k for k, v in fresh.params.items()
            if k in init.params and init.params[k].shape == v.shape]
    if not same:
        raise ValueError(f"init shares no param of the same shape with the new model "
                         f"(init: {init!r}); use the same features and feature_size "
                         f"to carry the features over")
    for name in same:
        fresh.params[name] = init.params[name].copy()
    return fresh


def _frozen(frozen, model):
    """frozen as a tuple of param names: None (or ()) freezes nothing, one
    name freezes that param."""
    return as_names(frozen, "frozen", tuple(model.params), "param names", "('conv_w', 'conv_b')")
