"""Every notebook of the series, run in JupyterLab in headless Chromium at
projector size (1280x720 at 150% zoom), the way a class will see it.

JupyterLab is loaded once; each notebook is opened in it in turn, run (Run
All, fresh kernel), tested, then closed unsaved with its kernel shut down.
The tests of one notebook share its tab, in this order: it runs clean and
every explorer output is an explorer on the page, it reads on a projector,
then every control is tried from the keyboard: sliders and dropdowns move
the picture, Play advances and pauses, buttons change the picture, a grid to
draw on flips a cell and changes the votes. The explorers (browser-drawn,
cnnlib.widgets.base.Explorer) and any plain ipywidgets are both checked.

No check passes by finding nothing: each counts what the notebook shows
(every explorer output of the run notebook, every control in it) and asserts
it tried each one; a notebook with none of a kind says so by a skip naming
the count. Notebooks are found by tools/notebooks.py's series(), so new ones
are tested with no change here.
"""
import checks
import pytest
from lab_driver import ARTIFACTS
from notebook_tab import running

import notebooks as tool

pytestmark = pytest.mark.browser
PATHS = tool.series()


# Faults found in an explorer its owner has not fixed yet: (notebook, the
# start of the problem) -> why. The test then reports them as an expected
# failure (XFAIL, with the problems), so they stay in view; any other
# problem still fails it.
KNOWN = {}


def judge(tab, problems):
    """Fail on any problem not in KNOWN; an expected failure if only known ones."""
    known = [p for p in problems if any(tab.name == nb and p.startswith(start)
                                        for nb, start in KNOWN)]
    assert [p for p in problems if p not in known] == []
    if known:
        pytest.xfail("known faults: " + "; ".join(known))


@pytest.fixture(scope="module", params=PATHS, ids=[p.stem for p in PATHS])
def tab(request, lab, lab_page):
    """The notebook opened in JupyterLab, every cell run, kernel idle."""
    with running(lab, lab_page, request.param.name, ARTIFACTS) as tab:
        tab.inventory, tab.inventory_problems = checks.explorer_inventory(tab)
        yield tab


@pytest.fixture(autouse=True)
def summary(tab, record_property):
    """The tab's times and notes, in each test's report for the run's summary
    (tests/browser/conftest.py), from whichever xdist worker ran it."""
    yield
    record_property("notebook times", (tab.name, tab.open_seconds, tab.run_seconds))
    for note in tab.notes:
        record_property("notebook note", f"{tab.name}: {note}")


def have(tab, kind, plain=0):
    """How many controls of this kind the notebook shows (explorers, plus
    `plain` ipywidgets ones); a skip that says so if there are none."""
    n = tab.inventory[kind] + plain
    if n == 0:
        pytest.skip(f"{tab.name} shows {tab.inventory['explorer']} explorers and no {kind}")
    return n


def test_runs_clean(tab):
    """No error output, no 'Error displaying widget', nothing stuck on
    'Loading widget', every widget rendered, every picture loaded; every
    explorer output of the run notebook is an explorer on the page, drawn
    as SVG, with controls, and shows the live explorer alone (its static
    picture, carried in the same output, is not shown beside it)."""
    outputs, problems = checks.running_problems(tab)
    shown, single = checks.explorer_output_problems(tab)
    assert shown == tab.inventory["explorer"]
    assert problems + tab.inventory_problems + single == []


def test_readable_on_a_projector(tab):
    """Screenshots in test-artifacts/projector/ (look at them), and no widget
    cut off, no truncated description, no picture shrunk below 60%; the
    explorers fit the notebook's width with numbers of 12 device px or more."""
    widgets, problems = checks.readability_problems(tab, ARTIFACTS / "projector")
    shown, more = checks.explorer_readability_problems(tab, ARTIFACTS / "projector")
    assert shown == tab.inventory["explorer"]
    assert problems + more == []


def test_every_slider_and_dropdown_moves_its_picture(tab):
    plain_sliders = [s for s in checks._visible(tab.panel.locator(".widget-slider"))
                     if not s.locator("[disabled]").count()]
    plain_dropdowns = checks._visible(tab.panel.locator(".widget-dropdown select:not([disabled])"))
    if tab.inventory["slider"] + tab.inventory["dropdown"] + len(plain_sliders) + \
            len(plain_dropdowns) == 0:
        pytest.skip(f"{tab.name} shows {tab.inventory['explorer']} explorers, no slider "
                    f"and no dropdown")
    tried, problems = checks.explorer_control_problems(tab)
    assert tried == {"slider": tab.inventory["slider"], "dropdown": tab.inventory["dropdown"]}
    slid, more = checks.slider_problems(tab)
    dropped, most = checks.dropdown_problems(tab)
    assert (slid, dropped) == (len(plain_sliders), len(plain_dropdowns))
    judge(tab, problems + more + most)


def test_every_button_changes_its_picture(tab):
    n = have(tab, "button")
    tried, problems = checks.explorer_button_problems(tab)
    assert tried == n and problems == []


def test_clicking_the_drawable_grid_changes_the_votes(tab):
    if "voting" in tab.name:
        assert tab.inventory["grid"] >= 1, "the voting explorer shows no grid to draw on"
    n = have(tab, "grid")
    tried, problems = checks.explorer_grid_problems(tab)
    assert tried == n and problems == []


def test_play_advances_and_pauses(tab):
    plain = checks._visible(tab.panel.locator(".widget-play"))
    n = have(tab, "play", len(plain))
    tried, problems = checks.explorer_play_problems(tab)
    played, more = checks.play_problems(tab)
    assert tried + played == n and problems + more == []
