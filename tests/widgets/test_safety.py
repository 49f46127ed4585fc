"""Explorers are safe to poke and to re-run: bad start arguments get a clear
error, a bad value set from code or sent by the browser is refused with the
explorer unchanged and still working, an error inside a callback reaches the
widget's error line, close() releases the widgets, and re-running a cell 50
times keeps the number of live widgets flat with every replaced explorer freed."""
import gc
import math
import tracemalloc
import weakref

import explorer_cases as ec
from helpers import states_near
import numpy as np
import pytest
import traitlets
from ipywidgets.widgets import widget

from cnnlib.widgets import cells
from cnnlib.widgets.filtering import FilteringExplorer, filtering_explorer
from cnnlib.widgets.training import training_explorer

X = ec.X


def live_widgets():
    """How many ipywidgets are open in this kernel (each holds a comm)."""
    return len(widget._instances)


def without(data, *keys):
    return {k: v for k, v in data.items() if k not in keys}


# --- bad start arguments: a clear error, never a silent clamp --------------------------------

@pytest.mark.parametrize("make, error, words", [
    (lambda: ec.BY_NAME["training_explorer"].build(features=0), ValueError, "features must be an integer >= 1 and <= 6, got 0"),
    (lambda: ec.BY_NAME["training_explorer"].build(seed=None), TypeError, "seed must be an integer"),
    (lambda: training_explorer(without(ec.full_data(), "train_images")), ValueError,
     "data has no 'train_images'"),
    (lambda: training_explorer(without(ec.full_data(), "test_images", "test_labels")),
     ValueError, "data has no 'test_images', 'test_labels'"),
    (lambda: training_explorer([1, 2]), TypeError, "data must be a dict"),
    (lambda: filtering_explorer(position=49), ValueError,
     "position must be an integer >= 0 and <= 48, got 49"),
    (lambda: filtering_explorer(stride=3, position=9), ValueError, "position .* <= 8, got 9"),
    (lambda: ec.BY_NAME["pooling_explorer"].build(position=16), ValueError, "position .* <= 15, got 16"),
    (lambda: ec.BY_NAME["stacking_explorer"].build(repeats=0), ValueError, "repeats must be 1, 2 or 3"),
    (lambda: ec.BY_NAME["voting_explorer"].build(picture=X), TypeError, "picture must be a string"),
    (lambda: ec.BY_NAME["voting_explorer"].build(seed=None), TypeError, "seed must be an integer >= 0, got None"),
    (lambda: ec.BY_NAME["fgsm_explorer"].build(epsilon=5), ValueError, r"epsilon must be one of \[0.0, 0.01, .*0.6\], got 5"),
    (lambda: ec.BY_NAME["sticker_explorer"].build(row=8, size=3), ValueError, "row must be an integer >= 0 and <= 6"),
    (lambda: ec.BY_NAME["sound_explorer"].build(noise=2), ValueError, r"noise must be one of \[0.0, 0.1, .*1.5\], got 2"),
    (lambda: ec.BY_NAME["sound_explorer"].build(start_hz=160), ValueError,
     "start_hz must be a pitch from 75 to 575 Hz in steps of 25"),
    (lambda: ec.BY_NAME["scramble_explorer"].build(fraction=np.zeros(3)), TypeError, "fraction must be one of"),
    (lambda: ec.BY_NAME["descent_explorer"].build(steps=0), ValueError, "steps must be an integer >= 1"),
    (lambda: ec.BY_NAME["descent_explorer"].build(span=-1), ValueError, "span must be a number > 0"),
])
def test_bad_start_arguments_are_refused_clearly(make, error, words):
    widgets = live_widgets()
    with pytest.raises(error, match=words):
        make()
    assert live_widgets() == widgets          # nothing half-built left open


def test_start_values_in_numpy_types_are_taken_as_plain_values():
    e = filtering_explorer(position=np.int64(3), stride=np.int64(2))
    assert e.values["position"] == 3 and type(e.values["position"]) is int
    e.close()


# --- bad values from code or from the browser -------------------------------------------------

JUNK = [None, math.nan, "abc", 10 ** 6, -1, 2.5, [1], np.array([1, 2])]


@pytest.mark.parametrize("case", [c for c in ec.CASES if c.name != "voting_explorer"],
                         ids=lambda c: c.name)
def test_a_bad_value_set_from_code_is_refused_and_the_explorer_keeps_working(case):
    e = case.build()
    for name in [c["name"] for c in e.controls_spec if c["kind"] in ("slider", "dropdown")]:
        for junk in JUNK:
            if isinstance(junk, int) and junk == -1 and e.control(name).get("min", 0) < 0:
                continue
            before = (dict(e.values), e.scene_json, e.frames_json)
            with pytest.raises((ValueError, TypeError), match=name):
                e.controls[name].value = junk
            assert (dict(e.values), e.scene_json, e.frames_json) == before, (name, junk)
            assert e.error.startswith(("ValueError: ", "TypeError: ")) and name in e.error
        case.agrees(e)
    # and it still moves
    spec = next(c for c in e.controls_spec if c["kind"] in ("slider", "dropdown"))
    offered = ([v for _, v in spec["options"]] if spec["kind"] == "dropdown"
               else [spec["min"], spec["max"]])
    e.set_values(**{spec["name"]: next(v for v in offered if v != e.values[spec["name"]])})
    case.agrees(e)
    assert e.error == ""
    e.close()


def test_a_bad_value_from_the_browser_is_shown_and_the_browser_gets_the_good_one_back(monkeypatch):
    e = filtering_explorer()
    sent = []
    monkeypatch.setattr(e, "send_state", lambda key=None: sent.append(key))
    good = dict(e.values)
    e.set_state({"values": {**good, "stride": None}})           # no exception reaches the comm
    assert e.values == good and "stride must be an integer" in e.error
    assert ["values"] in sent                                    # the browser's slider goes back
    e.set_state({"values": {**good, "stride": 2}})
    assert e.values["stride"] == 2 and e.error == ""
    ec.filtering_agrees(e)
    e.close()


def test_unknown_controls_and_non_dicts_are_refused():
    e = filtering_explorer()
    with pytest.raises(ValueError, match="no control 'speed' holds a value; the controls are picture"):
        e.values = {**e.values, "speed": 2}
    with pytest.raises(ValueError, match="no control 'play' holds a value"):
        e.values = {**e.values, "play": 2}
    with pytest.raises(traitlets.TraitError, match="expected a dict"):
        e.values = [1, 2]
    ec.filtering_agrees(e)
    e.close()


# --- a slider's max set from code ----------------------------------------------------------------

@pytest.mark.parametrize("junk", [None, 2.5, math.nan, -5, 0, "abc", 4, 10 ** 7, 10 ** 9, [3],
                                  np.array([2, 3])], ids=repr)
def test_a_bad_max_is_refused_before_it_is_stored(junk):
    """The stride slider runs 1..3: a max outside that (or not a whole
    number) is refused, nothing is stored, and every later move works."""
    e = filtering_explorer()
    spec = e.controls_spec
    with pytest.raises((ValueError, TypeError), match=r"stride\.max must be an integer >= 1 and <= 3"):
        e.controls["stride"].max = junk
    assert e.controls_spec == spec and "stride.max" in e.error
    for stride in (3, 2, 1):
        e.controls["stride"].value = stride
        ec.filtering_agrees(e)
    near = 1 + sum(len(e.control_values(n)) - 1 for n in e.table_names())
    assert e.error == "" and len(states_near(e)) == near
    e.close()


def test_a_max_within_the_sliders_range_narrows_it():
    e = filtering_explorer(stride=3)
    e.controls["stride"].max = 2                     # the value follows into range
    assert e.controls["stride"].max == 2 and e.values["stride"] == 2
    ec.filtering_agrees(e)
    with pytest.raises(ValueError, match="stride must be an integer >= 1 and <= 2"):
        e.controls["stride"].value = 3
    e.controls["stride"].max = 3                     # and back: the explorer can show 3
    e.controls["stride"].value = 3
    ec.filtering_agrees(e)
    with pytest.raises(TypeError, match="picture is a dropdown control; only a slider has a max"):
        e.controls["picture"].max = 2
    e.close()


def test_a_max_past_what_the_explorer_shows_is_refused():
    """The deep explorer's unit slider ends at the layer's last unit: a max
    past it would let the slider show a unit the explorer does not."""
    e = ec.BY_NAME["deep_explorer"].build()
    top = e.controls["unit"].max
    with pytest.raises(ValueError, match=rf"unit\.max must be an integer >= 0 and <= {top}"):
        e.controls["unit"].max = top + 3
    assert e.controls["unit"].max == top
    e.controls["unit"].max = top - 1
    assert e.controls["unit"].max == top - 1 and e.feature == e.values["unit"]
    e.controls["unit"].max = top
    e.controls["unit"].value = top
    ec.deep_agrees(e)
    e.close()


def test_the_sticker_sliders_max_follows_its_size():
    """The explorer narrows row and col to where the sticker fits; code may
    narrow them further, never past that."""
    e = ec.BY_NAME["sticker_explorer"].build(size=3)
    h = e.grid.shape[0]
    assert e.controls["row"].max == h - 3
    with pytest.raises(ValueError, match=rf"row\.max must be an integer >= 0 and <= {h - 3}"):
        e.controls["row"].max = h - 1
    e.controls["size"].value = 1
    e.controls["row"].max = h - 1
    ec.sticker_agrees(e)
    e.close()


# --- errors inside callbacks reach the widget -----------------------------------------------------

class Fragile(FilteringExplorer):
    """A filtering explorer whose maths fails at stride 3 (an error inside update)."""

    def update(self, changed):
        if self.values["stride"] == 3:
            self.map_shown = None           # half-way through when it fails
            raise RuntimeError("the maths failed")
        super().update(changed)


def test_an_error_inside_update_restores_the_last_good_state_and_shows_the_message():
    e = Fragile()
    e.controls["position"].value = 20
    with pytest.raises(RuntimeError, match="the maths failed"):
        e.controls["stride"].value = 3                # from code: raised, and shown
    assert e.error == "RuntimeError: the maths failed"
    assert e.values["stride"] == 1 and e.values["position"] == 20
    ec.filtering_agrees(e)                             # the state is the last good one's
    e.set_state({"values": {**e.values, "stride": 3}})   # from the browser: shown, not raised
    assert e.error == "RuntimeError: the maths failed" and e.values["stride"] == 1
    e.controls["stride"].value = 2                     # and it still works
    assert e.error == "" and e.output_shape == (4, 4)
    ec.filtering_agrees(e)
    e.close()


def test_an_error_in_a_button_callback_is_shown_in_the_widget(monkeypatch):
    e = ec.BY_NAME["training_explorer"].build()
    from cnnlib.widgets import training

    def broken(*args, **kwargs):
        raise RuntimeError("no more memory")
    monkeypatch.setattr(training, "record_epoch", broken)
    e._on_message({"event": "button", "name": "step"})          # as the browser presses Step
    assert e.error == "RuntimeError: no more memory"
    assert e.epoch == e.values["epochs"] == 0
    with pytest.raises(RuntimeError, match="no more memory"):    # pressed from code: raised too
        e.controls["step"].click()
    monkeypatch.undo()
    e.controls["step"].click()
    assert e.error == "" and e.epoch == 1
    ec.training_agrees(e)
    e.close()


# --- close() and re-running cells -----------------------------------------------------------

@pytest.mark.parametrize("case", ec.CASES, ids=lambda c: c.name)
def test_close_releases_every_widget_of_the_explorer(case):
    case.build().close()                       # the first of a kind may open shared widgets
    gc.collect()
    widgets = live_widgets()
    e = case.build()
    assert live_widgets() > widgets
    gone = weakref.ref(e)
    e.close()
    e.close()                                  # twice is fine
    assert live_widgets() == widgets
    del e
    gc.collect()
    assert gone() is None, "something still holds the closed explorer"


@pytest.fixture
def shell():
    """An IPython shell running cells with ids, as the notebook's kernel does."""
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    yield shell
    cells._cell_finished()
    InteractiveShell.clear_instance()


def rerun(shell, case, times, code="e = make()"):
    """Run the explorer's cell `times` times; the explorers made, weakly."""
    shell.user_ns["make"] = case.build
    made = []
    for _ in range(times):
        result = shell.run_cell(code, cell_id="explorer-cell")
        assert result.success, result.error_in_exec
        made.append(weakref.ref(shell.user_ns["e"]))
    return made


@pytest.mark.parametrize("case", ec.CASES, ids=lambda c: c.name)
def test_rerunning_an_explorer_cell_50_times_keeps_the_widgets_flat(shell, case):
    """Each run closes the explorer the cell's previous run made, so the
    widgets stay at one explorer's and every replaced explorer is freed."""
    runs = 50
    rerun(shell, case, 2)
    gc.collect()
    widgets = live_widgets()
    made = rerun(shell, case, runs)
    gc.collect()
    assert live_widgets() == widgets
    assert sum(ref() is not None for ref in made) == 1       # only the last one lives


def test_memory_stays_flat_over_50_reruns(shell):
    """tracemalloc over 50 re-runs of the filtering explorer's cell: the
    allocations still held after the last run are the last explorer's and a
    little of IPython's history (1 to 3 KB a run, depending on the IPython
    and ipywidgets versions), never the old explorers (the frames alone are
    10 KB or more each)."""
    case = ec.BY_NAME["filtering_explorer"]
    rerun(shell, case, 3)
    gc.collect()
    tracemalloc.start()
    try:
        rerun(shell, case, 5)
        gc.collect()
        start = tracemalloc.get_traced_memory()[0]
        rerun(shell, case, 45)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    one = len(shell.user_ns["e"].frames_json) + len(shell.user_ns["e"].scene_json)
    assert one > 10_000 and grown < 4_000 * 45, (grown, one)    # under 4 KB a run


def held_bytes(explorer, depth=5):
    """The bytes of the arrays, text and buffers an explorer holds (its own
    attributes, walked through containers and plain objects such as a
    model; not the widget machinery's _trait* tables)."""
    seen, total = set(), 0

    def walk(value, depth):
        nonlocal total
        if id(value) in seen or depth < 0 or isinstance(value, (type, type(gc))) or callable(value):
            return
        seen.add(id(value))
        if isinstance(value, np.ndarray):
            total += value.nbytes
        elif isinstance(value, (str, bytes)):
            total += len(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v, depth - 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                walk(v, depth - 1)
        elif hasattr(value, "__dict__"):
            walk(vars(value), depth - 1)

    walk({k: v for k, v in vars(explorer).items() if not k.startswith("_trait")}, depth)
    return total


def shown_reruns(shell, case, times):
    """Run the cell "make()" times, history on, as a notebook does: the
    explorer is the cell's result, so Out[n] keeps every one."""
    shell.user_ns["make"] = case.build
    for _ in range(times):
        result = shell.run_cell("make()", store_history=True, cell_id="history-cell")
        assert result.success, result.error_in_exec
    return list(shell.user_ns["Out"].values())


@pytest.mark.parametrize("case", ec.CASES, ids=lambda c: c.name)
def test_the_closed_explorers_the_history_keeps_hold_no_arrays(shell, case):
    """IPython's Out[n] keeps every explorer a cell showed. Closed when the
    cell ran again, each must have let go of its models, data, summaries,
    frames and states near: under 1 KB each, less than the live one holds."""
    *_, old, live = shown_reruns(shell, case, 3)
    assert old.comm is None and live.comm is not None
    assert held_bytes(old) < min(1_000, held_bytes(live)), (held_bytes(old), held_bytes(live))
    live.close()


@pytest.mark.parametrize("name", ["deep_explorer", "descent_explorer"])
def test_rerunning_a_shown_explorer_with_history_on_grows_under_half_a_megabyte_a_run(shell, name):
    """The explorers that kept the most (6.9 and 0.4 MB a run), re-run with
    history on: what the runs keep (tracemalloc, after gc) is under 0.5 MB
    a run."""
    case = ec.BY_NAME[name]
    shown_reruns(shell, case, 2)
    gc.collect()
    tracemalloc.start()
    try:
        shown_reruns(shell, case, 1)
        gc.collect()
        start = tracemalloc.get_traced_memory()[0]
        shown_reruns(shell, case, 3)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    assert len(shell.user_ns["Out"]) == 6                  # the history holds every run
    shell.user_ns["Out"][6].close()
    assert grown / 3 < 500_000, f"{grown / 3 / 1e6:.2f} MB a run"


def test_a_displayed_explorer_is_closed_when_its_cell_runs_again(shell):
    """The notebook's output cache keeps displayed results alive: the old
    explorer is closed all the same, and keeps no scene or frames."""
    case = ec.BY_NAME["relu_view"]
    rerun(shell, case, 1)
    widgets = live_widgets()
    shell.user_ns["make"] = case.build
    shown = []
    for _ in range(3):
        shell.run_cell("make()", cell_id="shown-cell")
        shown.append(shell.user_ns["_"])
    assert live_widgets() == widgets + 2          # the last one's widget and layout
    for old in shown[:-1]:
        assert old.comm is None and old.scene_json == "{}" and old.frames_json == "[]"
    assert shown[-1].comm is not None
