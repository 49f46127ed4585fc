"""A seeded random walk over every control of every explorer, headless.

Each move sets one control to a value it offers (or presses a button, or
plays a slider a few ticks), sometimes as the browser sends it, and
sometimes to junk (None, NaN, out of range, the wrong type). After every
move the explorer must hold exactly what cnnlib's maths gives for its
current settings (tests/explorer_cases.py: agrees), and junk must be
refused with the explorer unchanged and still working."""
import math

import numpy as np
import pytest

import explorer_cases as ec

from cnnlib.widgets.base import Explorer

JUNK = [None, math.nan, math.inf, "abc", 10 ** 6, -10 ** 6, 2.5e-7, [1], {"a": 1}, object(),
        np.array([1, 2]), 1 + 2j]


def value_controls(e):
    """{name: the values it offers now} for every slider and dropdown."""
    out = {}
    for c in e.controls_spec:
        if c["kind"] == "slider":
            out[c["name"]] = c.get("choices") or list(range(c["min"], c["max"] + 1,
                                                            c.get("step", 1)))
        elif c["kind"] == "dropdown":
            out[c["name"]] = [v for _, v in c["options"]]
    return out


def buttons(e):
    return [c["name"] for c in e.controls_spec if c["kind"] in ("button", "play")]


def play(e, name, rng):
    """A Play button pressed and paused after a few ticks, as the browser steps it."""
    spec = e.control(name)
    target = e.control(spec["target"])
    if e.values[spec["target"]] >= target["max"]:
        e.set_state({"values": {**e.values, spec["target"]: target["min"]}})
    for _ in range(int(rng.integers(1, 6))):
        t = e.control(spec["target"])
        if e.values[spec["target"]] >= t["max"]:
            break
        e.set_state({"values": {**e.values, spec["target"]: e.values[spec["target"]] + 1}})


def good_move(e, rng, case):
    """One move to a value a control offers (or a button); returns its name."""
    controls, presses = value_controls(e), buttons(e)
    names = sorted(controls) + presses + (["extra"] if case.extra else [])
    name = names[rng.integers(len(names))]
    if name == "extra":
        return case.extra(e, rng)
    if name in presses:
        if e.control(name)["kind"] == "play":
            play(e, name, rng)
        else:
            e.controls[name].click()
        return name
    offered = controls[name]
    value = offered[rng.integers(len(offered))]
    if rng.random() < 0.5:                            # as the browser sends it
        spec = e.control(name)
        synced = offered.index(value) if "choices" in spec else value
        e.set_state({"values": {**e.values, name: synced}})
    else:
        e.controls[name].value = value
    return name


def junk_move(e, rng, case):
    """Junk set from code (or sent as the browser would): refused, nothing changes."""
    controls = value_controls(e)
    if case.extra_junk and (not controls or rng.random() < 0.3):   # junk drawings
        return case.extra_junk(e, rng)
    name = sorted(controls)[rng.integers(len(controls))]
    junk = JUNK[rng.integers(len(JUNK))]
    before = (dict(e.values), e.scene_json, e.frames_json)
    if rng.random() < 0.5:
        e.set_state({"values": {**e.values, name: junk}})     # the browser: shown, not raised
    else:
        with pytest.raises((ValueError, TypeError), match=name):
            e.controls[name].value = junk
    assert (dict(e.values), e.scene_json, e.frames_json) == before, f"{name}={junk!r} changed it"
    assert name in e.error, f"{name}={junk!r} refused without a message: {e.error!r}"
    return name


@pytest.mark.parametrize("case", ec.CASES, ids=[c.name for c in ec.CASES])
def test_a_random_walk_agrees_with_the_maths_after_every_move(case):
    rng = np.random.default_rng(sum(map(ord, case.name)))
    e = case.build()
    shadow = case.shadow(e) if case.shadow else None
    case.agrees(e)
    moved = set()
    for step in range(case.moves):
        junk = rng.random() < 0.2
        name = junk_move(e, rng, case) if junk else good_move(e, rng, case)
        moved.add(name)
        where = f"move {step}: {'junk to ' if junk else ''}{name}, now {getattr(e, 'values', '')}"
        try:
            if not junk and shadow is not None:
                shadow.move(name, e)
            case.agrees(e)
            if shadow is not None:
                shadow.check(e)
        except AssertionError as error:
            raise AssertionError(f"{case.name} {where}: {error}") from None
        if not junk and not (case.allowed and case.allowed(e.error)):
            assert e.error == "", f"{where}: {e.error}"
    assert set(value_controls(e)) | set(buttons(e)) <= moved, "not every control moved"
    e.close()


def test_every_explorer_is_walked():
    assert {c.name for c in ec.CASES} == ec.explorer_functions()


def test_every_explorer_is_drawn_in_the_browser():
    """The walk drives the browser-drawn base's controls (widgets.base.Explorer)."""
    for case in ec.CASES:
        e = case.build()
        assert isinstance(e, Explorer), case.name
        e.close()
