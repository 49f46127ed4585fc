"""The explorers of notebook 08: a chirp and the CNN's vote; pixel scrambling
against accuracy.

Only wiring: sliders pick the values, cnnlib.beyond.sound, cnnlib.beyond.limits
and the trained model compute, cnnlib.draw.beyond describes what the browser
draws. The chirp is computed in the kernel at each move (a spectrogram and one
forward pass); the scramble slider steps through the measured fractions, all
sent once as frames, so it moves in the browser.
"""
from numpy.random import default_rng

from cnnlib._checks import as_choice, as_grid, as_model, describe, same_choice
from cnnlib.beyond.limits import permutation, scramble
from cnnlib.beyond.sound import HIGHEST, LOWEST, bin_frequencies, sound_grid
from cnnlib.draw.beyond import scramble_scene, sound_scene
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import choice_slider_control, slider_control

NOISE_SEED = 0     # the same noise at every move, so a slider move changes only the chirp
PITCH_STEP = 25
NOISES = [round(0.1 * i, 1) for i in range(16)]      # 0.0 .. 1.5


class SoundExplorer(Explorer):
    """State shown: start_hz, end_hz, noise, grid_shown (12, 12) the
    spectrogram, probabilities_shown (2,), vote_shown (the winning class)."""

    needs_kernel = True     # a static page shows its picture

    def __init__(self, model, start_hz=150, end_hz=500, noise=0.4):
        self.model = as_model(model, needs=("probabilities", "predict"))
        lo, hi = int(LOWEST), int(HIGHEST)
        pitches = list(range(lo, hi + 1, PITCH_STEP))
        for name, value in (("start_hz", start_hz), ("end_hz", end_hz)):
            if not any(same_choice(value, p) for p in pitches):
                raise ValueError(f"{name} must be a pitch from {lo} to {hi} Hz in steps of "
                                 f"{PITCH_STEP} (the range the CNN was trained on), "
                                 f"got {describe(value)}")
        self.frequencies = bin_frequencies()
        self.kind = "sound"
        super().__init__([
            slider_control("start_hz", "start pitch (Hz)", int(start_hz), lo, hi, PITCH_STEP,
                           track=150),
            slider_control("end_hz", "end pitch (Hz)", int(end_hz), lo, hi, PITCH_STEP,
                           track=150),
            choice_slider_control("noise", "noise", NOISES, noise, track=120),
        ], args=dict(start_hz=start_hz, end_hz=end_hz, noise=noise))

    def update(self, changed):
        self.start_hz, self.end_hz = self.values["start_hz"], self.values["end_hz"]
        self.noise = NOISES[self.values["noise"]]
        self.grid_shown = sound_grid(self.start_hz, self.end_hz, self.noise,
                                     default_rng(NOISE_SEED))
        self.probabilities_shown = self.model.probabilities(self.grid_shown)
        self.vote_shown = self.model.predict(self.grid_shown)
        self.scene = sound_scene(self.grid_shown, self.frequencies, self.probabilities_shown,
                                 list(self.model.classes), self.start_hz, self.end_hz)


def sound_explorer(model, start_hz=150, end_hz=500, noise=0.4):
    """Sliders for a chirp's start and end pitch and its noise; shows the
    spectrogram and the vote of `model` (a CNN trained on make_sound_dataset).
    Pitches in steps of 25 Hz from 75 to 575; noise from 0.0 to 1.5 by 0.1."""
    return SoundExplorer(model, start_hz, end_hz, noise)


class ScrambleExplorer(Explorer):
    """State shown: fraction (of pixel positions scrambled), image_shown (H, W),
    accuracies_shown (network name -> test accuracy at that fraction).
    Every measured fraction's picture is computed at the start (images)."""

    needs_kernel = True     # a static page shows its picture

    def __init__(self, results, image, fraction=0.0):
        if not isinstance(results, dict) or "fractions" not in results or "order" not in results:
            raise TypeError(f"results must be the dict scramble_experiment() returns, "
                            f"got {describe(results)}")
        self.results, self.image = results, as_grid(image, "image")
        if self.image.size != len(results["order"]):
            raise ValueError(f"image must have the {len(results['order'])} pixels the results "
                             f"were scrambled over, got {self.image.shape[0]}x"
                             f"{self.image.shape[1]}")
        self.names = [k for k in results if k not in ("fractions", "order")]
        self.fractions = [float(f) for f in results["fractions"]]
        fraction = as_choice(fraction, "fraction", self.fractions)
        self.images = [scramble(image, permutation(f, results["order"])) for f in self.fractions]
        self.kind = "scramble"
        super().__init__([
            choice_slider_control("fraction", "pixels scrambled", self.fractions, fraction,
                                  labels=[f"{f:.0%}" for f in self.fractions], track=240),
        ], args=dict(fraction=fraction), scrub="fraction")

    def update(self, changed):
        self.scene, self.frames = scramble_scene(self.images, self.results, self.names,
                                                 self.fractions)
        self.show_frame(self.values["fraction"])

    def show_frame(self, index):
        self.index, self.fraction = index, self.fractions[index]
        self.image_shown = self.images[index]
        self.accuracies_shown = {n: float(self.results[n][index]) for n in self.names}


def scramble_explorer(results, image, fraction=0.0):
    """A slider for how much of the image is scrambled: the scrambled picture,
    and the measured accuracies (results of limits.scramble_experiment)."""
    return ScrambleExplorer(results, image, fraction)
