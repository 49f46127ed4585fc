"""Widget plumbing shared by every explorer (ipywidgets).

An explorer owns one persistent matplotlib Figure and shows it through a
FigureView: an ipywidgets.Image whose PNG is re-rendered after the drawing
code updates the figure in place. No new figure per move, no flicker, and
tests can read the state without a browser.
"""

import ipywidgets as w
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cnnlib.draw.base import png_bytes, rgba_png

# Wide enough for the description, so every control says what it does.
DESCRIPTION = {"description_width": "initial"}


class FigureView:
    """Shows a persistent Figure as a PNG in an ipywidgets.Image."""

    def __init__(self, fig, width=None):
        self.fig = fig
        layout = w.Layout(width=width) if width else w.Layout(max_width="100%")
        self.image = w.Image(format="png", layout=layout)
        self.renders = 0
        self.refresh()

    def refresh(self):
        """Render the figure (already updated in place) into the Image widget."""
        self.image.value = png_bytes(self.fig)
        self.renders += 1


class BlitFigureView(FigureView):
    """A FigureView that, between full redraws, re-renders only what moves.

    moving() returns the artists (whole axes, patches) that change when a
    slider moves; they are marked animated, so a full draw leaves them out
    and keeps the rest as a background. refresh() pastes the background and
    draws just those artists over it: a few dozen texts instead of hundreds.
    refresh(full=True) after anything else changed (layout, static panels).
    """

    def __init__(self, fig, moving, width=None):
        self.moving, self.background = moving, None
        self.canvas = FigureCanvasAgg(fig)
        super().__init__(fig, width)

    def refresh(self, full=False):
        artists = list(self.moving())
        if full or self.background is None:
            for artist in artists:
                artist.set_animated(True)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self.background)
        renderer = self.canvas.get_renderer()   # ours, even if fig.canvas was swapped
        for artist in artists:
            artist.draw(renderer)
        self.image.value = rgba_png(self.canvas.buffer_rgba())
        self.renders += 1


class Snapshot:
    """The PNG a view shows right now, as a static notebook image (no re-render):
    the figure that reads on GitHub above a live widget."""

    def __init__(self, view, name="figure"):
        self.png, self.name = bytes(view.image.value), name

    def _repr_png_(self):
        return self.png

    def __repr__(self):
        return f"<{self.name}>"


class Explorer:
    """What every explorer shares: .controls (name -> control), .view (a
    FigureView), .widget (the ipywidgets container). It displays as its
    container, and snapshot() gives what it shows now as a static image
    (no re-render): the figure that reads on GitHub above the live widget."""

    def snapshot(self, name="explorer"):
        return Snapshot(self.view, name)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):
        return f"<{type(self).__name__}: {', '.join(self.controls)}>"


def slider(description, value, min, max, step=1, **kwargs):
    """An IntSlider with a description wide enough to read, keyboard-driven."""
    return w.IntSlider(value=value, min=min, max=max, step=step, description=description,
                       style=DESCRIPTION, continuous_update=True, **kwargs)


def dropdown(description, options, value, **kwargs):
    """A Dropdown with a readable description. options: list or (label, value) pairs."""
    return w.Dropdown(options=options, value=value, description=description,
                      style=DESCRIPTION, **kwargs)


def play_for(control, interval_ms=600, description="Play"):
    """A Play button linked to an IntSlider: animates the slider from min to max."""
    play = w.Play(value=control.value, min=control.min, max=control.max, step=1,
                  interval=interval_ms, description=description, tooltip=description)
    # A kernel-side link (not jslink), so tests without a browser can press Play too.
    w.link((play, "value"), (control, "value"))
    # Keep the Play's range in step when the slider's range changes.
    control.observe(lambda change: setattr(play, "max", change["new"]), names="max")
    return play


def on_change(callback, *controls):
    """Call callback() whenever any of the controls' values change."""
    for control in controls:
        control.observe(lambda change: callback(), names="value")
