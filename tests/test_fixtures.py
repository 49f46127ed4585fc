"""The suite passes in any order because no test sees what another changed:
a fixture made once per module or session is named `*_once` and reaches tests
only through a function-scoped fixture that hands out fresh() copies.
(CI runs the suite shuffled and reversed; this catches the pattern early.)
The browser tests are left out: they keep one JupyterLab page per notebook
and run in file order by design."""
import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import fresh

import cnnlib as c

TESTS = Path(__file__).resolve().parent
# Made once per module and only read or run by their tests, never changed:
# a built wheel file and a virtual environment with it installed; an
# explorer's static picture, drawn once and read by the scene tests.
READ_ONLY = {("test_install.py", "wheel"), ("test_install.py", "venv"), ("test_scene.py", "drawn")}


def _fixtures(tree):
    """(name, scope, argument names) of every @pytest.fixture in a module."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for deco in node.decorator_list:
            call = deco if isinstance(deco, ast.Call) else None
            target = call.func if call else deco
            if ast.unparse(target) in ("pytest.fixture", "fixture"):
                scope = next((ast.literal_eval(k.value) for k in (call.keywords if call else [])
                              if k.arg == "scope"), "function")
                yield node.name, scope, [a.arg for a in node.args.args]


def _modules():
    return sorted(p for p in TESTS.rglob("*.py") if "browser" not in p.relative_to(TESTS).parts)


def test_shared_fixtures_are_named_once_and_no_test_takes_one_directly():
    shared, direct = [], []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, scope, _ in _fixtures(tree):
            if scope != "function" and not name.endswith("_once") \
                    and (path.name, name) not in READ_ONLY:
                shared.append(f"{path.relative_to(TESTS)}::{name} ({scope})")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                direct += [f"{path.relative_to(TESTS)}::{node.name}({a.arg})"
                           for a in node.args.args if a.arg.endswith("_once")]
    assert not shared, f"make these function-scoped, or *_once handed out by fresh(): {shared}"
    assert not direct, f"take the fresh() fixture instead: {direct}"
    assert len(_modules()) > 30


def test_fresh_copies_models_and_containers_and_makes_arrays_read_only():
    model = c.init_model(np.random.default_rng(0))
    shared = {"model": model, "images": np.zeros((2, 3)), "pair": (np.ones(2), "x"), "n": 3}
    mine = fresh(shared)
    assert mine is not shared and mine.keys() == shared.keys() and mine["n"] == 3
    assert mine["model"] is not model and mine["model"].params is not model.params
    mine["model"].params["conv_w"] += 1                 # changes the copy only
    assert not np.array_equal(mine["model"].params["conv_w"], model.params["conv_w"])
    with pytest.raises(ValueError, match="read-only"):
        mine["images"][0, 0] = 1
    with pytest.raises(ValueError, match="read-only"):
        mine["pair"][0][:] = 0
    assert shared["images"].flags.writeable and mine["pair"][1] == "x"
    mine["extra"] = 1                                   # a key added to the copy only
    assert "extra" not in shared
    with pytest.raises(TypeError, match="function-scoped fixture"):
        fresh(object())


@pytest.mark.parametrize("order", [["-p", "no:randomly"], ["-p", "randomly", "--randomly-seed=7"],
                                   ["-p", "no:randomly", "--reverse"]])
def test_each_notebook_of_the_browser_suite_is_opened_once_whatever_the_order(order):
    """The browser tests of one notebook share its tab (a module fixture with
    one value per notebook): they run together, each notebook opened and
    run once, its checks in file order, in any shuffle or reversal."""
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *order,
         "tests/browser/test_browser_notebooks.py"],
        cwd=TESTS.parent, capture_output=True, text=True).stdout.splitlines()
    ids = [line.split("::")[1] for line in listed if "::" in line]
    notebooks = [i.split("[")[1] for i in ids]
    runs = [n for k, n in enumerate(notebooks) if k == 0 or notebooks[k - 1] != n]
    assert len(ids) >= 24 and len(runs) == len(set(notebooks)), runs
    checks = [i.split("[")[0] for i in ids if i.endswith(f"[{notebooks[0]}")]
    assert checks[0] == "test_runs_clean" and len(checks) == len(ids) // len(runs)
