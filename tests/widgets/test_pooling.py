"""The pooling explorer, headless: set the controls, check what it shows."""
import numpy as np
import pytest
from helpers import NoPictures, explorer_checks, scene_panel

import cnnlib
from cnnlib.pooling import pooling_step
from cnnlib.widgets.pooling import pooling_explorer

LECTURE_POOLED = [[1.00, .33, .55, .33], [.33, 1.00, .33, .55],
                  [.55, .33, 1.00, .11], [.33, .55, .11, .77]]


@pytest.fixture
def explorer():
    return pooling_explorer()


def diagonal_map():
    return cnnlib.convolve(cnnlib.load_grid("x"), cnnlib.load_feature("diagonal"))


def test_starts_on_the_lecture_map(explorer):
    np.testing.assert_allclose(explorer.map_in, diagonal_map())
    assert explorer.output_shape == (4, 4) and explorer.controls["position"].max == 15


def test_position_5_shows_exactly_the_first_6_values(explorer):
    explorer.controls["position"].value = 5
    flat = explorer.pooled_shown.ravel()
    np.testing.assert_allclose(flat[:6], np.ravel(LECTURE_POOLED)[:6], atol=0.01)
    assert np.isnan(flat[6:]).all()
    assert explorer.window == (1, 1)
    np.testing.assert_allclose(explorer.window_values, diagonal_map()[2:4, 2:4])
    assert explorer.max_shown == pytest.approx(1.0)


def test_partial_edge_window_keeps_what_is_there(explorer):
    explorer.controls["play"].value = 3          # top-right: columns 6 and (missing) 7
    assert explorer.window == (0, 3)
    values = explorer.window_values
    assert np.isnan(values[:, 1]).all()
    np.testing.assert_allclose(values[:, 0], diagonal_map()[0:2, 6])
    assert explorer.step.partial and "partial" in explorer.size_text


def test_dropping_edges_gives_3x3(explorer):
    explorer.controls["position"].value = 15
    explorer.controls["edges"].value = False
    assert explorer.output_shape == (3, 3) and explorer.controls["position"].max == 8
    assert explorer.controls["position"].value == 8
    np.testing.assert_allclose(explorer.pooled_shown, np.array(LECTURE_POOLED)[:3, :3], atol=0.01)
    assert "(7 + 2×0 − 2) // 2 + 1 = 3" in explorer.size_text
    assert ("The next window would hang over the edge, and partial windows are dropped: "
            "the last 1 row(s) and 1 column(s) are never looked at") in explorer.size_text
    explorer.controls["edges"].value = True


def test_rows_the_stride_skips_are_not_called_dropped_windows(explorer):
    """A 1x1 window with stride 4 on the 7x7 map: the window after the one at
    row 4 would start at row 8, past the edge; no partial window is dropped."""
    c = explorer.controls
    c["edges"].value, c["size"].value, c["stride"].value = False, 1, 4
    assert explorer.output_shape == (2, 2)
    assert "the stride skips them, and the last 2 row(s) and 2 column(s) are never looked at" \
        in explorer.size_text
    assert "dropped" not in explorer.size_text
    c["edges"].value, c["size"].value, c["stride"].value = True, 2, 2


def test_size_stride_padding(explorer):
    c = explorer.controls
    c["size"].value, c["stride"].value, c["padding"].value = 3, 1, 1
    # (7 + 2 - 3) / 1 + 1 = 7
    assert explorer.output_shape == (7, 7)
    c["position"].value = 48
    np.testing.assert_allclose(explorer.pooled_shown,
                               cnnlib.max_pool(diagonal_map(), size=3, stride=1, padding=1))
    c["size"].value, c["stride"].value, c["padding"].value = 2, 2, 0
    assert explorer.output_shape == (4, 4)


def test_picture_and_feature_change_the_map(explorer):
    explorer.controls["picture"].value = "O"
    explorer.controls["feature"].value = "cross"
    expected = cnnlib.convolve(cnnlib.load_grid("o"), cnnlib.load_feature("cross"))
    np.testing.assert_allclose(explorer.map_in, expected)
    explorer.controls["position"].value = 15
    np.testing.assert_allclose(explorer.pooled_shown, cnnlib.max_pool(expected))
    explorer.controls["picture"].value = "X"
    explorer.controls["feature"].value = "diagonal"


def test_moves_render_no_picture_and_the_browser_gets_the_state(explorer):
    with NoPictures() as renders:
        explorer.controls["size"].value = 3
        explorer.controls["position"].value = 2
        window = scene_panel(explorer, "window")
        pooled = scene_panel(explorer, "pooled")
        explorer.controls["size"].value = 2
    assert renders.count == 0
    assert pooled["reveal"] == 2 and window["rows"] == 3


def test_one_output_with_widget_and_static_picture(explorer):
    explorer_checks(explorer)


def test_max_is_located_in_the_window():
    step = pooling_step(diagonal_map(), position=0)
    assert step.best == (0, 1) or step.window[step.best] == step.window[~np.isnan(step.window)].max()
    assert step.window[step.best] == pytest.approx(step.value)


def test_controls_are_described(explorer):
    for name, control in explorer.controls.items():
        assert control.description, name


@pytest.mark.parametrize("kwargs, error", [
    ({"size": 0}, ValueError), ({"stride": 9}, ValueError), ({"keep_edges": "yes"}, TypeError),
    ({"picture": "Z"}, ValueError), ({"padding": -1}, ValueError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        pooling_explorer(**kwargs)


def evaluate(arithmetic):
    """Every side of 'a = b = c', evaluated as written (×, −, ceil, min, //, /)."""
    import math
    python = arithmetic.replace("×", "*").replace("−", "-").replace("ceil", "math.ceil")
    return [eval(side, {"math": math, "min": min}) for side in python.split(" = ")]


def test_the_printed_formula_evaluates_to_the_shown_size_at_every_setting():
    """Issue 9, point 4: at every window size, stride, padding and edge rule the
    explorer offers, the printed arithmetic is true, equals the library's
    pool_size and the pooled map's shape; a window smaller than the stride
    says that every window must start inside the map."""
    explorer = pooling_explorer()
    c = explorer.controls
    for size in range(c["size"].min, c["size"].max + 1):
        for stride in range(c["stride"].min, c["stride"].max + 1):
            for padding in range(c["padding"].min, c["padding"].max + 1):
                for _, keep in c["edges"].spec["options"]:
                    c["size"].value, c["stride"].value = size, stride
                    c["padding"].value, c["edges"].value = padding, keep
                    formula = explorer.step.size_text.removeprefix("pooled size = ")
                    values = evaluate(formula)
                    side = cnnlib.pool_size(7, size, stride, padding, keep)
                    assert values == [side] * len(values), (size, stride, padding, keep, formula)
                    assert explorer.output_shape == (side, side)
                    assert explorer.size_text.startswith(f"pooled size = {formula}: "
                                                         f"the pooled map is {side}×{side}.")
                    if size < stride:
                        assert "must start inside the map" in explorer.size_text


def test_the_old_false_arithmetic_is_gone():
    """ceil((7 + 2×0 − 1) / 4) + 1 is 3, but the third window would start at 8,
    outside the 7-wide map: the map is 2 wide and the formula says why."""
    step = pooling_step(diagonal_map(), size=1, stride=4)
    assert step.pooled_full.shape == (2, 2)
    assert step.size_text == "pooled size = min(ceil((7 + 2×0 − 1) / 4) + 1, ceil((7 + 2×0) / 4)) = min(3, 2) = 2"
