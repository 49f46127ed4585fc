"""Shared checks for the explorers: no picture rendered on a move, what the
browser draws, one output with the widget and a static picture."""


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
