"""Fixtures for the browser tests: one JupyterLab server and one headless
Chromium for the whole session, one page per notebook.

Without Chromium (or the playwright package) the browser tests are skipped
with one line saying how to turn them on, except in CI (CI=true), where they
fail instead: there they are required.
"""
import os
import shutil
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

import lab_driver  # noqa: E402
from lab_driver import ARTIFACTS  # noqa: E402
from notebook_tab import running  # noqa: E402

MISSING = lab_driver.missing_requirement()
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_skipped = []


def pytest_collection_modifyitems(config, items):
    if not MISSING or IN_CI:
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=f"browser tests off: {MISSING}"))
            _skipped.append(item.nodeid)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs JupyterLab in headless Chromium")
    config.addinivalue_line("markers", "axe: axe-core's WCAG 2.1 A/AA rules on what the "
                                       "series renders (tests/browser/test_axe.py)")


# What a notebook's tab measured and noted (test_browser_notebooks.py), carried
# in its tests' reports so that it reaches this summary from any xdist worker.
TIMES, NOTES = {}, []


def pytest_runtest_logreport(report):
    for key, value in report.user_properties:
        if key == "notebook times":
            TIMES[value[0]] = value[1:]
        elif key == "notebook note" and value not in NOTES:
            NOTES.append(value)


def pytest_terminal_summary(terminalreporter):
    if TIMES:
        terminalreporter.write_line("browser: seconds to open / run all: " + ", ".join(
            f"{name} {o:.1f}/{r:.1f}" for name, (o, r) in sorted(TIMES.items())))
    for note in NOTES:
        terminalreporter.write_line(f"browser note: {note}")
    if _skipped:
        terminalreporter.write_line(
            f"{len(_skipped)} browser tests skipped ({MISSING}): "
            f"{lab_driver.HOW_TO_ENABLE}", yellow=True)


@pytest.fixture(scope="session")
def workdir():
    path = Path(tempfile.mkdtemp(prefix="cnnlib-browser-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _require_browser():
    lab_driver.stop_on_exit()
    if MISSING:
        # Reached only in CI, where a missing browser is a failure, not a skip.
        pytest.fail(f"browser tests are required in CI, but {MISSING}: "
                    f"{lab_driver.HOW_TO_ENABLE}", pytrace=False)


@pytest.fixture(scope="session")
def pages(tmp_path_factory):
    """`make html`'s pages of the series, exported once for every test that reads them."""
    import export_html
    out = tmp_path_factory.mktemp("html")
    export_html.export_series(out)
    return out


@pytest.fixture(scope="session")
def served_dir(workdir):
    """A copy of the series for the server: the browser never touches the
    committed notebooks (no autosave of widget state into them)."""
    import notebooks as tool
    return lab_driver.copy_notebooks(tool.NOTEBOOKS, workdir / "notebooks", tool.series())


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """(pytest-xdist, in the controller) every worker learns when the run began."""
    node.workerinput["cnnlib_started"] = STARTED


STARTED = time.time()


@pytest.fixture(scope="session")
def lab(workdir, served_dir, request):
    _require_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    # failure screenshots of an earlier run (not this run's: another xdist
    # worker may have written some already)
    started = getattr(request.config, "workerinput", {}).get("cnnlib_started", STARTED)
    for old in [*ARTIFACTS.glob("*.png"), *ARTIFACTS.glob("*.txt")]:
        if old.stat().st_mtime < started:
            old.unlink(missing_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    log = ARTIFACTS / f"jupyterlab{'-' + worker if worker else ''}.log"
    server = lab_driver.LabServer(served_dir, workdir / "home", log)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium(workdir):
    _require_browser()
    browser = lab_driver.Chromium(lab_driver.chromium_path(), workdir / "chromium-profile")
    try:
        yield browser.start()
    finally:
        browser.stop()


@pytest.fixture(scope="session")
def projector(chromium):
    """A browser context the size of a projector: 1280x720 at 150% zoom."""
    context = chromium.browser.new_context(**lab_driver.PROJECTOR)
    yield context
    context.close()


@pytest.fixture(scope="session")
def lab_page(lab, projector):
    """One page with JupyterLab loaded, for every notebook in turn."""
    from notebook_tab import NotebookTab
    page = projector.new_page()
    url = f"{lab.url}/lab?reset&token={lab.token}"
    NotebookTab.load_lab(page, url)
    page.lab_url = url
    yield page
    page.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    tab = item.funcargs.get("tab") if hasattr(item, "funcargs") else None
    if report.failed and tab is not None and getattr(tab, "page", None) is not None:
        name = item.nodeid.split("::")[-1].replace("/", "_").replace("[", "-").rstrip("]")
        report.sections.append(("screenshot", str(tab.screenshot(ARTIFACTS / f"{name}.png"))))


@pytest.fixture
def scratch(lab, lab_page, served_dir, request):
    """scratch(name, sources) -> the notebook written (by the test module's
    write_notebook(folder, name, sources)), opened and run."""
    write = request.module.write_notebook
    with ExitStack() as stack:
        yield lambda name, sources: stack.enter_context(running(
            lab, lab_page, write(served_dir, name, sources), ARTIFACTS, timeout=60))
