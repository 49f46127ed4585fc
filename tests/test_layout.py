"""The three layers stay apart, and each lecture step has one name in each.

- The maths (cnnlib/*.py, the topic packages cnnlib/beyond/ and cnnlib/deep/,
  cnnlib/data/) imports no plotting or widget library and nothing from
  cnnlib.draw or cnnlib.widgets.
- The tree shows the course: the lecture's maths at the top of cnnlib/, one
  package per topic beyond it (beyond/ for notebook 08, deep/ for 09), each
  mirrored by one module of the same name in draw/ and widgets/, and no two
  maths modules share a name.
- The drawing (cnnlib/draw/) never imports the widgets.
- The widgets (cnnlib/widgets/) do no array arithmetic of their own: they do
  not import numpy (a seeded generator from numpy.random is allowed).
- A step module in draw/ or widgets/ is named after the maths it shows.
- No private name (_something) is imported from another cnnlib module.
- An import inside a function of the maths breaks a cycle or keeps imports
  light, and a comment says which; every other import is at the module's top.
"""
import ast
from pathlib import Path

import pytest

import cnnlib

PACKAGE = Path(cnnlib.__file__).resolve().parent
DRAW, WIDGETS = PACKAGE / "draw", PACKAGE / "widgets"
UI_LIBRARIES = ("matplotlib", "ipywidgets", "anywidget", "IPython", "PIL", "traitlets")
# draw/ and widgets/ modules whose maths lives under another name.
SHOWS = {"relu": "activations", "beyond": "beyond", "training": "network"}
# The widget layer's shared tools, one module a job (the base's parts):
# step modules are the others.
WIDGET_TOOLS = ("base", "protocol", "controls", "handle", "near", "export", "cells")


def modules(folder, recursive=False):
    files = folder.rglob("*.py") if recursive else folder.glob("*.py")
    return sorted(p for p in files if "__pycache__" not in p.parts)


TOPICS = ("beyond", "deep")      # packages of maths beyond the lecture, one per notebook


def maths_modules():
    return [p for p in modules(PACKAGE, recursive=True) if not {"draw", "widgets"} & set(p.parts)]


def imports(path):
    """Every module name imported anywhere in the file (top level or inside
    functions), with the names taken from it: [(module, [names])]."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append((node.module or "", [a.name for a in node.names]))
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path.name}: relative import; use cnnlib.… explicitly")
    return found


def rel(path):
    return path.relative_to(PACKAGE.parent).as_posix()


@pytest.mark.parametrize("path", maths_modules(), ids=rel)
def test_maths_imports_no_drawing_or_widgets(path):
    for module, _ in imports(path):
        assert not module.startswith(UI_LIBRARIES), f"{rel(path)} imports {module}"
        assert not module.startswith(("cnnlib.draw", "cnnlib.widgets")), \
            f"{rel(path)} (maths) imports {module}"


@pytest.mark.parametrize("path", maths_modules(), ids=rel)
def test_a_function_local_import_in_the_maths_says_why(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    tree = ast.parse("\n".join(lines))
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top:
            above = node.lineno - 2                 # over the group of imports it is in
            while above >= 0 and lines[above].strip().startswith(("import ", "from ")):
                above -= 1
            assert "#" in lines[node.lineno - 1] or lines[above].strip().startswith("#"), \
                f"{rel(path)}:{node.lineno} imports inside a function with no comment why " \
                f"(a cycle, or a heavy library); else import it at the top"


@pytest.mark.parametrize("path", modules(DRAW), ids=rel)
def test_drawing_never_imports_widgets(path):
    for module, _ in imports(path):
        assert not module.startswith(("cnnlib.widgets", "ipywidgets", "anywidget")), \
            f"{rel(path)} (drawing) imports {module}"


@pytest.mark.parametrize("path", modules(WIDGETS), ids=rel)
def test_widgets_do_no_array_arithmetic(path):
    for module, names in imports(path):
        if module.startswith("numpy"):
            assert module == "numpy.random" and names == ["default_rng"], \
                f"{rel(path)} imports {module} {names}; only numpy.random.default_rng"


@pytest.mark.parametrize("path", modules(DRAW) + modules(WIDGETS), ids=rel)
def test_step_modules_named_after_their_maths(path):
    # scene: draw's static picture of any explorer; WIDGET_TOOLS: the base's modules by job
    if path.stem in ("__init__", "base", "scene") or (path.parent == WIDGETS and path.stem in WIDGET_TOOLS):
        return
    maths = SHOWS.get(path.stem, path.stem)
    assert (PACKAGE / f"{maths}.py").exists() or (PACKAGE / maths).is_dir(), \
        f"{rel(path)} has no maths module cnnlib/{maths}.py"


@pytest.mark.parametrize("path", modules(PACKAGE, recursive=True), ids=rel)
def test_no_private_names_across_modules(path):
    for module, names in imports(path):
        if module.startswith("cnnlib"):
            private = [n for n in names if n.startswith("_")]
            assert not private, f"{rel(path)} imports private {private} from {module}"


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_is_a_package_mirrored_in_draw_and_widgets(topic):
    assert (PACKAGE / topic / "__init__.py").exists(), f"cnnlib/{topic}/ is not a package"
    assert (DRAW / f"{topic}.py").exists(), f"no cnnlib/draw/{topic}.py for cnnlib/{topic}/"
    assert (WIDGETS / f"{topic}.py").exists(), f"no cnnlib/widgets/{topic}.py for cnnlib/{topic}/"


def test_maths_module_names_do_not_collide():
    stems = [p.stem for p in maths_modules() if p.stem != "__init__"]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    assert not twice, f"maths modules share a name: {twice}"
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    assert not {s for s in stems if s.startswith("draw") or s in folders}, \
        "a maths module named like a layer folder or a topic (draw…, widgets, beyond, deep)"


def test_layers_are_folders():
    for folder in (DRAW, WIDGETS, *(PACKAGE / t for t in TOPICS)):
        assert (folder / "__init__.py").exists()
    assert (DRAW / "base.py").exists() and (WIDGETS / "base.py").exists()
    flat = [p.name for p in modules(PACKAGE) if p.name.startswith(("draw_", "widget_"))]
    assert not flat, f"drawing or widget modules left flat in cnnlib/: {flat}"
