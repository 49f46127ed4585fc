"""The stacking explorer, headless: choose layers and repeats, check the
stages, shapes and panels it sends to the browser."""
import itertools
import json

import numpy as np
import pytest
from helpers import NoPictures, explorer_checks

import cnnlib as c
from cnnlib.draw.stacking import READABLE, TITLE, WHOLE, WIDTH
from cnnlib.formatting import format_value
from cnnlib.widgets.stacking import stacking_explorer

X = c.load_grid("x")


def panels(explorer):
    """The values the browser draws, stage by stage: [[(H, W) arrays]]."""
    return [[np.reshape(g["values"], (g["rows"], g["cols"])) for g in p["grids"]]
            for p in explorer.scene["panels"]]


def test_starts_with_the_lectures_three_layers():
    e = stacking_explorer()
    assert e.layers == ["filter", "relu", "pool"]
    assert e.shapes == [(1, 9, 9), (3, 7, 7), (3, 7, 7), (3, 4, 4)]
    np.testing.assert_allclose(panels(e)[3], c.max_pool(c.relu(c.convolve(X, c.load_features()))),
                               atol=1e-4)
    assert "filter 3×7×7" in e.scene["caption"] and e.message == ""
    assert [p["title"].split("\n")[0] for p in e.scene["panels"]] == \
        ["0 input", "1 filter", "2 relu", "3 pool"]


def test_repeats_add_stages():
    e = stacking_explorer()
    e.controls["repeats"].value = 2
    assert e.shapes[-3:] == [(3, 2, 2), (3, 2, 2), (3, 1, 1)]
    assert len(panels(e)) == 7 and len(panels(e)[6]) == 3
    np.testing.assert_allclose(panels(e)[6], c.stack(X, repeats=2)[6].maps, atol=1e-4)
    assert e.scene["main"] == "stage 6"


def test_too_many_repeats_stop_with_a_message():
    e = stacking_explorer(repeats=3)
    assert len(e.stages) == 7 and e.shapes[-1] == (3, 1, 1)
    assert "layer 7" in e.message and "stopped early" in e.scene["caption"]


def test_every_repeat_changes_the_picture():
    """The last repeat that stops early still shows it: a last panel names
    the layer that could not run (the picture is not the same as one repeat fewer)."""
    e = stacking_explorer()
    drawn = []
    for repeats in (1, 2, 3):
        e.controls["repeats"].value = repeats
        drawn.append(json.dumps(e.scene["panels"]))
    assert len(set(drawn)) == 3
    last = e.scene["panels"][-1]
    assert last["key"] == "stopped" and last["title"] == "7 filter" and "too" in last["text"]
    assert e.scene["main"] == "stage 6"
    e.controls["padding"].value = 1                 # padding keeps the filters running
    assert e.scene["panels"][-1]["key"] == "stage 9" and "stopped" not in e.scene["caption"]


def test_padding_keeps_filters_running():
    e = stacking_explorer(repeats=3, padding=1)
    assert e.message == ""
    assert e.shapes == [(1, 9, 9), (3, 9, 9), (3, 9, 9), (3, 5, 5), (3, 5, 5), (3, 5, 5),
                        (3, 3, 3), (3, 3, 3), (3, 3, 3), (3, 2, 2)]


def test_order_and_none_change_the_layers():
    e = stacking_explorer()
    e.controls["layer 1"].value = "pool"
    e.controls["layer 3"].value = "(none)"
    assert e.layers == ["pool", "relu"]
    assert e.shapes == [(1, 9, 9), (1, 5, 5), (1, 5, 5)]
    e.controls["layer 2"].value = "filter"
    assert e.shapes == [(1, 9, 9), (1, 5, 5), (3, 3, 3)]
    np.testing.assert_allclose(panels(e)[2], c.convolve(c.max_pool(X), c.load_features()),
                               atol=1e-4)


def test_picture_and_show_one_map_large_with_numbers():
    e = stacking_explorer(repeats=2)
    e.controls["picture"].value = "O"
    np.testing.assert_allclose(panels(e)[1][0], c.convolve(c.load_grid("o"), c.load_feature("diagonal")),
                               atol=1e-4)
    assert e.title().startswith("O through")
    every = {p["key"]: p["grids"] for p in e.scene["panels"]}
    assert not every["stage 1"][0]["numbers"]          # 7x7 maps, three high: colours only
    e.controls["show"].value = 1
    one = {p["key"]: p["grids"] for p in e.scene["panels"]}
    assert [len(g) for g in one.values()] == [1] * 7
    big = one["stage 1"][0]
    assert big["numbers"] and big["cell"] >= READABLE and big["key"] == "stage 1 map 1"
    assert big["text"][0] == format_value(c.convolve(c.load_grid("o"), c.load_feature("cross"))[0, 0])


def test_cells_are_readable_or_colours_only():
    """Numbers only in cells large enough for them at a font of at least
    8 CSS px (12 device px at 150%); every stage side by side in one row of
    a projected notebook (WIDTH, about 650 CSS px there), each stage at
    least as wide as its title."""
    for repeats, padding, show in itertools.product((1, 2, 3), (0, 1), ("all", 0)):
        e = stacking_explorer(repeats=repeats, padding=padding, show=show)
        widths = []
        for p in e.scene["panels"]:
            for g in p.get("grids", []):
                whole = not any("." in t for t in g["text"])
                assert not g["numbers"] or g["cell"] >= (WHOLE if whole else READABLE)
                assert g["numbers"] or g["text"] == []
                assert g["fontsize"] >= 8
            widths.append(max([TITLE, p.get("width", 0)] +
                              [g["cell"] * g["cols"] for g in p.get("grids", [])]))
        assert sum(widths) + e.scene["gap"] * (len(widths) - 1) <= WIDTH


def test_moves_render_no_picture_in_the_kernel():
    e = stacking_explorer()
    with NoPictures() as renders:
        e.controls["repeats"].value = 2
        e.controls["layer 2"].value = "pool"
        e.controls["picture"].value = "O"
        e.controls["padding"].value = 1
        e.controls["show"].value = 2
    assert renders.count == 0 and e.moves == 5


def test_one_output_and_a_static_picture():
    e = stacking_explorer(repeats=2)
    bundle = explorer_checks(e)
    assert bundle["text/plain"].startswith("<StackingExplorer")


def test_state_table_keeps_the_static_page_live():
    e = stacking_explorer()
    table = e.state_table({"picture": ["X"], "show": ["all"], "layer 1": ["filter", "pool"],
                           "layer 2": ["relu"], "layer 3": ["pool"], "padding": [0]})
    assert len(table["states"]) == 2 * 3
    key = json.dumps(["pool", "relu", "pool", 2, "X", 0, "all"], separators=(",", ":"))
    scene = table["states"][key]["scene"]
    assert scene["caption"].startswith("shapes: input 1×9×9 → pool 1×5×5")
    assert e.values["layer 1"] == "filter"          # back where it was


@pytest.mark.parametrize("kwargs, words", [
    ({"layers": ("conv",)}, "layers[0] must be one of"),
    ({"layers": ("filter",) * 4}, "at most 3 layers"),
    ({"padding": 2}, "padding must be one of"),
    ({"picture": "Q"}, "picture must be one of"),
    ({"repeats": 4}, "repeats must be 1, 2 or 3"),
    ({"show": 3}, "show must be one of"),
])
def test_bad_arguments(kwargs, words):
    with pytest.raises(ValueError) as info:
        stacking_explorer(**kwargs)
    assert words in str(info.value)
