"""Every notebook executed headless in a fresh kernel, timed one by one.

first_six_seconds: notebooks 00 to 05 in total (goal < 20 s).
series_seconds:    every notebook in total (goal < 45 s).
series_vs_bare:    series_seconds over the same notebooks' bare runs in the
    same bench: each notebook's own import cell and one small figure in a
    fresh kernel (timing.bare_notebook), what a notebook pays before its
    first line of teaching. Machines here differ threefold in speed, and a
    bare notebook is most of a short notebook's time, so this is the figure
    to compare across machines; series_seconds is reported beside it.
    bare_series_seconds: those bare runs in total.
Runs in a scratch copy, so the committed notebooks are not touched.
"""
import shutil
import tempfile
from pathlib import Path

import nbformat
from timing import bare_notebook

REPO = Path(__file__).resolve().parent.parent
import notebooks  # tools/notebooks.py (on PYTHONPATH): the one way to run a notebook


def run_notebook(path, workdir):
    return notebooks.run(nbformat.read(path, as_version=4), workdir)


def run():
    paths = notebooks.series()
    if not paths:
        return [("first_six_seconds", None, 20, "s"), ("series_seconds", None, 45, "s"),
                ("series_vs_bare", None, None, "x"), ("bare_series_seconds", None, None, "s")]
    times, bare = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            copy = Path(tmp) / path.name
            shutil.copy(path, copy)
            nb = nbformat.read(path, as_version=4)
            imports = next(c.source for c in nb.cells if c.cell_type == "code")
            bare[path.stem] = notebooks.run(bare_notebook(imports), Path(tmp))
            times[path.stem] = run_notebook(copy, Path(tmp))
    print("notebook                                 seconds    bare")
    for name, seconds in times.items():
        print(f"{name:40} {seconds:7.2f} {bare[name]:7.2f}")
    first_six = [t for name, t in times.items() if name[:2] in {f"0{i}" for i in range(6)}]
    return [("first_six_seconds", sum(first_six) if len(first_six) == 6 else None, 20, "s"),
            ("series_seconds", sum(times.values()), 45, "s"),
            ("series_vs_bare", sum(times.values()) / sum(bare.values()), None, "x"),
            ("bare_series_seconds", sum(bare.values()), None, "s")]
