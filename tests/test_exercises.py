"""The exercise checks accept the right answer in every form and give the
right hint for each likely mistake (notebooks 00-05, and the shared check_array)."""
import numpy as np

import cnnlib
import cnnlib as c
from cnnlib import exercises as ex
from cnnlib.exercises import check_array, check_relu_pool, check_stack_shapes, check_vote

EXPECTED = np.array([[0.77, -0.11], [0.33, 1.0]])


def test_correct_answer():
    fb = check_array(EXPECTED.copy(), EXPECTED)
    assert fb.correct and "Correct" in fb


def test_wrong_shape_off_by_one():
    fb = check_array(np.zeros((3, 2)), EXPECTED)
    assert not fb.correct and "(3, 2)" in fb and "Off by one" in fb


def test_wrong_sign():
    fb = check_array(-EXPECTED, EXPECTED)
    assert not fb.correct and "wrong sign" in fb


def test_sum_instead_of_mean():
    fb = check_array(EXPECTED * 9, EXPECTED, mean_of=9)
    assert not fb.correct and "mean" in fb


def test_some_values_wrong():
    got = EXPECTED.copy()
    got[0, 0] = 0.5
    fb = check_array(got, EXPECTED)
    assert not fb.correct and "1 of 4" in fb


def test_not_numbers():
    fb = check_array("seven", EXPECTED)
    assert not fb.correct and "numbers" in fb


X, O = cnnlib.load_grid("x"), cnnlib.load_grid("o")


D = cnnlib.load_feature("diagonal")


SMALL = np.array([[0.2, -0.5, 0.9, 0.1], [0.4, 0.3, -0.2, 0.6],
                  [-0.7, 0.8, 0.5, -0.1], [0.0, 0.1, -0.3, 0.2]])


def test_match_count():
    same = int((X == O).sum())
    assert ex.check_match_count(same, X, O).correct
    assert "differ" in ex.check_match_count(81 - same, X, O)
    assert "fraction" in ex.check_match_count(same / 81, X, O)
    assert not ex.check_match_count("many", X, O).correct


def test_window_mean():
    assert ex.check_window_mean(7 / 9, X, D, 0, 0).correct
    assert "sum" in ex.check_window_mean(7, X, D, 0, 0)
    image = np.where(np.random.default_rng(3).random((9, 9)) > 0.5, 1.0, -1.0)
    m = cnnlib.convolve(image, D)
    r, c = np.argwhere(~np.isclose(m, m.T))[0]
    assert "(col, row)" in ex.check_window_mean(m[c, r], image, D, r, c)
    assert not ex.check_window_mean(0.5, X, D, 0, 0).correct


def test_window_mean_names_a_flipped_feature():
    """Notebook 01's exercise follows the section on flipping: a student who
    turns the corner feature 180° is told so, not only 'rows and columns'."""
    corner = np.array([[1, -1, -1], [1, -1, -1], [1, 1, 1]], dtype=float)
    flipped = (X[2:5, 3:6] * np.flip(corner)).mean()
    feedback = ex.check_window_mean(flipped, X, corner, 2, 3)
    assert not feedback.correct and "turned 180°" in feedback
    image = np.where(np.random.default_rng(3).random((9, 9)) > 0.5, 1.0, -1.0)
    true_conv = cnnlib.convolve(image, np.flip(corner))
    r, c = np.argwhere(~np.isclose(true_conv, cnnlib.convolve(image, corner)))[0]
    assert "turned 180°" in ex.check_window_mean(true_conv[r, c], image, corner, r, c)
    assert ex.check_window_mean((X[2:5, 3:6] * corner).mean(), X, corner, 2, 3).correct


def test_output_size():
    assert ex.check_output_size(7, 9, 3).correct
    assert ex.check_output_size(5, 9, 3, stride=2, padding=1).correct
    assert "One short" in ex.check_output_size(6, 9, 3)
    assert "both sides" in ex.check_output_size(4, 9, 3, stride=2, padding=1)
    assert "counts twice" in ex.check_output_size(9, 9, 3, padding=2)
    assert "Round down" in ex.check_output_size(4, 8, 3, stride=2)
    assert ex.check_output_size(7.0, 9, 3).correct        # a whole number written as a float
    assert not ex.check_output_size(7.5, 9, 3).correct


def test_map():
    m = cnnlib.convolve(X, D)
    assert ex.check_map(m, X, D).correct
    assert "sum" in ex.check_map(m * 9, X, D)
    assert "Off by one" in ex.check_map(m[:6, :6], X, D)


def test_pooled():
    m = cnnlib.convolve(X, D)
    assert ex.check_pooled(cnnlib.max_pool(m), m).correct
    assert "dropped" in ex.check_pooled(cnnlib.max_pool(m, keep_edges=False), m)
    means = SMALL.reshape(2, 2, 2, 2).mean(axis=(1, 3))
    assert "means" in ex.check_pooled(means, SMALL)
    assert ex.check_pooled([[0.4, 0.9], [0.8, 0.5]], SMALL).correct


def test_pool_size():
    assert ex.check_pool_size(4, 7).correct
    assert "round up" in ex.check_pool_size(3, 7)
    assert ex.check_pool_size(3, 7, keep_edges=False).correct
    assert "round down" in ex.check_pool_size(4, 7, keep_edges=False)
    assert not ex.check_pool_size(9, 7).correct


def test_unanswered_cells_say_so():
    for fb in (ex.check_match_count(None, X, O), ex.check_window_mean(None, X, D, 0, 0),
               ex.check_output_size(None, 9, 3), ex.check_map(None, X, D),
               ex.check_pooled(None, SMALL), ex.check_pool_size(None, 7)):
        assert not fb.correct and "Replace None" in fb


MAP = np.array([[0.5, -0.2, -0.3, -0.1],
                [0.1, 0.3, -0.4, -0.2],
                [-0.6, 0.2, 0.9, -0.1],
                [-0.3, -0.5, 0.4, 0.0]])


def test_relu_pool_right_answer():
    fb = check_relu_pool([[0.5, 0.0], [0.2, 0.9]], MAP)
    assert fb.correct, fb


def test_relu_pool_hints():
    assert "absolute value" in check_relu_pool(c.max_pool(np.abs(MAP)), MAP)
    assert "before ReLU" in check_relu_pool(c.max_pool(MAP), MAP)
    assert "Now pool it" in check_relu_pool(c.relu(MAP), MAP)
    fb = check_relu_pool([[0.5, 0.0], [0.2, 0.8]], MAP)
    assert not fb.correct and "1 of 4" in fb


def test_stack_shapes_right_answer():
    fb = check_stack_shapes([(1, 9, 9), (3, 7, 7), (3, 4, 4), (3, 2, 2), (3, 1, 1)],
                            ["filter", "pool"], repeats=2)
    assert fb.correct, fb


def test_stack_shapes_hints():
    fb = check_stack_shapes([(1, 9, 9), (3, 7, 7), (3, 3, 3)], ["filter", "pool"])
    assert not fb.correct and "partial edge window" in fb and "(3, 4, 4)" in fb
    fb = check_stack_shapes([(1, 9, 9), (3, 9, 9), (3, 5, 5)], ["filter", "pool"])
    assert not fb.correct and "one cell off each side" in fb
    fb = check_stack_shapes([(1, 9, 9), (1, 7, 7), (1, 4, 4)], ["filter", "pool"])
    assert not fb.correct and "as many maps as features" in fb
    fb = check_stack_shapes([(1, 9, 9), (3, 7, 7)], ["filter", "pool"])
    assert not fb.correct and "There should be 3 shapes" in fb
    fb = check_stack_shapes("3x7x7", ["filter"])
    assert not fb.correct and "list of shapes" in fb


def test_vote_right_answer_and_hints():
    v, w = [1.0, 0.5, 0.0], [1.0, 2.0, 1.0]
    assert check_vote(0.5, v, w).correct
    assert "weighted sum" in check_vote(2.0, v, w)
    assert "plain mean" in check_vote(0.5, [1.0, 0.5, 0.0], [3.0, 0.0, 1.0])
    assert "number of values" in check_vote(2.0 / 3, v, w)
    assert not check_vote("half", v, w).correct


# --- A table of student answers: right ones in every numeric form, wrong ones, junk ---

P = np.array([[0.2, -0.5, 0.9, 0.1], [0.4, 0.3, -0.2, 0.6],
              [-0.7, 0.8, 0.5, -0.1], [0.0, 0.1, -0.3, 0.2]])
GRID = np.array([[0.9, -0.5], [0.2, -1.0]])
SLOPE = np.array([[0.3, -2.0], [-0.1, 0.5]])


def _numeric_forms(value):
    """The same right answer as a student might type it."""
    arr = np.asarray(value, float)
    forms = [arr, arr.tolist(), arr.astype(np.float32)]
    if arr.ndim == 0:
        v = float(arr)
        forms += [v, np.float64(v), np.array(v), [v]]
        if v == int(v):
            forms += [int(v), np.int64(int(v)), np.array(int(v)), float(int(v))]
    else:
        forms += [tuple(map(tuple, arr)) if arr.ndim == 2 else tuple(arr)]
        if np.all(arr == np.round(arr)):
            forms += [arr.astype(int), arr.astype(int).tolist()]
    return forms


JUNK = [None, "abc", "", "0.5", b"1", [], [[0.4, 0.9], [0.8]], ["a", "b"], [[1, "x"]],
        float("nan"), float("inf"), -float("inf"), 1 + 2j, np.complex128(3), True, False,
        np.bool_(True), {"a": 1}, object(), np.zeros(10**6 + 1), np.full((2, 2), np.nan),
        np.ones((2, 2), complex), [None], [[None, None]], {1, 2}, Ellipsis, 10**400]


def _cases():
    """(name, check(answer) -> Feedback, right answers, wrong answers)."""
    from cnnlib.beyond import text
    from cnnlib.exercises import (check_descent_step, check_fgsm, check_match_count,
                                  check_map, check_output_size, check_phrase_feature,
                                  check_pool_size, check_pooled, check_window_mean)
    d = cnnlib.load_feature("diagonal")
    m = cnnlib.convolve(X, d)
    phrase = text.one_hot("very bad")
    same = int((X == O).sum())
    wm = float(m[0, 0])           # 0.777...: the lecture prints .77
    fgsm_right = np.clip(GRID + 0.2 * np.sign(SLOPE), -1, 1)
    stack_right = [(1, 9, 9), (3, 7, 7), (3, 4, 4)]
    return [
        ("match_count", lambda a: check_match_count(a, X, O), _numeric_forms(same),
         [same + 1, 81 - same, same / 81, same + 0.5, -same, 0]),
        ("window_mean", lambda a: check_window_mean(a, X, d, 0, 0),
         _numeric_forms(wm) + [0.77, 0.777, 0.78, np.float64(0.77), np.array(0.77)],
         [0.76, 0.79, wm * 9, -wm, 0.0, 1.0, 0.5]),
        ("window_mean at (2, 3)", lambda a: check_window_mean(a, X, d, 2, 3),
         _numeric_forms(m[2, 3]) + [-0.33, -0.333, np.float32(-0.33), -1 / 3],
         [0.33, -0.32, -0.35, -3.0, float(m[3, 2]) if m[3, 2] != m[2, 3] else 0.5]),
        ("output_size", lambda a: check_output_size(a, 28, 5, 2, 2), _numeric_forms(14),
         [13, 15, 14.5, 13.9, 12, 0, -14, 1e300]),
        ("map", lambda a: check_map(a, X, d), _numeric_forms(m) + [c.formatting.format_map and
                                                                    np.trunc(m * 100) / 100],
         [m * 9, -m, m[:6, :6], m + 0.1, np.zeros((7, 7)), m.ravel()]),
        ("pooled", lambda a: check_pooled(a, P), _numeric_forms([[0.4, 0.9], [0.8, 0.5]]),
         [[[0.4, 0.9], [0.8, 0.4]], [[0.4, 0.8], [0.9, 0.5]], [[0.4, 0.9, 0.8, 0.5]], 0.9]),
        ("pool_size", lambda a: check_pool_size(a, 8, size=3, stride=2),
         _numeric_forms(cnnlib.pool_size(8, 3, 2)),
         [cnnlib.pool_size(8, 3, 2, keep_edges=False) + 5, 2.5, 0, -4]),
        ("relu_pool", lambda a: check_relu_pool(a, MAP), _numeric_forms([[0.5, 0.0], [0.2, 0.9]]),
         [[[0.5, 0.0], [0.2, 0.8]], c.max_pool(np.abs(MAP)), c.max_pool(MAP), c.relu(MAP)]),
        ("stack_shapes", lambda a: check_stack_shapes(a, ["filter", "pool"]),
         [stack_right, tuple(stack_right), [list(s) for s in stack_right],
          [tuple(np.float64(n) for n in s) for s in stack_right],
          [np.array(s) for s in stack_right], np.array(stack_right),
          [tuple(np.int64(n) for n in s) for s in stack_right]],
         [[(1, 9, 9), (3, 7, 7), (3, 4.9, 4.9)], [(1, 9, 9), (3, 7, 7), (3, 3, 3)],
          [(1, 9, 9), (3, 7, 7)], [(1, 9, 9), (3, 7, 7), (3, 4, 4), (3, 4, 4)],
          [(1, 9, 9), (3, 7, 7), (3, 4, 4 + 1e-9)], [(1, 9, 9), (3, 7, 7), (3, 4)]]),
        ("vote", lambda a: check_vote(a, [1.0, 0.5, 0.0], [1.0, 2.0, 1.0]), _numeric_forms(0.5),
         [2.0, 2.0 / 3, 0.49, 0.6, -0.5]),
        ("descent_step", lambda a: check_descent_step(a, 1.0, 2.0, 0.1), _numeric_forms(0.8),
         [1.2, 0.5, 0.79, -0.8]),
        ("fgsm", lambda a: check_fgsm(a, GRID, SLOPE, 0.2), _numeric_forms(fgsm_right),
         [GRID + 0.2 * np.sign(SLOPE), np.clip(GRID + 0.2 * SLOPE, -1, 1),
          np.clip(GRID - 0.2 * np.sign(SLOPE), -1, 1), fgsm_right.T, np.zeros((3, 3))]),
        ("phrase_feature", lambda a: check_phrase_feature(a), _numeric_forms(phrase),
         [phrase.T, (phrase + 1) / 2, text.one_hot("not bad"), -phrase]),
    ]


def _outcomes():
    """Every (check, kind, answer, feedback) of the table; a check that raises
    is recorded with the exception in place of feedback."""
    rows = []
    for name, check, right, wrong in _cases():
        for kind, answers in (("right", right), ("wrong", wrong), ("junk", JUNK)):
            for answer in answers:
                try:
                    rows.append((name, kind, answer, check(answer)))
                except Exception as error:     # recorded, and failed on below
                    rows.append((name, kind, answer, error))
    return rows


def test_the_table_of_student_answers():
    rows = _outcomes()
    crashed = [(n, k, a, e) for n, k, a, e in rows if not isinstance(e, ex.Feedback)]
    assert not crashed, crashed[:5]
    rejected = [(n, a, str(f)) for n, k, a, f in rows if k == "right" and not f.correct]
    accepted = [(n, a, str(f)) for n, k, a, f in rows if k != "right" and f.correct]
    assert not rejected, rejected[:5]
    assert not accepted, accepted[:5]
    counts = {k: sum(1 for row in rows if row[1] == k) for k in ("right", "wrong", "junk")}
    assert counts["right"] >= 80 and counts["wrong"] >= 50 and counts["junk"] >= 300, counts


def test_every_hint_speaks_plainly():
    for name, kind, answer, feedback in _outcomes():
        text = str(feedback)
        assert text.strip() and "shape ()" not in text and "1 of 1 " not in text, (name, answer, text)
        assert "Traceback" not in text and "dtype" not in text, (name, answer, text)
        if answer is None:
            assert text == ex.UNANSWERED, (name, text)


def test_junk_gets_a_hint_about_what_was_typed():
    check = lambda a: ex.check_window_mean(a, X, D, 2, 3)
    assert "text" in check("abc") and "different lengths" in check([[0.4, 0.9], [0.8]])
    assert "NaN" in check(float("nan")) and "complex" in check(1 + 2j)
    assert "yes/no" in check(True) and "far more" in check(np.zeros(10**6 + 1))
    assert "whole number" in ex.check_output_size(4.9, 9, 3)
    assert "whole number" in check_stack_shapes([(1, 9, 9), (3, 7, 7), (3, 4.9, 4.9)],
                                                ["filter", "pool"])
    rect = c.convolve(np.ones((9, 7)), D)
    assert "swapped" in ex.check_map(rect.T, np.ones((9, 7)), D)
    assert "Not yet:" in check(0.5) and "is not the window's mean" in check(0.5)


def test_the_lectures_truncated_values_count_as_right():
    value = c.convolve(X, D)[0, 0]                     # 7/9, printed .77
    assert c.format_map(np.array([[value]])).strip() == ".77"
    assert ex.check_window_mean(0.77, X, D, 0, 0).correct
    assert ex.check_window_mean(0.78, X, D, 0, 0).correct     # rounded
    assert not ex.check_window_mean(0.76, X, D, 0, 0).correct
    assert ex.check_vote(-0.77, [-7 / 9], [1.0]).correct        # truncated towards zero
    assert not ex.check_vote(-0.76, [-7 / 9], [1.0]).correct
def test_augmented_count_check():
    from cnnlib.exercises import check_augmented_count
    assert check_augmented_count(75, 5, 3).correct
    assert not check_augmented_count(None, 5, 3).correct
    assert "only the shifted copies" in check_augmented_count(60, 5, 3)
    assert "just the drawings" in check_augmented_count(15, 5, 3)
    assert not check_augmented_count(74, 5, 3).correct


def test_recall_check():
    from cnnlib.exercises import check_recall
    m = np.array([[8, 2, 0], [1, 9, 0], [3, 0, 7]])
    assert check_recall(0.8, m, 0).correct
    assert "column" in check_recall(8 / 12, m, 0)
    assert "count" in check_recall(8, m, 0)
    assert not check_recall(None, m, 0).correct and not check_recall(0.5, m, 0).correct


def test_own_data_checks_answer_junk_with_feedback():
    from cnnlib.exercises import check_augmented_count, check_recall
    m = np.array([[8, 2, 0], [1, 9, 0], [3, 0, 7]])
    for junk in JUNK:
        for feedback in (check_augmented_count(junk, 5, 3), check_recall(junk, m, 0)):
            assert isinstance(feedback, ex.Feedback) and not feedback.correct
    assert check_augmented_count(75.0, 5, 3).correct and check_augmented_count(np.int64(75), 5, 3).correct



def test_feedback_marks_render_without_an_emoji_font():
    """✅ and ❌ are empty boxes where no emoji font is installed; ✓ and ✗ are not."""
    assert ex.check_pool_size(4, 7)._repr_markdown_().startswith("✓ ")
    assert ex.check_pool_size(3, 7)._repr_markdown_().startswith("✗ ")


def test_window_mean_exercise_tells_rows_from_columns():
    """Issue 9 (walk-through): notebook 01's exercise uses the corner feature, whose
    map is not symmetric, so rows and columns swapped is caught."""
    import numpy as np
    x = cnnlib.load_grid("x")
    corner = np.array([[1, -1, -1], [1, -1, -1], [1, 1, 1]], dtype=float)
    full = cnnlib.convolve(x, corner)
    assert ex.check_window_mean(full[2, 3], x, corner, row=2, col=3).correct
    swapped = ex.check_window_mean(full[3, 2], x, corner, row=2, col=3)
    assert not swapped.correct and "(col, row)" in swapped


def test_stack_shapes_reads_any_iterable_and_counts_before_reading():
    right = ex.shapes(c.stack(-np.ones((9, 9)), ["filter", "pool"], 2))
    assert check_stack_shapes(map(tuple, right), ["filter", "pool"], 2).correct
    assert check_stack_shapes((s for s in right), ["filter", "pool"], 2).correct
    many = check_stack_shapes(iter([(1, 9, 9)] * 10**6), ["filter", "pool"], 2)
    assert not many.correct and "you gave more than 5" in many
    listed = check_stack_shapes([(1, 9, 9)] * 10**6, ["filter", "pool"], 2)
    assert not listed.correct and "you gave 1000000" in listed


def test_the_pixel_sign_hint_only_where_the_answer_is_worked_from_pixels():
    import warnings
    assert "wrong sign. Check each sign." in check_vote(-0.5, [1.0, 0.5, 0.0], [1.0, 2.0, 1.0])
    assert "+1" not in ex.check_descent_step(-0.8, 1.0, 2.0, 0.1)
    m = np.array([[8, 2, 0], [1, 9, 0], [3, 0, 7]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # no 0/0 RuntimeWarning
        assert "+1" not in ex.check_recall(-0.8, m, 0)
        assert ex.check_recall(0.0, np.array([[8, 2], [3, 0]]), 1).correct
    assert "pixels are +1" in ex.check_map(-c.convolve(X, D), X, D)
    assert "pixels are +1" in ex.check_window_mean(-c.convolve(X, D)[2, 3], X, D, 2, 3)


def test_numbers_of_any_type_are_read_and_printed_as_given():
    from decimal import Decimal
    from fractions import Fraction
    assert check_vote(Fraction(1, 2), [1.0, 0.5, 0.0], [1.0, 2.0, 1.0]).correct
    assert check_vote(Decimal("0.5"), [1.0, 0.5, 0.0], [1.0, 2.0, 1.0]).correct
    assert check_vote([Fraction(1, 2)], [1.0, 0.5, 0.0], [1.0, 2.0, 1.0]).correct
    assert ex.check_output_size(Fraction(14), 28, 5, 2, 2).correct
    assert ex.check_output_size(np.array([Decimal(14)]), 28, 5, 2, 2).correct
    huge = check_vote(10**400, [1.0, 0.5, 0.0], [1.0, 2.0, 1.0])
    assert not huge.correct and "different lengths" not in huge and "too large" in huge
    almost = ex.check_output_size(13.9999999999, 28, 5, 2, 2)
    assert not almost.correct and "got 13.9999999999" in almost


def test_recall_is_right_to_the_precision_shown():
    m = np.zeros((10, 10), int)
    m[8, 8], m[8, 3], m[3, 3] = 61, 2, 5           # 61 of 63 eights: 0.9683...
    for right in (0.97, 0.968, 0.9683, 61 / 63):
        assert ex.check_recall(right, m, 8).correct, right
    for wrong in (0.96, 0.98, 0.9, 0.967):
        assert not ex.check_recall(wrong, m, 8).correct, wrong
    assert "to 2 decimals" in ex.check_recall(0.97, m, 8)
    import pytest
    with pytest.raises(ValueError, match="matrix has no test picture of the digit 4"):
        ex.check_recall(0.5, m, 4)


def test_a_descent_step_rounded_or_cut_to_two_decimals_counts_and_says_which():
    w, slope = 3.0, (3.0 - 2.0758) / 5                 # the exact step: 2.0758
    cut, rounded = ex.check_descent_step(2.07, w, slope, 5.0), ex.check_descent_step(2.08, w, slope, 5.0)
    assert cut.correct and "cut to two decimals" in cut and "2.08" in cut
    assert rounded.correct
    assert ex.check_descent_step(-2.07, -w, -slope, 5.0).correct        # cut towards zero
    for wrong in (2.06, 2.09, 2.0, 2.1):
        feedback = ex.check_descent_step(wrong, w, slope, 5.0)
        assert not feedback.correct and "cut to two decimals" in feedback, wrong


def test_receptive_field_hints_name_the_slip():
    from cnnlib.deep.depth import load_models
    net = load_models()["two stages", 0]
    assert ex.check_receptive_field(8, net, "conv2").correct
    summed = ex.check_receptive_field(6, net, "conv2")
    assert not summed.correct and "2 steps of 2 pixels, 4 pixels, not 2" in summed
    pooled = ex.check_receptive_field(10, net, "conv2")
    assert not pooled.correct and "after pool2" in pooled and "before it" in pooled


def test_fgsm_with_the_wrong_sign_is_named_whatever_else_slipped():
    model = c.train_model(0, epochs=1)
    grid = c.load_dataset()["test_images"][0]              # grey values: few pixels clip
    slope = model.input_gradient(grid, "x")
    for slip in (grid - 0.25 * np.sign(slope), np.clip(grid - 0.25 * slope, -1, 1)):
        feedback = ex.check_fgsm(slip, grid, slope, 0.25)
        assert not feedback.correct and "wrong way" in feedback
    assert ex.check_fgsm(np.clip(grid + 0.25 * np.sign(slope), -1, 1), grid, slope, 0.25).correct
    assert "wrong way" not in ex.check_fgsm(np.clip(grid + 0.25 * slope, -1, 1), grid, slope, 0.25)
