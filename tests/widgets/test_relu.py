"""The ReLU view, headless: set the controls, check what it shows."""
import numpy as np
import pytest

import cnnlib as c
from cnnlib.transforms import shift
from cnnlib.widgets.relu import pictures, relu_view


def test_starts_on_the_lectures_map():
    view = relu_view()
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    np.testing.assert_array_equal(view.map_before, m)
    np.testing.assert_array_equal(view.map_after, np.maximum(m, 0))
    np.testing.assert_array_equal(view.zeroed, m < 0)
    assert view.zeroed.sum() == 20


def test_changing_the_feature_redraws_once_in_place():
    view = relu_view()
    fig, renders = view.view.fig, view.view.renders
    view.controls["feature"].value = "cross"
    m = c.convolve(c.load_grid("x"), c.load_feature("cross"))
    np.testing.assert_array_equal(view.map_after, np.maximum(m, 0))
    assert view.view.renders == renders + 1
    assert view.view.fig is fig
    # the figure's cells show the new numbers, and the zeroed cells are marked
    assert view.artist.after.texts[0][1].get_text() == c.format_map(np.maximum(m, 0)[0, 1:2], "round")
    marked = np.array([[p.get_visible() for p in row] for row in view.artist.marks])
    np.testing.assert_array_equal(marked, m < 0)


def test_picture_control_offers_variants():
    view = relu_view()
    assert {"X", "O", "shifted X", "noisy O"} <= set(view.controls["picture"].options)
    view.controls["picture"].value = "shifted X"
    m = c.convolve(shift(c.load_grid("x"), 1, 1), c.load_feature("diagonal"))
    np.testing.assert_array_equal(view.map_before, m)
    assert "shifted X" in view.artist.ax_before.get_title()


def test_controls_have_descriptions_and_view_displays():
    view = relu_view("O", "cross")
    assert all(ctrl.description for ctrl in view.controls.values())
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert view.view.image.value[:4] == b"\x89PNG"


def test_pictures_are_grids_of_plus_minus_one():
    for name, grid in pictures().items():
        assert grid.shape == (9, 9) and set(np.unique(grid)) <= {-1.0, 1.0}, name


def test_unknown_picture_is_rejected():
    with pytest.raises(ValueError, match="picture must be one of 'X', .*'O'.*got 'Z'"):
        relu_view("Z")
    with pytest.raises(ValueError, match="feature must be one of"):
        relu_view("X", "vertical")


def test_snapshot_is_what_the_view_shows_now():
    view = relu_view()
    shot = view.snapshot("before and after")
    assert shot._repr_png_() == view.view.image.value
    view.controls["feature"].value = "cross"
    assert shot._repr_png_() != view.view.image.value      # a copy, not a live view


def test_the_view_shows_the_picture_it_filters():
    """Issue 9 (walk-through): the ReLU view shows the picture, not only its maps."""
    view = relu_view()
    np.testing.assert_array_equal(view.artist.picture.values, c.load_grid("x"))
    view.controls["picture"].value = "O"
    np.testing.assert_array_equal(view.grid, c.load_grid("o"))
    np.testing.assert_array_equal(view.artist.picture.values, c.load_grid("o"))
