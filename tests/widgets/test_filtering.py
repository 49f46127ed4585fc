"""The filtering explorer, headless: set the controls, check what it shows."""
import re

import numpy as np
import pytest
from helpers import NoPictures, explorer_checks, scene_panel

import cnnlib
from cnnlib.draw.base import png_bytes
from cnnlib.widgets.filtering import filtering_explorer


@pytest.fixture
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


def test_the_position_scrubs_through_frames_sent_once(explorer):
    """Every position's picture is in the frames: moving the position only
    picks one (no new scene, nothing rendered in the kernel)."""
    explorer.controls["position"].value = 0
    scene, frames = explorer.scene_json, explorer.frames_json
    with NoPictures() as renders:
        for position in (5, 17, 48, 0, 30):
            explorer.controls["position"].value = position
            panel = scene_panel(explorer, "map")
            assert panel["reveal"] == position and panel["marks"][0]["r"] == explorer.window[0]
            products = scene_panel(explorer, "products")
            assert products["values"] == explorer.products_shown.ravel().tolist()
    assert renders.count == 0
    assert (explorer.scene_json, explorer.frames_json) == (scene, frames)
    assert len(explorer.frames) == 49


def test_map_text_is_the_lectures(explorer):
    explorer.controls["position"].value = 0
    assert scene_panel(explorer, "map")["text"][0] == ".77"
    assert "= .77" in scene_panel(explorer, "products")["title"]


def test_other_controls_render_no_picture(explorer):
    with NoPictures() as renders:
        explorer.controls["stride"].value = 2
        explorer.controls["padding"].value = 1
        explorer.controls["feature"].value = "cross"
        explorer.controls["picture"].value = "O"
    assert renders.count == 0
    for name, value in (("stride", 1), ("padding", 0), ("feature", "diagonal"), ("picture", "X")):
        explorer.controls[name].value = value


def test_every_control_has_a_description(explorer):
    for name, control in explorer.controls.items():
        assert control.description, name


@pytest.mark.parametrize("kwargs, error", [
    ({"picture": "Q"}, ValueError), ({"feature": "star"}, ValueError),
    ({"stride": 0}, ValueError), ({"padding": 1.5}, TypeError), ({"stride": 7}, ValueError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        filtering_explorer(**kwargs)


def test_one_output_with_widget_and_static_picture(explorer):
    explorer_checks(explorer)
    bundle, _ = explorer._repr_mimebundle_()
    assert bundle["image/png"][:4] == b"\x89PNG" and bundle["image/png"] == png_bytes(explorer.figure())


def test_animation_plays_without_a_kernel():
    from cnnlib.draw.filtering import sliding_animation
    html = sliding_animation(cnnlib.load_grid("x"), cnnlib.load_feature("diagonal"),
                             positions=[0, 1, 48])
    assert html.count("data:image/png;base64") == 3 + 1     # three frames, and the first shown
    # without JavaScript (an untrusted notebook on a fresh load): not a 0x0 picture
    assert re.search(r'<img id="_anim_img\w+" src="data:image/png;base64,', html)
    assert "<script" in html and len(html) < 60_000


def test_the_animation_frame_slider_has_a_name():
    """matplotlib's slider has no <label>: a screen reader needs its name (axe's rule 'label')."""
    from cnnlib.draw.filtering import sliding_animation
    html = sliding_animation(cnnlib.load_grid("x"), cnnlib.load_feature("diagonal"), positions=[0, 1])
    sliders = re.findall(r"<input[^>]*anim-slider[^>]*>", html, re.S)
    assert len(sliders) == 1 and 'aria-label="animation frame"' in sliders[0]
