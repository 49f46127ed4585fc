"""Every figure's description (its alt text) is made from the numbers it draws:
the summaries in draw.base, the figures' own descriptions checked against
the arrays they show (and a changed input changes them), the HTML a notebook
stores, and bad input refused with the argument named."""
import base64
import html
import re

import numpy as np
import pytest

import cnnlib as c
from cnnlib.draw.adversarial import grids_figure, robustness_figure, sticker_figure
from cnnlib.draw.base import (Picture, bars_summary, cell_text, curve_summary, described,
                              description_of, few, grid_summary, labels_summary, new_figure, picture_summary,
                              places, sentence, show)
from cnnlib.draw.digits import confusion_figure
from cnnlib.draw.filtering import maps_figure
from cnnlib.draw.pooling import edges_figure
from cnnlib.draw.voting import vote_text, voting_figure

X, O = c.load_grid("x"), c.load_grid("o")
FEATURES, NAMES = c.load_features(), c.feature_names()


def test_grid_summary_names_size_extremes_and_where():
    values = np.array([[0.5, -0.25], [1.0, 1.0]])
    assert grid_summary(values, "map") == ("2 by 2 map; its highest value is 1.00 at 2 cells "
                                           "(row 1, column 0; row 1, column 1), its lowest -.25 "
                                           "at row 0, column 1")
    assert grid_summary(np.full((2, 3), np.nan), "map") == "2 by 3 map, not computed yet"
    assert grid_summary(np.zeros((1, 2)), "map") == "1 by 2 map: every value is 0"
    assert places(np.eye(4, dtype=bool)) == "4 cells (row 0, column 0; row 1, column 1 and 2 more)"


def test_picture_curve_and_bars_summaries():
    assert picture_summary(X, "the X") == "the X, 9 by 9 pixels: 13 of 81 are stroke (above 0)"
    assert curve_summary([1, 2, 3], [0.5, 0.9, 0.7], "CNN", "images") == \
        "CNN: from 50% at 1 to 70% at 3 images, highest 90% at 2 images"
    assert curve_summary([1, 2], [0.5, 0.6], "CNN") == "CNN: from 50% at 1 to 60% at 2"
    assert bars_summary(["x", "o"], [0.937, 0.063], "votes") == "votes: x 94%, o 6%"
    assert sentence("a", "", "b.") == "A; b."
    assert labels_summary(["T, turn 0", "L"], "pictures") == "2 pictures: T, turn 0; L"
    assert labels_summary(list("abc"), "pictures", most=2) == "3 pictures: a; b and 1 more"
    assert few("abcdef") == ["a", "b", "c", "d", "and 2 more"] and few("ab") == ["a", "b"]


@pytest.mark.parametrize("picture", [X, O], ids=["X", "O"])
def test_maps_figure_names_the_highest_and_lowest_of_each_map_it_draws(picture):
    maps = c.convolve(picture, FEATURES)
    text = description_of(maps_figure(picture, FEATURES, NAMES))
    for m, name in zip(maps, NAMES):
        part = text.split(f"7 by 7 map of the {name} feature over the image; ")[1]
        assert part.startswith(f"its highest value is {cell_text(m.max())} at "
                               f"{places(m == m.max())}, its lowest {cell_text(m.min())} at "
                               f"{places(m == m.min())}")
    assert f"{int(np.sum(picture > 0))} of 81 are stroke" in text


def test_a_changed_input_changes_the_description():
    diagonal = c.load_feature("diagonal")
    x_map, o_map = c.convolve(X, diagonal), c.convolve(O, diagonal)
    x_text, o_text = (description_of(edges_figure(m)) for m in (x_map, o_map))
    assert x_text != o_text
    for m, text in ((x_map, x_text), (o_map, o_text)):
        kept = c.max_pool(m)
        assert f"4 by 4 result; its highest value is {cell_text(kept.max())}" in text
        assert f"its lowest {cell_text(kept.min())}" in text


def test_voting_figure_says_the_votes_as_the_bars_print_them():
    poll = c.classify(X)
    text = description_of(voting_figure(poll, NAMES))
    shown = vote_text(poll.votes, poll.winner)           # 'X 0.66   O 0.58   → X'
    x_vote, o_vote = re.findall(r"\d\.\d+", shown)
    assert f"X {x_vote}, O {o_vote}, X wins" in text


def test_the_other_figures_describe_their_numbers():
    matrix = np.array([[8, 2, 0], [0, 9, 1], [3, 0, 7]])
    text = description_of(confusion_figure(matrix, ["0", "1", "2"]))
    assert "24 of 30 right (80%)" in text and "2 read as 0 3 times" in text
    where = np.linspace(0, 1, 49).reshape(7, 7)
    text = description_of(sticker_figure(X, where))
    assert f"below one half (fooled) at {int(np.sum(where < 0.5))} of 49 places" in text
    assert "3 by 3 sticker" in text
    rates = {"trained normally": {"FGSM": [1.0, 0.4]}, "adversarially trained": {"FGSM": [1.0, 0.8]}}
    text = description_of(robustness_figure([0.0, 0.2], rates))
    assert "trained normally, FGSM: from 100% at 0 to 40% at 0.2" in text
    assert "adversarially trained, FGSM: from 100% at 0 to 80% at 0.2" in text
    fig, _ = grids_figure([X, X * 0.5], ["the X", "half"], marks=[(1, 2)])
    assert description_of(fig) == ("The X, 9 by 9 pixels: 13 of 81 are stroke (above 0); half: "
                                   f"9 by 9 grid; its highest value is .50 at {places(X > 0)}, "
                                   f"its lowest -.50 at {places(X < 0)}; outlined on each: row 1, column 2.")
    assert places(X > 0).startswith("13 cells (") and places(X < 0).startswith("68 cells (")


def test_a_picture_stores_its_png_once_with_the_description_as_alt_and_text():
    fig = maps_figure(X, FEATURES, NAMES)
    bundle = show(fig, "the three maps")._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/plain"] == description_of(fig)
    page = bundle["text/html"]
    assert page.count("<img") == 1
    alt = html.unescape(re.search(r'alt="([^"]*)"', page).group(1))
    assert alt == description_of(fig)
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1))
    assert png.startswith(b"\x89PNG")


def test_a_description_passed_to_show_wins_and_is_escaped():
    fig, _ = new_figure()
    page = show(fig, "drawn here", description='P(X) < 0.5 & "fooled"')._repr_mimebundle_()["text/html"]
    assert 'alt="P(X) &lt; 0.5 &amp; &quot;fooled&quot;"' in page


def test_bad_input_is_refused_naming_the_argument():
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="no description"):
        show(fig, "bare")
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        Picture("not a figure", "x", "text")
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        described(None, "text")
    with pytest.raises(TypeError, match="text must be a str"):
        described(fig, 3)
    with pytest.raises(ValueError, match="text must say what the figure shows"):
        described(fig, "   ")
    with pytest.raises(TypeError, match="description must be a str"):
        show(fig, "x", description=["a list"])
    with pytest.raises(ValueError, match="values must be a non-empty 2-D array"):
        grid_summary([1, 2, 3], "map")
    with pytest.raises(TypeError, match="what must be a non-empty str"):
        grid_summary(np.zeros((2, 2)), None)
    with pytest.raises(ValueError, match="grid must be a non-empty 2-D array"):
        picture_summary(np.zeros(3), "x")
    with pytest.raises(ValueError, match="xs and ys"):
        curve_summary([1, 2], [0.5], "CNN")
    with pytest.raises(ValueError, match="labels and values"):
        bars_summary(["x"], [0.5, 0.5])
