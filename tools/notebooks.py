"""Keep the notebook series tidy.

    python tools/notebooks.py execute [NAME ...]   refresh navigation, re-run in place
    python tools/notebooks.py nav [NAME ...]       refresh navigation and the index only

NAME selects the notebooks whose file name contains it (e.g. 01 or pooling);
with no NAME, every notebook.

Navigation: the first and last cell of every notebook is a generated line
"< previous | Contents | next >", and notebooks/README.md is the generated
index. Execution uses a fresh python3 kernel in notebooks/, with no widget
state saved (saved state shows "model not found" when a notebook reopens).
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAV_TAG = "navigation"


def series():
    """The numbered notebooks, in order: notebooks/NN_topic.ipynb."""
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def title(path):
    """The notebook's first '# ' heading, or its file name."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and NAV_TAG not in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def nav_line(paths, i):
    parts = []
    if i > 0:
        parts.append(f"[< {title(paths[i - 1])}]({paths[i - 1].name})")
    parts.append("[Contents](README.md)")
    if i + 1 < len(paths):
        parts.append(f"[{title(paths[i + 1])} >]({paths[i + 1].name})")
    return " | ".join(parts)


def set_navigation(nb, line):
    """Replace (or add) the tagged navigation cells at the top and bottom."""
    nb.cells = [c for c in nb.cells if NAV_TAG not in c.metadata.get("tags", [])]
    for where in (0, len(nb.cells) + 1):
        cell = nbformat.v4.new_markdown_cell(line, metadata={"tags": [NAV_TAG]})
        nb.cells.insert(where, cell)


# How to open the series: in the notebooks' folder, and in the static pages
# that `make html` writes (read without a kernel, perhaps with no repository).
HOW_TO_OPEN = "Start JupyterLab on this folder with `make lab` from the repository root."
HOW_TO_READ_PAGES = (
    "These pages read without a kernel, offline: every figure, the animation and the "
    "explorers that need no computing work here. A control that needs a running "
    "notebook says so where it is. To run the notebooks yourself, get the repository "
    "and start JupyterLab with `make lab` from its root.")


def index_text(paths, pages=False):
    """The series' contents (notebooks/README.md), or, with pages=True, the
    static pages' (make html: the same list, and how those pages read)."""
    lines = ["# X-or-O: how convolutional neural networks work", "",
             "Work through the notebooks in order. Each one is a step of the lecture.", ""]
    for p in paths:
        lines.append(f"1. [{title(p)}]({p.name})")
    lines += ["", HOW_TO_READ_PAGES if pages else HOW_TO_OPEN, ""]
    return "\n".join(lines)


def write_index(paths):
    (NOTEBOOKS / "README.md").write_text(index_text(paths))


def clean(nb):
    """Metadata that must not be committed: widget state, cell ids churn aside."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


def selected(paths, names):
    """The paths whose stem contains one of names (all paths if names is empty)."""
    return [p for p in paths if not names or any(n in p.stem for n in names)]


def refresh_navigation(names=()):
    """Rewrite the navigation cells of the named notebooks (all by default),
    and the index. Only notebooks whose navigation changed are written."""
    paths = series()
    for i, path in enumerate(paths):
        if path not in selected(paths, names):
            continue
        nb = nbformat.read(path, as_version=4)
        line = nav_line(paths, i)
        if [c.source for c in (nb.cells[:1] + nb.cells[-1:])] != [line, line]:
            set_navigation(nb, line)
            clean(nb)
            nbformat.write(nb, path)
    write_index(paths)
    return paths


def run(nb, workdir, timeout=600):
    """Execute nb in place in a fresh python3 kernel started in workdir, with
    no widget state stored and no progress bars (cnnlib._progress), so the
    saved outputs are the same every run. Returns the seconds it took."""
    os.environ["CNNLIB_PROGRESS"] = "0"         # the kernel inherits it
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}},
                            store_widget_state=False)
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def execute(path):
    """Re-run one notebook of the series in notebooks/ and save it clean."""
    nb = nbformat.read(path, as_version=4)
    seconds = run(nb, NOTEBOOKS)
    clean(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv):
    command, names = (argv[0] if argv else "execute"), argv[1:]
    if command not in ("nav", "execute"):
        sys.exit(__doc__)
    paths = refresh_navigation(names)
    if command == "execute":
        for path in selected(paths, names):
            print(f"{path.name:40} {execute(path):6.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
