"""Shared test helpers: fresh() (each test's own copy of a value made once
for many tests), and the explorers' checks: no picture rendered on a move,
what the browser draws, one output with the widget and a static picture;
scratch_folder() for cases made outside a fixture."""
import gzip
import json
import numbers
import tempfile
from pathlib import Path

import numpy as np

from cnnlib import transforms


def fresh(value):
    """A test's own copy of something expensive made once per module or session
    (a trained model, a loaded dataset), so that no test sees what another
    changed, whatever the order: models are copied, dicts, lists and tuples
    rebuilt around fresh items, numpy arrays given as read-only views (a test
    that writes into a shared array fails at once). Fixtures that hand out a
    shared value return fresh(value); anything this does not know is refused."""
    if isinstance(value, np.ndarray):
        view = value.view()
        view.flags.writeable = False
        return view
    if isinstance(value, (str, bytes, bool, numbers.Number, np.generic, Path, type(None))):
        return value
    if hasattr(value, "params") and callable(getattr(value, "copy", None)):   # a Model
        return value.copy()
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fresh(v) for v in value]
    if isinstance(value, tuple):
        items = [fresh(v) for v in value]
        return value._make(items) if hasattr(value, "_make") else tuple(items)
    raise TypeError(f"fresh() does not know how to copy a {type(value).__name__}: make it "
                    f"anew in a function-scoped fixture instead")


# Removed when the test process ends (each pytest-xdist worker has its own).
_SCRATCH = tempfile.TemporaryDirectory(prefix="cnnlib-tests-")


def scratch_folder(prefix):
    """A new empty folder for a test case made outside a fixture (a fuzz
    case's path, an explorer case's drawings folder), where tmp_path cannot
    reach: inside one folder removed when the tests end, so no run leaves
    folders behind."""
    return tempfile.mkdtemp(prefix=prefix, dir=_SCRATCH.name)


class NoPictures:
    """A context manager that counts every matplotlib render (a canvas draw,
    a PNG, a savefig) while it is open: moves of a browser-drawn explorer
    must render none. `with NoPictures() as renders: ...; assert renders.count == 0`."""

    def __enter__(self):
        from unittest import mock

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        self.count, self._patches = 0, []
        for owner, name in ((FigureCanvasAgg, "draw"), (FigureCanvasAgg, "print_png"),
                            (Figure, "savefig")):
            original = getattr(owner, name)

            def counted(*args, _original=original, **kwargs):
                self.count += 1
                return _original(*args, **kwargs)
            patch = mock.patch.object(owner, name, counted)
            patch.start()
            self._patches.append(patch)
        return self

    def __exit__(self, *exc):
        for patch in self._patches:
            patch.stop()


def scene_panel(explorer, key):
    """The panel `key` as the browser draws it now: the scene's panel with
    the current scrub frame's fields laid over it."""
    panel = next(p for p in explorer.scene["panels"] if p["key"] == key)
    if explorer.scrub:
        frame = explorer.frames[explorer.values[explorer.scrub]]
        panel = {**panel, **frame.get(key, {})}
    return panel


def explorer_checks(explorer):
    """What every explorer must hold: described controls, a scene with a main
    panel, a static picture and the widget in one output."""
    assert all(c.description for c in explorer.controls.values())
    keys = [p["key"] for p in explorer.scene["panels"]]
    assert explorer.scene["main"] in keys and len(set(keys)) == len(keys)
    bundle, metadata = explorer._repr_mimebundle_()
    assert metadata["image/png"]["alt"] == explorer.description()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"][:4] == b"\x89PNG"
    assert "children=" not in bundle["text/plain"]
    return bundle


# Gradient checks (tests/test_layers.py, tests/test_network.py).
TOL = 1e-6


def rel_error(a, b):
    """||a - b|| / (||a|| + ||b||): 0 when equal, 1 when unrelated."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def numeric_gradient(f, x, h=1e-6):
    """d f / d x by centred differences (f(x + h) - f(x - h)) / 2h, cell by cell."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h
        up = f()
        x[i] = keep - h
        down = f()
        x[i] = keep
        grad[i] = (up - down) / (2 * h)
    return grad


def in_a_notebook(monkeypatch):
    """As in a Jupyter kernel with progress bars on (cnnlib._progress): every
    progress=None shows a bar, as text on stderr here."""
    import sys
    import types
    app = types.SimpleNamespace(IPKernelApp=types.SimpleNamespace(initialized=lambda: True))
    monkeypatch.setitem(sys.modules, "ipykernel.kernelapp", app)
    monkeypatch.delenv("CNNLIB_PROGRESS", raising=False)


def draw(explorer, grid):
    """Put a picture on a paintable explorer's grid, as drawing it does: the
    cells row by row, +1 where grid > 0, else -1."""
    explorer.paint([1.0 if v > 0 else -1.0 for row in grid for v in row])


def flip_cell(explorer, r, c):
    """Flip one cell of the voting explorer's grid, as a click does."""
    explorer.paint(transforms.flip(explorer.grid, r, c).ravel().tolist())


def states_near(explorer, have=(), limit=None):
    """The explorer's states near (Explorer.near_states) as the browser reads
    them: {table_key: {"scene", "frames", "controls", "values"}}."""
    return {k: json.loads(gzip.decompress(v)) for k, v in explorer.near_states(have, limit).items()}
