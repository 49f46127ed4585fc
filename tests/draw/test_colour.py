"""The maps' colours for every student: the colour scale stays readable under
the three common colour-vision deficiencies, and numbers meet WCAG 2.1 AA
contrast (4.5:1) on whatever is behind them, over the whole scale."""
import matplotlib
import numpy as np
import pytest

from cnnlib.draw.base import (HIGHLIGHT, LIMITS, MUTED, cell_colour, contrast, ink, text_colour,
                              theme)

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for
# simulation of color vision deficiency", severity 1.0: linear RGB -> linear RGB.
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868],
                   [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968],
                     [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779],
                   [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.308271]],
}
# CIE76 ΔE: 2.3 is a just-noticeable difference between two large patches
# side by side; two cells of a map, small and apart, on a washed-out projector
# must differ at a glance, so we ask for ten times that. RdBu's closest pair
# under these simulations is its two ends under protanopia (ΔE 35); a
# red-to-green scale's ends fall under it (the control below).
MIN_DELTA_E = 23.0


def linear(colour):
    rgb = np.asarray(matplotlib.colors.to_rgb(colour))
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def lab(lin):
    """CIE L*a*b* (D65) of a linear-RGB colour."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(lin, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a, b, deficiency=None):
    """CIE76 ΔE between two colours as seen with a deficiency (None: normal vision)."""
    m = np.eye(3) if deficiency is None else np.array(MACHADO[deficiency])
    return float(np.linalg.norm(lab(m @ linear(a)) - lab(m @ linear(b))))


def test_the_lab_conversion_matches_known_values():
    assert delta_e("white", "black") == pytest.approx(100, abs=0.1)
    assert lab(linear("#ff0000")) == pytest.approx([53.24, 80.09, 67.20], abs=0.1)


# the scale's ends and middle, and the halfway points that tell a weak -.5 from a weak .5
PAIRS = [(-1, 0), (0, 1), (-1, 1), (-0.5, 0.5), (-0.5, 0), (0, 0.5)]


@pytest.mark.parametrize("deficiency", MACHADO)
@pytest.mark.parametrize("a, b", PAIRS)
def test_the_colour_scale_stays_distinguishable(deficiency, a, b):
    assert delta_e(cell_colour(a), cell_colour(b), deficiency) > MIN_DELTA_E


@pytest.mark.parametrize("deficiency, cmap", [("deuteranopia", "RdYlGn"),
                                              ("protanopia", "RdYlGn")])
def test_the_check_fails_a_red_green_scale(deficiency, cmap):
    """The control: a red-to-green scale, whose ends a student with
    deuteranopia or protanopia cannot tell apart, fails the same check."""
    lo, hi = (matplotlib.colors.to_hex(matplotlib.colormaps[cmap](t)) for t in (0.0, 1.0))
    assert delta_e(lo, hi) > 50                       # plain to normal vision
    assert delta_e(lo, hi, deficiency) < MIN_DELTA_E


def test_contrast_matches_wcag_examples():
    assert contrast("black", "white") == pytest.approx(21)
    assert contrast("#777777", "white") == pytest.approx(4.48, abs=0.01)   # WCAG's famous near miss
    assert contrast("#767676", "white") == pytest.approx(4.54, abs=0.01)


def test_cell_numbers_meet_4_5_to_1_over_the_whole_scale():
    values = np.linspace(*LIMITS, 2001)
    ratios = [contrast(text_colour(v), cell_colour(v)) for v in values]
    assert min(ratios) >= 4.5
    # beyond the limits the colour is clipped, and so is the number's colour
    assert text_colour(7.0) == text_colour(1.0) and text_colour(-7.0) == text_colour(-1.0)


def test_the_old_threshold_rule_failed_it():
    """The control: white from |v| > .55 on, black below, gave 3:1 at -.56."""
    assert contrast("white", cell_colour(-0.56)) < 4.5


def test_the_browser_gets_the_same_inks():
    t = theme()
    assert len(t["inks"]) == len(t["colors"])
    assert [ink(c) for c in t["colors"]] == t["inks"]
    assert min(contrast(i, c) for i, c in zip(t["inks"], t["colors"])) >= 4.5
    assert set(t["inks"]) == {"white", "black"}
    assert contrast("black", t["bad"]) >= 4.5


@pytest.mark.parametrize("background", [HIGHLIGHT, MUTED, "#d7191c", "#2c7bb6", "#777777"])
def test_text_on_bars_meets_4_5_to_1(background):
    """The bars' colours (the match score, the votes, the attack's answer)
    with the ink chosen for them; a bar too short for its number puts it
    after the bar, in black on the light track."""
    assert contrast(ink(background), background) >= 4.5
    assert contrast("black", "#eeeeee") >= 4.5
