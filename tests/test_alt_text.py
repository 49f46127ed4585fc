"""Every figure a committed notebook shows has alternative text made from its
numbers, in every form a reader gets: the <img alt> that JupyterLab, GitHub
and nbconvert show (never nbconvert's "No description has been provided"
default, never just the name passed to show()), and the same text as the
output's text/plain. No figure is stored as a bare PNG, which has no alt
text anywhere.

The explorers' static pictures (the image/png inside a widget's output) are
described by their scenes and checked with the explorers, not here.
"""
import ast
import html
import json
import re

import pytest

import notebooks as tool

PATHS = tool.series()
WIDGET = "application/vnd.jupyter.widget-view+json"
DEFAULT = "No description has been provided for this image"
IMG = re.compile(r"<img\b[^>]*>")
ALT = re.compile(r'\balt="([^"]*)"')


def shown_names(source):
    """The names a cell passes to show(fig, name) or answer.show(fig, name)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and len(node.args) > 1
                and getattr(node.func, "attr", getattr(node.func, "id", None)) == "show"
                and isinstance(node.args[1], ast.Constant)):
            names.add(node.args[1].value)
    return names


def figure_problems(nb):
    """(problems, number of described figures) of a notebook's outputs."""
    problems, described = [], 0
    for number, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        names = shown_names("\n".join(line for line in source.splitlines()
                                      if not line.lstrip().startswith(("%", "!"))))
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET in data:
                continue
            if "image/png" in data:
                problems.append(f"cell {number}: a bare PNG (no alt text anywhere)")
            page = "".join(data.get("text/html", ""))
            for tag in IMG.findall(page):
                alt = ALT.search(tag)
                text = html.unescape(alt.group(1)) if alt else ""
                if not text.strip() or text == DEFAULT:
                    problems.append(f"cell {number}: an <img> without alt text")
                elif text in names or not re.search(r"\d", text):
                    problems.append(f"cell {number}: alt text {text[:60]!r} is a name, not the numbers")
                else:
                    described += 1
                    plain = "".join(data.get("text/plain", ""))
                    if "src=\"data:image/png" in tag and 'class="cnnlib-reveal"' not in page \
                            and "_anim_img" not in tag and plain != text:
                        problems.append(f"cell {number}: text/plain is not the figure's description")
    return problems, described


def test_the_check_finds_what_it_looks_for():
    png = "iVBORw0KGgo="
    cell = {"cell_type": "code", "source": 'show(fig, "the maps")', "outputs": []}
    bare = dict(cell, outputs=[{"data": {"image/png": png, "text/plain": "<Figure>"}}])
    named = dict(cell, outputs=[{"data": {
        "text/html": f'<img alt="the maps" src="data:image/png;base64,{png}">', "text/plain": "the maps"}}])
    blank = dict(cell, outputs=[{"data": {"text/html": f'<img src="data:image/png;base64,{png}">'}}])
    good = dict(cell, outputs=[{"data": {"text/html": f'<img alt="7 by 7 map; highest 1.00" '
                                                      f'src="data:image/png;base64,{png}">',
                                          "text/plain": "7 by 7 map; highest 1.00"}}])
    for bad in (bare, named, blank):
        assert figure_problems({"cells": [bad]})[0], bad
    assert figure_problems({"cells": [good]}) == ([], 1)


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_every_figure_has_alt_text_made_from_its_numbers(path):
    nb = json.loads(path.read_text())
    problems, described = figure_problems(nb)
    assert not problems, "\n".join(problems) + "\n(re-run the notebook: tools/notebooks.py execute)"
    shows = sum(len(re.findall(r"\bshow\(", "".join(c["source"]))) for c in nb["cells"]
                if c["cell_type"] == "code")
    assert described >= shows, f"{shows} show() calls but {described} described figures"
