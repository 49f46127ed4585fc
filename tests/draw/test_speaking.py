"""Words for screen readers, made from the numbers drawn: every panel's
description names what its numbers say, a scrubbed explorer's frames follow
the position, and every explorer's every panel has a name and a description
(also after moves), as does its static picture (alt text)."""
import numpy as np
import pytest

import cnnlib
from cnnlib.draw.base import (cell_text, describe_bars, describe_curve, describe_grid,
                              extremes, grid_panel, places, spoken)
from cnnlib.draw.filtering import filtering_scene
from cnnlib.draw.scene import scene_description
from explorer_cases import CASES


def test_a_grid_names_its_shape_highest_and_lowest_where_they_are():
    values = np.zeros((7, 5))
    values[1, 3], values[4, 0], values[2, 2] = 0.91, -0.55, 0.3
    words = describe_grid(grid_panel("m", values, "map", whole=False))
    assert words.startswith("7 by 5: ")
    assert "highest .91 at row 1, column 3" in words
    assert "lowest -.55 at row 4, column 0" in words


def test_the_lecture_map_is_described_by_its_own_numbers():
    m = cnnlib.convolve(cnnlib.load_grid("x"), cnnlib.load_feature("diagonal"))
    words = describe_grid(grid_panel("map", m, whole=False))
    # the same words as the figures' descriptions (one describer: extreme_places)
    assert f"highest {cell_text(m.max())} at {places(m == m.max())}" in words
    assert f"lowest {cell_text(m.min())} at {places(m == m.min())}" in words
    assert f"its highest value is {cell_text(m.max())} at {places(m == m.max())}" in extremes(m)
    hi = np.unravel_index(m.argmax(), m.shape)
    assert f"row {hi[0]}, column {hi[1]}" in words.split("lowest")[0]
    ties = int(np.sum(m == m.max()))
    assert (f"{ties} cells (" in words.split("lowest")[0]) == (ties > 1)


def test_a_picture_of_two_values_counts_them():
    x = cnnlib.load_grid("x")
    words = describe_grid(grid_panel("x", x))
    assert words == f"9 by 9: {int(np.sum(x > 0))} cells 1, {int(np.sum(x < 0))} cells -1"


def test_cells_not_shown_are_counted_and_not_described():
    panel = grid_panel("m", np.array([[0.5, -0.25, 0.1], [0.3, 0.9, -0.8]]), whole=False,
                       reveal=3)
    words = describe_grid(panel)
    assert "highest .50 at row 0, column 0" in words and "lowest -.25 at row 0, column 1" in words
    assert words.endswith("2 cells blank") and ".90" not in words and "-.80" not in words


def test_labels_of_rows_and_columns_are_used_when_a_panel_has_them():
    panel = grid_panel("p", np.array([[0.1, 0.7, -0.3, 0.2]]), whole=False,
                       xlabels=["-1", "0", "1", "2"], ylabels=["-1"])
    assert "highest .70 at row -1, column 0" in describe_grid(panel)


def test_bars_say_each_label_and_its_value_and_curves_their_series():
    bars = {"type": "bars", "bars": [{"label": "X", "value": 0.82, "text": ".82"},
                                     {"label": "O", "value": 0.18}]}
    assert describe_bars(bars) == "X .82, O 0.18"
    curve = {"type": "curve", "x": [1, 2, 3], "legend": [{"label": "loss"}],
             "series": [{"y": [0.9, 0.2, 0.4]}], "marker": 2, "xlabel": "epoch"}
    assert describe_curve(curve) == ("loss: 3 points from 0.9 to 0.4, lowest 0.2, highest 0.9; "
                                      "marker at epoch 2")


@pytest.mark.parametrize("stride,padding", [(1, 0), (2, 1)])
def test_filtering_frames_follow_the_position_and_equal_the_maths(stride, padding):
    image, kernel = cnnlib.load_grid("x"), cnnlib.load_feature("diagonal")
    full = cnnlib.convolve(image, kernel, stride=stride, padding=padding)
    scene, frames = spoken(*filtering_scene(image, kernel, stride, padding, "diagonal"))
    assert len(frames) == full.size
    for position, frame in enumerate(frames):
        row, col = divmod(position, full.shape[1])
        products = cnnlib.window_products(image, kernel, row, col, stride=stride, padding=padding)
        mean = cell_text(float(products.mean()))
        assert mean == cell_text(float(full[row, col]))
        assert frame["announce"] == f"kernel at row {row}, column {col}: mean of products {mean}"
        # the map's description covers the cells filled so far, and no more
        shown = full.ravel()[:position + 1]
        words = frame["map"]["description"]
        for v in (shown.max(), shown.min()):
            assert f" {cell_text(float(v))}" in words
        blank = full.size - position - 1
        assert (f"{blank} cell{'s' * (blank != 1)} blank" in words) == (blank > 0)
        assert frame["products"]["name"].endswith(f"= {mean}")
        k = kernel.shape[0]
        assert frame["image"]["description"].endswith(
            f"outlined: rows {row * stride - padding} to {row * stride - padding + k - 1}, "
            f"columns {col * stride - padding} to {col * stride - padding + k - 1}")
        assert words.endswith(f"outlined: row {row}, column {col}")


def described_panels(explorer):
    frame = explorer.frames[explorer.values[explorer.scrub]] if explorer.scrub else {}
    return [{**p, **frame.get(p["key"], {})} for p in explorer.scene["panels"]], frame


def assert_spoken(explorer):
    panels, frame = described_panels(explorer)
    for p in panels:
        assert p["name"].strip(), (type(explorer).__name__, p["key"])
        assert p["description"].strip(), (type(explorer).__name__, p["key"])
    announce = frame.get("announce") or explorer.scene["announce"]
    assert announce.strip()
    alt = explorer.description()
    assert all(p["description"] in alt for p in panels)
    return announce


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_panel_of_every_explorer_has_a_name_and_a_description(case):
    explorer = case.build()
    rng = np.random.default_rng(0)
    try:
        said = [assert_spoken(explorer)]
        movable = [c for c in explorer.controls_spec if c["kind"] in ("slider", "dropdown")]
        for c in list(movable)[:4]:
            spec = explorer.control(c["name"])
            values = spec.get("choices") or explorer.control_values(c["name"])
            now = explorer.controls[c["name"]].value
            others = [v for v in values if v != now]
            if not others:
                continue
            explorer.controls[c["name"]].value = others[int(rng.integers(len(others)))]
            said.append(assert_spoken(explorer))
            assert spec["name"] == c["name"]
        if len(said) > 1:
            assert len(set(said)) > 1, "a move changes what is announced"
    finally:
        explorer.close()


def test_the_static_picture_alt_text_is_the_scene_in_words():
    image, kernel = cnnlib.load_grid("x"), cnnlib.load_feature("diagonal")
    scene, frames = filtering_scene(image, kernel, feature_name="diagonal")
    alt = scene_description(scene, frames[9], "picture: X")
    assert alt.startswith("picture: X. output size")
    m = cnnlib.convolve(image, kernel)
    assert f"/ 9 = {cell_text(float(m[1, 2]))}: 3 by 3" in alt
    assert f"map 7×7: (1, 2) = {cell_text(float(m[1, 2]))}" in alt
    with pytest.raises(TypeError, match="scene must be a dict"):
        scene_description([1, 2])


def test_the_scramble_announcement_gives_each_network_its_own_accuracy():
    """The curves are drawn widest first, not in the names' order: each name
    must still be said with its own number."""
    from cnnlib.draw.beyond import scramble_scene
    names = ["pattern CNN", "fully connected"]
    results = {"pattern CNN": [0.95, 0.8], "fully connected": [0.99, 0.98]}
    images = np.ones((2, 9, 9))
    _, frames = scramble_scene(images, results, names, [0.0, 0.25])
    assert frames[1]["announce"] == ("25% of pixel positions scrambled: accuracy "
                                     "80% pattern CNN, 98% fully connected")
