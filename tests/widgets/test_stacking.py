"""The stacking explorer, headless: choose layers and repeats, check the
stages, shapes and panels it shows."""
import numpy as np
import pytest

import cnnlib as c
from cnnlib.widgets.stacking import stacking_explorer

X = c.load_grid("x")


def panels(explorer):
    """The values drawn in every panel, stage by stage."""
    return [[g.values for g in grids] for grids in explorer.artist.grids]


def test_starts_with_the_lectures_three_layers():
    e = stacking_explorer()
    assert e.layers == ["filter", "relu", "pool"]
    assert e.shapes == [(1, 9, 9), (3, 7, 7), (3, 7, 7), (3, 4, 4)]
    np.testing.assert_allclose(panels(e)[3], c.max_pool(c.relu(c.convolve(X, c.load_features()))))
    assert "filter 3×7×7" in e.shapes_label.value and e.message == ""


def test_repeats_add_stages_and_redraw_once():
    e = stacking_explorer()
    fig, renders = e.view.fig, e.view.renders
    e.controls["repeats"].value = 2
    assert e.shapes[-3:] == [(3, 2, 2), (3, 2, 2), (3, 1, 1)]
    assert len(panels(e)) == 7 and len(panels(e)[6]) == 3
    np.testing.assert_allclose(panels(e)[6], c.stack(X, repeats=2)[6].maps)
    assert e.view.renders == renders + 1 and e.view.fig is fig


def test_too_many_repeats_stop_with_a_message():
    e = stacking_explorer(repeats=3)
    assert len(e.stages) == 7 and e.shapes[-1] == (3, 1, 1)
    assert "layer 7" in e.message and "stopped early" in e.message_label.value


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
    np.testing.assert_allclose(panels(e)[2], c.convolve(c.max_pool(X), c.load_features()))


def test_picture_change_updates_numbers_in_place():
    e = stacking_explorer()
    first = e.artist.grids[1][0]
    e.controls["picture"].value = "O"
    assert e.artist.grids[1][0] is first          # same artists, new numbers
    np.testing.assert_allclose(first.values, c.convolve(c.load_grid("o"), c.load_feature("diagonal")))
    assert e.artist.title.get_text().startswith("O through")


def test_controls_are_described_and_it_displays():
    e = stacking_explorer()
    assert all(ctrl.description for ctrl in e.controls.values())
    assert "application/vnd.jupyter.widget-view+json" in e._repr_mimebundle_()


@pytest.mark.parametrize("kwargs, words", [
    ({"layers": ("conv",)}, "layers[0] must be one of"),
    ({"layers": ("filter",) * 4}, "at most 3 layers"),
    ({"padding": 2}, "padding must be one of"),
    ({"picture": "Q"}, "picture must be one of"),
])
def test_bad_arguments(kwargs, words):
    with pytest.raises(ValueError) as info:
        stacking_explorer(**kwargs)
    assert words in str(info.value)
