"""The browser checks themselves: on a small notebook that works they find
nothing, and on one with known faults they find each fault. (So a green
browser suite means something.)"""
import re

import checks
import nbformat
import pytest
from lab_driver import ARTIFACTS

pytestmark = pytest.mark.browser

SETUP = """\
import ipywidgets as w
import numpy as np
from cnnlib.draw import base as drawing
values = -np.ones((3, 3))
fig, axes = drawing.new_figure(1, width=2.5, height=2.5)
drawing.draw_grid(axes[0, 0], values, title="cells")
image = w.Image(format="png", value=drawing.png_bytes(fig))
wide = {"description_width": "initial"}
"""

GOOD = SETUP + """\
position = w.IntSlider(0, 0, 8, description="position", style=wide)
play = w.Play(0, 0, 8, interval=150, description="Play")
w.link((play, "value"), (position, "value"))
sign = w.Dropdown(options=[("plus", 1), ("minus", -1)], value=-1, description="sign", style=wide)
votes = w.HTML()
def redraw(change=None):
    shown = values.copy()
    shown.flat[position.value] = sign.value
    axes[0, 0].clear()
    drawing.draw_grid(axes[0, 0], shown, title="cells")
    image.value = drawing.png_bytes(fig)
    votes.value = f"votes: x {shown.mean():.2f}"
def toggle(button):
    values.flat[button.cell] *= -1
    redraw()
cells = []
for k in range(9):
    cells.append(w.Button(description=str(k), layout=w.Layout(width="40px")))
    cells[-1].cell = k
    cells[-1].on_click(toggle)
for control in (position, sign):
    control.observe(redraw, names="value")
redraw()
w.VBox([w.HBox([play, position, sign]), w.GridBox(cells, layout=w.Layout(
    grid_template_columns="repeat(3, 44px)")), votes, image])
"""

# A slider wired to nothing, a widget printed as text, a widget whose model
# does not exist (what saved widget state does), then an error.
FAULTY = [SETUP + """\
position = w.IntSlider(0, 0, 8, description="position", style=wide)
w.VBox([position, image])
""", "print(repr(w.IntSlider(description='raw')))", """\
from IPython.display import display
display({"application/vnd.jupyter.widget-view+json": {
    "model_id": "0123456789abcdef", "version_major": 2, "version_minor": 0}}, raw=True)
""", "1 / 0"]


def write_notebook(folder, name, sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, folder / f"{name}.ipynb")
    return f"{name}.ipynb"


def test_checks_pass_a_notebook_that_works(scratch):
    tab = scratch("zz_harness_good", [GOOD])
    for check in (checks.running_problems, checks.slider_problems, checks.dropdown_problems,
                  checks.grid_problems, checks.play_problems):
        tried, problems = check(tab)
        assert tried >= 1 and problems == [], check.__name__
    tried, problems = checks.readability_problems(tab, ARTIFACTS / "harness")
    assert tried == 1 and problems == []


def test_checks_catch_each_fault(scratch):
    tab = scratch("zz_harness_faulty", FAULTY)
    tried, problems = checks.running_problems(tab)
    assert any("ZeroDivisionError" in p for p in problems), problems
    assert any("widget shown as text" in p and "IntSlider" in p for p in problems), problems
    assert "Error displaying widget" in problems, problems
    assert "cell 3: widget output not rendered" in problems, problems
    tried, problems = checks.slider_problems(tab)
    assert len(problems) == 1 and re.fullmatch(
        r"slider 'position' \(0 -> [123]\): the picture did not change", problems[0]), problems
