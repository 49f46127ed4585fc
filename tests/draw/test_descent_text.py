"""The descent explorer's caption prints a step's arithmetic that adds up:
the printed expression, evaluated, rounds to the printed result."""
import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cnnlib.draw.training import MINUS, decimals, descent_text, step_text
from cnnlib.widgets.training import DESCENT_RATES

STEP = re.compile(rf"^(\S+) {MINUS} (\S+) × (\S+) = (\S+)$")


def terms(text):
    """'−0.208 − 10 × (−0.00580) = −0.150' -> the four numbers as Decimals."""
    match = STEP.match(text)
    assert match, text
    return [Decimal(t.strip("()").replace(MINUS, "-")) for t in match.groups()]


def check_adds_up(weight, rate, slope):
    after = weight - rate * slope
    text = step_text(weight, rate, slope, after)
    w, r, s, result = terms(text)
    places = -result.as_tuple().exponent
    assert abs(w - r * s - result) < Decimal(5) / 10 ** (places + 1), text
    assert result == Decimal(f"{after:.3f}") and r == Decimal(f"{rate:g}")
    assert (s != 0) == (slope != 0), text          # no -0.000 hiding a non-zero slope
    assert "-" not in text and "(0" not in text     # a true minus, brackets only round a negative
    return text


def test_the_reported_case_now_adds_up():
    # was '−0.208 − 10 × 0.006 = −0.266': 10 × 0.006 is 0.06, not 0.058
    text = check_adds_up(-0.2081, 10, 0.0058)
    assert text == f"{MINUS}0.208 {MINUS} 10 × 0.00580 = {MINUS}0.266"
    assert check_adds_up(2.8113, 5, 0.1471) == "2.811 − 5 × 0.147 = 2.076"


@settings(max_examples=400, deadline=None)
@given(st.floats(-12, 12), st.sampled_from(DESCENT_RATES),
       st.one_of(st.floats(-1, 1), st.floats(-1e-3, 1e-3), st.just(0.0)))
def test_every_step_prints_arithmetic_that_adds_up(weight, rate, slope):
    check_adds_up(weight, rate, slope)


@given(st.one_of(st.floats(-1, 1), st.floats(-1e-4, 1e-4)))
def test_the_slope_shows_three_significant_digits_and_never_minus_zero(slope):
    text = descent_text(5, 0, 1.0, 0.5, slope).split("slope ")[1]
    assert float(text) != 0 or slope == 0
    if slope and abs(slope) >= 1e-12:
        digits = text.lstrip("-0.")
        assert len(digits) >= 3 and decimals(slope) >= 3
