"""A fully connected network: every pixel connects to every hidden neuron.

No features sliding over the image and no pooling, so it has no notion of
"neighbouring pixels": give it the pixels in any fixed order and it learns
the same thing. It is the same Model as the CNN with no convolution stage:
    grids (N, H, W) -> flatten (N, H*W) -> fully connected (N, hidden) -> ReLU
    -> fully connected votes (N, classes) -> softmax.
Its params are fc1_w (H*W, hidden), fc1_b, fc2_w (hidden, classes), fc2_b.
"""
from cnnlib._checks import as_int
from cnnlib.network import train_model


def train_dense(seed=0, *, data, hidden=16, learning_rate=0.1, epochs=8, batch_size=20):
    """Train a fully connected Model by mini-batch gradient descent (He
    initialisation): train_model with stages=() and one hidden layer.

    data: a dict like cnnlib.dataset.load_dataset() (train_images (N, H, W),
    train_labels, classes). The seed drives the weights and the shuffles.
    """
    hidden = as_int(hidden, "hidden", 1)
    return train_model(seed, data=data, stages=(), hidden=hidden, learning_rate=learning_rate,
                       epochs=epochs, batch_size=batch_size)
