"""The drawing explorer, headless: paint, label, save, train and test by
sending what the browser sends; the folder keeps every drawing."""
import errno
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from helpers import draw

from cnnlib.data import format_grid, load_grid
from cnnlib.draw.base import png_bytes
from cnnlib.own_drawings import load_drawings, sketch
from cnnlib.widgets.own_drawings import drawing_explorer


def panel(explorer, key):
    return next(p for p in explorer.scene["panels"] if p["key"] == key)


@pytest.fixture
def explorer(tmp_path):
    return drawing_explorer(tmp_path / "class", classes=("x", "o"))


def draw_examples(explorer, names, n, rng):
    for _ in range(n):
        for name in names:
            explorer.controls["label"].value = name
            draw(explorer, sketch(load_grid(name), rng))
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
    the numbers training_counts gives (which tests/test_own_drawings.py checks
    against the training set itself)."""
    from cnnlib.own_drawings import training_counts
    explorer.add_class("plus")
    draw_examples(explorer, ("x", "o"), 3, np.random.default_rng(0))
    explorer.controls["label"].value = "plus"
    draw(explorer, load_grid("plus"))
    explorer.controls["save"].click()
    counts = {"x": 3, "o": 3, "plus": 1}
    assert [b["text"] for b in panel(explorer, "counts")["bars"]] == ["3", "3", "1"]
    assert panel(explorer, "counts")["note"] == "next training: all drawings\n= 7 pictures"
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
    assert "; trained on 2 per class + shifted copies (" in explorer.scene["caption"]


def test_add_class_with_an_empty_box_says_what_to_type(explorer):
    explorer.controls["new_class"].submit("  ")
    assert explorer.error == "No new class yet: type its name in the box first (e.g. T)"
    assert explorer.controls["label"].options == ["x", "o"]


def test_train_with_a_class_missing_says_so(explorer):
    explorer.controls["train"].click()
    assert "classes 'x' and 'o' have no examples" in explorer.error and explorer.model is None
    assert explorer.scene["caption"] == "0 drawings (x: 0, o: 0); not trained yet: press train"
    draw(explorer, load_grid("x"))
    explorer.controls["save"].click()
    assert explorer.scene["caption"] == "1 drawing (x: 1, o: 0); not trained yet: press train"
    explorer.controls["train"].click()
    assert "class 'o' has no examples" in explorer.error and explorer.model is None


def test_a_new_class_drawn_trained_and_tested(explorer, tmp_path):
    explorer.add_class("plus")
    assert explorer.controls["label"].options == ["x", "o", "plus"]
    draw_examples(explorer, ("x", "o", "plus"), 5, np.random.default_rng(0))
    explorer.controls["train"].click()
    assert explorer.model.classes == ("x", "o", "plus")
    assert explorer.model.history["train_accuracy"][-1] == 1.0
    assert panel(explorer, "training")["series"][0]["y"] == [
        round(v, 4) for v in explorer.model.history["loss"]]
    draw(explorer, load_grid("plus"))
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
    draw(explorer, load_grid("x"))
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
    assert png_bytes(explorer.figure())[:4] == b"\x89PNG"


def test_a_blank_grid_is_not_saved(explorer, tmp_path):
    explorer.controls["save"].click()
    assert explorer.error == ("Not yet: the grid is blank: draw a 'x' first (click or drag "
                              "across the cells), then save it")
    assert len(explorer.drawings) == 0 and not list((tmp_path / "class").glob("*/*.txt"))


def test_any_saved_drawing_can_be_chosen_and_removed(explorer, tmp_path):
    """Save X, O, X: the first X, chosen under "saved drawing", shows on the
    grid and "remove chosen" deletes it and its file, and only it."""
    for name in ("x", "o", "x"):
        explorer.controls["label"].value = name
        draw(explorer, load_grid(name))
        explorer.controls["save"].click()
    chosen = explorer.controls["chosen"]
    assert chosen.options == ["none", "x/001.txt", "o/001.txt", "x/002.txt"]
    chosen.value = "x/001.txt"
    assert panel(explorer, "picture")["values"] == load_grid("x").ravel().tolist()
    assert panel(explorer, "picture")["title"] == "x/001.txt: saved"
    explorer.controls["save"].click()                  # the same drawing again: no
    assert "saved already" in explorer.error and len(explorer.drawings) == 3
    explorer.controls["remove"].click()
    assert explorer.error == "" and not (tmp_path / "class" / "x" / "001.txt").exists()
    assert explorer.drawings.file_names() == ["o/001.txt", "x/002.txt"]
    assert chosen.options == ["none", "o/001.txt", "x/002.txt"] and chosen.value == ""
    assert set(panel(explorer, "picture")["values"]) == {-1.0}
    explorer.controls["remove"].click()                # none chosen
    assert explorer.error.startswith("Not yet: no drawing chosen")
    explorer.controls["undo"].click()                  # the newest saved here: x/002
    assert explorer.drawings.file_names() == ["o/001.txt"]
    assert load_drawings(tmp_path / "class").counts() == {"x": 0, "o": 1}


def test_a_chosen_drawing_drawn_over_is_a_new_drawing(explorer):
    draw(explorer, load_grid("x"))
    explorer.controls["save"].click()
    explorer.controls["chosen"].value = "x/001.txt"
    draw(explorer, load_grid("plus"))
    assert explorer.controls["chosen"].value == ""
    explorer.controls["save"].click()
    assert explorer.drawings.file_names() == ["x/001.txt", "x/002.txt"]


def test_remove_last_after_a_restart_says_how_to_remove_an_earlier_drawing(explorer, tmp_path):
    draw_examples(explorer, ("x", "o"), 1, np.random.default_rng(0))
    again = drawing_explorer(tmp_path / "class")
    again.controls["undo"].click()
    assert "choose it under 'saved drawing'" in again.error and len(again.drawings) == 2


def test_the_classes_come_back_in_their_order_after_a_restart(tmp_path):
    """classes=("x", "o", "plus"): after a restart "save as" still offers
    x first, and the network's outputs keep their order."""
    first = drawing_explorer(tmp_path / "class", classes=("x", "o", "plus"))
    draw_examples(first, ("plus", "o", "x"), 1, np.random.default_rng(0))
    again = drawing_explorer(tmp_path / "class", classes=("x", "o", "plus"))
    assert again.controls["label"].options == ["x", "o", "plus"]
    assert again.controls["label"].value == "x"
    assert [b["label"] for b in panel(again, "counts")["bars"]] == ["x", "o", "plus"]


def test_a_bad_file_in_the_folder_is_named_in_the_error_line(explorer, tmp_path):
    draw_examples(explorer, ("x", "o"), 1, np.random.default_rng(0))
    (tmp_path / "class" / "x" / "009.txt").write_bytes(b"\x89PNG\r\n")
    again = drawing_explorer(tmp_path / "class")
    assert again.error.startswith("Skipped 1 file(s)")
    assert "x/009.txt: text is not UTF-8" in again.error
    assert again.drawings.counts() == {"x": 1, "o": 1}


def test_a_full_disk_or_a_folder_gone_is_said_and_nothing_saved(explorer, tmp_path, monkeypatch):
    draw(explorer, load_grid("x"))
    with monkeypatch.context() as m:
        m.setattr(os, "write", lambda fd, data: (_ for _ in ()).throw(
            OSError(errno.ENOSPC, "No space left on device")))
        explorer.controls["save"].click()
    assert explorer.error.startswith("Not saved: [Errno 28] No space left on device")
    assert len(explorer.drawings) == 0
    shutil.rmtree(tmp_path / "class")
    explorer.controls["save"].click()
    assert explorer.error.startswith("Not saved: the folder") and "is gone" in explorer.error
    assert not (tmp_path / "class").exists()


def test_accuracy_has_its_own_axis_beside_the_loss(explorer):
    """Accuracy (0 to 1) and the loss (up to 8 or so) never share an axis:
    each curve has its own panel, titled with what it shows."""
    draw_examples(explorer, ("x", "o"), 3, np.random.default_rng(0))
    explorer.controls["train"].click()
    history = explorer.model.history
    loss, accuracy = panel(explorer, "training"), panel(explorer, "accuracy")
    assert loss["title"].startswith("loss") and accuracy["title"].startswith("training accuracy")
    assert [s["y"] for s in loss["series"]] == [[round(v, 4) for v in history["loss"]]]
    assert [s["y"] for s in accuracy["series"]] == [history["train_accuracy"]]
    assert accuracy["ylim"] == [0, 1] and loss["ylim"][1] >= max(history["loss"])
    assert "(lost on a kernel restart)" in explorer.scene["caption"]
    assert "trained on all your drawings" in explorer.scene["caption"]


def test_the_notebook_s_explorer_cell_runs_alone_after_a_restart(tmp_path, monkeypatch):
    """Notebook 10 promises: after a restart, run the explorer's cell again
    and everything is back. Run alone in a fresh namespace (a restarted
    kernel), the cell needs no other cell, and finds the drawings saved
    before, the classes in the same order."""
    notebook = Path(__file__).parents[2] / "notebooks" / "10_your_own_drawings.ipynb"
    cell = next("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
                if c["cell_type"] == "code" and 'drawing_explorer("my_drawings"' in "".join(c["source"]))
    monkeypatch.chdir(tmp_path)
    first = {}
    exec(cell, first)
    first["explorer"].controls["label"].value = "plus"
    draw(first["explorer"], load_grid("plus"))
    first["explorer"].controls["save"].click()
    restarted = {}
    exec(cell, restarted)
    assert list(restarted["explorer"].drawings.counts().items()) == [("x", 0), ("o", 0), ("plus", 1)]


def test_a_drawing_edited_by_hand_is_taken_off_the_list_but_its_file_kept(explorer, tmp_path):
    draw(explorer, load_grid("x"))
    explorer.controls["save"].click()
    (tmp_path / "class" / "x" / "001.txt").write_text(format_grid(load_grid("plus")))
    explorer.controls["chosen"].value = "x/001.txt"
    explorer.controls["remove"].click()
    assert explorer.error.startswith("Removed from the list, but ") and "left in place" in explorer.error
    assert (tmp_path / "class" / "x" / "001.txt").exists() and len(explorer.drawings) == 0
