"""Chirps and spectrograms: the picture of a sound shows its pitch over time."""
import numpy as np
import pytest

from cnnlib.beyond import sound


def ridge(grid):
    """The row of the loudest cell in each time column (0 = highest frequency)."""
    return grid.argmax(axis=0)


def test_pure_tone_is_loudest_in_its_own_bin():
    spec = sound.spectrogram(sound.chirp(300, 300))
    # bins are rate / window = 50 Hz apart: 300 Hz is bin 6, in every frame
    assert spec.shape == (sound.WINDOW // 2 + 1, sound.frame_count(360))
    assert (spec.argmax(axis=0) == 6).all()


def test_spectrogram_matches_a_plain_loop_over_frames():
    signal = np.random.default_rng(0).normal(size=100)
    spec = sound.spectrogram(signal, window=16, hop=5)
    frames = [signal[i:i + 16] for i in range(0, 100 - 16 + 1, 5)]
    expected = np.array([np.abs(np.fft.rfft(f * np.hanning(16))) for f in frames]).T
    assert np.allclose(spec, expected)


def test_rising_chirp_climbs_and_falling_chirp_descends():
    up, down = sound.sound_grid(100, 550), sound.sound_grid(550, 100)
    assert up.shape == down.shape == (12, 12)
    # row 0 is the highest frequency, so a rising pitch means a falling row index
    assert np.all(np.diff(ridge(up)) <= 0) and ridge(up)[0] - ridge(up)[-1] >= 7
    assert np.all(np.diff(ridge(down)) >= 0) and ridge(down)[-1] - ridge(down)[0] >= 7


def test_grid_spans_minus_one_to_one():
    g = sound.sound_grid(200, 400, noise=0.3, rng=np.random.default_rng(1))
    assert g.min() == pytest.approx(-1) and g.max() == pytest.approx(1)


def test_bin_frequencies_label_rows_highest_first():
    f = sound.bin_frequencies()
    assert f[0] == 600 and f[-1] == 50 and len(f) == sound.BINS


def test_dataset_is_balanced_seeded_and_labelled_by_direction():
    a = sound.make_sound_dataset(np.random.default_rng(3), 10, 5)
    b = sound.make_sound_dataset(np.random.default_rng(3), 10, 5)
    assert a["train_images"].shape == (20, 12, 12) and a["test_images"].shape == (10, 12, 12)
    assert np.array_equal(a["train_images"], b["train_images"])
    assert np.bincount(a["train_labels"]).tolist() == [10, 10]
    assert a["classes"] == ("rising", "falling")
    # the loudest row moves up (index down) over time for rising chirps
    for image, label in zip(a["train_images"], a["train_labels"]):
        early, late = ridge(image)[:4].mean(), ridge(image)[-4:].mean()
        assert (late < early) if label == 0 else (late > early)


@pytest.mark.parametrize("call, error, words", [
    (lambda: sound.chirp(900, 100), ValueError, ["start_hz", "900", "Nyquist"]),
    (lambda: sound.chirp("low", 100), TypeError, ["start_hz", "'low'"]),
    (lambda: sound.spectrogram(np.ones(10)), ValueError, ["10 samples", "window"]),
    (lambda: sound.spectrogram(np.ones((4, 40))), ValueError, ["signal", "1-D", "2-D"]),
    (lambda: sound.sound_grid(100, 200, noise=0.2), TypeError, ["rng", "default_rng"]),
    (lambda: sound.make_sound_dataset(np.random.default_rng(0), 0), ValueError, ["train_per_class"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
