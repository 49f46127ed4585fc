"""Long work shows progress in a notebook (none in tests) and can be stopped:
the bar's switch, the bar itself, one bar at a time (work inside an open bar
shows none), one slot per notebook cell emptied when its bar ends, and
training stopped between steps keeping the model as it was after its last
whole step."""
import os
import sys
import types
from pathlib import Path

import numpy as np
import pytest

import cnnlib
from cnnlib import _progress, adversarial, network, own_drawings
from cnnlib.beyond import limits, sound


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

    def interrupted(self, x, y, *rest, **settings):
        calls.append(1)
        if len(calls) == 7:
            raise KeyboardInterrupt
        out = original(self, x, y, *rest, **settings)
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


def test_a_bar_asked_for_inside_an_open_bar_opens_none_and_the_counts_add_up(capsys):
    """The outer bar counts its own units; each inner one (even asked for with
    True) is silent and counts its own, so there is one bar, not 1 + 3."""
    with _progress.bar(3, "outer work", "run", True) as outer:
        for _ in range(3):
            with _progress.bar(5, "inner work", "step", True) as inner:
                inner.update(2)
                inner.update(3)
                inner.set_postfix_str("loss 0.1")
            assert type(inner) is _progress.Silent and inner.n == 5 and inner.closed
            outer.update()
    shown = capsys.readouterr().err
    assert outer.n == 3 and outer.closed and _progress._OPEN == []
    assert "3/3" in shown and "inner" not in shown and shown.count("\n") == 1
    with _progress.bar(2, "off", "run", False):          # a silent bar silences its inside too
        assert type(_progress.bar(2, "inner work", "step", True)) is _progress.Silent
    assert capsys.readouterr().err == ""
    with pytest.raises(TypeError, match="progress must be True or False"):
        with _progress.bar(2, "outer work", "run", True):
            _progress.bar(2, "inner work", "step", "yes")     # checked inside as well


def test_a_bar_stopped_early_or_interrupted_closes_and_the_next_one_shows(capsys):
    with pytest.raises(KeyboardInterrupt):
        with _progress.bar(4, "outer work", "run", True) as outer:
            outer.update()
            with _progress.bar(4, "inner work", "step", True):
                raise KeyboardInterrupt
    assert outer.closed and outer.n == 1 and _progress._OPEN == []
    with _progress.bar(4, "stopping early", "run", True) as early:
        early.update(3)                                   # done before its total
    assert early.closed and _progress._OPEN == []
    with _progress.bar(1, "next work", "run", True) as after:
        after.update()
    assert type(after) is _progress.Text                  # not left silent by the ones before
    assert "1/1" in capsys.readouterr().err


def test_training_inside_an_experiment_shows_only_the_experiments_bar(capsys, monkeypatch):
    """scramble_experiment trains every network with train_model's own
    progress=None: in a notebook one bar counts the networks, none the epochs."""
    from helpers import in_a_notebook
    in_a_notebook(monkeypatch)
    data = cnnlib.load_dataset()
    limits.scramble_experiment(data, fractions=(0, 1), seeds=(0,), train_size=10, epochs=2)
    shown = capsys.readouterr().err
    assert f"{2 * len(limits.NETWORKS)}/{2 * len(limits.NETWORKS)}" in shown
    assert "epoch" not in shown and shown.count("\n") == 1


class Cells:
    """A Jupyter kernel's shell as the bars meet it, recording the notebook's
    outputs cell by cell: the bars' slots (display ids) each cell made, what
    each slot holds now, and the most bar widgets ever open at once."""
    WIDGET = "application/vnd.jupyter.widget-view+json"

    def __init__(self):
        from IPython.core.formatters import DisplayFormatter
        self.display_formatter, self.display_pub = DisplayFormatter(), self
        self.execution_count, self.parent_header = 0, {}
        self.made, self.holds, self.widgets, self.most_open = {}, {}, [], 0

    def publish(self, data, metadata=None, *, transient=None, update=False):
        """What display() (update=False) and update_display() send."""
        from ipywidgets.widgets.widget import _instances     # the open widgets by model id
        slot = (transient or {}).get("display_id")
        assert slot is not None, "a bar shown with no slot to take it away from"
        assert (slot in self.holds) == update, "a slot shown twice, or updated unshown"
        if not update:
            self.made.setdefault(self.execution_count, []).append(slot)
        self.holds[slot] = data
        if self.WIDGET in data:
            widget = _instances[data[self.WIDGET]["model_id"]]
            self.widgets += [widget] if widget not in self.widgets else []
        self.most_open = max(self.most_open, len(self.open_widgets()))

    def open_widgets(self):
        return [w for w in self.widgets if w.comm is not None]

    @staticmethod
    def all_open():
        """The model ids of every widget open in the kernel now."""
        from ipywidgets.widgets.widget import _instances
        return set(_instances)

    def run(self, cell):
        """Run one cell's work (a function) as the next cell."""
        self.execution_count += 1
        self.parent_header = {"header": {"msg_id": f"execute {self.execution_count}"}}
        cell()


@pytest.fixture
def notebook(monkeypatch):
    """As in a Jupyter kernel: bars on, tqdm's notebook widget, and the
    cells' outputs recorded by Cells."""
    from tqdm.notebook import tqdm
    from helpers import in_a_notebook
    in_a_notebook(monkeypatch)
    cells = Cells()
    monkeypatch.setattr(_progress, "_tqdm", lambda: tqdm)
    monkeypatch.setattr(_progress, "_shell", lambda: cells)
    monkeypatch.setattr(_progress, "_SLOT", {})
    return cells


def test_in_a_notebook_each_cell_shows_at_most_one_bar_and_none_is_left(notebook):
    """The notebooks' long cells, small: 08's scramble experiment (a training
    per network inside), 08's sounds made then learned (two bars one after
    the other), 10's trainings in a loop above a reveal. One slot per cell, one
    widget open at a time, and when a cell ends its slot is empty and every
    widget is closed: nothing left above the reveal."""
    data, before = cnnlib.load_dataset(), notebook.all_open()
    notebook.run(lambda: limits.scramble_experiment(data, fractions=(0, 1), seeds=(0,),
                                                    train_size=10, epochs=2))
    def hear():
        sounds = sound.make_sound_dataset(np.random.default_rng(0), 3, 2)
        cnnlib.train_model(0, data=sounds, epochs=2, batch_size=3)
    notebook.run(hear)
    drawn = own_drawings.sketches({"x": cnnlib.load_grid("x"), "o": cnnlib.load_grid("o")}, 4,
                                  np.random.default_rng(0))
    notebook.run(lambda: [own_drawings.train_drawings(drawn, seed, epochs=2) for seed in range(3)])
    assert sorted(notebook.made) == [1, 2, 3]
    assert all(len(slots) == 1 for slots in notebook.made.values()), notebook.made
    assert len(notebook.widgets) == 1 + 2 + 3 and notebook.most_open == 1
    assert all(notebook.holds[slot] == {} for slots in notebook.made.values() for slot in slots)
    assert notebook.open_widgets() == [] and _progress._OPEN == []
    assert notebook.all_open() <= before              # nor any of the bars' parts


def test_in_a_notebook_a_stopped_bar_leaves_one_line_saying_how_far(notebook):
    def stop_after_3(epoch, model):
        if epoch == 3:
            raise KeyboardInterrupt
    before = notebook.all_open()
    with pytest.raises(KeyboardInterrupt):
        notebook.run(lambda: cnnlib.train_model(0, epochs=8, callback=stop_after_3))
    notebook.run(lambda: cnnlib.train_model(0, epochs=1))
    (stopped,), (next_cell,) = notebook.made[1], notebook.made[2]
    assert notebook.holds[stopped] == {"text/plain": "training: stopped after 3 of 8 epochs"}
    assert notebook.holds[next_cell] == {} and notebook.all_open() <= before


def test_in_a_real_kernel_the_bars_leave_one_empty_output_per_cell_and_no_widget(monkeypatch):
    """The same in a real Jupyter kernel (nbclient, bars on), where tqdm.auto
    picks the notebook widget and the kernel's display publisher carries the
    slot: each cell that trains has one output from its bars, emptied when
    they end (stopped: one line), and no widget is left open in the kernel."""
    import nbformat
    from nbclient import NotebookClient
    monkeypatch.delenv("CNNLIB_PROGRESS")
    root = Path(cnnlib.__file__).parent.parent      # the kernel imports this cnnlib
    cells = ["import cnnlib as c\nfrom cnnlib.beyond import limits\n"
             f"assert c.__file__ == {cnnlib.__file__!r}\nd = c.load_dataset()",
             "r = limits.scramble_experiment(d, fractions=(0, 1), seeds=(0,), train_size=10, "
             "epochs=2)\nprint('done')",
             "ms = [c.train_model(s, epochs=2) for s in range(3)]",
             "def stop(epoch, model):\n    if epoch == 3:\n        raise KeyboardInterrupt\n"
             "c.train_model(0, epochs=8, callback=stop)",
             "from ipywidgets.widgets.widget import _instances\nprint(len(_instances))"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(root)}}).execute()
    outputs = [cell.outputs for cell in nb.cells]
    shown = [[o.data for o in out if o.output_type == "display_data"] for out in outputs]
    assert shown[:4] == [[], [{}], [{}], [{"text/plain": "training: stopped after 3 of 8 epochs"}]]
    assert [o.text for o in outputs[1] if o.output_type == "stream"] == ["done\n"]
    assert outputs[3][-1].ename == "KeyboardInterrupt" and outputs[4][0].text == "0\n"
