"""Every notebook executed headless in a fresh kernel, timed one by one.

first_six_seconds: notebooks 00 to 05 in total (goal < 20 s).
series_seconds:    every notebook in total (goal < 45 s).
Runs in a scratch copy, so the committed notebooks are not touched.
"""
import shutil
import tempfile
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
import notebooks  # tools/notebooks.py (on PYTHONPATH): the one way to run a notebook


def run_notebook(path, workdir):
    return notebooks.run(nbformat.read(path, as_version=4), workdir)


def run():
    paths = notebooks.series()
    if not paths:
        return [("first_six_seconds", None, 20, "s"), ("series_seconds", None, 45, "s")]
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            copy = Path(tmp) / path.name
            shutil.copy(path, copy)
            times[path.stem] = run_notebook(copy, Path(tmp))
    print("notebook                                 seconds")
    for name, seconds in times.items():
        print(f"{name:40} {seconds:7.2f}")
    first_six = [t for name, t in times.items() if name[:2] in {f"0{i}" for i in range(6)}]
    return [("first_six_seconds", sum(first_six) if len(first_six) == 6 else None, 20, "s"),
            ("series_seconds", sum(times.values()), 45, "s")]
