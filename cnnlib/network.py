"""A small CNN in numpy, and gradient-descent training.

The network is the lecture's pipeline with learned numbers:
    grids (N, H, W) -> convolution (F features, k x k, sum plus bias) -> ReLU
    -> max pooling (keeping partial edge windows) -> [fully connected -> ReLU]
    -> fully connected votes (N, classes) -> softmax probabilities.
The bracketed hidden layer is there when hidden > 0. Parameters are named
conv_w (F, 1, k, k), conv_b (F,), fc1_w, fc1_b, and fc2_w, fc2_b with a hidden layer.

Labels anywhere are ints indexing model.classes or class-name strings ("x", "o").
Randomness only from a seed or a numpy Generator passed in: the same seed
gives the same model, bit for bit.
"""
import numbers

import numpy as np

from cnnlib import layers
from cnnlib._checks import as_array, as_int, describe
from cnnlib.pooling import pool_size as _pooled_side

DEFAULTS = dict(features=4, feature_size=3, pool_size=2, pool_stride=2, hidden=0,
                learning_rate=0.5, epochs=8, batch_size=20)


class Model:
    """A trained (or training) CNN.

    params: dict name -> array; classes: tuple of class names; hyper: dict of
    hyperparameters; history: dict(loss=[], train_accuracy=[], test_accuracy=[]),
    one entry per epoch of train_model: loss is the mean of the epoch's batch
    losses (taken while the weights move), the accuracies are measured after it.
    """

    def __init__(self, params, classes, hyper):
        self.params, self.classes, self.hyper = params, tuple(classes), dict(hyper)
        self.history = dict(loss=[], train_accuracy=[], test_accuracy=[])

    def __repr__(self):
        h = self.hyper
        return (f"Model(classes={self.classes}, image_shape={tuple(h['image_shape'])}, "
                f"features={h['features']}, feature_size={h['feature_size']}, "
                f"hidden={h['hidden']}, epochs trained={len(self.history['loss'])})")

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
        return arr.reshape(-1, 1, *shape), one

    def _labels(self, labels, n, name="labels"):
        return as_labels(labels, self.classes, n, name)

    # --- the forward pass ---------------------------------------------------
    def _scores(self, x):
        """x (N, 1, H, W) -> scores (N, K), keeping nothing for a backward pass."""
        p, h = self.params, self.hyper
        conv = layers.conv_forward(x, p["conv_w"], p["conv_b"])[0]
        pooled = layers.maxpool(np.maximum(conv, 0), h["pool_size"], h["pool_stride"])
        flat = pooled.reshape(len(x), -1)
        if h["hidden"]:
            flat = np.maximum(flat @ p["fc1_w"] + p["fc1_b"], 0)
            return flat @ p["fc2_w"] + p["fc2_b"]
        return flat @ p["fc1_w"] + p["fc1_b"]

    def _forward(self, x):
        """x (N, 1, H, W) -> scores (N, K) and the caches for the backward pass."""
        p, h = self.params, self.hyper
        conv, c1 = layers.conv_forward(x, p["conv_w"], p["conv_b"])
        rect, c2 = layers.relu_forward(conv)
        pooled, c3 = layers.maxpool_forward(rect, h["pool_size"], h["pool_stride"])
        flat = pooled.reshape(len(x), -1)
        caches = [c1, c2, c3, pooled.shape]
        if h["hidden"]:
            hid, c4 = layers.fc_forward(flat, p["fc1_w"], p["fc1_b"])
            act, c5 = layers.relu_forward(hid)
            scores, c6 = layers.fc_forward(act, p["fc2_w"], p["fc2_b"])
            caches += [c4, c5, c6]
        else:
            scores, c4 = layers.fc_forward(flat, p["fc1_w"], p["fc1_b"])
            caches += [c4]
        return scores, caches

    def _backward(self, dscores, caches, input_gradient=False):
        """The chain rule, layer by layer from the votes back to the pixels
        (and to the pixels themselves only with input_gradient=True)."""
        grads = {}
        if self.hyper["hidden"]:
            c1, c2, c3, shape, c4, c5, c6 = caches
            dact, grads["fc2_w"], grads["fc2_b"] = layers.fc_backward(dscores, c6)
            dhid = layers.relu_backward(dact, c5)
            dflat, grads["fc1_w"], grads["fc1_b"] = layers.fc_backward(dhid, c4)
        else:
            c1, c2, c3, shape, c4 = caches
            dflat, grads["fc1_w"], grads["fc1_b"] = layers.fc_backward(dscores, c4)
        drect = layers.maxpool_backward(dflat.reshape(shape), c3)
        dconv = layers.relu_backward(drect, c2)
        dx, grads["conv_w"], grads["conv_b"] = layers.conv_backward(dconv, c1, input_gradient)
        return dx, grads

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

    def feature_maps(self, grids):
        """The convolution layer's maps before ReLU: (N, F, H', W'), or (F, H', W')."""
        x, one = self._grids(grids)
        maps = layers.conv_forward(x, self.params["conv_w"], self.params["conv_b"])[0]
        maps = np.ascontiguousarray(maps)
        return maps[0] if one else maps

    def stages(self, grids):
        """Every stage of the forward pass for one grid (H, W), for drawing:
        a dict of "maps" (F, H', W') before ReLU, "rectified" (after ReLU),
        "pooled" (F, H'', W''), "hidden" (hidden,) when there is a hidden
        layer, "scores" (n_classes,) and "probabilities" (n_classes,)."""
        x, one = self._grids(grids)
        if not one:
            raise ValueError(f"stages takes one grid {tuple(self.hyper['image_shape'])}, got a "
                             f"stack of {len(x)}; pass grids[i]")
        p, h = self.params, self.hyper
        maps = layers.conv_forward(x, p["conv_w"], p["conv_b"])[0]
        rect = np.maximum(maps, 0)
        pooled = layers.maxpool_forward(rect, h["pool_size"], h["pool_stride"])[0]
        out = dict(maps=maps[0], rectified=rect[0], pooled=pooled[0])
        flat = pooled.reshape(1, -1)
        if h["hidden"]:
            out["hidden"] = np.maximum(flat @ p["fc1_w"] + p["fc1_b"], 0)[0]
            scores = out["hidden"] @ p["fc2_w"] + p["fc2_b"]
        else:
            scores = (flat @ p["fc1_w"] + p["fc1_b"])[0]
        out["scores"], out["probabilities"] = scores, layers.softmax(scores)
        return out

    def features(self):
        """The learned features (F, k, k), for drawing next to the lecture's."""
        return self.params["conv_w"][:, 0].copy()

    # --- gradients ----------------------------------------------------------
    def loss_and_gradients(self, grids, labels):
        """The mean cross-entropy loss over the batch, and d loss / d param for
        every param (a dict with the same keys and shapes as .params)."""
        x, _ = self._grids(grids)
        y = self._labels(labels, len(x))
        scores, caches = self._forward(x)
        loss, dscores = layers.softmax_cross_entropy(scores, y)
        return loss, self._backward(dscores, caches)[1]

    def loss(self, grids, labels):
        """The mean cross-entropy loss over the batch (a float)."""
        x, _ = self._grids(grids)
        y = self._labels(labels, len(x))
        return layers.softmax_cross_entropy(self._forward(x)[0], y)[0]

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


def as_labels(labels, classes, n, name="labels"):
    """Labels as an int64 array (n,) indexing classes, from ints or class names."""
    if isinstance(labels, (str, numbers.Number)) and not isinstance(labels, bool):
        labels = [labels]
    arr = np.asarray(labels)
    where = f"; the classes are {', '.join(map(repr, classes))} (or their indexes 0..{len(classes) - 1})"
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(f"{name} must be one label per grid ({n}), got {describe(arr)}{where}")
    if arr.dtype.kind in "US":
        lookup = {c: i for i, c in enumerate(classes)}
        bad = sorted({str(v) for v in arr if str(v) not in lookup})
        if bad:
            raise ValueError(f"{name}: unknown class name(s) {', '.join(map(repr, bad))}{where}")
        return np.array([lookup[str(v)] for v in arr], dtype=np.int64)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be ints or class names, got an array of dtype "
                        f"{arr.dtype}{where}")
    if arr.min() < 0 or arr.max() >= len(classes):
        raise ValueError(f"{name} must index the {len(classes)} classes, got values "
                         f"from {arr.min()} to {arr.max()}{where}")
    return arr.astype(np.int64, copy=False)


def _classes(classes):
    if isinstance(classes, str) or not isinstance(classes, (tuple, list, np.ndarray)):
        raise TypeError(f"classes must be a tuple of class names such as ('x', 'o'), "
                        f"got {describe(classes)}")
    classes = tuple(str(c) for c in classes)
    if len(classes) < 2 or len(set(classes)) != len(classes):
        raise ValueError(f"classes must be at least two different names, got {classes}")
    return classes


def _positive(value, name, hint=""):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a positive number, got {describe(value)}{hint}")
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}{hint}")
    return float(value)


def _shape(image_shape):
    if (not isinstance(image_shape, (tuple, list)) or len(image_shape) != 2
            or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 1
                       for v in image_shape)):
        raise ValueError(f"image_shape must be (H, W), two positive ints, got {image_shape!r}")
    return tuple(int(v) for v in image_shape)


def init_model(rng, image_shape=(9, 9), classes=("x", "o"), features=DEFAULTS["features"],
               feature_size=DEFAULTS["feature_size"], pool_size=DEFAULTS["pool_size"],
               pool_stride=DEFAULTS["pool_stride"], hidden=DEFAULTS["hidden"]):
    """A new untrained Model with small random weights (He initialisation:
    normal with variance 2 / inputs per neuron, biases 0). rng: a numpy Generator."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {describe(rng)}; "
                        f"use numpy.random.default_rng(seed)")
    h, w = _shape(image_shape)
    classes = _classes(classes)
    features = as_int(features, "features", 1)
    k = as_int(feature_size, "feature_size", 1)
    size = as_int(pool_size, "pool_size", 1)
    stride = as_int(pool_stride, "pool_stride", 1)
    hidden = as_int(hidden, "hidden", 0, hint="0 means the pooled maps vote directly")
    if k > min(h, w):
        raise ValueError(f"feature_size {k} is larger than the {h}x{w} images")
    ph, pw = _pooled_side(h - k + 1, size, stride), _pooled_side(w - k + 1, size, stride)
    d = features * ph * pw
    params = {"conv_w": rng.normal(0, np.sqrt(2 / (k * k)), (features, 1, k, k)),
              "conv_b": np.zeros(features)}
    widths = [d, hidden, len(classes)] if hidden else [d, len(classes)]
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:]), start=1):
        params[f"fc{i}_w"] = rng.normal(0, np.sqrt(2 / a), (a, b))
        params[f"fc{i}_b"] = np.zeros(b)
    hyper = dict(image_shape=(h, w), features=features, feature_size=k, pool_size=size,
                 pool_stride=stride, hidden=hidden)
    return Model(params, classes, hyper)


def train_step(model, grids, labels, learning_rate, frozen=()):
    """One gradient-descent step on one batch, in place: p -= learning_rate * dp
    for every param not named in frozen. Returns the batch's loss before the step."""
    learning_rate = _positive(learning_rate, "learning_rate", "; try 0.1 to 1")
    loss, grads = model.loss_and_gradients(grids, labels)
    for name, g in grads.items():
        if name not in frozen:
            model.params[name] -= learning_rate * g
    return loss


def train_epoch(model, grids, labels, learning_rate, batch_size, rng, frozen=()):
    """One pass over the data in a shuffled order, in batches. Returns the mean
    batch loss. rng: a numpy Generator (the shuffle)."""
    x, _ = model._grids(grids)
    y = model._labels(labels, len(x))
    batch_size = as_int(batch_size, "batch_size", 1)
    learning_rate = _positive(learning_rate, "learning_rate", "; try 0.1 to 1")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {describe(rng)}")
    return _epoch(model, x[:, 0], y, learning_rate, batch_size, rng, frozen)


def _epoch(model, x, y, learning_rate, batch_size, rng, frozen):
    order = rng.permutation(len(x))
    x, y = x[order], y[order]
    p, losses = model.params, []
    for start in range(0, len(x), batch_size):
        xb = x[start:start + batch_size, None]
        scores, caches = model._forward(xb)
        loss, dscores = layers.softmax_cross_entropy(scores, y[start:start + batch_size])
        grads = model._backward(dscores, caches)[1]
        for name, g in grads.items():
            if name not in frozen:
                p[name] -= learning_rate * g
        losses.append(loss)
    return float(np.mean(losses))


def train_model(seed=0, *, data=None, classes=None, features=DEFAULTS["features"],
                feature_size=DEFAULTS["feature_size"], pool_size=DEFAULTS["pool_size"],
                pool_stride=DEFAULTS["pool_stride"], hidden=DEFAULTS["hidden"],
                learning_rate=DEFAULTS["learning_rate"], epochs=DEFAULTS["epochs"],
                batch_size=DEFAULTS["batch_size"], init=None, frozen=(), callback=None):
    """Train a CNN by mini-batch gradient descent and return the Model.

    data: a dict like load_dataset() (default: load_dataset()): train_images
    (N, H, W) of any size H x W, train_labels (N,), and optionally test_images,
    test_labels (for history["test_accuracy"]) and classes. The class names come
    from the classes keyword, else data["classes"], else ("x", "o"); the labels
    are ints indexing them or the names themselves.
    init: a Model to start from (transfer learning): every param it has with the
    same name and shape is copied (say conv_w and conv_b when only the classes
    or the image size differ); the rest start random. frozen: names of params
    not to update, e.g. ("conv_w", "conv_b") to keep the features fixed.
    callback(epoch, model) runs after each epoch (epoch counts from 1).
    model.hyper records the architecture and these training settings.
    The seed drives the initial weights and the shuffles: same seed, same model.
    """
    if data is None:
        from cnnlib.dataset import load_dataset
        data = load_dataset()
    if not isinstance(data, dict) or "train_images" not in data or "train_labels" not in data:
        raise TypeError(f"data must be a dict with train_images and train_labels "
                        f"(like load_dataset()), got {describe(data)}")
    seed = as_int(seed, "seed", 0)
    classes = _classes(classes if classes is not None else data.get("classes", ("x", "o")))
    images = as_array(data["train_images"], "data['train_images']", (3,), "a stack (N, H, W)")
    epochs = as_int(epochs, "epochs", 0)
    batch_size = as_int(batch_size, "batch_size", 1)
    learning_rate = _positive(learning_rate, "learning_rate", "; try 0.1 to 1")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function callback(epoch, model), got {describe(callback)}")
    rng = np.random.default_rng(seed)
    model = init_model(rng, images.shape[1:], classes, features, feature_size,
                       pool_size, pool_stride, hidden)
    if init is not None:
        model = _start_from(init, model)
    frozen = _frozen(frozen, model)
    labels = model._labels(data["train_labels"], len(images), "data['train_labels']")
    test = None
    if "test_images" in data and "test_labels" in data:
        tx, _ = model._grids(data["test_images"], "data['test_images']")
        test = (tx[:, 0], model._labels(data["test_labels"], len(tx), "data['test_labels']"))
    model.hyper.update(seed=seed, learning_rate=learning_rate, epochs=epochs,
                       batch_size=batch_size, frozen=frozen)
    for epoch in range(1, epochs + 1):
        loss = _epoch(model, images, labels, learning_rate, batch_size, rng, frozen)
        model.history["loss"].append(loss)
        model.history["train_accuracy"].append(model.accuracy(images, labels))
        if test is not None:
            model.history["test_accuracy"].append(model.accuracy(*test))
        if callback is not None:
            callback(epoch, model)
    return model


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
    if isinstance(frozen, str):
        frozen = (frozen,)
    frozen = tuple(frozen)
    bad = [f for f in frozen if f not in model.params]
    if bad:
        raise ValueError(f"frozen: unknown param name(s) {bad}; the params are "
                         f"{', '.join(model.params)}")
    return frozen
