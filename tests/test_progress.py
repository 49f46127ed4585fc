"""Long work shows progress in a notebook (none in tests) and can be stopped:
the bar's switch, the bar itself, and training stopped between steps keeping
the model as it was after its last whole step."""
import os
import sys
import types

import numpy as np
import pytest

import cnnlib
from cnnlib import _progress, adversarial, network
from cnnlib.beyond import sound


def fake_kernel(monkeypatch, running):
    app = types.SimpleNamespace(IPKernelApp=types.SimpleNamespace(initialized=lambda: running))
    monkeypatch.setitem(sys.modules, "ipykernel.kernelapp", app)


def test_bars_show_in_a_notebook_kernel_only_unless_turned_off(monkeypatch):
    assert os.environ["CNNLIB_PROGRESS"] == "0"           # conftest.py: none in tests
    monkeypatch.delenv("CNNLIB_PROGRESS")
    fake_kernel(monkeypatch, True)
    assert _progress.wanted(None) is True                 # a notebook: a bar
    fake_kernel(monkeypatch, False)
    assert _progress.wanted(None) is False                # a script or a test: none
    monkeypatch.delitem(sys.modules, "ipykernel.kernelapp")
    assert _progress.wanted(None) is False
    fake_kernel(monkeypatch, True)
    for off in ("0", "false", "OFF"):
        monkeypatch.setenv("CNNLIB_PROGRESS", off)
        assert _progress.wanted(None) is False            # tools/notebooks.py turns it off
    assert _progress.wanted(True) is True and _progress.wanted(False) is False
    with pytest.raises(TypeError, match="progress must be True or False"):
        _progress.wanted("yes")


def test_training_shows_its_epochs_when_asked_and_nothing_otherwise(capsys):
    cnnlib.train_model(0, epochs=3, progress=True)
    shown = capsys.readouterr().err
    assert "training" in shown and "3/3" in shown and "epoch" in shown and "loss" in shown
    cnnlib.train_model(0, epochs=3)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("call, what", [
    (lambda p: cnnlib.make_dataset(np.random.default_rng(0), 4, 2, progress=p), "6/6"),
    (lambda p: sound.make_sound_dataset(np.random.default_rng(0), 2, 1, progress=p), "6/6"),
    (lambda p: adversarial.universal_noise(network.train_model(0, epochs=1),
                                           cnnlib.load_dataset()["test_images"][:4],
                                           cnnlib.load_dataset()["test_labels"][:4], 0.2,
                                           steps=3, progress=p), "3/3"),
])
def test_making_data_and_searching_show_progress_when_asked(call, what, capsys):
    call(True)
    assert what in capsys.readouterr().err
    call(False)
    assert capsys.readouterr().err == ""


def test_stopped_between_epochs_the_model_is_the_one_trained_that_far():
    def stop_after_3(epoch, model):
        if epoch == 3:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt) as stopped:
        cnnlib.train_model(0, epochs=8, callback=stop_after_3)
    model, three = stopped.value.model, cnnlib.train_model(0, epochs=3)
    assert len(model.history["loss"]) == 3 and model.history == three.history
    for name, value in three.params.items():
        np.testing.assert_array_equal(model.params[name], value)


def test_stopped_inside_a_step_the_model_keeps_its_last_whole_step(monkeypatch):
    """The stop button lands anywhere, here inside the 7th batch's backward
    pass: the model is as it was after the 6th step, no half-moved weights."""
    after, original, calls = [], network.Model._loss_and_gradients, []

    def interrupted(self, x, y):
        calls.append(1)
        if len(calls) == 7:
            raise KeyboardInterrupt
        out = original(self, x, y)
        return out

    def step(model, x, y, learning_rate, frozen):
        loss = real_step(model, x, y, learning_rate, frozen)
        after.append({k: v.copy() for k, v in model.params.items()})
        return loss
    real_step = network._step
    monkeypatch.setattr(network.Model, "_loss_and_gradients", interrupted)
    monkeypatch.setattr(network, "_step", step)
    with pytest.raises(KeyboardInterrupt) as stopped:
        cnnlib.train_model(0, epochs=2, batch_size=20)
    model = stopped.value.model
    assert len(after) == 6 and model.history["loss"] == []      # no whole epoch yet
    for name, value in after[-1].items():
        np.testing.assert_array_equal(model.params[name], value)
    assert all(np.isfinite(v).all() for v in model.params.values())


def test_adversarial_training_stopped_keeps_its_new_model(monkeypatch):
    model = network.train_model(0, epochs=1)
    d = cnnlib.load_dataset()
    calls, original = [], adversarial.train_step

    def step(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(*args, **kwargs)
    monkeypatch.setattr(adversarial, "train_step", step)     # the step adversarial_training takes
    with pytest.raises(KeyboardInterrupt) as stopped:
        adversarial.adversarial_training(model, d["train_images"][:40], d["train_labels"][:40],
                                         0.2, np.random.default_rng(0), epochs=2, batch_size=10)
    new = stopped.value.model
    assert new is not model and any(not np.array_equal(new.params[k], model.params[k])
                                    for k in model.params)          # two steps were taken
