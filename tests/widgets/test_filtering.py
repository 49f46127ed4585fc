"""The filtering explorer, headless: set the controls, check what it shows."""
import numpy as np
import pytest
from helpers import blit_matches_full_render

import cnnlib
from cnnlib.widgets.filtering import filtering_explorer


@pytest.fixture(scope="module")
def explorer():
    return filtering_explorer()


def lecture_map(feature="diagonal", picture="x", **kw):
    return cnnlib.convolve(cnnlib.load_grid(picture), cnnlib.load_feature(feature), **kw)


def test_position_10_shows_exactly_the_first_11_values(explorer):
    explorer.controls["stride"].value = 1
    explorer.controls["padding"].value = 0
    explorer.controls["position"].value = 10
    flat = explorer.map_shown.ravel()
    np.testing.assert_allclose(flat[:11], lecture_map().ravel()[:11])
    assert np.isnan(flat[11:]).all() and flat.size == 49
    assert explorer.window == (1, 3)


def test_products_and_mean_match_the_window(explorer):
    explorer.controls["position"].value = 0
    x, d = cnnlib.load_grid("x"), cnnlib.load_feature("diagonal")
    np.testing.assert_array_equal(explorer.products_shown, x[:3, :3] * d)
    assert explorer.mean_shown == pytest.approx(7 / 9)


def test_play_moves_the_position(explorer):
    explorer.controls["play"].value = 48
    assert explorer.controls["position"].value == 48
    assert not np.isnan(explorer.map_shown).any()
    np.testing.assert_allclose(explorer.map_shown, lecture_map())


def test_stride_and_padding_resize_the_map_and_the_slider(explorer):
    explorer.controls["position"].value = 48
    explorer.controls["stride"].value = 3
    explorer.controls["padding"].value = 1
    # (9 + 2 - 3) // 3 + 1 = 3: the position is clipped into the 3x3 map.
    assert explorer.output_shape == (3, 3)
    assert explorer.controls["position"].max == 8 == explorer.controls["play"].max
    assert explorer.controls["position"].value == 8
    np.testing.assert_allclose(explorer.map_shown, lecture_map(stride=3, padding=1))
    assert "(9 + 2×1 − 3) // 3 + 1 = 3" in explorer.size_text
    assert explorer.step.dropped == (2, 2) and "never reached" in explorer.size_text
    explorer.controls["stride"].value = 1
    explorer.controls["padding"].value = 0
    assert explorer.output_shape == (7, 7) and "never reached" not in explorer.size_text


def test_picture_and_feature_dropdowns(explorer):
    explorer.controls["position"].value = 48
    explorer.controls["picture"].value = "O"
    explorer.controls["feature"].value = "cross"
    np.testing.assert_allclose(explorer.map_shown, lecture_map("cross", "o"))
    assert "shifted X" in explorer.controls["picture"].options
    explorer.controls["picture"].value = "X"
    explorer.controls["feature"].value = "diagonal"


def test_redraws_in_place_one_png_per_move(explorer):
    before, fig = explorer.view.renders, explorer.view.fig
    png = explorer.view.image.value
    explorer.controls["position"].value = 5
    assert explorer.view.renders == before + 1 and explorer.view.fig is fig
    assert explorer.view.image.value != png and explorer.view.image.value[:4] == b"\x89PNG"


def test_blitted_frame_equals_a_full_render(explorer):
    explorer.controls["position"].value = 17
    assert blit_matches_full_render(explorer.view)


def test_every_control_has_a_description(explorer):
    for name, control in explorer.controls.items():
        assert control.description, name
    assert "_repr_mimebundle_" in dir(explorer)


@pytest.mark.parametrize("kwargs, error", [
    ({"picture": "Q"}, ValueError), ({"feature": "star"}, ValueError),
    ({"stride": 0}, ValueError), ({"padding": 1.5}, TypeError), ({"stride": 7}, ValueError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        filtering_explorer(**kwargs)


def test_snapshot_is_the_png_shown(explorer):
    explorer.controls["position"].value = 3
    snap = explorer.snapshot("first row")
    png = snap._repr_png_()
    assert isinstance(png, bytes) and png[:4] == b"\x89PNG"
    assert png == bytes(explorer.view.image.value) and repr(snap) == "<first row>"


def test_animation_plays_without_a_kernel():
    from cnnlib.draw.filtering import sliding_animation
    html = sliding_animation(cnnlib.load_grid("x"), cnnlib.load_feature("diagonal"),
                             positions=[0, 1, 48])
    assert html.count("data:image/png;base64") == 3
    assert "<script" in html and len(html) < 60_000
