"""Widget plumbing shared by every explorer (ipywidgets).

An explorer owns one persistent matplotlib Figure and shows it through a
FigureView: an ipywidgets.Image whose PNG is re-rendered after the drawing
code updates the figure in place. No new figure per move, no flicker, and
tests can read the state without a browser.
"""
import ipywidgets as w

from cnnlib.drawing import png_bytes

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
