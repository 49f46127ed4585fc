"""Every notebook of the series, run in JupyterLab in headless Chromium at
projector size (1280x720 at 150% zoom), the way a class will see it.

JupyterLab is loaded once; each notebook is opened in it in turn, run (Run
All, fresh kernel), tested, then closed unsaved with its kernel shut down.
The tests of one notebook share its tab, in this order: it runs clean, it reads on
a projector, every slider and dropdown moves a picture, the drawable grid
changes the votes, Play advances. Notebooks are found by tools/notebooks.py's
series(), so new ones are tested with no change here.
"""
import checks
import pytest
from lab_driver import ARTIFACTS
from notebook_tab import running

import notebooks as tool

pytestmark = pytest.mark.browser
PATHS = tool.series()
TIMES = {}    # notebook -> (seconds to open, seconds to run all), for the summary
NOTES = []    # worth telling a notebook's owner, but not failures


@pytest.fixture(scope="module", params=PATHS, ids=[p.stem for p in PATHS])
def tab(request, lab, lab_page):
    """The notebook opened in JupyterLab, every cell run, kernel idle."""
    with running(lab, lab_page, request.param.name, ARTIFACTS) as tab:
        TIMES[tab.name] = (tab.open_seconds, tab.run_seconds)
        yield tab
        NOTES.extend(f"{tab.name}: {note}" for note in tab.notes)


def test_runs_clean(tab):
    """No error output, no 'Error displaying widget', nothing stuck on
    'Loading widget', every widget rendered, every picture loaded."""
    outputs, problems = checks.running_problems(tab)
    assert problems == []


def test_readable_on_a_projector(tab):
    """Screenshots in test-artifacts/projector/ (look at them), and no widget
    cut off, no truncated description, no picture shrunk below 60%."""
    widgets, problems = checks.readability_problems(tab, ARTIFACTS / "projector")
    assert problems == []


def test_every_slider_moves_its_picture(tab):
    tried, problems = checks.slider_problems(tab)
    if not tried:
        pytest.skip(f"{tab.name} has no sliders")
    assert problems == []


def test_every_dropdown_changes_its_picture(tab):
    tried, problems = checks.dropdown_problems(tab)
    if not tried:
        pytest.skip(f"{tab.name} has no dropdowns")
    assert problems == []


def test_clicking_the_drawable_grid_changes_the_votes(tab):
    tried, problems = checks.grid_problems(tab)
    if "voting" in tab.name:
        assert tried, "the voting explorer shows no drawable grid (buttons in a GridBox)"
    elif not tried:
        pytest.skip(f"{tab.name} has no drawable grid")
    assert problems == []


def test_play_advances_the_position(tab):
    tried, problems = checks.play_problems(tab)
    if not tried:
        pytest.skip(f"{tab.name} has no Play button")
    assert problems == []
