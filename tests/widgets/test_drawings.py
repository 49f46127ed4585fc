"""The drawing explorer, headless: paint, label, save, train and test by
sending what the browser sends; the folder keeps every drawing."""
import numpy as np
import pytest

from cnnlib.data import load_grid
from cnnlib.drawings import load_drawings, sketch
from cnnlib.widgets.drawings import drawing_explorer


def panel(explorer, key):
    return next(p for p in explorer.scene["panels"] if p["key"] == key)


@pytest.fixture
def explorer(tmp_path):
    return drawing_explorer(tmp_path / "class", classes=("x", "o"))


def draw_examples(explorer, names, n, rng):
    for _ in range(n):
        for name in names:
            explorer.controls["label"].value = name
            explorer.draw(sketch(load_grid(name), rng))
            explorer.controls["save"].click()


def test_painting_shows_on_the_grid_and_saving_writes_a_file(explorer, tmp_path):
    cells = load_grid("x").ravel().tolist()
    explorer.paint(cells)
    assert panel(explorer, "picture")["values"] == cells and explorer.scene["ack"] == 1
    explorer.controls["label"].value = "x"
    explorer.controls["save"].click()
    assert (tmp_path / "class" / "x" / "001.txt").exists()
    assert panel(explorer, "counts")["bars"][0]["value"] == 1
    assert set(panel(explorer, "picture")["values"]) == {-1.0}        # a fresh grid
    explorer.controls["undo"].click()
    assert not (tmp_path / "class" / "x" / "001.txt").exists()


def test_the_training_settings_show_what_the_next_training_takes(explorer):
    """per class and shifted copies change the picture before any training:
    the counts say "drawn → trained on" and their note says it in words, with
    the numbers training_counts gives (which tests/test_drawings.py checks
    against the training set itself)."""
    from cnnlib.drawings import training_counts
    explorer.add_class("plus")
    draw_examples(explorer, ("x", "o"), 3, np.random.default_rng(0))
    explorer.controls["label"].value = "plus"
    explorer.draw(load_grid("plus"))
    explorer.controls["save"].click()
    counts = {"x": 3, "o": 3, "plus": 1}
    assert [b["text"] for b in panel(explorer, "counts")["bars"]] == ["3", "3", "1"]
    assert panel(explorer, "counts")["note"] == "next training: all your drawings\n= 7 pictures"
    explorer.controls["per_class"].value = 2
    used = training_counts(counts, 2)
    assert [b["text"] for b in panel(explorer, "counts")["bars"]] == ["3 → 2", "3 → 2", "1"]
    assert panel(explorer, "counts")["note"].endswith(f"= {sum(used.values())} pictures") and \
        "the first 2 of each class" in panel(explorer, "counts")["note"]
    explorer.controls["shifted"].value = "yes"
    used = training_counts(counts, 2, augmented=True)
    assert [b["text"] for b in panel(explorer, "counts")["bars"]] == [
        f"{counts[c]} → {used[c]}" for c in ("x", "o", "plus")]
    assert panel(explorer, "counts")["note"] == (
        "next training: the first 2 of each class,\neach with 4 shifted copies\n"
        f"= {sum(used.values())} pictures")
    explorer.controls["train"].click()
    assert len(explorer.model.history["loss"]) > 0
    assert explorer.scene["caption"].endswith("trained on 2 per class + shifted copies")


def test_add_class_with_an_empty_box_says_what_to_type(explorer):
    explorer.controls["new_class"].submit("  ")
    assert explorer.error == "No new class yet: type its name in the box first (e.g. T)"
    assert explorer.controls["label"].options == ["x", "o"]


def test_train_with_a_class_missing_says_so(explorer):
    explorer.controls["train"].click()
    assert "no examples" in explorer.error and explorer.model is None
    assert explorer.scene["caption"].endswith("not trained yet: press train")


def test_a_new_class_drawn_trained_and_tested(explorer, tmp_path):
    explorer.add_class("plus")
    assert explorer.controls["label"].options == ["x", "o", "plus"]
    draw_examples(explorer, ("x", "o", "plus"), 5, np.random.default_rng(0))
    explorer.controls["train"].click()
    assert explorer.model.classes == ("x", "o", "plus")
    assert explorer.model.history["train_accuracy"][-1] == 1.0
    assert panel(explorer, "training")["series"][0]["y"] == [
        round(v, 4) for v in explorer.model.history["loss"]]
    explorer.draw(load_grid("plus"))
    probs = panel(explorer, "probabilities")["bars"]
    assert [b["label"] for b in probs] == ["x", "o", "plus"]
    assert max(probs, key=lambda b: b["value"])["label"] == "plus"
    assert len(panel(explorer, "maps")["grids"]) == 4
    # the kernel restarts: the drawings are all in the folder
    again = drawing_explorer(tmp_path / "class")
    assert again.drawings.counts() == {"o": 5, "plus": 5, "x": 5}


def test_a_class_named_in_the_text_box_is_added_chosen_and_drawn_into(explorer, tmp_path):
    box = explorer.controls["new_class"]
    assert box.spec["kind"] == "text" and box.spec["button"] == "add class"
    box.value = " T "                     # typed, then Enter (or "add class")
    assert explorer.controls["label"].options == ["x", "o", "T"]
    assert explorer.controls["label"].value == "T" and box.value == ""
    assert (tmp_path / "class" / "T").is_dir()
    assert [b["label"] for b in panel(explorer, "counts")["bars"]] == ["x", "o", "T"]
    assert "'T'" in panel(explorer, "picture")["title"]
    explorer.draw(load_grid("x"))
    explorer.controls["save"].click()
    assert (tmp_path / "class" / "T" / "001.txt").exists()
    assert explorer.drawings.counts()["T"] == 1
    box.value = "T"                       # the same name again: nothing new
    assert explorer.controls["label"].options == ["x", "o", "T"]


def test_a_bad_class_name_in_the_text_box_is_explained_in_the_widget(explorer):
    explorer.controls["new_class"].value = "a/b"
    assert explorer.error.startswith("No new class:") and "letters" in explorer.error
    assert explorer.controls["label"].options == ["x", "o"]
    with pytest.raises(TypeError, match="new_class takes text"):
        explorer.controls["new_class"].value = 5
    with pytest.raises(TypeError, match="not a text box"):
        explorer.controls["save"].submit("T")


def test_examples_per_class_and_shifted_copies_reach_the_training(explorer):
    draw_examples(explorer, ("x", "o"), 5, np.random.default_rng(1))
    explorer.controls["per_class"].value = 2
    explorer.controls["shifted"].value = "yes"
    explorer.controls["train"].click()
    assert "2 per class + shifted copies" in explorer.scene["caption"]
    assert explorer.trained_with == (2, True)


def test_the_static_picture_renders(explorer):
    assert explorer.picture_png()[:4] == b"\x89PNG"
