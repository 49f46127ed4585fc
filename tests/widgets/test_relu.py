"""The ReLU view, headless: set the controls, check what it shows."""
import numpy as np
import pytest
from helpers import NoPictures, explorer_checks, scene_panel

import cnnlib as c
from cnnlib.transforms import shift
from cnnlib.draw.base import pictures
from cnnlib.widgets.relu import relu_view


def test_starts_on_the_lectures_map():
    view = relu_view()
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    np.testing.assert_array_equal(view.map_before, m)
    np.testing.assert_array_equal(view.map_after, np.maximum(m, 0))
    np.testing.assert_array_equal(view.zeroed, m < 0)
    assert view.zeroed.sum() == 20


def test_changing_the_feature_sends_numbers_not_pictures():
    view = relu_view()
    with NoPictures() as renders:
        view.controls["feature"].value = "cross"
    assert renders.count == 0
    m = c.convolve(c.load_grid("x"), c.load_feature("cross"))
    np.testing.assert_array_equal(view.map_after, np.maximum(m, 0))
    after = scene_panel(view, "after")
    # the browser shows the numbers as the figures print them, zeroed cells marked
    assert after["text"][1] == c.format_map(np.maximum(m, 0)[0, 1:2])
    marked = {(b["r"], b["c"]) for b in after["marks"]}
    assert marked == {tuple(ij) for ij in np.argwhere(m < 0)}
    assert f"{(m < 0).sum()} of 49" in after["title"]


def test_picture_control_offers_variants():
    view = relu_view()
    assert {"X", "O", "shifted X", "noisy O"} <= set(view.controls["picture"].options)
    view.controls["picture"].value = "shifted X"
    m = c.convolve(shift(c.load_grid("x"), 1, 1), c.load_feature("diagonal"))
    np.testing.assert_array_equal(view.map_before, m)
    assert "shifted X" in scene_panel(view, "before")["title"]


def test_controls_have_descriptions_and_view_displays():
    view = relu_view("O", "cross")
    explorer_checks(view)


def test_pictures_are_grids_of_plus_minus_one():
    for name, grid in pictures().items():
        assert grid.shape == (9, 9) and set(np.unique(grid)) <= {-1.0, 1.0}, name


def test_unknown_picture_is_rejected():
    with pytest.raises(ValueError, match="picture must be one of 'X', .*'O'.*got 'Z'"):
        relu_view("Z")
    with pytest.raises(ValueError, match="feature must be one of"):
        relu_view("X", "vertical")


def test_the_output_carries_the_static_picture_of_what_the_view_shows_now():
    view = relu_view()
    assert view._repr_mimebundle_()[0]["image/png"][:4] == b"\x89PNG"


def test_the_view_shows_the_picture_it_filters():
    """Issue 9 (walk-through): the ReLU view shows the picture, not only its maps,
    in the browser and in its static figure."""
    view = relu_view()
    picture = scene_panel(view, "picture")
    assert picture["title"] == "picture" and len(picture["values"]) == 81
    np.testing.assert_array_equal(np.reshape(picture["values"], (9, 9)), c.load_grid("x"))
    view.controls["picture"].value = "O"
    np.testing.assert_array_equal(view.grid, c.load_grid("o"))
    np.testing.assert_array_equal(np.reshape(scene_panel(view, "picture")["values"], (9, 9)),
                                  c.load_grid("o"))
    assert [ax.get_gid() for ax in view.figure().axes] == ["grid picture", "grid before",
                                                           "grid after"]


def test_every_state_titles_fit_their_grids():
    """No title line wider than its grid in any state: the browser's 13 px
    bold titles take under 8 px a character, so 25 characters stay within
    the 7 x 30 px map, and the row (picture, before, after) keeps one
    projector screen's width whatever the picture's and feature's names
    (tests/browser/test_explorers.py measures it)."""
    table = relu_view().state_table()
    assert len(table["states"]) == 36
    for key, state in table["states"].items():
        panels = {p["key"]: p for p in state["scene"]["panels"]}
        assert panels["before"]["cell"] * panels["before"]["cols"] == 210, key
        for name in ("before", "after"):
            lines = panels[name]["title"].split("\n")
            assert len(lines) == 2 and max(map(len, lines)) <= 25, (key, lines)
