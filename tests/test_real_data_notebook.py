"""Notebook 11's long work and its questions: in a notebook each experiment
shows a progress bar (cnnlib._progress), and a bar left in a cell's output
sits above what the cell shows. So a cell that folds an answer with reveal()
starts no experiment (its bar would sit above the fold, and the answer's
<details> below a wall of bars), and a cell starts at most one: one bar per
long cell. The committed outputs carry no bars (CNNLIB_PROGRESS=0), so this
reads the code: every call of a cnnlib function that takes `progress`."""
import ast
import importlib
import inspect
import json
from pathlib import Path

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "11_real_data.ipynb"


def imported(cells):
    """{name: module or function} for the cnnlib names the notebook imports."""
    names = {}
    for source in cells:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cnnlib"):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    value = getattr(module, alias.name, None)
                    if value is None:
                        value = importlib.import_module(f"{node.module}.{alias.name}")
                    names[alias.asname or alias.name] = value
    return names


def bar_calls(source, names):
    """The calls in a cell's code of cnnlib functions that take `progress`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in names:
            target = getattr(names[f.value.id], f.attr, None)
        elif isinstance(f, ast.Name):
            target = names.get(f.id)
        else:
            continue
        if callable(target) and "progress" in inspect.signature(target).parameters:
            found.append(ast.unparse(f))
    return found


def code_cells():
    nb = json.loads(NOTEBOOK.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_no_bar_above_a_reveal_and_at_most_one_per_cell():
    cells = code_cells()
    names = imported(cells)
    started = {i: bar_calls(source, names) for i, source in enumerate(cells)}
    # the experiment run live is seen: the digits' transfer_curve (the comparison, the
    # data hunger and the tabular runs are loaded: tools/make_digits.py, make_tabular.py)
    assert sum(len(v) for v in started.values()) >= 1
    for i, source in enumerate(cells):
        if "reveal(" in source:
            assert not started[i], f"a reveal cell starts long work (a bar above its fold): " \
                                   f"{started[i]}"
        assert len(started[i]) <= 1, f"one cell starts {len(started[i])} bars: {started[i]}"


def test_the_check_sees_a_bar_in_a_reveal_cell():
    names = {"digits": importlib.import_module("cnnlib.digits")}
    assert bar_calls("with reveal('x'):\n    runs = digits.compare(seeds=range(3))", names) == \
        ["digits.compare"]
    assert bar_calls("print(digits.to_grid(x))", names) == []
