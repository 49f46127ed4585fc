"""The attack widgets, headless: set the sliders, check what they show."""
import numpy as np
import pytest

from cnnlib.adversarial import fgsm, smallest_epsilon, sticker
from cnnlib.widgets.adversarial import fgsm_explorer, right_pictures, sticker_explorer


def test_pictures_are_test_images_the_model_gets_right(model, data):
    pics = right_pictures(model, data)
    assert len(pics) == 6 and {label for _, label in pics.values()} == {"x", "o"}
    for grid, label in pics.values():
        assert model.predict(grid) == label


def test_fgsm_explorer_starts_unattacked(model, data):
    view = fgsm_explorer(model, data)
    grid, label = view.pictures[view.picture]
    assert view.epsilon == 0 and np.array_equal(view.attacked, grid)
    assert np.all(view.noise == 0)
    assert view.prediction == label and view.confidence > 0.9
    for control in view.controls.values():
        assert control.description


def test_moving_epsilon_past_the_smallest_flips_the_answer_shown(model, data):
    view = fgsm_explorer(model, data)
    grid, label = view.pictures[view.picture]
    eps = smallest_epsilon(model, grid, label)
    fig, renders = view.view.fig, view.view.renders
    view.controls["epsilon"].value = round(eps - 0.02, 2)
    assert view.prediction == label
    view.controls["epsilon"].value = round(eps + 0.02, 2)
    assert view.prediction != label
    np.testing.assert_allclose(view.attacked, fgsm(model, grid, label, round(eps + 0.02, 2)))
    assert np.abs(view.noise).max() <= round(eps + 0.02, 2) + 1e-12
    np.testing.assert_allclose(view.probabilities, model.probabilities(view.attacked))
    assert view.confidence == pytest.approx(view.probabilities.max())
    # shown in the figure, in place
    assert view.view.renders == renders + 2 and view.view.fig is fig
    assert view.artist.bars.ax.get_title().endswith(view.prediction.upper())
    assert view.artist.bars.labels[1].get_text() == f"{view.probabilities[1]:.0%}"


def test_changing_the_picture_shows_it(model, data):
    view = fgsm_explorer(model, data, epsilon=0.1)
    name = [n for n in view.pictures if n.startswith("O")][0]
    view.controls["picture"].value = name
    grid, label = view.pictures[name]
    assert view.label == "o"
    np.testing.assert_array_equal(view.artist.original.values, grid)
    np.testing.assert_allclose(view.attacked, fgsm(model, grid, "o", 0.1))


def test_sticker_explorer_moves_the_square_and_attacks_inside_it(model, data):
    view = sticker_explorer(model, data, row=0, col=0, size=3)
    view.controls["row"].value = 3
    view.controls["col"].value = 2
    grid, label = view.pictures[view.picture]
    np.testing.assert_allclose(view.attacked, sticker(model, grid, label, 3, 2, 3))
    changed = np.argwhere(view.noise != 0)
    assert changed[:, 0].min() >= 3 and changed[:, 0].max() <= 5
    assert changed[:, 1].min() >= 2 and changed[:, 1].max() <= 4
    assert view.artist.boxes[0].get_xy() == (1.5, 2.5)
    assert view.prediction == model.predict(view.attacked)


def test_panels_say_what_they_show_the_change_actually_made(model, data):
    view = fgsm_explorer(model, data, epsilon=0.3)
    title = view.artist.axes[1].get_title()
    assert "actually added" in title and "0.30" in title and "clipping" in title
    np.testing.assert_allclose(view.artist.noise.values, view.attacked - view.grid)
    patch = sticker_explorer(model, data, row=4, col=4, size=3)
    assert patch.artist.axes[1].get_title().startswith("change made by the sticker")
    assert "3x3 at (4, 4)" in patch.artist.axes[1].get_title()
    # the stickered pixels stay valid; the change shown may exceed 1 in size
    assert np.abs(patch.attacked).max() <= 1.0
    np.testing.assert_allclose(patch.artist.noise.values, patch.attacked - patch.grid)


def test_sticker_sliders_keep_the_square_inside_the_grid(model, data):
    view = sticker_explorer(model, data, row=6, col=6, size=3)
    renders = view.view.renders
    view.controls["size"].value = 5
    assert view.controls["row"].max == 4 and view.row == 4 and view.col == 4
    assert view.view.renders == renders + 1
    assert view.artist.boxes[2].get_width() == 5
