"""The browser checks of the explorers (checks.explorer_*) themselves: on a
small explorer that works they find nothing and try every control, and on
one with known faults they find each fault. (So a green browser suite means
something.)"""

import checks
import nbformat
import pytest
from lab_driver import ARTIFACTS

pytestmark = pytest.mark.browser

# A 3x3 grid: the slider picks a cell, the dropdown its sign, Play walks the
# slider, the button flips the whole grid. broken=True wires the slider and
# the button to nothing.
SETUP = """\
import numpy as np
from matplotlib.figure import Figure
from cnnlib.draw.base import grid_panel
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import button_control, dropdown_control, play_control, slider_control

class Tiny(Explorer):
    def __init__(self, broken=False):
        self.kind, self.broken, self.sign = "tiny", broken, 1
        super().__init__([slider_control("cell", "cell", 0, 0, 8),
                          dropdown_control("value", "value", [1, 0.5], 1),
                          play_control("play", "Play", "cell", 400),
                          button_control("flip", "flip all")])

    def update(self, changed):
        grid = -np.ones(9)
        grid[0 if self.broken else self.values["cell"]] = self.values["value"]
        self.scene = {"panels": [grid_panel("g", self.sign * grid.reshape(3, 3), "cells")],
                      "main": "g", "caption": ""}

    def on_event(self, message):
        if message.get("name") == "flip" and not self.broken:
            self.sign = -self.sign
            self.update(set())

    def figure(self):
        return Figure(figsize=(1, 1))
"""
# An explorer output whose widget model is gone (what saved widget state
# does): the notebook has it, the page shows no explorer for it.
MISSING = """\
from IPython.display import display
display({"application/vnd.jupyter.widget-view+json": {
    "model_id": "0123456789abcdef", "version_major": 2, "version_minor": 0},
    "application/vnd.cnnlib.explorer+json": {"module": "m", "class": "Tiny", "args": {}},
    "text/plain": "<Tiny>"}, raw=True)
"""


def write_notebook(folder, name, sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, folder / f"{name}.ipynb")
    return f"{name}.ipynb"


def test_explorer_checks_pass_an_explorer_that_works(scratch):
    tab = scratch("zz_explorer_good", [SETUP, "Tiny()"])
    counts, problems = checks.explorer_inventory(tab)
    assert problems == [] and counts == {"explorer": 1, "slider": 1, "dropdown": 1, "play": 1,
                                         "button": 1, "grid": 0}
    tried, problems = checks.explorer_control_problems(tab)
    assert tried == {"slider": 1, "dropdown": 1} and problems == []
    for check in (checks.explorer_play_problems, checks.explorer_button_problems):
        tried, problems = check(tab)
        assert tried == 1 and problems == [], check.__name__
    shown, problems = checks.explorer_readability_problems(tab, ARTIFACTS / "harness")
    assert shown == 1 and problems == []


def test_explorer_checks_catch_each_fault(scratch):
    tab = scratch("zz_explorer_faulty", [SETUP, "Tiny(broken=True)", MISSING])
    counts, problems = checks.explorer_inventory(tab)
    assert problems == ["2 explorer outputs in the notebook, 1 explorers on the page"]
    tried, problems = checks.explorer_control_problems(tab)
    assert problems == ["explorer 0 (tiny): slider 'cell': three presses left the picture "
                        "unchanged"]
    tried, problems = checks.explorer_button_problems(tab)
    assert problems == ["explorer 0 (tiny): button 'flip all' did not change the picture"]
    tried, problems = checks.explorer_play_problems(tab)
    assert problems == ["explorer 0 (tiny): Play moved a slider but not the picture"]
