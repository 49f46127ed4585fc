"""Shared check for the explorers' blitted redraws."""
import numpy as np


def blit_matches_full_render(view):
    """The frame a BlitFigureView pasted together after a slider move (an old
    background plus the moving artists) equals a full redraw of the same
    state: nothing stale is left in the background. Constrained layout may
    move panels on a full redraw as titles change length, so the layout is
    held still for the comparison."""
    fast = np.asarray(view.canvas.buffer_rgba()).astype(int)
    engine = view.fig.get_layout_engine()
    view.fig.set_layout_engine("none")
    try:
        view.refresh(full=True)
        full = np.asarray(view.canvas.buffer_rgba()).astype(int)
    finally:
        view.fig.set_layout_engine(engine)
        view.refresh(full=True)
    return np.abs(fast - full).max() <= 2


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
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"][:4] == b"\x89PNG"
    assert "children=" not in bundle["text/plain"]
    return bundle
