"""The literal pixel matcher: shift, rotate, shrink or thicken the X and
watch the pixel-by-pixel match fall.

Only wiring: four sliders give cnnlib.matching.transformed its amounts, and
draw_matching.MatchPanels shows the result in one persistent figure.
"""
import ipywidgets as w

from cnnlib.data import load_grid
from cnnlib.draw.matching import match_figure
from cnnlib.matching import AMOUNTS, transformed
from cnnlib.widgets.base import BlitFigureView, Explorer, on_change, slider


class MatchingExplorer(Explorer):
    """State shown: amounts {kind: amount}, candidate_shown (9, 9),
    matches (pixels equal), fraction (0..1), hits (stroke pixels hit, 0..1)."""

    def __init__(self, **amounts):
        unknown = set(amounts) - set(AMOUNTS)
        if unknown:
            raise TypeError(f"unknown amount(s) {', '.join(sorted(unknown))}; "
                            f"use {', '.join(AMOUNTS)}")
        self.reference = load_grid("x")
        self.controls = {}
        for kind, (lo, hi, step, unit) in AMOUNTS.items():
            value = amounts.get(kind, lo)
            if not (isinstance(value, int) and lo <= value <= hi and (value - lo) % step == 0):
                raise ValueError(f"{kind} must be one of {list(range(lo, hi + 1, step))} "
                                 f"({unit}), got {value!r}")
            self.controls[kind] = slider(f"{kind} ({unit})", value, lo, hi, step=step,
                                         layout=w.Layout(width="420px"))
        fig, self.panels = match_figure(self.reference, self._candidate())
        self._show()
        self.view = BlitFigureView(fig, self.panels.moving)
        on_change(self.redraw, *self.controls.values())
        c = list(self.controls.values())
        self.widget = w.VBox([w.HBox(c[:2]), w.HBox(c[2:]), self.view.image])

    def _candidate(self):
        return transformed(self.reference, **{k: c.value for k, c in self.controls.items()})

    def _show(self):
        self.amounts = {k: c.value for k, c in self.controls.items()}
        self.candidate_shown = self._candidate()
        self.matches, self.fraction, self.hits = self.panels.update(self.candidate_shown)

    def redraw(self):
        self._show()
        self.view.refresh()



def matching_explorer(**amounts):
    """The literal pixel matcher: sliders shift, rotate, shrink and thicken
    the X; the figure shows where it still matches the original, and how much.
    Start amounts as keywords, e.g. matching_explorer(shift=1)."""
    return MatchingExplorer(**amounts)
