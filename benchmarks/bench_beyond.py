"""Notebook 08's explorers: how long one slider move takes to redraw (kernel
side: recompute and build the numbers the browser draws; no PNG).

beyond_sound_move_ms:    a pitch slider: new spectrogram, the CNN's vote (goal < 150 ms).
beyond_scramble_move_ms: the scramble slider: the accuracies are measured
                         beforehand, so only the picture changes (goal < 150 ms).
"""

import numpy as np
from timing import best_per_call

from cnnlib.beyond import limits, sound
from cnnlib.data import load_grid
from cnnlib.network import train_model
from cnnlib.widgets.beyond import scramble_explorer, sound_explorer


def _toggle(control, a, b):
    def move():
        control.value = b if control.value == a else a
    return move


def run():
    data = sound.make_sound_dataset(np.random.default_rng(0), 40, 10)
    model = train_model(0, data=data, epochs=10, batch_size=10, learning_rate=0.1)
    ear = sound_explorer(model)
    sound_ms = 1000 * best_per_call(_toggle(ear.controls["end_hz"], 500, 525), repeat=5)
    # made-up accuracies of the right shape: the slider only looks them up
    results = {"fractions": np.array([0, 0.5, 1.0]), "order": limits.scramble_order(0),
               "CNN": np.array([0.9, 0.7, 0.6]), "fully connected": np.array([0.99] * 3)}
    scrambler = scramble_explorer(results, load_grid("x"))
    scramble_ms = 1000 * best_per_call(_toggle(scrambler.controls["fraction"], 0.5, 1.0), repeat=5)
    return [("beyond_sound_move_ms", sound_ms, 150, "ms"),
            ("beyond_scramble_move_ms", scramble_ms, 150, "ms")]
