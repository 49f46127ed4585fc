"""The pixel-matcher widget, headless: move the sliders, check what it shows."""
import numpy as np
import pytest
from helpers import NoPictures, explorer_checks, scene_panel

import cnnlib
from cnnlib import matching
from cnnlib.widgets.matching import matching_explorer

X = cnnlib.load_grid("x")


@pytest.fixture
def explorer():
    return matching_explorer()


def test_starts_with_a_perfect_match(explorer):
    assert explorer.matches == 81 and explorer.fraction == 1.0 and explorer.hits == 1.0
    np.testing.assert_array_equal(explorer.candidate_shown, X)


def test_shift_slider(explorer):
    explorer.controls["shift"].value = 1
    np.testing.assert_array_equal(explorer.candidate_shown, cnnlib.transforms.shift(X, 1, 1))
    assert explorer.matches == matching.match_count(X, explorer.candidate_shown) < 81
    assert explorer.hits < 0.5


def test_sliders_combine(explorer):
    c = explorer.controls
    c["shift"].value, c["rotate"].value, c["thicken"].value = 1, 30, 1
    assert explorer.amounts == {"shift": 1, "rotate": 30, "shrink": 0, "thicken": 1}
    expected = matching.transformed(X, shift=1, rotate=30, thicken=1)
    np.testing.assert_array_equal(explorer.candidate_shown, expected)
    assert explorer.fraction == pytest.approx(matching.match_fraction(X, expected))


def test_the_browser_draws_what_the_kernel_holds(explorer):
    explorer.controls["shrink"].value = 25
    cand = scene_panel(explorer, "candidate")
    assert cand["values"] == explorer.candidate_shown.ravel().tolist()
    assert cand["text"][:2] == ["-1", "-1"] and (cand["rows"], cand["cols"]) == (9, 9)
    bars = scene_panel(explorer, "score")["bars"]
    assert bars[0]["text"] == f"{100 * explorer.fraction:.0f}%"
    assert bars[1]["value"] == pytest.approx(100 * explorer.hits)
    assert f"{explorer.matches} of 81" in scene_panel(explorer, "agree")["title"]


def test_moves_render_no_picture_in_the_kernel(explorer):
    with NoPictures() as renders:
        for kind, (lo, hi, step, _) in matching.AMOUNTS.items():
            explorer.controls[kind].value = hi
            explorer.controls[kind].value = lo
    assert renders.count == 0
    assert explorer.matches == 81


def test_one_output_carries_the_widget_and_a_static_picture(explorer):
    bundle = explorer_checks(explorer)
    assert bundle["application/vnd.cnnlib.explorer+json"]["class"] == "MatchingExplorer"


def test_controls_are_described(explorer):
    for name, control in explorer.controls.items():
        assert name in control.description


@pytest.mark.parametrize("kwargs, error", [
    ({"melt": 1}, TypeError), ({"rotate": 7}, ValueError), ({"shift": 9}, ValueError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        matching_explorer(**kwargs)
