"""Fixtures shared by the test modules: the stored dataset and the default
model, each made once per test session (training takes a fraction of a second,
but many modules need the same trained network)."""
import pytest

from cnnlib.dataset import load_dataset
from cnnlib.network import train_model


@pytest.fixture(scope="session")
def data():
    """The stored X/O dataset (data/xo_dataset.npz). Treat it as read-only."""
    return load_dataset()


@pytest.fixture(scope="session")
def model(data):
    """train_model(0) with every default. Tests that train further copy it first."""
    return train_model(0)
