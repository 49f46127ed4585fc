"""Every committed notebook is clean: executed top to bottom in a fresh kernel,
no errors, no saved widget state, kernelspec python3, under 1 MB, with
navigation at the top and bottom, and listed in the index.
(nbval, run by `make test` on notebooks/, checks that they still run and
that the numbers that matter still come out the same.)"""
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
import notebooks as tool  # noqa: E402

PATHS = tool.series()


def test_notebooks_are_numbered_with_their_topic():
    names = [p.stem for p in PATHS]
    for i, name in enumerate(names):
        assert re.fullmatch(r"\d\d_[a-z0-9_]+", name), name
        assert int(name[:2]) == i, f"notebook numbers must run 00, 01, ...: {names}"
    assert not list((REPO / "notebooks").glob("Untitled*")), "stray Untitled notebook"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_is_committed_clean(path):
    assert path.stat().st_size < 1_000_000, "notebook must be under 1 MB"
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"], "saved widget state: re-run `make notebooks`"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), \
        f"not executed top to bottom in a fresh kernel (counts {counts}): run `make notebooks`"
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"error output in: {cell['source'][:80]}"
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            assert "Traceback" not in text


@pytest.mark.parametrize("i,path", list(enumerate(PATHS)), ids=[p.stem for p in PATHS])
def test_navigation_top_and_bottom(i, path):
    nb = json.loads(path.read_text())
    first, last = nb["cells"][0], nb["cells"][-1]
    want = tool.nav_line(PATHS, i)
    for cell in (first, last):
        assert "".join(cell["source"]) == want, "run `python tools/notebooks.py nav`"
    assert "[Contents](README.md)" in want


def test_index_lists_every_notebook():
    if not PATHS:
        pytest.skip("no notebooks yet")
    index = (REPO / "notebooks" / "README.md").read_text()
    for path in PATHS:
        assert f"]({path.name})" in index


def _dropped_shows(source):
    """The show(...) calls in a cell whose picture is thrown away: only a cell's
    last top-level expression is displayed, so a bare show() anywhere else
    (earlier, or inside a loop or a with block) draws nothing."""
    import ast
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    last = tree.body[-1] if tree.body else None
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and node is not last and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id == "show"]


def test_a_dropped_show_is_found():
    assert _dropped_shows("show(a)\nshow(b)") == [1]
    assert _dropped_shows("x = 1\nshow(b)") == []
    assert _dropped_shows("for f in figs:\n    show(f)") == [2]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_every_figure_a_cell_shows_is_displayed(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            assert not _dropped_shows(source), \
                f"show() that is not the cell's last expression draws nothing; split the cell:\n{source[:200]}"
