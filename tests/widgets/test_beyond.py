"""The explorers of notebook 08, headless: set the controls, check what they
hold and the numbers they send to the browser against cnnlib.beyond."""
import numpy as np
import pytest
from helpers import NoPictures, explorer_checks, fresh, scene_panel

import cnnlib as c
from cnnlib import network
from cnnlib.beyond import limits, sound
from cnnlib.widgets.beyond import NOISE_SEED, scramble_explorer, sound_explorer


@pytest.fixture(scope="module")
def model_once():
    data = sound.make_sound_dataset(np.random.default_rng(0), 40, 10)
    return network.train_model(0, data=data, epochs=10, batch_size=10, learning_rate=0.1)


@pytest.fixture
def model(model_once):
    return fresh(model_once)


@pytest.fixture
def results():
    # a made-up results dict of the shape scramble_experiment returns (fast)
    return {"fractions": np.array([0, 0.5, 1.0]), "order": limits.scramble_order(0),
            "CNN": np.array([0.95, 0.8, 0.7]), "fully connected": np.array([0.99, 0.99, 0.99])}


def drawn(explorer, key):
    p = scene_panel(explorer, key)
    return np.reshape(p["values"], (p["rows"], p["cols"]))


def test_sound_explorer_shows_the_chirp_and_the_vote(model):
    e = sound_explorer(model, start_hz=150, end_hz=500)
    expected = sound.sound_grid(150, 500, 0.4, np.random.default_rng(NOISE_SEED))
    np.testing.assert_array_equal(e.grid_shown, expected)
    np.testing.assert_allclose(drawn(e, "spectrogram"), expected, atol=1e-4)
    assert e.vote_shown == "rising"
    assert e.probabilities_shown.sum() == pytest.approx(1.0)
    bars = scene_panel(e, "vote")["bars"]
    assert [b["value"] for b in bars] == pytest.approx(e.probabilities_shown.tolist(), abs=1e-4)
    assert scene_panel(e, "vote")["title"].endswith("rising")
    explorer_checks(e)


def test_moving_the_pitch_sliders_turns_the_vote_without_drawing_in_the_kernel(model):
    e = sound_explorer(model)
    with NoPictures() as renders:
        e.controls["start_hz"].value = 550
        e.controls["end_hz"].value = 100
    assert renders.count == 0
    assert (e.start_hz, e.end_hz) == (550, 100)
    assert e.vote_shown == "falling" and e.probabilities_shown[1] > 0.5
    assert "550 Hz to 100 Hz" in scene_panel(e, "spectrogram")["title"]
    # 12x12 cells are too many to number on a projector: colours and a colour key instead
    spectrogram = scene_panel(e, "spectrogram")
    assert spectrogram["numbers"] is False and spectrogram["text"] == []
    assert spectrogram["ylabels"] == [f"{f:g}" for f in sound.bin_frequencies()]
    assert scene_panel(e, "scale")["values"] == [-1.0, -0.5, 0.0, 0.5, 1.0]


def test_noise_slider_changes_the_picture(model):
    e = sound_explorer(model, noise=0.0)
    clean = e.grid_shown.copy()
    e.controls["noise"].value = 1.0
    assert e.noise == 1.0 and e.controls["noise"].value == 1.0
    assert not np.allclose(e.grid_shown, clean)
    np.testing.assert_array_equal(
        e.grid_shown, sound.sound_grid(150, 500, 1.0, np.random.default_rng(NOISE_SEED)))


def test_sound_controls_are_described_and_the_static_picture_follows(model):
    e = sound_explorer(model)
    for control in e.controls.values():
        assert control.description
    assert "start_hz" in repr(e)
    e.controls["end_hz"].value = 75
    fig = e.figure()
    assert any("150 Hz to 75 Hz" in t.get_text() for t in fig.texts)
    np.testing.assert_allclose(fig.axes[0].images[0].get_array(), e.grid_shown, atol=1e-4)


def test_scramble_explorer_scrambles_the_image_and_marks_the_accuracy(results):
    x = c.load_grid("x")
    e = scramble_explorer(results, x)
    np.testing.assert_array_equal(e.image_shown, x)
    assert e.accuracies_shown == {"CNN": 0.95, "fully connected": 0.99}
    with NoPictures() as renders:
        e.controls["fraction"].value = 1.0
    assert renders.count == 0
    expected = limits.scramble(x, limits.permutation(1.0, results["order"]))
    np.testing.assert_array_equal(e.image_shown, expected)
    np.testing.assert_array_equal(drawn(e, "image"), expected)
    assert e.accuracies_shown == {"CNN": 0.7, "fully connected": 0.99}
    assert scene_panel(e, "accuracy")["marker"] == 100
    assert sorted(e.image_shown.ravel()) == sorted(x.ravel())
    explorer_checks(e)


def test_every_measured_fraction_is_a_frame(results):
    e = scramble_explorer(results, c.load_grid("x"), fraction=0.5)
    assert e.scrub == "fraction" and len(e.frames) == 3 and e.values["fraction"] == 1
    curve = scene_panel(e, "accuracy")
    # the wide light line is drawn first, under the thin one, so neither hides the other
    assert [s["y"] for s in curve["series"]] == [[99, 99, 99], [95, 80, 70]]
    assert [s["width"] for s in curve["series"]] == sorted((s["width"] for s in curve["series"]), reverse=True)
    assert curve["series"][0]["x"] == [0, 50, 100] and curve["marker"] == 50
    assert [f["accuracy"]["marker"] for f in e.frames] == [0, 50, 100]


def test_scramble_slider_offers_the_measured_fractions_as_percentages(results):
    e = scramble_explorer(results, c.load_grid("x"))
    assert e.control("fraction")["labels"] == ["0%", "50%", "100%"]
    assert e.controls["fraction"].description


@pytest.mark.parametrize("call, error, words", [
    (lambda m, r: sound_explorer("model"), TypeError, ["model", "'model'"]),
    (lambda m, r: sound_explorer(m, start_hz=5000), ValueError, ["start_hz", "5000"]),
    (lambda m, r: sound_explorer(m, end_hz=160), ValueError, ["end_hz", "160", "steps of 25"]),
    (lambda m, r: sound_explorer(m, noise=0.45), ValueError, ["noise", "0.45"]),
    (lambda m, r: scramble_explorer({"a": 1}, c.load_grid("x")), TypeError, ["results"]),
    (lambda m, r: scramble_explorer(r, c.load_grid("x"), fraction=0.3), ValueError,
     ["fraction", "0.3"]),
])
def test_bad_input_is_explained(model, results, call, error, words):
    with pytest.raises(error) as info:
        call(model, results)
    for word in words:
        assert word in str(info.value)
