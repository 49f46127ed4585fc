"""Notebook 08's stored runs (tools/make_beyond.py): the scramble experiment and
transfer learning, trained again, give exactly the stored numbers, and a
damaged file is refused with what to do about it."""
import inspect
import json
from pathlib import Path

import numpy as np
import pytest

from cnnlib.beyond import limits, runs

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "08_beyond_images.ipynb"


def test_the_stored_runs_are_what_notebook_runs_gives():
    """Notebook 08 loads its scramble experiment and transfer learning: trained
    again from scratch they give exactly the stored accuracies (no scikit-learn
    here, so every number must agree on any version)."""
    stored, fresh = runs.load_runs(), runs.notebook_runs(progress=False)
    assert list(fresh) == list(stored) == ["scramble", "transfer"]
    for run, results in fresh.items():
        assert list(results) == list(stored[run])
        for key, value in results.items():
            np.testing.assert_array_equal(stored[run][key], value, err_msg=f"{run}/{key}")
    assert list(stored["scramble"]) == ["fractions", "order", *limits.NETWORKS]
    assert stored["scramble"]["fully connected"].shape == (5,)
    assert stored["transfer"]["transfer"].shape == (4,)
    np.testing.assert_array_equal(stored["scramble"]["order"], limits.scramble_order(0))


def test_notebook_runs_makes_the_calls_the_notebook_shows():
    """The calls the notebook keeps in its comments (and the X/O network it
    trains live) are the ones notebook_runs makes, argument for argument."""
    cells = ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]
             if c["cell_type"] == "code"]
    made = inspect.getsource(runs.notebook_runs)
    shown = {"scramble_experiment(data, fractions=(0, 0.25, 0.5, 0.75, 1.0), seeds=(0, 1, 2))":
             "scramble_experiment(data, fractions=NOTEBOOK_FRACTIONS, seeds=NOTEBOOK_SEEDS",
             "compare(source, np.random.default_rng(1), sizes=(1, 2, 4, 8))":
             "compare(source, np.random.default_rng(1), sizes=NOTEBOOK_SIZES",
             "train_model(0, data=data, epochs=10, features=8, pool_size=7, pool_stride=7)":
             "train_model(0, data=data, epochs=10, features=8, pool_size=7, pool_stride=7"}
    for in_notebook, in_runs in shown.items():
        assert any(in_notebook in cell for cell in cells), in_notebook
        assert in_runs in made, in_runs
    assert (runs.NOTEBOOK_FRACTIONS, runs.NOTEBOOK_SEEDS, runs.NOTEBOOK_SIZES) == \
        ((0, 0.25, 0.5, 0.75, 1.0), (0, 1, 2), (1, 2, 4, 8))
    loading = [cell for cell in cells if "runs.load_runs()" in cell]
    assert len(loading) == 1 and "scramble_experiment(" in loading[0]
    assert not any("= limits.scramble_experiment(" in c or "= transfer.compare(" in c for c in cells)


def _damaged(runs_, change):
    if change == "percentages":
        runs_["scramble"]["fully connected"] = runs_["scramble"]["fully connected"] * 100
    elif change == "a seed's accuracies":
        runs_["transfer"]["random"] = runs_["transfer"]["random"][:-1]
    elif change == "text":
        runs_["transfer"]["random"] = np.array(["65.7%"] * 4)
    elif change == "nan":
        runs_["transfer"]["scratch"] = np.full(4, np.nan)
    elif change == "order":
        runs_["scramble"]["order"] = np.zeros(81, int)
    elif change == "sizes":
        runs_["transfer"]["sizes"] = np.array([1, 2, 4, 16])
    elif change == "missing":
        del runs_["transfer"]["random"]
    return runs_


@pytest.mark.parametrize("change,words", [
    ("percentages", "scramble/fully connected must be accuracies of shape (5,)"),
    ("a seed's accuracies", "transfer/random must be accuracies of shape (4,)"),
    ("text", "transfer/random must be accuracies"),
    ("nan", "transfer/scratch must be accuracies"),
    ("order", "scramble/order must be the order of the 81 pixel positions"),
    ("sizes", "transfer/sizes must be the notebook's (1, 2, 4, 8)"),
    ("missing", "has no 'transfer/random'")])
def test_stored_runs_that_are_not_the_notebooks_are_refused(change, words, tmp_path, monkeypatch):
    good = runs.load_runs()
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    path = tmp_path / runs.RUNS_FILE
    runs.save_runs(_damaged(good, change), path)
    with np.load(path, allow_pickle=False) as written:
        assert "sklearn_version" not in written.files     # no scikit-learn in these runs
    with pytest.raises(ValueError) as info:
        runs.load_runs()
    message = str(info.value)
    assert words in message and "beyond_runs.npz" in message, message
    assert "regenerate it with python tools/make_beyond.py" in message, message
