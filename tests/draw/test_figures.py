"""The static figures of notebooks 03-05 show the right numbers."""
import numpy as np

import cnnlib as c
from cnnlib.draw.relu import commute_figure, relu_scene
from cnnlib.draw.scene import scene_figure
from cnnlib.draw.stacking import shapes_line, stacking_scene
from cnnlib.draw.voting import pictures_figure, vote_text, voting_figure

PLUS_CROSS = c.convolve(c.load_grid("plus"), c.load_feature("cross"))


def shown(ax):
    """The values of the grid drawn in ax (its image's data)."""
    return np.asarray(ax.images[0].get_array())


def test_commute_figure_rows_end_equal():
    fig = commute_figure(PLUS_CROSS, "plus, cross")
    axes = fig.axes
    assert len(axes) == 6
    np.testing.assert_array_equal(shown(axes[2]), c.max_pool(c.relu(PLUS_CROSS)))
    np.testing.assert_array_equal(shown(axes[5]), c.relu(c.max_pool(PLUS_CROSS)))
    np.testing.assert_array_equal(shown(axes[4]), c.max_pool(PLUS_CROSS))
    assert (shown(axes[4]) < 0).any()       # some windows are all negative


def test_relu_picture_marks_the_zeroed_cells():
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    fig = scene_figure(relu_scene(m, "X, diagonal"))
    after = next(ax for ax in fig.axes if ax.get_gid() == "grid after")
    dashed = [p for p in after.patches if p.get_linestyle() != "-"]
    assert len(dashed) == int((m < 0).sum()) == 20
    assert any("20 of 49" in t.get_text() for t in fig.texts)


def test_stacking_picture_has_a_grid_per_map():
    stages = c.stack(c.load_grid("x"), repeats=2)
    fig = scene_figure({"panels": stacking_scene(stages)})
    assert len(fig.axes) == 1 + 6 * 3
    assert shapes_line(stages).startswith("input 1×9×9 → filter 3×7×7")


def test_voting_figure_shows_every_stage_and_the_votes():
    poll = c.classify(c.load_grid("o"))
    fig = voting_figure(poll, ["diagonal", "cross", "antidiagonal"])
    assert len(fig.axes) == 1 + 9 + 1
    np.testing.assert_array_equal(shown(fig.axes[0]), poll.grid)
    bars = fig.axes[-1].patches
    assert [b.get_width() for b in bars] == [poll.votes["x"], poll.votes["o"]]
    assert fig._suptitle.get_text().endswith(vote_text(poll.votes, "o"))


def texts(ax):
    """The numbers written in ax's cells, row by row."""
    return [t.get_text() for t in ax.texts]


def test_an_all_zero_map_of_scores_shows_decimals_like_its_neighbours():
    stages = c.stack(c.load_grid("x"), repeats=2)
    fig = scene_figure({"panels": stacking_scene(stages, show=0)})
    axes = {ax.get_gid(): ax for ax in fig.axes}
    assert not stages[5].maps[0].any()           # the X leaves nothing here
    assert texts(axes["grid stage 5 map 0"]) == [".00"] * 4
    assert texts(axes["grid stage 0 map 0"])[:2] == ["-1", "-1"]     # the input stays whole
    fig = scene_figure(relu_scene(-np.ones((2, 2)) / 3))
    assert texts(fig.axes[1]) == [".00"] * 4


def test_draw_grid_whole_option_keeps_its_default():
    from cnnlib.draw.base import draw_grid, new_figure
    fig, axes = new_figure(3, 1)
    zeros = np.zeros((1, 2))
    assert texts(draw_grid(axes[0, 0], zeros).axes) == ["0", "0"]
    assert texts(draw_grid(axes[0, 1], zeros, whole=False).axes) == [".00", ".00"]
    image = draw_grid(axes[0, 2], np.array([[0.5, -1.0]]), whole=True)
    assert texts(image.axes) == ["0", "-1"]
    written = draw_grid(axes[0, 2], np.array([[0.5, np.nan]]), text=["a", ""]).axes
    assert texts(written)[-1] == "a"             # a scene's own text, none for a blank cell


def test_pictures_figure_shows_every_picture_titled():
    grids = [c.load_grid("x"), c.load_grid("o"), -c.load_grid("x")]
    fig = pictures_figure(grids, ["a", "b", "c"], per_row=2)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in shown] == ["a", "b", "c"]
    for ax, grid in zip(shown, grids):
        np.testing.assert_array_equal(ax.images[0].get_array(), grid)


def test_stack_cells_is_grid_cells_for_every_grid_of_a_stack():
    from cnnlib.draw.base import grid_cells, stack_cells
    rng = np.random.default_rng(0)
    stack = rng.uniform(-1, 1, (4, 3, 5))
    stack[1] = np.round(stack[1])            # a grid of whole numbers: '1', '-1', '0'
    stack[2, 0, 0] = np.nan                  # a cell not computed yet
    for mode in ("truncate", "round"):
        for whole in (None, False):
            assert stack_cells(stack, mode, whole) == [grid_cells(g, mode, whole) for g in stack]


def test_windows_figure_marks_every_recipe_at_its_parameters_and_median_with_its_window():
    from cnnlib.draw.deep import windows_figure
    rows = [dict(kind="a", stages=1, window=5, parameters=400, accuracies=[0.9, 0.95, 0.97], median=0.95),
            dict(kind="b", stages=2, window=8, parameters=900, accuracies=[0.8, 0.85, 0.9], median=0.85),
            dict(kind="c", stages=1, window=3, parameters=700, accuracies=[0.5, 0.55, 0.6], median=0.55),
            dict(kind="d", stages=1, hidden=True, window=16, parameters=6000, accuracies=[0.9], median=0.9)]
    ax = windows_figure(rows).axes[0]
    marks = {tuple(np.round(line.get_xydata()[i], 3)) for line in ax.lines if line.get_marker() != "_"
             for i in range(len(line.get_xydata()))}
    assert {(400, 0.95), (900, 0.85), (700, 0.55), (6000, 0.9)} <= marks
    labels = {t.get_text(): t.xy for t in ax.texts}
    assert labels == {"5": (400, 0.95), "8": (900, 0.85), "3": (700, 0.55), "16": (6000, 0.9)}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["1 stage", "2 stages",
                                                                  "1 stage + hidden layer"]
