"""Reading grids from data/: from any folder, with clear errors for bad files."""
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


def test_data_dir_is_the_repositorys():
    assert data_dir() == REPO / "data"
