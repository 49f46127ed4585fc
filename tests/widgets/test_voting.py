"""The voting explorer, headless: click cells and load buttons, check the
picture, the stages and the votes it shows, and that it redraws once."""
import numpy as np
import pytest

import cnnlib as c
from cnnlib import transforms as t
from cnnlib.widgets.voting import BACKGROUND, STROKE, voting_explorer

X, O = c.load_grid("x"), c.load_grid("o")


@pytest.fixture(scope="module")
def explorer():
    return voting_explorer()


def cell_values(e):
    return np.array([[1.0 if b.description == "1" else -1.0 for b in row] for row in e.cells])


def test_starts_on_x_and_votes_x():
    e = voting_explorer()
    np.testing.assert_array_equal(e.grid, X)
    np.testing.assert_array_equal(cell_values(e), X)
    assert e.winner == "x" and e.votes == c.classify(X).votes
    assert e.view.renders == 1
    assert "X 0.66" in e.votes_label.value and "→ X" in e.votes_label.value


def test_clicking_a_cell_flips_it_and_redraws_once(explorer):
    explorer.controls["load x"].click()
    renders = explorer.view.renders
    explorer.cells[4][4].click()
    assert explorer.grid[4, 4] == -1 and explorer.cells[4][4].description == "-1"
    assert explorer.cells[4][4].style.button_color == BACKGROUND
    assert explorer.view.renders == renders + 1
    want = X.copy()
    want[4, 4] = -1
    assert explorer.votes == c.classify(want).votes
    np.testing.assert_allclose(explorer.artist.stages[0][2].values, c.classify(want).pooled[0])
    explorer.cells[4][4].click()                  # and back
    np.testing.assert_array_equal(explorer.grid, X)
    assert explorer.cells[4][4].style.button_color == STROKE


def test_load_o_restyles_every_cell_with_one_redraw(explorer):
    renders = explorer.view.renders
    explorer.controls["load o"].click()
    assert explorer.view.renders == renders + 1
    np.testing.assert_array_equal(cell_values(explorer), O)
    assert explorer.winner == "o"
    bars = [bar.get_width() for bar in explorer.artist.bars]
    assert bars == pytest.approx([explorer.votes["x"], explorer.votes["o"]])


@pytest.mark.parametrize("button, make", [
    ("shift ↘", lambda g: t.shift(g, 1, 1)),
    ("shift ↖", lambda g: t.shift(g, -1, -1)),
    ("rotate 20°", lambda g: t.rotate(g, 20)),
    ("smaller", lambda g: t.scale(g, 0.7)),
    ("thicker", lambda g: t.thicken(g, 1)),
])
def test_transform_buttons_change_the_current_picture(explorer, button, make):
    explorer.controls["load x"].click()
    explorer.controls[button].click()
    np.testing.assert_array_equal(explorer.grid, make(X))
    np.testing.assert_array_equal(cell_values(explorer), make(X))
    assert explorer.votes == c.classify(make(X)).votes


def test_noise_is_seeded():
    a, b = voting_explorer(seed=5), voting_explorer(seed=5)
    for e in (a, b):
        e.controls["noise"].click()
    np.testing.assert_array_equal(a.grid, b.grid)
    assert int((a.grid != X).sum()) == 6


def test_blank_draws_from_nothing():
    e = voting_explorer("blank")
    assert (e.grid == -1).all()
    for i in range(1, 8):              # draw the X's diagonal stroke, click by click
        e.cells[i][i].click()
    want = -np.ones((9, 9))
    want[range(1, 8), range(1, 8)] = 1
    np.testing.assert_array_equal(e.grid, want)
    np.testing.assert_array_equal(cell_values(e), want)
    assert e.votes == c.classify(want).votes and e.view.renders == 1 + 7


def test_every_control_is_described_and_it_displays(explorer):
    assert all(b.description and b.tooltip for b in explorer.controls.values())
    assert all(b.tooltip.startswith(f"row {r}, column {c}")
               for r, row in enumerate(explorer.cells) for c, b in enumerate(row))
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()


def test_bad_picture_is_rejected():
    with pytest.raises(ValueError, match="picture must be one of 'x', 'o', 'blank'"):
        voting_explorer("X")


def test_repainting_changed_cells_looks_like_a_full_redraw():
    import io

    from matplotlib.figure import Figure
    from PIL import Image

    from cnnlib.draw.base import png_bytes, style
    from cnnlib.draw.voting import VotingArtist
    from cnnlib.widgets.voting import FEATURES

    e = voting_explorer()
    for r, col in [(4, 4), (1, 1), (0, 0)]:
        e.cells[r][col].click()
    e.controls["thicker"].click()
    e.cells[8][8].click()
    with style():
        fig = Figure(layout="constrained")
    VotingArtist(fig, c.classify(e.grid), FEATURES, grid=False)
    full = np.asarray(Image.open(io.BytesIO(png_bytes(fig))).convert("RGB"), int)
    shown = np.asarray(Image.open(io.BytesIO(e.view.image.value)).convert("RGB"), int)
    assert shown.shape == full.shape
    diff = np.abs(shown - full).max(axis=2)
    # equal up to the anti-aliasing of a repainted cell's edge
    assert diff.max() <= 40 and diff.mean() < 2
