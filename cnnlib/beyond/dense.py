"""A fully connected network: every pixel connects to every hidden neuron.

No features sliding over the image and no pooling, so it has no notion of
"neighbouring pixels": give it the pixels in any fixed order and it learns
the same thing. Built from cnnlib.layers (fc, relu, softmax cross-entropy):
    grids (N, H, W) -> flatten (N, H*W) -> fully connected (N, hidden) -> ReLU
    -> fully connected votes (N, classes) -> softmax.
"""
import numpy as np

from cnnlib import layers
from cnnlib._checks import as_array, as_int, describe
from cnnlib.network import as_labels


class DenseModel:
    """params: w1 (H*W, hidden), b1, w2 (hidden, classes), b2; classes; image_shape."""

    def __init__(self, params, classes, image_shape):
        self.params, self.classes, self.image_shape = params, tuple(classes), tuple(image_shape)

    def _flat(self, grids):
        arr = as_array(grids, "grids", (2, 3), f"a stack (N, {self.image_shape[0]}, "
                       f"{self.image_shape[1]}) or one grid {self.image_shape}")
        if arr.shape[-2:] != self.image_shape:
            raise ValueError(f"grids must be of shape {self.image_shape}, got {describe(arr)}")
        return arr.reshape(-1, arr.shape[-1] * arr.shape[-2])

    def _forward(self, x):
        p = self.params
        hid, c1 = layers.fc_forward(x, p["w1"], p["b1"])
        act, c2 = layers.relu_forward(hid)
        scores, c3 = layers.fc_forward(act, p["w2"], p["b2"])
        return scores, (c1, c2, c3)

    def _gradients(self, x, y):
        scores, (c1, c2, c3) = self._forward(x)
        loss, dscores = layers.softmax_cross_entropy(scores, y)
        grads = {}
        dact, grads["w2"], grads["b2"] = layers.fc_backward(dscores, c3)
        dhid = layers.relu_backward(dact, c2)
        _, grads["w1"], grads["b1"] = layers.fc_backward(dhid, c1)
        return loss, grads

    def probabilities(self, grids):
        """(N, classes), or (classes,) for one grid."""
        p = layers.softmax(self._forward(self._flat(grids))[0])
        return p[0] if np.ndim(grids) == 2 else p

    def accuracy(self, grids, labels):
        x = self._flat(grids)
        y = as_labels(labels, self.classes, len(x))
        return float(np.mean(np.argmax(self._forward(x)[0], axis=1) == y))


def train_dense(seed=0, *, data, hidden=16, learning_rate=0.1, epochs=8, batch_size=20):
    """Train a DenseModel by mini-batch gradient descent (He initialisation).

    data: a dict like cnnlib.dataset.load_dataset() (train_images (N, H, W),
    train_labels, classes). The seed drives the weights and the shuffles.
    """
    if not isinstance(data, dict) or "train_images" not in data or "train_labels" not in data:
        raise TypeError(f"data must be a dict with train_images and train_labels "
                        f"(like load_dataset()), got {describe(data)}")
    rng = np.random.default_rng(as_int(seed, "seed", 0))
    hidden = as_int(hidden, "hidden", 1)
    epochs, batch_size = as_int(epochs, "epochs", 0), as_int(batch_size, "batch_size", 1)
    images = as_array(data["train_images"], "data['train_images']", (3,), "a stack (N, H, W)")
    classes = tuple(data.get("classes", ("x", "o")))
    d = images.shape[1] * images.shape[2]
    params = {"w1": rng.normal(0, np.sqrt(2 / d), (d, hidden)), "b1": np.zeros(hidden),
              "w2": rng.normal(0, np.sqrt(2 / hidden), (hidden, len(classes))),
              "b2": np.zeros(len(classes))}
    model = DenseModel(params, classes, images.shape[1:])
    x = images.reshape(len(images), d)
    y = as_labels(data["train_labels"], classes, len(x), "data['train_labels']")
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            grads = model._gradients(x[batch], y[batch])[1]
            for name, g in grads.items():
                model.params[name] -= learning_rate * g
    return model
