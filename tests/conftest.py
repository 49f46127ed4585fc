"""Fixtures shared by the test modules: the stored dataset and the default
model. Each is made once per session (training takes a fraction of a second,
but many modules need the same trained network) and every test gets its own
fresh() copy, so the order tests run in never matters.

Hypothesis draws the same examples on every run, whatever the order, and
keeps no database between runs: a failure is reproduced by running again.
`pytest --hypothesis-profile=explore` draws new examples on each run instead."""
import pytest
from helpers import fresh
from hypothesis import settings

from cnnlib.dataset import load_dataset
from cnnlib.network import train_model

settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("explore", database=None)
settings.load_profile("suite")


@pytest.fixture(scope="session")
def data_once():
    return load_dataset()


@pytest.fixture(scope="session")
def model_once():
    return train_model(0)


@pytest.fixture
def data(data_once):
    """The stored X/O dataset (data/xo_dataset.npz), its arrays read-only."""
    return fresh(data_once)


@pytest.fixture
def model(model_once):
    """train_model(0) with every default: this test's own copy."""
    return fresh(model_once)
