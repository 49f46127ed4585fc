"""Every figure the notebooks show is readable from the back row of a lecture
hall (issue 19): at the projector size (output area 760 CSS px wide) no text
is under 12 px, and every cell number fits inside its cell.

FIGURES builds each figure as its notebook does, with the lecture's data
(the shapes and labels that decide the layout); where the notebook trains
a network first, arrays of the same shape stand in for what it learned.
"""
import functools

import numpy as np
import pytest
from matplotlib.figure import Figure

import cnnlib as c
from cnnlib.draw.base import LEAST_PX, MAX_WIDTH, drawn_texts, new_figure, smallest_text

NAMES = ["diagonal", "cross", "antidiagonal"]
RNG = np.random.default_rng


@functools.lru_cache(maxsize=None)
def lecture():
    x = c.load_grid("x")
    return x, c.load_features(), c.convolve(x, c.load_feature("diagonal"))


@functools.lru_cache(maxsize=None)
def xo_data():
    return c.load_dataset()


@functools.lru_cache(maxsize=None)
def deep():
    from cnnlib.deep.arrangement import load_arrangement
    from cnnlib.deep.depth import load_models
    return load_arrangement(), load_models()[("two stages", 0)]


def first(fig):
    """grids_figure gives (fig, axes)."""
    return fig[0] if isinstance(fig, tuple) else fig


def nb00():
    from cnnlib.draw.matching import curves_figure, pieces_figure, stages_figure
    x, features, _ = lecture()
    return {"00 stages": stages_figure(x, features, NAMES), "00 curves": curves_figure(x),
            "00 pieces": pieces_figure(x, features, NAMES)}


def nb01_03():
    from cnnlib.draw.filtering import maps_figure, stride_padding_figure
    from cnnlib.draw.pooling import edges_figure
    from cnnlib.draw.relu import commute_figure
    x, features, diagonal_map = lecture()
    plus_cross = c.convolve(c.load_grid("plus"), c.load_feature("cross"))
    return {"01 maps": maps_figure(x, features, NAMES),
            "01 stride": stride_padding_figure(x, c.load_feature("diagonal")),
            "02 edges": edges_figure(diagonal_map),
            "03 commute": commute_figure(plus_cross, "plus, cross")}


def nb05():
    from cnnlib import transforms
    from cnnlib.draw.voting import pictures_figure, voting_figure
    x, o = c.load_grid("x"), c.load_grid("o")
    pictures = {f"{label} {name}": make(grid) for name, grid in [("X", x), ("O", o)]
                for label, make in [("ideal", lambda g: g), *transforms.variants().items()]}
    return {"05 voting": voting_figure(c.classify(x), NAMES),
            "05 pictures": pictures_figure(list(pictures.values()), list(pictures))}


def nb06_07():
    from cnnlib.draw.adversarial import grids_figure, robustness_figure, sticker_figure
    from cnnlib.draw.digits import curves_figure
    from cnnlib.draw.training import features_next_to_lecture
    from cnnlib.filtering import sobel
    from cnnlib.training import HUNGER_MODELS, load_learning_curves
    data = xo_data()
    train_x, test_x = data["train_images"], data["test_images"]
    hand_made = np.concatenate([c.load_features(), [sobel("vertical")]])
    learned = RNG(0).normal(size=(4, 3, 3))           # c.train_model(seed=0).features()
    where = RNG(1).uniform(0, 1, (7, 7))               # adversarial.sticker_map(...)
    rates = {net: {attack: [0.99, 0.8, 0.5, 0.2] for attack in ("random noise", "FGSM", "PGD")}
             for net in ("trained normally", "adversarially trained")}
    noise = RNG(2).choice([-0.4, 0.4], (9, 9))
    return {
        "06 four": grids_figure(train_x[:4], [f"X (training image {i})" for i in range(4)]),
        "06 hunger": curves_figure(load_learning_curves(), HUNGER_MODELS,
                                   "training images (log scale)",
                                   "mean test accuracy (shaded: all seeds)"),
        "06 features": features_next_to_lecture(learned, hand_made,
                                                c.feature_names() + ["Sobel edge"]),
        "07 sticker": sticker_figure(test_x[0], where, "test image 0",
                                     "P(X) after a 3x3\nsticker here"),
        "07 flips": grids_figure([test_x[0], test_x[0]], ["test image 0", "after the flips"]),
        "07 universal": grids_figure([noise, test_x[1], np.clip(test_x[1] + noise, -1, 1)],
                                     ["the universal pattern", "a test X", "X + pattern"]),
        "07 robustness": robustness_figure([0.0, 0.1, 0.2, 0.3], rates),
    }


def nb08():
    from cnnlib.beyond import limits, sound, text
    from cnnlib.draw.adversarial import grids_figure
    from cnnlib.draw.beyond import sentence_figure, spectrograms_figure, transfer_figure
    from cnnlib.draw.training import features_next_to_lecture
    rng = RNG(1)
    up = sound.sound_grid(150, 500, noise=0.4, rng=rng)
    down = sound.sound_grid(500, 150, noise=0.4, rng=rng)
    words = "the film was really not good".split()
    x = c.load_grid("x")
    order = limits.scramble_order(0)
    shapes = RNG(3).choice([-1.0, 1.0], (2, 9, 9))      # transfer.make_shapes(...)
    reuse = {"sizes": [1, 2, 4, 8], "scratch": [0.55, 0.6, 0.7, 0.8],
             "random": [0.6, 0.7, 0.8, 0.9], "transfer": [0.9, 0.95, 1.0, 1.0]}
    labels = {"scratch": "from scratch", "random": "random features, frozen",
              "transfer": "X/O features, frozen"}
    return {
        "08 spectrograms": spectrograms_figure(
            [up, down], ["rising chirp: 150 to 500 Hz", "falling chirp: 500 to 150 Hz"],
            sound.bin_frequencies()),
        "08 sentence": sentence_figure(text.one_hot(words), text.find_phrase(words, "not good"),
                                       words, ["not", "good"], text.VOCABULARY),
        "08 scrambled": grids_figure([limits.scramble(x, limits.permutation(f, order))
                                      for f in (0, 0.25, 1)],
                                     ["the X", "25% scrambled", "100% scrambled"]),
        "08 shapes": grids_figure(shapes, ["plus", "minus"]),
        "08 transfer": transfer_figure(reuse, labels),
        "08 features": features_next_to_lecture(RNG(4).normal(size=(8, 3, 3)),
                                                c.load_features(), NAMES),
    }


def nb09():
    from cnnlib.deep import explain, inside
    from cnnlib.deep.arrangement import CLASSES
    from cnnlib.draw.deep import (explanation_rows, kernels_figure, layers_figure,
                                  pictures_figure, units_figure, windows_figure)
    data, net = deep()
    test_x, test_y = data["test_images"], data["test_labels"]
    picture = test_x[0]
    rows = [dict(kind=f"k{i}", stages=1 + i % 3, window=3 + 2 * i, parameters=200 * (i + 1),
                 accuracies=[0.6, 0.7, 0.8], median=0.7) for i in range(6)]
    units = inside.unit_summaries(net, test_x[:50], "pool", range(8), RNG(0), steps=1)
    maps = [[explain.saliency(net, g), explain.occlusion(net, g)] for g in test_x[:2]]
    said = [f"{CLASSES[k]}: says {CLASSES[1 - k]}" for k in test_y[:20]]
    return {
        "09 training": pictures_figure(data["train_images"][:16],
                                       [CLASSES[k] for k in data["train_labels"][:16]]),
        "09 clean": pictures_figure(test_x[:8], [f"{k}, turn {t}" for k in CLASSES
                                                 for t in range(4)]),
        "09 windows": windows_figure(rows, "two bars anywhere: accuracy against parameters"),
        "09 layers": layers_figure(picture, inside.layer_outputs(net, picture),
                                   inside.layer_names(net), net.probabilities(picture), CLASSES),
        "09 kernels 1": kernels_figure(net.params["conv_w"],
                                       "first stage: 8 features, 1 slice each"),
        "09 kernels 2": kernels_figure(net.params["conv2_w"],
                                       "second stage: 16 features x 8 slices"),
        "09 units": units_figure(units, "first stage (after pooling): 8 units"),
        "09 explanation": explanation_rows(list(test_x[:2]), maps, ["saliency", "occlusion"]),
        "09 stickers": pictures_figure(test_x[:20], said, ncols=10),
    }


def nb10_11():
    from cnnlib import own_drawings
    from cnnlib.data import load_grid
    from cnnlib.digits import CLASSES, MODELS, WAYS
    from cnnlib.beyond.tabular import CLASSIFIERS, load_runs
    from cnnlib.draw.beyond import order_figure
    from cnnlib.draw.digits import confusion_figure, curves_figure, digits_figure, features_figure
    from cnnlib.draw.own_drawings import answer_figure, drawings_figure, examples_figure
    pictures = {name: load_grid(name) for name in ("x", "o", "plus")}
    drawn = own_drawings.sketches(pictures, 20, RNG(0))
    for grid in drawn.grids[:20]:
        drawn.add(grid, "T")
    stages = {"rectified": RNG(5).uniform(0, 1, (4, 7, 7)),
              "probabilities": np.array([0.1, 0.1, 0.1, 0.7])}
    results = {"per_class": np.array([2, 5, 20]), "plain": [0.5, 0.6, 0.8],
               "shifted": [0.6, 0.8, 0.9]}
    digits = RNG(6).uniform(-1, 1, (16, 8, 8))
    matrix = RNG(7).integers(0, 5, (10, 10)) + np.diag(RNG(8).integers(100, 130, 10))
    hunger = {"sizes": [25, 100, 400, 1200], **{m: RNG(9).uniform(0.5, 1, (4, 3)) for m in MODELS}}
    transfer = {"sizes": [1, 2, 5, 10], **{w: RNG(10).uniform(0.3, 1, (4, 5)) for w in WAYS}}
    return {
        "10 drawings": drawings_figure(drawn),
        "10 examples": examples_figure(results),
        "10 answer": answer_figure(drawn.grids[0], stages, ("x", "o", "plus", "T"),
                                   title="a new T"),
        "11 digits": digits_figure(digits, [f"a {d}" for d in range(16)]),
        "11 features": features_figure(RNG(11).normal(size=(8, 3, 3))),
        "11 confusion": confusion_figure(matrix, CLASSES),
        "11 mistakes": digits_figure(digits[:8], [f"{t} said {s}"
                                                  for t, s in zip("01234567", "76543210")]),
        "11 hunger": curves_figure(hunger, MODELS, "training digits",
                                   "accuracy against training digits"),
        "11 transfer": curves_figure(transfer, WAYS, "drawings per class",
                                     "transfer from digits to drawings"),
        "11 order": order_figure(load_runs()["breast_cancer"], CLASSIFIERS),
    }


NOTEBOOKS = [nb00, nb01_03, nb05, nb06_07, nb08, nb09, nb10_11]


def figures():
    """Every figure the notebooks show: {"NN name": Figure}."""
    out = {}
    for build in NOTEBOOKS:
        out.update({name: first(fig) for name, fig in build().items()})
    return out


def overflowing_numbers(fig):
    """Cell numbers wider or taller than their cell: [(title, text, text px, cell px)].
    A grid is an axes with one image; its numbers are the axes' centred texts.
    Measured as the figure was last drawn on an Agg canvas (smallest_text
    draws it), else after drawing it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        if len(ax.images) != 1 or not ax.texts or not ax.get_visible():
            continue
        rows, cols = ax.images[0].get_array().shape[:2]
        box = ax.get_window_extent(renderer)
        cell_w, cell_h = box.width / cols, box.height / rows
        for t in ax.texts:
            if t.get_visible() and t.get_text() and t.get_ha() == "center":
                extent = t.get_window_extent(renderer)
                if extent.width > cell_w - 2 or extent.height > cell_h:
                    out.append((ax.get_title(), t.get_text(), round(extent.width, 1),
                                round(cell_w, 1)))
    return out


def clipped_texts(fig):
    """Texts drawn partly outside the figure (cut off in the PNG): [(text, box)]."""
    width, height = fig.bbox.width, fig.bbox.height
    return [(t.text, tuple(round(v) for v in t.box)) for t in drawn_texts(fig)
            if t.box[0] < -1 or t.box[1] < -1 or t.box[2] > width + 1 or t.box[3] > height + 1]


@pytest.mark.parametrize("build", NOTEBOOKS, ids=lambda b: b.__name__)
def test_every_notebook_figure_is_readable_at_the_projector_size(build):
    for name, fig in build().items():
        fig = first(fig)
        assert fig.get_figwidth() <= MAX_WIDTH + 1e-9, f"{name}: {fig.get_figwidth():.2f} in wide"
        least = smallest_text(fig)                      # draws it
        assert least is not None and least.px >= LEAST_PX, f"{name}: {least}"
        assert overflowing_numbers(fig) == [], name      # as just drawn
        assert clipped_texts(fig) == [], name


def test_smallest_text_measures_what_is_drawn_shrunk_to_the_output_width():
    fig, axes = new_figure(1, 1, width=4, height=3)        # 320 px wide at 80 dpi
    ax = axes[0, 0]
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("title", fontsize=18)
    ax.text(0.5, 0.5, "small", fontsize=9)
    ax.text(0.5, 0.2, "hidden", fontsize=5).set_visible(False)
    ax.text(0.5, 0.1, "  ", fontsize=4)                    # empty: nothing to read
    assert smallest_text(fig) == (10.0, "small")          # 9 pt * 80 / 72
    assert smallest_text(fig, width=160) == (5.0, "small")    # shrunk to half
    ax.set_axis_off()
    ax.texts[0].set_visible(False)
    assert smallest_text(fig) == (20.0, "title")
    ax.set_visible(False)
    assert smallest_text(fig) is None


def test_smallest_text_rejects_what_is_not_a_figure_or_a_width():
    fig, _ = new_figure()
    with pytest.raises(TypeError, match="fig"):
        smallest_text("figure")
    with pytest.raises(ValueError, match="width"):
        smallest_text(fig, width=0)
    assert isinstance(fig, Figure)


def test_draw_grid_numbers_are_never_under_the_projector_minimum_and_fit_their_cells():
    from cnnlib.draw.base import NUMBER_PT, draw_grid, grid_inches
    values = RNG(0).uniform(-1, 1, (9, 9))
    fig, axes = new_figure(1, 1, *grid_inches(values))
    draw_grid(axes[0, 0], values, fontsize=5)
    assert min(t.get_fontsize() for t in axes[0, 0].texts) == NUMBER_PT
    assert overflowing_numbers(fig) == []
    fig, axes = new_figure(1, 1, 2.0, 2.2)                  # too small for these numbers
    draw_grid(axes[0, 0], values)
    assert overflowing_numbers(fig) != []


def test_the_sliding_animation_is_readable_at_the_projector_size(monkeypatch):
    from cnnlib.draw.filtering import sliding_animation
    drawn = []
    set_dpi = Figure.set_dpi

    def spy(fig, dpi):                      # the animation's figure, at the dpi it is saved at
        drawn.append(fig)
        set_dpi(fig, dpi)

    monkeypatch.setattr(Figure, "set_dpi", spy)
    x, _, _ = lecture()
    sliding_animation(x, c.load_feature("diagonal"), "diagonal", positions=[0, 1])
    fig = drawn[0]
    assert fig.get_figwidth() * fig.dpi <= 760
    least = smallest_text(fig)              # its frame: ticks, labels (the moving parts are
    assert least.px >= LEAST_PX, least      # drawn frame by frame, at the sizes tested above)


def test_clipped_texts_finds_a_text_that_runs_off_the_figure():
    fig = Figure(figsize=(4, 3), dpi=80)
    fig.text(0.5, 0.5, "inside", ha="center")
    assert clipped_texts(fig) == []
    fig.text(0.9, 0.5, "a long line that runs off the right edge")
    fig.text(0.5, 0.02, "turned", rotation=90, va="top")
    assert [t for t, _ in clipped_texts(fig)] == ["a long line that runs off the right edge",
                                                  "turned"]
