"""The attack explorers, headless: set the controls, check what they hold
and the numbers they send to the browser against cnnlib.adversarial."""
import base64
import html as html_module
from unittest import mock

import nbformat
import numpy as np
import pytest
from export_html import KERNEL_NOTE, static_widgets
from helpers import NoPictures, explorer_checks, scene_panel

from cnnlib.adversarial import fgsm, smallest_epsilon, sticker
from cnnlib.widgets.export import EXPORT_MIME
from cnnlib.widgets.adversarial import EPSILONS, fgsm_explorer, right_pictures, sticker_explorer


def drawn(explorer, key):
    """A grid panel's values as the browser draws them now: (rows, cols)."""
    p = scene_panel(explorer, key)
    return np.reshape(p["values"], (p["rows"], p["cols"]))


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
    explorer_checks(view)
    assert view.controls["epsilon"].value == 0.0
    np.testing.assert_allclose(drawn(view, "attacked"), grid, atol=1e-4)


def test_moving_epsilon_past_the_smallest_flips_the_answer_shown(model, data):
    view = fgsm_explorer(model, data)
    grid, label = view.pictures[view.picture]
    eps = smallest_epsilon(model, grid, label)
    with NoPictures() as renders:
        view.controls["epsilon"].value = round(eps - 0.02, 2)
        assert view.prediction == label
        view.controls["epsilon"].value = round(eps + 0.02, 2)
    assert renders.count == 0                  # scrubbed in the browser: nothing drawn here
    assert view.prediction != label
    np.testing.assert_allclose(view.attacked, fgsm(model, grid, label, round(eps + 0.02, 2)))
    assert np.abs(view.noise).max() <= round(eps + 0.02, 2) + 1e-12
    np.testing.assert_allclose(view.probabilities, model.probabilities(view.attacked))
    assert view.confidence == pytest.approx(view.probabilities.max())
    # what the browser shows at this epsilon
    np.testing.assert_allclose(drawn(view, "attacked"), view.attacked, atol=1e-4)
    np.testing.assert_allclose(drawn(view, "noise"), view.noise, atol=1e-4)
    bars = scene_panel(view, "bars")
    assert bars["title"].endswith(view.prediction.upper())
    assert [b["text"] for b in bars["bars"]] == [f"{p:.0%}" for p in view.probabilities]


def test_every_epsilon_is_sent_once_from_one_gradient(model, data):
    """One gradient per picture: the epsilon slider's 61 states are frames."""
    view = fgsm_explorer(model, data, epsilon=0.3)
    assert view.scrub == "epsilon" and len(view.frames) == len(EPSILONS) == 61
    spec = view.control("epsilon")
    assert spec["labels"][30] == "0.30" and spec["choices"][30] == 0.3
    assert view.values["epsilon"] == 30 and view.controls["epsilon"].value == 0.3
    grid, label = view.pictures[view.picture]
    for i in (0, 7, 30, 60):
        frame = view.frames[i]
        np.testing.assert_allclose(frame["attacked"]["values"],
                                   fgsm(model, grid, label, EPSILONS[i]).ravel(), atol=1e-4)
        assert f"±{EPSILONS[i]:.2f}" in frame["noise"]["title"]
    name = [n for n in view.pictures if n.startswith("O")][0]
    with mock.patch.object(type(model), "input_gradient", autospec=True,
                           side_effect=type(model).input_gradient) as gradient:
        view.controls["picture"].value = name
    assert gradient.call_count == 1


def test_changing_the_picture_shows_it(model, data):
    view = fgsm_explorer(model, data, epsilon=0.1)
    name = [n for n in view.pictures if n.startswith("O")][0]
    view.controls["picture"].value = name
    grid, label = view.pictures[name]
    assert view.label == "o" and view.epsilon == 0.1
    np.testing.assert_allclose(drawn(view, "image"), grid, atol=1e-4)
    np.testing.assert_allclose(view.attacked, fgsm(model, grid, "o", 0.1))


def test_an_epsilon_the_slider_does_not_offer_is_refused(model, data):
    with pytest.raises(ValueError, match=r"epsilon must be one of .*got 0\.305"):
        fgsm_explorer(model, data, epsilon=0.305)
    view = fgsm_explorer(model, data)
    with pytest.raises(ValueError, match="epsilon"):
        view.controls["epsilon"].value = 0.7


def test_sticker_explorer_moves_the_square_and_attacks_inside_it(model, data):
    view = sticker_explorer(model, data, row=0, col=0, size=3)
    view.controls["row"].value = 3
    view.controls["col"].value = 2
    grid, label = view.pictures[view.picture]
    np.testing.assert_allclose(view.attacked, sticker(model, grid, label, 3, 2, 3))
    changed = np.argwhere(view.noise != 0)
    assert changed[:, 0].min() >= 3 and changed[:, 0].max() <= 5
    assert changed[:, 1].min() >= 2 and changed[:, 1].max() <= 4
    assert view.prediction == model.predict(view.attacked)
    for key in ("image", "noise", "attacked"):
        assert scene_panel(view, key)["boxes"][0] == {"r": 3, "c": 2, "h": 3, "w": 3,
                                                      "dash": False}
    np.testing.assert_allclose(drawn(view, "attacked"), view.attacked, atol=1e-4)
    # the change shows its numbers inside the square only
    text = np.reshape(scene_panel(view, "noise")["text"], (9, 9))
    assert all(text[r, c] for r in range(3, 6) for c in range(2, 5))
    assert not text[0, 0] and not text[8, 8]


def test_sticker_moves_are_computed_in_the_kernel_without_drawing(model, data):
    view = sticker_explorer(model, data, row=4, col=4, size=3)
    with NoPictures() as renders:
        for row in range(7):
            view.controls["row"].value = row
    assert renders.count == 0 and view.row == 6
    explorer_checks(view)


def test_panels_say_what_they_show_the_change_actually_made(model, data):
    view = fgsm_explorer(model, data, epsilon=0.3)
    title = scene_panel(view, "noise")["title"]
    assert "actually added" in title and "0.30" in title and "clipped" in title
    patch = sticker_explorer(model, data, row=4, col=4, size=3)
    title = scene_panel(patch, "noise")["title"]
    assert title.startswith("the sticker's change") and "3x3 at (4, 4)" in title
    # the stickered pixels stay valid; the change shown may exceed 1 in size
    assert np.abs(patch.attacked).max() <= 1.0
    np.testing.assert_allclose(patch.noise, patch.attacked - patch.grid)


def test_sticker_sliders_keep_the_square_inside_the_grid(model, data):
    view = sticker_explorer(model, data, row=6, col=6, size=3)
    view.controls["size"].value = 5
    assert view.controls["row"].max == 4 and view.row == 4 and view.col == 4
    assert scene_panel(view, "attacked")["boxes"][0]["w"] == 5
    with pytest.raises(ValueError, match="size"):
        sticker_explorer(model, data, size=7)


def test_static_figures_show_the_state(model, data):
    view = fgsm_explorer(model, data, epsilon=0.3)
    fig = view.figure()
    assert any("0.30" in t.get_text() for t in fig.texts)
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), view.attacked, atol=1e-4)
    patch = sticker_explorer(model, data, row=4, col=4, size=3)
    fig = patch.figure()
    assert any("3x3 at (4, 4)" in t.get_text() for t in fig.texts)


def test_a_static_page_shows_the_picture_and_says_a_kernel_is_needed(model, data):
    """The attacks need a trained network: their output carries no state for
    a live static page, so the exporter shows the static picture with its note."""
    view = fgsm_explorer(model, data, epsilon=0.3)
    bundle, metadata = view._repr_mimebundle_()
    assert EXPORT_MIME not in bundle and bundle["image/png"][:4] == b"\x89PNG"
    cell = nbformat.v4.new_code_cell("attack")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        **{k: v for k, v in bundle.items() if k != "image/png"},
        "image/png": base64.b64encode(bundle["image/png"]).decode("ascii")}, metadata=metadata)]
    nb, live = static_widgets(nbformat.v4.new_notebook(cells=[cell]))
    html = nb.cells[0].outputs[0]["data"]["text/html"]
    assert live == 0 and html.startswith(KERNEL_NOTE) and "data:image/png;base64," in html
    # the picture's alt text: the explorer's words for it, the epsilon's numbers among them
    alt = html_module.escape(view.description())
    assert f'alt="{alt}"' in html and "epsilon (pixel move): 0.30" in view.description()


def test_attack_explorers_say_their_cells_are_rounded_to_one_decimal(model, data):
    """The cells print one decimal to fit a projector ('-1.6' for -1.58): the
    caption, which is also what the live region announces, says so at every
    epsilon and every place, and the numbers drawn are the maths rounded."""
    view = fgsm_explorer(model, data)
    for e in (0, len(EPSILONS) // 2, len(EPSILONS) - 1):
        view.controls["epsilon"].value = float(EPSILONS[e])
        frame = view.frames[view.values[view.scrub]]
        assert frame["caption"].endswith("cells to one decimal")
        assert all(t == "" or len(t.split(".")[-1]) == 1 for t in scene_panel(view, "attacked")["text"])
        shown = [float(t) for t in scene_panel(view, "noise")["text"] if t]
        np.testing.assert_allclose(shown, np.round(view.noise.ravel(), 1)[: len(shown)], atol=1e-9)
    stick = sticker_explorer(model, data)
    assert stick.scene["caption"].endswith("cells to one decimal")
