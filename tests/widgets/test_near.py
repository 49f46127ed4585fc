"""States one control change away (Explorer.near_states): what the browser
draws a move from before the kernel answers. Each must be exactly the state
the move itself gives, and computing them must send nothing and leave the
explorer where it was."""
import gzip
import json

import explorer_cases as ec
from helpers import states_near
import pytest

from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import slider_control
from cnnlib.widgets.protocol import table_key
from cnnlib.widgets.filtering import filtering_explorer
from cnnlib.widgets.matching import matching_explorer
from cnnlib.widgets.pooling import pooling_explorer
from cnnlib.widgets.relu import relu_view
from cnnlib.widgets.stacking import stacking_explorer
from cnnlib.widgets.voting import voting_explorer

FACTORIES = [matching_explorer, filtering_explorer, pooling_explorer, relu_view,
             stacking_explorer]


class Comm:
    """Stands in for the widget's comm: keeps every message sent."""

    def __init__(self, explorer):
        self.sent = []
        explorer._send = lambda msg, buffers=None: self.sent.append((msg, buffers))


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_state_near_is_what_the_move_gives(factory):
    e = factory()
    comm = Comm(e)
    start = (dict(e.values), e.scene_json, e.frames_json, e.controls_spec, e.moves)
    states = states_near(e)
    assert comm.sent == []                     # nothing reached the browser meanwhile
    assert (dict(e.values), e.scene_json, e.frames_json, e.controls_spec, e.moves) == start
    ec.BY_NAME[factory.__name__].agrees(e)        # and holds the state it shows
    names = e.table_names()
    expected = {table_key({**start[0], n: v}, names) for n in names
                for v in e.control_values(n)}
    assert set(states) == expected
    for key, state in states.items():
        moved = factory()
        moved.set_values(**dict(zip(names, json.loads(key))))
        assert state["scene"] == moved.scene and state["frames"] == moved.frames
        assert state["controls"] == moved.controls_spec
        assert {**dict(zip(names, json.loads(key))), **state["values"]} == \
            {n: moved.values[n] for n in names}


def test_a_move_that_narrows_a_range_says_where_it_ends():
    """Filtering: stride 3 leaves fewer kernel positions; the state says so
    in its controls, and the position the kernel keeps is in range."""
    e = filtering_explorer(position=40)
    state = states_near(e)[table_key({**e.values, "stride": 3}, e.table_names())]
    position = next(c for c in state["controls"] if c["name"] == "position")
    assert position["max"] == len(state["frames"]) - 1 < 40


def test_have_and_limit():
    e = matching_explorer()
    every = states_near(e)
    some = list(every)[:5]
    rest = states_near(e, have=some)
    assert set(rest) == set(every) - set(some)
    assert len(states_near(e, limit=3)) == 3


def test_the_browser_asks_and_gets_one_message_of_gzipped_states():
    """The first answer computes at most NEAR_FIRST states, each later one
    at most NEAR_COMPUTE (about what as many moves cost), nearest first;
    the next answer brings more."""
    e = relu_view()
    comm = Comm(e)
    e._on_msg(e, {"event": "near", "have": ["not a key", 3]}, [])
    [(msg, buffers)] = comm.sent
    assert msg["method"] == "custom" and msg["content"]["event"] == "states"
    keys = msg["content"]["keys"]
    states = {k: json.loads(gzip.decompress(b)) for k, b in zip(keys, buffers, strict=True)}
    every = states_near(e)
    assert msg["content"]["count"] == len(states) == e.NEAR_FIRST < len(every)
    assert all(every[k] == state for k, state in states.items())
    e.set_values(picture="O")
    comm.sent.clear()
    e._on_msg(e, {"event": "near", "have": keys}, [])
    [(msg, buffers)] = [(m, b) for m, b in comm.sent if m["method"] == "custom"]
    again = msg["content"]["keys"]
    assert len(buffers) == len(again) and not set(again) & set(keys)
    # the two new ones (O with the other features) computed, the rest kept from before
    assert len(set(again) - set(every)) == 2 and set(again) == set(e.near_keys(keys))


def test_an_answer_computes_the_nearest_states_first():
    """After a move, the moved control's positions come first, two steps
    each way, then every other control's nearest values, the far ones last."""
    e = pooling_explorer(size=2, stride=2)
    e.set_values(stride=3)
    names = e.table_names()
    order = [dict(zip(names, json.loads(k))) for k in e.near_keys()]
    changed = [next((n for n in names if o[n] != e.values[n]), None) for o in order]
    assert changed[:4] == [None, "stride", "stride", "stride"]   # here, stride 2, 4, then 1
    assert [o["stride"] for o in order[1:4]] == [2, 4, 1]
    # one step away: the next picture and feature, size 1 and 3, the other edges, padding 1
    assert sorted(changed[4:10]) == ["edges", "feature", "padding", "picture", "size", "size"]
    assert order[10]["size"] == 4 or order[10]["padding"] == 2 or order[10]["picture"] != "X"


@pytest.mark.parametrize("have", [5, "abc", {"k": 1}, None, 2.5], ids=repr)
def test_a_near_request_whose_have_is_not_a_list_is_refused_in_the_error_line(have):
    """Never an exception out of the comm handler: the error line says
    what was wrong, nothing is sent, and the explorer answers the next
    good request."""
    e = filtering_explorer()
    comm = Comm(e)
    e._on_msg(e, {"event": "near", "have": have}, [])
    assert e.error.startswith("TypeError: a near request's have must be a list")
    assert [m["state"] for m, _ in comm.sent] == [{"error": e.error}]     # the error line only
    comm.sent.clear()
    e._on_msg(e, {"event": "near", "have": []}, [])
    [(msg, _)] = [(m, b) for m, b in comm.sent if m["method"] == "custom"]
    assert msg["content"]["count"] == e.NEAR_FIRST


class Long(Explorer):
    """A made-up explorer with one very long slider (100 001 positions)."""

    def __init__(self, value):
        self.kind, self.prefetch, self.updates = "long", True, []
        super().__init__([slider_control("n", "n", value, 0, 100_000)])

    def update(self, changed):
        self.updates.append(self.values["n"])
        self.scene = {"panels": [], "caption": str(self.values["n"])}


def test_a_long_slider_prefetches_its_nearest_positions_only():
    """At most NEAR_LIMIT states are looked at and computed, the nearest
    positions first; the rest cost nothing until the slider gets there."""
    e = Long(50_000)
    e.updates.clear()
    states = states_near(e)
    assert sorted(json.loads(k)[0] for k in states) == list(range(50_000 - 32, 50_000 + 32))
    assert sorted(e.updates) == sorted(json.loads(k)[0] for k in states)    # each state once
    e.set_values(n=100_000)
    assert sorted(json.loads(k)[0] for k in states_near(e)) == list(range(100_000 - 63, 100_001))


def test_a_state_is_computed_once_and_what_the_browser_has_is_not_sent():
    """The picture is a function of the controls: a state computed for one
    answer is kept, and a later answer that needs it costs no update; keys
    the browser holds are left out."""
    e = pooling_explorer()
    comm = Comm(e)
    first = states_near(e)
    e.set_values(size=3)
    updates = []
    e.update = lambda changed, update=e.update: (updates.append(changed), update(changed))[1]
    again = states_near(e, have=[])
    shared = set(first) & set(again)
    assert shared and all(again[k] == first[k] for k in shared)
    assert len(updates) == len(set(again) - set(first))             # the new ones only
    comm.sent.clear()
    e._on_msg(e, {"event": "near", "have": list(again)}, [])
    [(msg, _)] = comm.sent
    assert msg["content"]["count"] == 0


def test_a_narrowed_max_drops_the_states_near_here_and_in_the_browser():
    e = filtering_explorer()
    states_near(e)
    comm = Comm(e)
    e.controls["stride"].max = 2
    assert [m["content"] for m, _ in comm.sent if m["method"] == "custom"] == [{"event": "forget"}]
    for state in states_near(e).values():
        assert next(c for c in state["controls"] if c["name"] == "stride")["max"] == 2


def test_explorers_with_more_than_their_controls_do_not_prefetch():
    """The voting grid's picture is what was drawn, not a control: it never
    answers a near request."""
    e = voting_explorer()
    comm = Comm(e)
    assert not e.prefetch
    e._on_msg(e, {"event": "near", "have": []}, [])
    assert comm.sent == []


def test_the_error_shown_stays_while_the_states_near_are_computed():
    """A failed move leaves its error on show. Computing the states near
    (which moves the explorer quietly) must not clear it in the kernel
    only: the browser would keep the red line, since a later good move
    would then change nothing to send."""
    from cnnlib.widgets.filtering import FilteringExplorer

    class Fragile(FilteringExplorer):
        def update(self, changed):
            if self.values["stride"] == 3:
                raise RuntimeError("the maths failed at stride 3")
            super().update(changed)

    e = Fragile()
    with pytest.raises(RuntimeError):
        e.set_values(stride=3)
    assert e.error == "RuntimeError: the maths failed at stride 3"
    comm = Comm(e)
    states_near(e)
    assert e.error == "RuntimeError: the maths failed at stride 3" and comm.sent == []
    e.set_values(stride=2)
    assert e.error == ""
