"""The deep explorer, headless: move the controls and paint as the browser
does, and check what it sends against cnnlib.deep.inside's own numbers."""
import numpy as np
import pytest
from helpers import NoPictures, explorer_checks, fresh, scene_panel

from cnnlib.deep import inside
from cnnlib.deep.arrangement import bars, load_arrangement
from cnnlib.deep.depth import load_models
from cnnlib.widgets.protocol import table_key
from cnnlib.widgets.deep import deep_explorer


@pytest.fixture(scope="module")
def data_once():
    return load_arrangement()


@pytest.fixture(scope="module")
def net_once():
    return load_models()["two stages", 0]


@pytest.fixture
def data(data_once):
    return fresh(data_once)


@pytest.fixture
def net(net_once):
    return fresh(net_once)


@pytest.fixture
def explorer():
    return deep_explorer(model_seed=0)


def test_starts_on_the_first_test_picture_and_holds_what_every_explorer_holds(explorer, data):
    explorer_checks(explorer)
    assert explorer.args["model_seed"] == 0 and deep_explorer().args["model_seed"] == 2
    np.testing.assert_array_equal(explorer.grid, data["test_images"][0])
    assert explorer.layer == "pool2" and explorer.feature == 0
    assert explorer.controls["unit"].max == 15


def test_moving_the_unit_shows_its_place_field_and_kernel(explorer, net, data):
    explorer.controls["layer"].value = "conv2"
    explorer.controls["unit"].value = 5
    grid = data["test_images"][0]
    want = inside.strongest_place(net, grid, "conv2", 5)
    assert explorer.state["place"] == want["place"]
    top, left, bottom, right = want["field"]
    assert scene_panel(explorer, "picture")["boxes"][0] == \
        {"r": top, "c": left, "h": bottom - top, "w": right - left, "dash": False}
    np.testing.assert_array_equal(explorer.kernel, net.params["conv2_w"][5])
    assert len(scene_panel(explorer, "kernel")["grids"]) == 8
    assert len(scene_panel(explorer, "maps")["grids"]) == 16
    assert f"{want['value']:.2f}" in explorer.scene["caption"]


def test_a_layer_with_fewer_units_moves_the_slider_into_range(explorer):
    explorer.controls["layer"].value = "pool2"
    explorer.controls["unit"].value = 12
    explorer.controls["layer"].value = "pool"
    assert explorer.controls["unit"].max == 7 and explorer.feature == 7
    assert len(scene_panel(explorer, "kernel")["grids"]) == 1


def test_the_static_page_table_holds_every_unit_of_each_layer_and_no_other(explorer):
    """make html's table: the unit slider's range follows the layer (8 units in
    pool, 16 in pool2), so the table holds those states and tries no unit 8 of
    pool (which the value checks refuse)."""
    explorer.controls["layer"].value = "pool2"
    explorer.controls["unit"].value = 12
    table = explorer.state_table({"picture": [0], "layer": ["pool", "pool2"]})
    keys = sorted(table["states"])
    want = sorted(table_key({"picture": 0, "layer": layer, "unit": unit}, table["names"])
                  for layer, count in [("pool", 8), ("pool2", 16)] for unit in range(count))
    assert table["names"] == ["picture", "layer", "unit"] and keys == want
    pool7 = table["states"][table_key({"picture": 0, "layer": "pool", "unit": 7}, table["names"])]
    assert next(c for c in pool7["controls"] if c["name"] == "unit")["max"] == 7
    assert explorer.values["layer"] == "pool2" and explorer.values["unit"] == 12   # put back


def test_a_drawing_is_answered_and_moves_draw_nothing_in_the_kernel(explorer, net):
    mine = -np.ones((16, 16))
    mine[4:12, 6:11] = bars("L", 5, 2, 0) * 2 - 1
    with NoPictures() as renders:
        explorer.paint(mine.ravel().tolist())
        explorer.controls["unit"].value = 3
    assert renders.count == 0
    np.testing.assert_array_equal(explorer.grid, mine)
    np.testing.assert_allclose(explorer.probabilities, net.probabilities(mine))
    assert explorer.painted >= 1 and explorer.scene["ack"] == explorer.seq
    explorer.controls["blank"].click()
    assert np.all(explorer.grid == -1)


def test_the_picture_dropdown_and_a_unit_summary_kept_once(explorer, data):
    explorer.controls["picture"].value = 3
    np.testing.assert_array_equal(explorer.grid, data["test_images"][3])
    before = dict(explorer.summaries)
    explorer.controls["picture"].value = 4
    assert explorer.summaries.keys() == before.keys()


def test_bad_arguments(net, data):
    with pytest.raises(ValueError, match="layer must be one of"):
        deep_explorer(model_seed=0, layer="fc1")
    with pytest.raises(ValueError, match="no stored 'two stages' network from seed 9"):
        deep_explorer(model_seed=9)
    with pytest.raises(ValueError, match="cells must be 256 numbers"):
        inside.picture_from_cells([0.5] * 10, (16, 16))
    with pytest.raises(ValueError, match="not a stage's maps"):
        inside.unit_kernel(net, "fc1", 0)
