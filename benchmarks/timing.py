"""Small timing helpers shared by the bench_*.py files."""
import time


def best_per_call(fn, repeat=7, min_seconds=0.05):
    """Best-of-`repeat` seconds per call of fn(), each repeat looping >= min_seconds."""
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        fn()
        n += 1
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best


def bare_notebook(imports):
    """A notebook of one cell: `imports`, then one small figure (what every
    notebook pays: a kernel, its imports, matplotlib's first draw)."""
    import nbformat
    code = (imports + "\nimport numpy as np\nfrom cnnlib.draw.base import new_figure, show\n"
            "fig, axes = new_figure()\naxes[0, 0].imshow(np.eye(16))\n"
            "show(fig, \"identity\", description=\"the 16 by 16 identity matrix\")")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def notebook_vs_bare(path, rounds=2):
    """(seconds, bare seconds): the notebook at path run in a fresh kernel in its
    own folder, and a bare notebook with the notebook's own import cell (its first
    code cell), alternating `rounds` times, the best time of each."""
    import tempfile
    from pathlib import Path

    import nbformat

    import notebooks  # tools/notebooks.py (on PYTHONPATH)
    imports = next(c.source for c in nbformat.read(path, as_version=4).cells
                   if c.cell_type == "code")
    bare, ours = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            bare.append(notebooks.run(bare_notebook(imports), Path(tmp)))
            ours.append(notebooks.run(nbformat.read(path, as_version=4), Path(path).parent))
    return min(ours), min(bare)
