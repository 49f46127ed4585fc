"""Sounds as pictures: chirps and their spectrograms (numpy FFT only).

A spectrogram cuts a sound into short frames (hop samples apart; they
overlap when hop < window) and measures how loud each frequency is in each
frame: frequency against time, a 2-D grid with spatial structure, so the
same small CNN that tells X from O can tell a rising chirp from a falling one.

Grid convention (as the lecture's images): values in -1..1, row 0 is the
HIGHEST frequency (so a rising chirp climbs towards the top right, as on
a musical score), column 0 is the first frame in time.
"""
import numpy as np

from cnnlib._checks import as_array, as_float, as_int, as_rng, check_size
from cnnlib._progress import bar

RATE = 1200          # samples per second
DURATION = 0.3       # seconds: 360 samples
WINDOW = 24          # samples per frame -> frequency bins 50 Hz apart
HOP = 30             # samples between frame starts -> 12 frames (6-sample gaps)
BINS = 12            # frequency rows kept: 50, 100, ..., 600 Hz
CLASSES = ("rising", "falling")
LOWEST, HIGHEST = 75.0, 575.0     # the range chirps are drawn from (Hz)
NYQUIST = "a number of hertz up to the Nyquist frequency, rate / 2, at {rate} samples/s"


def chirp(start_hz, end_hz, duration=DURATION, rate=RATE, phase=0.0):
    """A tone whose pitch slides linearly from start_hz to end_hz.

    f(t) = f0 + (f1 - f0) t / T, so the phase is 2 pi (f0 t + (f1 - f0) t^2 / 2T).
    Returns (duration * rate,) samples in -1..1.
    """
    rate = as_int(rate, "rate", 2, 10**6, hint="samples per second")
    duration = as_float(duration, "duration", above=0, hint="seconds")
    samples = check_size(int(round(duration * rate)), "duration", "samples (duration * rate)",
                         limit=10**7)
    if samples < 1:
        raise ValueError(f"duration must last at least one sample (1/{rate} s), got {duration:g} s")
    phase = as_float(phase, "phase", hint="radians")
    start_hz = as_float(start_hz, "start_hz", 0.0, rate / 2, hint=NYQUIST.format(rate=rate))
    end_hz = as_float(end_hz, "end_hz", 0.0, rate / 2, hint=NYQUIST.format(rate=rate))
    t = np.arange(samples) / rate
    return np.sin(2 * np.pi * (start_hz * t + (end_hz - start_hz) * t ** 2 / (2 * duration))
                  + phase)


def frame_count(samples, window=WINDOW, hop=HOP):
    """Frames of the spectrogram: (samples - window) // hop + 1 (like a stride)."""
    samples, window = as_int(samples, "samples", 1), as_int(window, "window", 2)
    hop = as_int(hop, "hop", 1)
    if window > samples:
        raise ValueError(f"window ({window}) must not be longer than the sound's {samples} samples")
    return (samples - window) // hop + 1


def spectrogram(signal, window=WINDOW, hop=HOP):
    """Magnitude of the FFT of each Hann-windowed frame.

    signal: (S,) -> (window // 2 + 1, T) with T = frame_count(S, window, hop).
    Row k is the frequency k * rate / window; row 0 is 0 Hz (lowest first here).
    """
    signal = as_array(signal, "signal", (1,), "a 1-D array of samples (S,)",
                      hint="chirp(200, 400) gives one")
    window = as_int(window, "window", 2)
    hop = as_int(hop, "hop", 1)
    if signal.size < window:
        raise ValueError(f"signal has {signal.size} samples, fewer than one window "
                         f"of {window}; use a longer sound or a smaller window")
    frames = np.lib.stride_tricks.sliding_window_view(signal, window)[::hop]   # (T, window)
    return np.abs(np.fft.rfft(frames * np.hanning(window), axis=1)).T          # (F, T)


def to_grid(spec, bins=BINS):
    """A spectrogram as a lecture grid: rows 1..bins (0 Hz dropped), highest
    frequency first, loudness scaled to -1 (quietest) .. +1 (loudest).

    spec: (F, T) -> (bins, T).
    """
    spec = as_array(spec, "spec", (2,), "a 2-D spectrogram (frequencies, frames)")
    bins = as_int(bins, "bins", 1)
    if bins >= spec.shape[0]:
        raise ValueError(f"bins must be less than the {spec.shape[0]} frequency rows, got {bins}")
    level = spec[1:bins + 1][::-1]
    lo, hi = level.min(), level.max()
    return 2 * (level - lo) / max(hi - lo, 1e-12) - 1


def sound_grid(start_hz, end_hz, noise=0.0, rng=None, phase=0.0):
    """The (BINS, 12) grid of a chirp, with optional Gaussian noise of std `noise`."""
    signal = chirp(start_hz, end_hz, phase=phase)
    noise = as_float(noise, "noise", low=0, hint="the standard deviation of the noise; 0 for none")
    if noise:
        signal = signal + as_rng(rng).normal(0.0, noise, signal.shape)
    return to_grid(spectrogram(signal))


def bin_frequencies(bins=BINS, rate=RATE, window=WINDOW):
    """The frequency (Hz) of each grid row, highest first: (bins,)."""
    window = as_int(window, "window", 2)
    bins = as_int(bins, "bins", 1, window // 2, hint=f"a window of {window} has {window // 2} bins above 0 Hz")
    rate = as_int(rate, "rate", 2)
    return (np.arange(1, bins + 1) * rate / window)[::-1]


def make_sound_dataset(rng, train_per_class=40, test_per_class=40, noise=0.4, min_sweep=150.0,
                       progress=None):
    """Rising and falling chirps with random pitches, phases and noise.

    Returns a dict like cnnlib.dataset.load_dataset(): train_images (N, 12, 12),
    train_labels (N,) with 0 = rising, 1 = falling, test_images, test_labels,
    and classes = CLASSES. Each chirp sweeps at least min_sweep Hz.
    progress: a bar of the work (None: in a notebook only; see cnnlib._progress).
    """
    rng = as_rng(rng)
    train_per_class = as_int(train_per_class, "train_per_class", 1)
    test_per_class = as_int(test_per_class, "test_per_class", 1)
    check_size(train_per_class + test_per_class, "train_per_class + test_per_class",
               "chirps per class", limit=10**5)
    noise = as_float(noise, "noise", low=0)
    min_sweep = as_float(min_sweep, "min_sweep", above=0, high=HIGHEST - LOWEST,
                         hint=f"chirps are drawn from {LOWEST:g} to {HIGHEST:g} Hz")
    out = {"classes": CLASSES}
    total = (train_per_class + test_per_class) * len(CLASSES)
    with bar(total, "making chirps", "chirp", progress) as shown:
        for part, per_class in (("train", train_per_class), ("test", test_per_class)):
            images, labels = [], []
            for label in range(len(CLASSES)):
                for _ in range(per_class):
                    low = rng.uniform(LOWEST, HIGHEST - min_sweep)
                    high = rng.uniform(low + min_sweep, HIGHEST)
                    start, end = (low, high) if label == 0 else (high, low)
                    images.append(sound_grid(start, end, noise, rng,
                                             phase=rng.uniform(0, 2 * np.pi)))
                    labels.append(label)
                    shown.update()
            order = rng.permutation(len(labels))
            out[f"{part}_images"] = np.array(images)[order]
            out[f"{part}_labels"] = np.array(labels)[order]
    return out
