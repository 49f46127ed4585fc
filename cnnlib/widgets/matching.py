"""The literal pixel matcher: shift, rotate, shrink or thicken the X and
watch the pixel-by-pixel match fall.

Only wiring: four sliders give cnnlib.matching.transformed its amounts;
cnnlib.draw.matching.match_scene describes what the browser draws (and
the static picture).
"""
from cnnlib import matching
from cnnlib.data import load_grid
from cnnlib.draw.matching import match_scene
from cnnlib.matching import AMOUNTS, transformed
from cnnlib.widgets.base import Explorer
from cnnlib.widgets.controls import slider_control


class MatchingExplorer(Explorer):
    """State shown: amounts {kind: amount}, candidate_shown (9, 9),
    matches (pixels equal), fraction (0..1), hits (stroke pixels hit, 0..1)."""

    def __init__(self, **amounts):
        unknown = set(amounts) - set(AMOUNTS)
        if unknown:
            raise TypeError(f"unknown amount(s) {', '.join(sorted(unknown))}; "
                            f"use {', '.join(AMOUNTS)}")
        controls = []
        for kind, (lo, hi, step, unit) in AMOUNTS.items():
            value = amounts.get(kind, lo)
            if not (isinstance(value, int) and lo <= value <= hi and (value - lo) % step == 0):
                raise ValueError(f"{kind} must be one of {list(range(lo, hi + 1, step))} "
                                 f"({unit}), got {value!r}")
            controls.append(slider_control(kind, f"{kind} ({unit})", value, lo, hi, step))
        self.reference = load_grid("x")
        self.kind, self.prefetch = "matching", True
        super().__init__(controls, args=amounts)

    def update(self, changed):
        self.amounts = dict(self.values)
        self.candidate_shown = transformed(self.reference, **self.amounts)
        ref, cand = self.reference, self.candidate_shown
        self.matches = matching.match_count(ref, cand)
        self.fraction = matching.match_fraction(ref, cand)
        self.hits = matching.stroke_hits(ref, cand)
        self.scene = match_scene(ref, cand, self.matches, self.fraction, self.hits)


def matching_explorer(**amounts):
    """The literal pixel matcher: sliders shift, rotate, shrink and thicken
    the X; the picture shows where it still matches the original, and how much.
    Start amounts as keywords, e.g. matching_explorer(shift=1)."""
    return MatchingExplorer(**amounts)
