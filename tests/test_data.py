"""Reading grids from the package data (cnnlib/data/): from any folder, with
clear errors for bad files and for a wrong CNNLIB_DATA."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cnnlib as c
from cnnlib.data import data_dir

REPO = Path(__file__).resolve().parent.parent


def test_every_shipped_grid_is_9x9_of_plus_minus_one():
    assert {"x", "o"} <= set(c.grid_names())
    for name in c.grid_names():
        g = c.load_grid(name)
        assert g.shape == (9, 9) and g.dtype == float
        assert set(np.unique(g)) <= {-1.0, 1.0}


def test_feature_names_and_shapes():
    assert c.feature_names() == ["diagonal", "cross", "antidiagonal"]
    stack = c.load_features()
    assert stack.shape == (3, 3, 3)
    for name, feature in zip(c.feature_names(), stack):   # names label the stack
        np.testing.assert_array_equal(feature, c.load_feature(name))


def test_names_are_case_insensitive():
    np.testing.assert_array_equal(c.load_grid(" X "), c.load_grid("x"))


@pytest.mark.parametrize("folder", [REPO, REPO / "notebooks", REPO / "tests", Path("/")])
def test_loading_works_from_any_folder(folder):
    out = subprocess.run([sys.executable, "-c",
                          "import cnnlib; print(cnnlib.load_grid('x').sum())"],
                         cwd=folder, capture_output=True, text=True, check=True)
    assert float(out.stdout) == 2 * 13 - 81   # 13 stroke pixels, 68 background


@pytest.mark.parametrize("text,words", [
    ("", ["empty"]),
    ("\n\n  \n", ["empty"]),
    ("#..\n.#\n..#\n", ["line 2", "ragged", "2 characters", "first row has 3"]),
    ("#..\n.x.\n..#\n", ["line 2, column 2", "unknown character 'x'"]),
    ("\n#..\n.#.\n\n..#\n", ["line 4", "ragged"]),
    ("#.1\n", ["line 1, column 3", "'1'"]),
])
def test_malformed_files_name_the_file_and_line(tmp_path, monkeypatch, text, words):
    (tmp_path / "grids").mkdir()
    (tmp_path / "grids" / "bad.txt").write_text(text)
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    with pytest.raises(ValueError) as info:
        c.load_grid("bad")
    message = str(info.value)
    assert "bad.txt" in message
    for word in words:
        assert word in message, message


def test_a_new_grid_drawn_in_a_text_file_is_found(tmp_path, monkeypatch):
    (tmp_path / "grids").mkdir()
    (tmp_path / "grids" / "tee.txt").write_text("\n###\n.#.\n.#.\n\n")
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    assert c.grid_names() == ["tee"]
    np.testing.assert_array_equal(c.load_grid("tee"), [[1, 1, 1], [-1, 1, -1], [-1, 1, -1]])


def test_data_dir_is_the_package_data_in_this_checkout():
    assert Path(str(data_dir())) == REPO / "cnnlib" / "data"


def test_a_cnnlib_data_that_is_no_folder_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path / "nowhere"))
    for load in (lambda: c.load_grid("x"), c.grid_names, c.load_dataset):
        with pytest.raises(FileNotFoundError) as info:
            load()
        message = str(info.value)
        assert "CNNLIB_DATA" in message and "nowhere" in message and "not a folder" in message
        assert "unset CNNLIB_DATA" in message
        assert "available: " not in message


@pytest.mark.parametrize("kind,load", [("grids", lambda: c.load_grid("x")),
                                       ("features", c.load_features)])
def test_a_cnnlib_data_without_a_kind_says_which_folder_is_missing(tmp_path, monkeypatch,
                                                                   kind, load):
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError) as info:
        load()
    message = str(info.value)
    assert f"no {kind}/ folder in {tmp_path}" in message
    assert str(REPO / "cnnlib" / "data" / kind) in message    # where to copy from


def test_an_empty_grids_folder_says_how_to_add_one(tmp_path, monkeypatch):
    (tmp_path / "grids").mkdir()
    (tmp_path / "grids" / "notes.md").write_text("not a grid")
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"no grids in .*grids: draw one in a file NAME.txt"):
        c.grid_names()


def test_a_cnnlib_data_without_the_dataset_says_where_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLIB_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError) as info:
        c.load_dataset()
    message = str(info.value)
    assert "xo_dataset.npz is missing" in message and "tools/make_dataset.py" in message
    assert str(REPO / "cnnlib" / "data") in message


def test_the_top_level_data_folder_only_points_to_the_package():
    assert sorted(p.name for p in (REPO / "data").iterdir()) == ["README.md"]
    assert "cnnlib/data/" in (REPO / "data" / "README.md").read_text()
