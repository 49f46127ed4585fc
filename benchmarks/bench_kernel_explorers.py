"""Issue 11, the explorers of 06-08: the kernel-side work of one move against
a naive redraw, measured as bench_explorers.py measures 00-05 (the value set
as the browser sets it, the explorer's update, the message serialised).

explorer_kernel_ms_vs_naive_06_08: the worst median move over the descent,
    training, FGSM, sticker, chirp and scramble explorers and every kind of
    control they have, divided by the naive matplotlib redraw timed in the
    same run (goal <= 0.03), leaving out the moves that train the network
    (training's epochs slider, Step and Reset), whose work is the lesson's
    own computation: an epoch of training.
training_step_ms_vs_naive: one Step (an epoch on 400 images, then the
    curves and features sent), against the same naive redraw.
explorer_kernel_ms_worst_06_08: the worst move (training left out) in ms.
"""
import statistics

import numpy as np
from bench_explorers import control_moves, median_ms, naive_redraw, send

import cnnlib as c
from cnnlib.beyond import limits, sound
from cnnlib.widgets.adversarial import fgsm_explorer, sticker_explorer
from cnnlib.widgets.beyond import scramble_explorer, sound_explorer
from cnnlib.widgets.training import descent_explorer, training_explorer

TRAINING_MOVES = ("training: slider epochs", "training: button step", "training: button reset")


def training_moves(explorer):
    yield from control_moves(explorer)

    def step():
        if explorer.epoch >= 29:
            explorer.controls["reset"].click()
        explorer.controls["step"].click()
    yield "button step", [step] * 6
    yield "button reset", [lambda: (explorer.controls["step"].click(),
                                    explorer.controls["reset"].click())] * 3


def explorers():
    """(name, factory, moves) for each explorer of 06-08, with what it needs."""
    data = c.load_dataset()
    model, half = c.train_model(seed=0), c.train_model(seed=0, epochs=1, learning_rate=0.05)
    ear = c.train_model(0, data=sound.make_sound_dataset(np.random.default_rng(0), 40, 10),
                        epochs=10, batch_size=10, learning_rate=0.1)
    # made-up accuracies of the right shape: the slider only looks them up
    results = {"fractions": np.array([0, 0.25, 0.5, 0.75, 1.0]),
               "order": limits.scramble_order(0), "CNN": np.array([0.9, 0.8, 0.7, 0.6, 0.6]),
               "fully connected": np.array([0.99] * 5)}
    x, y = data["train_images"], data["train_labels"]
    return [
        ("descent", lambda: descent_explorer(half, x, y, "fc1_w", (5, 1),
                                             start=half.params["fc1_w"][5, 1] + 2.5),
         control_moves),
        ("training", lambda: training_explorer(data, learning_rate=0.3), training_moves),
        ("fgsm", lambda: fgsm_explorer(model, data, epsilon=0.3), control_moves),
        ("sticker", lambda: sticker_explorer(model, data, row=4, col=4, size=3), control_moves),
        ("sound", lambda: sound_explorer(ear), control_moves),
        ("scramble", lambda: scramble_explorer(results, c.load_grid("x")), control_moves),
    ]


def measure():
    naive_redraw()                                  # warm the font cache
    naive = median_ms([naive_redraw] * 5, rounds=1)
    moves = {}
    for name, factory, kinds in explorers():
        explorer = factory()
        explorer._send = send
        for kind, actions in kinds(explorer):
            moves[f"{name}: {kind}"] = median_ms(actions, rounds=2)
        explorer.close()
    return moves, naive


def run():
    moves, naive = measure()
    redraws = {k: v for k, v in moves.items() if k not in TRAINING_MOVES}
    worst = max(redraws, key=redraws.get)
    print(f"06-08: naive redraw {naive:.1f} ms; worst move {worst} {redraws[worst]:.2f} ms; "
          + ", ".join(f"{k} {v:.2f}" for k, v in sorted(moves.items(), key=lambda kv: -kv[1])[:8]))
    return [
        ("explorer_kernel_ms_vs_naive_06_08", redraws[worst] / naive, 0.03, "ratio"),
        ("explorer_kernel_ms_worst_06_08", redraws[worst], None, "ms"),
        ("explorer_kernel_ms_median_06_08", statistics.median(redraws.values()), None, "ms"),
        ("training_step_ms_vs_naive", moves["training: button step"] / naive, None, "ratio"),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
