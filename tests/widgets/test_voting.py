"""The voting explorer, headless: paint cells and press the buttons as the
browser does, check the picture, the stages and the votes it sends."""
import numpy as np
import pytest
from helpers import NoPictures, explorer_checks, flip_cell, scene_panel

import cnnlib as c
from cnnlib import transforms as t
from cnnlib.draw.base import theme
from cnnlib.draw.voting import grid_key
from cnnlib.widgets.voting import voting_explorer

X, O = c.load_grid("x"), c.load_grid("o")


@pytest.fixture
def explorer():
    return voting_explorer()


def picture(e):
    p = scene_panel(e, "picture")
    return np.reshape(p["values"], (p["rows"], p["cols"]))


def test_starts_on_x_and_votes_x():
    e = voting_explorer()
    np.testing.assert_array_equal(e.grid, X)
    np.testing.assert_array_equal(picture(e), X)
    assert e.winner == "x" and e.votes == c.classify(X).votes
    assert e.scene["caption"] == "votes: X 0.66   O 0.58   → X"
    bars = scene_panel(e, "votes")["bars"]
    assert [b["text"] for b in bars] == ["0.66  wins", "0.58"]


def test_votes_equal_to_two_decimals_show_the_digits_that_decide(explorer):
    """The X shifted up-left, then turned 20°: 0.4025 against 0.3987, both
    0.40 at two decimals; the caption and the bars show three."""
    explorer.controls["shift ↖"].click()
    explorer.controls["rotate 20°"].click()
    assert explorer.winner == "x"
    assert explorer.scene["caption"] == "votes: X 0.403   O 0.399   → X"
    assert [b["text"] for b in scene_panel(explorer, "votes")["bars"]] == ["0.403  wins", "0.399"]


def test_votes_equal_at_the_shown_precision_are_a_tie():
    from cnnlib.draw.voting import bar_text, vote_text
    votes = {"x": 0.21000001, "o": 0.21}
    assert vote_text(votes, "x") == "X 0.2100   O 0.2100   → tie"
    assert bar_text(votes, "x") == {"x": "0.2100", "o": "0.2100"}


def test_a_painted_grid_is_classified_and_acknowledged(explorer):
    explorer.controls["load x"].click()
    want = t.flip(X, 4, 4)
    explorer._on_message({"event": "paint", "seq": 7, "grid": want.ravel().tolist()},   # as the browser
                        raise_error=True)
    np.testing.assert_array_equal(explorer.grid, want)
    np.testing.assert_array_equal(picture(explorer), want)
    assert explorer.scene["ack"] == 7            # the browser sends its next grid on this
    assert explorer.votes == c.classify(want).votes
    pooled = scene_panel(explorer, "pooled")["grids"][0]
    np.testing.assert_allclose(pooled["values"], c.classify(want).pooled[0].ravel(), atol=1e-4)
    flip_cell(explorer, 4, 4)                           # and back
    np.testing.assert_array_equal(explorer.grid, X)
    assert explorer.scene["ack"] == 8


def test_the_kernel_computes_only_the_grids_it_is_sent(explorer):
    """The browser sends only its newest grid while one is in flight, so
    twelve quick clicks cost the kernel at most a few classifications."""
    explorer.controls["load blank"].click()
    sent = explorer.painted
    explorer.paint(t.thicken(X, 1).ravel().tolist())
    assert explorer.painted == sent + 1 and explorer.winner == c.classify(t.thicken(X, 1)).winner


def test_load_o_and_change_buttons(explorer):
    explorer.controls["load o"].click()
    np.testing.assert_array_equal(picture(explorer), O)
    assert explorer.winner == "o"
    for name, make in [("shift ↘", lambda g: t.shift(g, 1, 1)), ("shift ↖", lambda g: t.shift(g, -1, -1)),
                       ("rotate 20°", lambda g: t.rotate(g, 20)), ("smaller", lambda g: t.scale(g, 0.7)),
                       ("thicker", lambda g: t.thicken(g, 1))]:
        explorer.controls["load x"].click()
        explorer.controls[name].click()
        np.testing.assert_array_equal(explorer.grid, make(X))
        assert explorer.votes == c.classify(make(X)).votes


def test_noise_is_seeded():
    a, b = voting_explorer(seed=5), voting_explorer(seed=5)
    for e in (a, b):
        e.controls["noise"].click()
    np.testing.assert_array_equal(a.grid, b.grid)
    assert int((a.grid != X).sum()) == 6


def test_the_grids_colours_are_the_themes_two_ends():
    """The picture is drawn from the theme's colour map at -1 and +1 exactly,
    with white lines between cells (the old PNG repaint left thin dark-red
    lines on matplotlib < 3.11; the SVG draws each cell once)."""
    e = voting_explorer("blank")
    p = scene_panel(e, "picture")
    assert set(p["values"]) == {-1.0} and p["text"][0] == "-1" and p["paint"]
    flip_cell(e, 0, 0)
    p = scene_panel(e, "picture")
    assert p["values"][0] == 1.0 and p["text"][0] == "1" and set(p["values"][1:]) == {-1.0}
    colours = theme()["colors"]
    from matplotlib.colors import to_hex

    from cnnlib.draw.base import CMAP
    assert colours[0] == to_hex(CMAP(0.0)) and colours[-1] == to_hex(CMAP(1.0))


def test_moves_render_no_picture_in_the_kernel(explorer):
    with NoPictures() as renders:
        flip_cell(explorer, 0, 0)
        explorer.controls["thicker"].click()
        explorer.controls["load blank"].click()
    assert renders.count == 0


def test_grid_table_for_the_static_page():
    e = voting_explorer()
    table = e.grid_table()
    assert grid_key(X) in table["scenes"] and grid_key(t.flip(O, 2, 3)) in table["scenes"]
    thick = table["moves"][grid_key(X)]["thicker"]
    assert thick == grid_key(t.thicken(X, 1))
    assert table["scenes"][thick]["caption"].endswith(c.classify(t.thicken(X, 1)).winner.upper())
    assert "noise" not in table["moves"][grid_key(X)]        # random: needs a kernel
    assert table["anywhere"] == {"load x": grid_key(X), "load o": grid_key(O),     # from any picture
                                 "load blank": grid_key(t.blank())}
    np.testing.assert_array_equal(e.grid, X)                   # back where it was


def test_bad_input():
    np.testing.assert_array_equal(voting_explorer("X").grid, X)     # the other explorers' spelling
    with pytest.raises(ValueError, match="picture: unknown picture to start from 'triangle'"):
        voting_explorer("triangle")
    with pytest.raises(TypeError, match="picture must be a string"):
        voting_explorer(X)
    with pytest.raises(TypeError, match="seed must be an integer >= 0, got None"):
        voting_explorer(seed=None)
    e = voting_explorer()
    with pytest.raises(ValueError, match="cells must be 81 values, each \\+1 or -1"):
        e.paint([1.0] * 80)
    assert "cells must be 81 values" in e.error and e.scene["ack"] == e.seq   # acknowledged


@pytest.mark.parametrize("grid, words", [
    (np.full((9, 9), 0.5), "grid must hold only 1 and -1, got 81 other values, e.g. 0.5"),
    (np.ones((8, 8)), "grid must be 9x9, got 8x8"), (np.ones((10, 10)), "grid must be 9x9"),
    (None, "grid must be a 2-D grid"), ([[1, 1], [1]], "ragged"),
])
def test_set_grid_refuses_grey_and_wrong_sizes_and_keeps_its_state(grid, words):
    e = voting_explorer("o")
    before = (e.grid.copy(), e.votes, e.scene_json)
    with pytest.raises((ValueError, TypeError), match=words):
        e.set_grid(grid)
    np.testing.assert_array_equal(e.grid, before[0])
    assert (e.votes, e.scene_json) == before[1:] and e.winner == "o"


def test_one_output_and_a_static_picture(explorer):
    explorer_checks(explorer)
