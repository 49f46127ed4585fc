"""Memory of a notebook's kernel, driven through the Jupyter protocol as
JupyterLab drives it (benchmarks/kernels.py: cell ids, history on, so
IPython's Out[n] keeps what each cell showed).

kernel_mb_after_run_all: every notebook run top to bottom in a fresh
    kernel; the kernel's memory (RSS) after the largest one, MB.
explorer_rerun_mb_per_run_worst: then, in that kernel, each explorer cell
    (a cell whose saved output is a widget) run again WARM times, then
    RERUNS times more, as a class re-runs a cell: the kernel's RSS growth
    over the RERUNS runs, per run, MB; the worst explorer cell. Each run
    closes the explorer the cell made before (cnnlib.widgets.cells.track_cells),
    and a closed explorer lets go of its arrays. Goal < 0.5.
"""
import json
import sys
from pathlib import Path

from kernels import ROOT, Kernel

WIDGET = "application/vnd.jupyter.widget-view+json"
WARM, RERUNS = 5, 50


def code_cells(path):
    cells = json.loads(Path(path).read_text())["cells"]
    return [(c.get("id"), "".join(c["source"]), any(WIDGET in o.get("data", {})
                                                    for o in c.get("outputs", [])))
            for c in cells if c["cell_type"] == "code"]


def measure(path, reruns=RERUNS):
    """(RSS MB after Run All, {explorer cell: MB grown per re-run})."""
    kernel = Kernel()
    try:
        cells = code_cells(path)
        for cell_id, source, _ in cells:
            kernel.run(source, cell_id=cell_id)
        after = kernel.rss_mb()
        growth = {}
        for i, (cell_id, source, shows_widget) in enumerate(cells):
            if not shows_widget:
                continue
            for _ in range(WARM):
                kernel.run(source, cell_id=cell_id)
            before = kernel.rss_mb()
            for _ in range(reruns):
                kernel.run(source, cell_id=cell_id)
            growth[f"{Path(path).stem} cell {i}"] = (kernel.rss_mb() - before) / reruns
        return after, growth
    finally:
        kernel.close()


def run(names=None):
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if names:
        paths = [p for p in paths if p.stem[:2] in names]
    after, growth = {}, {}
    for path in paths:
        after[path.stem], more = measure(path)
        growth.update(more)
        print(f"{path.stem}: {after[path.stem]:.0f} MB after Run All; re-runs: "
              + ", ".join(f"{k.split()[-1]}: {v:+.3f} MB/run" for k, v in more.items()))
    largest = max(after, key=after.get)
    worst = max(growth, key=growth.get)
    print(f"largest after Run All: {largest}; worst re-run: {worst} {growth[worst]:+.3f} MB a run")
    return [
        ("kernel_mb_after_run_all", after[largest], None, "MB"),
        ("explorer_rerun_mb_per_run_worst", growth[worst], 0.5, "MB"),
    ]


if __name__ == "__main__":
    for row in run(sys.argv[1:]):
        print(row)
