"""The explorers of notebook 08, headless: set the controls, check what they show."""
import numpy as np
import pytest
from helpers import blit_matches_full_render

import cnnlib as c
from cnnlib import network
from cnnlib.beyond import limits, sound
from cnnlib.widgets.beyond import NOISE_SEED, scramble_explorer, sound_explorer


@pytest.fixture(scope="module")
def model():
    data = sound.make_sound_dataset(np.random.default_rng(0), 40, 10)
    return network.train_model(0, data=data, epochs=10, batch_size=10, learning_rate=0.1)


@pytest.fixture(scope="module")
def results():
    # a made-up results dict of the shape scramble_experiment returns (fast)
    return {"fractions": np.array([0, 0.5, 1.0]), "order": limits.scramble_order(0),
            "CNN": np.array([0.95, 0.8, 0.7]), "fully connected": np.array([0.99, 0.99, 0.99])}


def test_sound_explorer_shows_the_chirp_and_the_vote(model):
    e = sound_explorer(model, start_hz=150, end_hz=500)
    expected = sound.sound_grid(150, 500, 0.4, np.random.default_rng(NOISE_SEED))
    np.testing.assert_array_equal(e.grid_shown, expected)
    np.testing.assert_array_equal(e.grid_artist.values, expected)
    assert e.vote_shown == "rising"
    assert e.probabilities_shown.sum() == pytest.approx(1.0)
    assert e.bars.probabilities.tolist() == e.probabilities_shown.tolist()


def test_moving_the_pitch_sliders_turns_the_vote(model):
    e = sound_explorer(model)
    fig, renders = e.view.fig, e.view.renders
    e.controls["start_hz"].value = 550
    e.controls["end_hz"].value = 100
    assert (e.start_hz, e.end_hz) == (550, 100)
    assert e.vote_shown == "falling" and e.probabilities_shown[1] > 0.5
    assert e.view.renders == renders + 2 and e.view.fig is fig
    assert "550 Hz to 100 Hz" in e.title.get_text()
    # 12x12 cells are too many to number on a projector: colours and a colour bar instead
    assert e.grid_artist.texts == []
    assert e.grid_artist.image.get_clim() == (-1.0, 1.0)
    assert [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel() == "loudness"] == ["loudness"]


def test_noise_slider_changes_the_picture(model):
    e = sound_explorer(model, noise=0.0)
    clean = e.grid_shown.copy()
    e.controls["noise"].value = 1.0
    assert e.noise == 1.0 and not np.allclose(e.grid_shown, clean)


def test_sound_controls_are_described(model):
    e = sound_explorer(model)
    for control in e.controls.values():
        assert control.description
    assert "start_hz" in repr(e)
    assert "application/vnd.jupyter.widget-view+json" in e._repr_mimebundle_()
    picture = e.snapshot("chirp")
    assert picture._repr_png_() == e.view.image.value and picture._repr_png_()[:4] == b"\x89PNG"
    assert repr(picture) == "<chirp>"


def test_scramble_explorer_scrambles_the_image_and_marks_the_accuracy(results):
    x = c.load_grid("x")
    e = scramble_explorer(results, x)
    np.testing.assert_array_equal(e.image_shown, x)
    assert e.accuracies_shown == {"CNN": 0.95, "fully connected": 0.99}
    renders = e.view.renders
    e.controls["fraction"].value = 1.0
    expected = limits.scramble(x, limits.permutation(1.0, results["order"]))
    np.testing.assert_array_equal(e.image_shown, expected)
    np.testing.assert_array_equal(e.grid_artist.values, expected)
    assert e.accuracies_shown == {"CNN": 0.7, "fully connected": 0.99}
    assert e.curve.marker.get_xdata()[0] == 1.0
    assert e.view.renders == renders + 1
    assert sorted(e.image_shown.ravel()) == sorted(x.ravel())


def test_scramble_slider_offers_the_measured_fractions_as_percentages(results):
    e = scramble_explorer(results, c.load_grid("x"))
    assert [label for label, _ in e.controls["fraction"].options] == ["0%", "50%", "100%"]
    assert e.controls["fraction"].description


@pytest.mark.parametrize("call, error, words", [
    (lambda m, r: sound_explorer("model"), TypeError, ["model", "'model'"]),
    (lambda m, r: sound_explorer(m, start_hz=5000), ValueError, ["start_hz", "5000"]),
    (lambda m, r: scramble_explorer({"a": 1}, c.load_grid("x")), TypeError, ["results"]),
    (lambda m, r: scramble_explorer(r, c.load_grid("x"), fraction=0.3), ValueError,
     ["fraction", "0.3"]),
])
def test_bad_input_is_explained(model, results, call, error, words):
    with pytest.raises(error) as info:
        call(model, results)
    for word in words:
        assert word in str(info.value)


def test_fast_redraws_leave_nothing_stale(model, results):
    e = sound_explorer(model)
    e.controls["start_hz"].value = 575
    e.controls["end_hz"].value = 75
    assert blit_matches_full_render(e.view)
    s = scramble_explorer(results, c.load_grid("x"))
    s.controls["fraction"].value = 0.5
    assert blit_matches_full_render(s.view)
