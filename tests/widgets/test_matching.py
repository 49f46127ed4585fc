"""The pixel-matcher widget, headless: move the sliders, check what it shows."""
import numpy as np
import pytest
from helpers import blit_matches_full_render

import cnnlib
from cnnlib import matching
from cnnlib.widgets.matching import matching_explorer

X = cnnlib.load_grid("x")


@pytest.fixture(scope="module")
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
    c["rotate"].value, c["thicken"].value = 30, 1
    assert explorer.amounts == {"shift": 1, "rotate": 30, "shrink": 0, "thicken": 1}
    expected = matching.transformed(X, shift=1, rotate=30, thicken=1)
    np.testing.assert_array_equal(explorer.candidate_shown, expected)
    assert explorer.fraction == pytest.approx(matching.match_fraction(X, expected))


def test_redraw_in_place(explorer):
    before = explorer.view.renders
    explorer.controls["shrink"].value = 30
    assert explorer.view.renders == before + 1
    assert blit_matches_full_render(explorer.view)
    for c in explorer.controls.values():
        c.value = c.min
    assert explorer.matches == 81


def test_controls_are_described(explorer):
    for name, control in explorer.controls.items():
        assert name in control.description


@pytest.mark.parametrize("kwargs, error", [
    ({"melt": 1}, TypeError), ({"rotate": 7}, ValueError), ({"shift": 9}, ValueError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        matching_explorer(**kwargs)
