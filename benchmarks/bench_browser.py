"""The browser suite (tests/browser/): every notebook run in JupyterLab in
headless Chromium, with its sliders, dropdowns, grid and Play checked.

browser_suite_seconds: wall time of the whole suite, one JupyterLab server
and one Chromium for all notebooks (goal < 180 s). n/a without Chromium.
"""
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run():
    import lab_driver
    if lab_driver.missing_requirement():
        return [("browser_suite_seconds", None, 180, "s")]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/browser", "-q",
                           "-p", "no:randomly"], cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:])
    return [("browser_suite_seconds", seconds if done.returncode == 0 else None, 180, "s")]
