"""Voilà serves a notebook of the series as an app: its explorers render
(browser-drawn, SVG) and a slider works, in headless Chromium with every
request to another host blocked (Voilà 0.5 asks public CDNs for Font
Awesome; nothing here may depend on them)."""
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import lab_driver
import pytest
from lab_driver import ARTIFACTS

import notebooks as tool

pytestmark = pytest.mark.browser
NOTEBOOK = "00_why_convolution"      # the matcher: four sliders


@pytest.fixture(scope="module")
def voila(workdir):
    """Voilà serving a copy of the notebook on 127.0.0.1, stopped by process id."""
    pytest.importorskip("voila", reason="voila is in the test extra: pip install -e '.[test]'")
    lab_driver.stop_on_exit()
    folder = workdir / "voila"
    folder.mkdir(exist_ok=True)
    source = next(p for p in tool.series() if p.stem == NOTEBOOK)
    shutil.copy(source, folder / source.name)
    port, token = lab_driver.free_port(), "cnnlib-voila-test"
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "voila.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", source.name, "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", f"--Voila.token={token}"],
        cwd=folder, env=lab_driver.isolated_env(workdir / "voila-home"), stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True)
    lab_driver._STARTED.append(proc)
    url = f"http://127.0.0.1:{port}/?token={token}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"Voilà exited: see {ARTIFACTS / 'voila.log'}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}",
                                       timeout=5)
                break
            except urllib.error.HTTPError:
                break           # it answers (Voilà refuses this path: it has no status API)
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        lab_driver.stop_group(proc)
        log.close()


@pytest.fixture
def offline_page(chromium):
    """A projector-sized page that reaches only this machine: every other
    request is blocked and listed in page.blocked."""
    context = chromium.browser.new_context(**lab_driver.PROJECTOR)
    page = context.new_page()
    page.blocked, page.errors = [], []

    def route(request_route):
        host = re.match(r"^[a-z]+://([^/:]+)", request_route.request.url)
        if host and host.group(1) not in ("127.0.0.1", "localhost"):
            page.blocked.append(request_route.request.url)
            return request_route.abort()
        return request_route.continue_()
    context.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def test_voila_serves_the_explorers_and_a_slider_works(voila, offline_page):
    page = offline_page
    page.goto(voila, timeout=120000)
    root = page.locator(".cnn-explorer").first
    root.wait_for(timeout=120000)
    assert page.locator(".cnn-explorer").count() == 1
    assert root.locator(".cnn-panels svg").count() > 0
    assert root.locator(".cnn-panels img, .cnn-panels canvas").count() == 0
    slider = root.locator("input[type=range]").first
    readout = root.locator(".cnn-control:has(input[type=range]) .cnn-readout").first
    before, picture = readout.inner_text(), root.locator(".cnn-panels").inner_html()
    slider.focus()
    page.keyboard.press("ArrowLeft" if slider.evaluate(
        "n => Number(n.value) >= Number(n.max)") else "ArrowRight")
    page.wait_for_function("([n, p]) => n.querySelector('.cnn-panels').innerHTML !== p",
                           arg=[root.element_handle(), picture], timeout=20000)
    assert readout.inner_text() != before
    page.screenshot(path=str(ARTIFACTS / "voila.png"))
    text = page.locator("body").inner_text()
    assert "Error displaying widget" not in text and "Traceback" not in text
    assert page.errors == []
    # what was asked of other hosts (Font Awesome) was blocked, and nothing needed it
    (ARTIFACTS / "voila-blocked.txt").write_text("\n".join(page.blocked) + "\n")
