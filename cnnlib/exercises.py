"""Checks for the notebooks' exercises: a friendly hint on a wrong answer.

check_array(answer, expected) compares a student's array and explains the
most likely mistake: the wrong shape (off by one?), rows and columns swapped,
the wrong sign, or the sum instead of the mean. Each notebook's exercises call
it with the right expected value; the topic-specific checks live below, one
section per notebook.

Whatever a student types, a check answers with Feedback, never a traceback:
None (the cell not yet filled in), text, True/False, ragged lists, NaN,
complex numbers and arrays of the wrong size each get their own hint. A right
answer counts in every numeric form (14, 14.0, np.float64(14.0), np.array(14))
and, where the lecture prints values truncated to two decimals (7/9 as .77),
the printed value counts too.
"""
import decimal
import itertools
import numbers

import numpy as np

from cnnlib._checks import describe, real
from cnnlib.activations import relu
from cnnlib.beyond.text import VOCABULARY, one_hot
from cnnlib.deep.inside import layer_names, receptive_field
from cnnlib.filtering import convolve, output_size, windows
from cnnlib.matching import match_count
from cnnlib.network import Conv, MaxPool
from cnnlib.pooling import max_pool, pool_size
from cnnlib.stacking import shapes, stack

UNANSWERED = "Not answered yet. Replace None with your answer, then run the cell."
TOO_MANY = 10**6      # answers with more numbers than this are not read


class Feedback(str):
    """The text shown to the student. It is a str, so it prints as itself;
    .correct says whether the answer was right (for tests and notebooks)."""

    def __new__(cls, text, correct):
        obj = super().__new__(cls, text)
        obj.correct = correct
        return obj

    def _repr_markdown_(self):
        return ("✓ " if self.correct else "✗ ") + str(self)   # marks every font has (not emoji)


def _wrong(text):
    """Feedback for a wrong answer, starting with a capital letter."""
    return Feedback(text[:1].upper() + text[1:], False)


def _shape_words(shape):
    """A shape in a student's words: 'one number', 'a list of 4 numbers',
    '7 rows and 7 columns', 'shape (3, 4, 4)'."""
    if len(shape) == 0:
        return "one number"
    if len(shape) == 1:
        return f"a list of {shape[0]} number{'s' * (shape[0] != 1)}"
    if len(shape) == 2:
        return f"{shape[0]} row{'s' * (shape[0] != 1)} and {shape[1]} column{'s' * (shape[1] != 1)}"
    return f"shape {tuple(shape)}"


def read_numbers(answer, what="your answer"):
    """A student's answer as a float array, or the Feedback that says why it
    cannot be read: (array, None) or (None, Feedback). Never raises."""
    if answer is None:
        return None, _wrong(UNANSWERED)
    if isinstance(answer, (str, bytes)):
        return None, _wrong(f"{what} is text ({describe(answer)}); give numbers, without quotes.")
    if isinstance(answer, (bool, np.bool_)):
        return None, _wrong(f"{what} is {answer}, a yes/no value; give numbers.")
    size = getattr(answer, "size", None)
    if isinstance(size, numbers.Integral) and size > TOO_MANY:
        return None, _wrong(f"{what} has {size:,} numbers, far more than the exercise asks for.")
    if hasattr(answer, "detach") and hasattr(answer, "numpy"):     # a PyTorch tensor
        try:
            answer = answer.detach().cpu().numpy()
        except Exception:             # a tensor that will not convert: say so below
            return None, _wrong(f"{what} could not be read as numbers; give a "
                                "numpy array or a list of numbers.")
    try:
        got = np.asarray(answer)
    except Exception:                 # ragged lists and other shapes numpy refuses
        return None, _wrong(f"{what} could not be read as numbers: its rows have "
                            "different lengths. Give every row the same number of values.")
    if got.size > TOO_MANY:
        return None, _wrong(f"{what} has {got.size:,} numbers, far more than the exercise asks for.")
    if got.dtype == object:           # Fraction(7, 9), Decimal("0.77"), 10**30: Python's float
        got = _real_numbers(got)
    if got is None:
        return None, _wrong(f"{what} could not be read as numbers: some entries are not "
                            "numbers, or are too large, NaN or infinite.")
    if got.dtype.kind in "US":
        return None, _wrong(f"{what} holds text; give numbers, without quotes.")
    if got.dtype.kind == "b":
        return None, _wrong(f"{what} holds True/False values; give numbers.")
    if got.dtype.kind == "c":
        return None, _wrong(f"{what} holds complex numbers; every value here is a "
                            "real number (no j).")
    if got.dtype.kind not in "iuf":
        return None, _wrong(f"{what} could not be read as numbers ({describe(answer)}).")
    got = got.astype(float)
    if not np.isfinite(got).all():
        return None, _wrong(f"{what} contains NaN or infinity: something was divided "
                            "by zero, or a value was left undefined.")
    return got, None


def _real_numbers(values):
    """An object array of real numbers of any type (Fraction, Decimal, huge
    ints) as floats; None if an entry is not such a number or has no float."""
    flat = [real(v) if isinstance(v, (numbers.Real, decimal.Decimal))
            and not isinstance(v, (bool, np.bool_)) else None for v in values.ravel()]
    if any(v is None for v in flat):
        return None
    return np.array(flat, dtype=float).reshape(values.shape)


def read_whole(answer, what="your answer"):
    """A student's whole number (14, 14.0, np.int64(14), np.array(14)) as an
    int, or the Feedback that says why not: (int, None) or (None, Feedback)."""
    got, feedback = read_numbers(answer, what)
    if feedback:
        return None, feedback
    if got.size != 1:
        return None, _wrong(f"Give {what} as one number; got {_shape_words(got.shape)}.")
    value = float(got.ravel()[0])
    if value != int(value):
        return None, _wrong(f"{what} should be a whole number, got {value!r}. "
                            "Hint: // divides and rounds down.")
    return int(value), None


def truncated(values, decimals=2):
    """values cut (not rounded) to `decimals` places, as the lecture prints them
    (7/9 -> .77); the same rule as cnnlib.formatting."""
    scale = 10.0 ** decimals
    return np.trunc(np.round(np.asarray(values, float) * scale, 6)) / scale


def matches(got, expected, atol=0.005, printed=True):
    """Element-wise: got is within atol of expected or, with printed=True, lies
    between the lecture's truncated print of expected (.77 for 0.777...) and
    the exact value: truncation can be off by up to 0.01."""
    expected = np.asarray(expected, float)
    ok = np.abs(got - expected) <= atol + 1e-9
    if printed:
        cut = truncated(expected)
        ok |= (got >= np.minimum(cut, expected) - 1e-9) & (got <= np.maximum(cut, expected) + 1e-9)
    return ok


PIXEL_SIGNS = "Check which pixels are +1 and which are -1."


def check_array(answer, expected, what="your answer", atol=0.005, mean_of=None, printed=True,
                signs="Check each sign."):
    """Compare answer with expected (arrays or numbers) and return Feedback.

    mean_of: the number of values that should have been averaged, so that a
    sum where a mean was wanted gets its own hint. printed: also accept the
    lecture's two-decimal truncated values (see matches()). signs: the hint
    for an answer with the wrong sign (PIXEL_SIGNS where it is worked from
    +-1 pictures).
    """
    expected = np.asarray(expected, float)
    got, feedback = read_numbers(answer, what)
    if feedback:
        return feedback
    one = expected.ndim == 0
    if got.shape != expected.shape and got.size == expected.size == 1:
        got = got.reshape(expected.shape)              # [0.77] for 0.77, or the other way
    if got.shape != expected.shape:
        if got.ndim == expected.ndim == 2 and got.shape == expected.shape[::-1] \
                and matches(got.T, expected, atol, printed).all():
            return _wrong(f"{what} has rows and columns swapped: row r of the answer "
                          f"is row r of the picture. Transpose it (.T).")
        hint = ""
        if got.ndim == expected.ndim and all(abs(a - b) <= 1 for a, b in zip(got.shape, expected.shape)):
            hint = " Off by one? Count the positions the window can take: (n - k) // stride + 1."
        if one:
            return _wrong(f"Give {what} as one number; got {_shape_words(got.shape)}.")
        shapes_too = f": shape {got.shape} instead of {expected.shape}" if got.ndim else ""
        return _wrong(f"{what} should be {_shape_words(expected.shape)}, but it is "
                      f"{_shape_words(got.shape)}{shapes_too}.{hint}")
    if matches(got, expected, atol, printed).all():
        return Feedback(f"Correct: {what} matches.", True)
    if matches(-got, expected, atol, printed).all() and np.abs(expected).max() > atol:
        return _wrong(f"{what} has the right size but the wrong sign. {signs}")
    if mean_of and np.allclose(got, expected * mean_of, atol=atol * mean_of):
        return _wrong(f"{what} looks like a sum. Filtering takes the mean: "
                      f"divide by the {mean_of} values in the window.")
    if got.ndim == 2 and got.shape[0] == got.shape[1] and matches(got.T, expected, atol, printed).all():
        return _wrong(f"{what} has rows and columns swapped: row r of the answer is "
                      f"row r of the picture. Transpose it (.T).")
    if one:
        return _wrong(f"Not yet: {float(got):g} is not {what}. Work it through by hand "
                      f"and compare.")
    wrong = int(np.sum(~matches(got, expected, atol, printed)))
    return _wrong(f"Not yet: {wrong} of {expected.size} values differ. "
                  f"Work one cell through by hand and compare.")


# --- 00 why convolution ----------------------------------------------------

def check_match_count(answer, a, b):
    """Exercise: how many pixels are the same in grids a and b?"""
    expected = match_count(a, b)
    size = int(np.size(a))
    got, feedback = read_numbers(answer, "the count")
    if feedback:
        return feedback
    if got.size == 1 and 0 < float(got.ravel()[0]) < 1:
        return _wrong("That looks like a fraction. Count pixels instead: a whole number "
                      f"between 0 and {size}.")
    count, feedback = read_whole(answer, "the count")
    if feedback:
        return feedback
    if count == expected:
        return Feedback(f"Correct: {expected} of the {size} pixels are the same.", True)
    if count == size - expected:
        return _wrong("That is the number of pixels that differ. Count the ones "
                      "that are equal: (a == b).sum().")
    return _wrong(f"Not yet: {count} is not the count. Compare the grids "
                  "element by element with ==, then add up the True values.")


# --- 01 filtering ----------------------------------------------------------

def check_window_mean(answer, image, kernel, row, col):
    """Exercise: the map's value at (row, col): the mean of the element-wise
    products of the kernel and the window under it."""
    full = convolve(image, kernel)
    expected = full[row, col]
    k = int(np.size(kernel))
    got, feedback = read_numbers(answer, "the window's mean")
    if feedback:
        return feedback
    value = got.ravel()[0] if got.size == 1 else None
    if value is not None and not matches(value, expected):
        hints = []
        if col < full.shape[0] and row < full.shape[1] and matches(value, full[col, row]):
            hints.append("the value at (col, row): rows go down, columns go across, and "
                         "the window starts at image[row, col]")
        if matches(value, convolve(image, np.flip(kernel))[row, col]):
            hints.append("the value with the feature turned 180° (a true convolution): "
                         "filtering lays the feature on the window as it is")
        if hints:
            return _wrong("That is " + ", or ".join(hints) + ".")
    return check_array(got, expected, what="the window's mean", mean_of=k, signs=PIXEL_SIGNS)


def check_output_size(answer, n, k, stride=1, padding=0):
    """Exercise: the side of the map for an n x n image and a k x k kernel."""
    expected = output_size(n, k, stride, padding)
    got, feedback = read_whole(answer, "the side of the map")
    if feedback:
        return feedback
    if got == expected:
        return Feedback(f"Correct: ({n} + 2×{padding} − {k}) // {stride} + 1 = {expected}.", True)
    if padding and got == output_size(n, k, stride, 0):
        return _wrong("The padding adds a border on both sides: n + 2*padding.")
    if padding and got == (n + padding - k) // stride + 1:
        return _wrong("The padding goes on both sides, so it counts twice: 2*padding.")
    if got == expected - 1:
        return _wrong("One short: add 1 for the kernel's first position.")
    if got == -(-(n + 2 * padding - k) // stride) + 1:
        return _wrong("Round down, not up: a window that would hang over the edge "
                      "is not taken.")
    return _wrong(f"Not yet. Use (n + 2*padding - k) // stride + 1 with n={n}, "
                  f"k={k}, stride={stride}, padding={padding}.")


def check_map(answer, image, kernel, stride=1, padding=0):
    """Exercise: the whole map of image filtered by kernel."""
    expected = convolve(image, kernel, stride=stride, padding=padding)
    return check_array(answer, expected, what="your map", mean_of=int(np.size(kernel)),
                       signs=PIXEL_SIGNS)


# --- 02 pooling ------------------------------------------------------------

def check_pooled(answer, values, size=2, stride=2, keep_edges=True):
    """Exercise: max pooling of a map by hand (the lecture keeps partial edge windows)."""
    expected = max_pool(values, size=size, stride=stride, keep_edges=keep_edges)
    got, feedback = read_numbers(answer, "your pooled map")
    if feedback:
        return feedback
    if keep_edges and got.shape != expected.shape:
        dropped = max_pool(values, size=size, stride=stride, keep_edges=False)
        if got.shape == dropped.shape:
            return _wrong(f"Shape {got.shape}: the partial windows at the right and bottom "
                          f"edges were dropped. Keep them: they give {expected.shape}.")
    if got.shape == expected.shape:
        h, w = expected.shape
        x = np.asarray(values, float)
        if x.shape[0] >= (h - 1) * stride + size and x.shape[1] >= (w - 1) * stride + size:
            means = windows(x, size, size, stride)[:h, :w].mean(axis=(-2, -1))
            if matches(got, means).all() and not matches(got, expected).all():
                return _wrong("Those are the means of the windows. Max pooling keeps "
                              "the largest value.")
    return check_array(got, expected, what="your pooled map")


def check_pool_size(answer, n, size=2, stride=2, padding=0, keep_edges=True):
    """Exercise: the side of the pooled map."""
    expected = pool_size(n, size, stride, padding, keep_edges)
    got, feedback = read_whole(answer, "the side of the pooled map")
    if feedback:
        return feedback
    if got == expected:
        return Feedback(f"Correct: the pooled map is {expected}×{expected}.", True)
    other = pool_size(n, size, stride, padding, not keep_edges)
    if got == other:
        rule = ("keep the partial window at the edge: round up" if keep_edges
                else "drop the partial window at the edge: round down")
        return _wrong(f"Close: here we {rule}.")
    return _wrong("Not yet. Count where the windows start: 0, stride, 2*stride, ... "
                  f"while the start is inside the (padded) map of side {n + 2 * padding}.")


# --- 03 relu ---------------------------------------------------------------

def check_relu_pool(answer, values):
    """Exercise: ReLU, then 2x2 max pooling with stride 2, of a small map by hand."""
    values = np.asarray(values, float)
    expected = max_pool(relu(values))
    got, feedback = read_numbers(answer, "the pooled map")
    if feedback:
        return feedback
    if got.shape == expected.shape and not matches(got, expected).all():
        if matches(got, max_pool(np.abs(values))).all():
            return _wrong("ReLU does not flip signs: a negative becomes 0, not its "
                          "absolute value.")
        if matches(got, max_pool(values)).all():
            return _wrong("Those are the pooled values before ReLU: a window whose "
                          "largest value is negative gives 0 after ReLU.")
    if got.shape != expected.shape and got.shape == values.shape:
        return _wrong(f"That has the shape of the map, {values.shape}. Now pool it: "
                      f"2x2 windows with stride 2 give {expected.shape}.")
    return check_array(got, expected, what="the pooled map")


# --- 04 stacking -----------------------------------------------------------

def _read_shape(shape, i):
    """One shape of a student's list as a tuple of ints, or Feedback."""
    if isinstance(shape, (str, bytes)) or not np.iterable(shape):
        return None, _wrong(f"Shape {i} should be a tuple of whole numbers such as "
                            f"(3, 7, 7), got {describe(shape)}.")
    got = []
    for n in shape:
        side, feedback = read_whole(n, f"each number of shape {i}")
        if feedback:
            return None, feedback
        got.append(side)
    return tuple(got), None


def check_stack_shapes(answer, layers, repeats=1, size=9):
    """Exercise: predict the shape (maps, rows, columns) after every layer of
    stack(size x size picture, layers, repeats), the input's (1, size, size) first."""
    if answer is None:
        return _wrong(UNANSWERED)
    stages = stack(-np.ones((size, size)), layers, repeats)
    expected = shapes(stages)
    example = f"[(1, {size}, {size}), (3, 7, 7), ...]"
    if isinstance(answer, (str, bytes)) or not np.iterable(answer):
        return _wrong(f"Give a list of shapes like {example}, got {describe(answer)}.")
    # Count before reading: a map or generator is read only as far as it must be.
    given = answer if hasattr(answer, "__len__") else list(itertools.islice(answer, len(expected) + 1))
    if len(given) != len(expected):
        gave = len(given) if hasattr(answer, "__len__") or len(given) <= len(expected) \
            else f"more than {len(expected)}"
        return _wrong(f"There should be {len(expected)} shapes: the input, then one "
                      f"per layer applied ({len(expected) - 1}); you gave {gave}.")
    got = []
    for i, shape in enumerate(given):
        shape, feedback = _read_shape(shape, i)
        if feedback:
            return feedback
        got.append(shape)
    for i, (g, e) in enumerate(zip(got, expected)):
        if g != e:
            name = stages[i].name
            hint = {"filter": "a 3x3 filter without padding takes one cell off each side "
                              "(n - 3 + 1), and there are as many maps as features",
                    "pool": "2x2 pooling with stride 2 keeps the partial edge window: "
                            "ceil(n / 2)",
                    "relu": "ReLU never changes the shape",
                    "input": "the input is one map"}[name]
            return _wrong(f"Shape {i} (after {name}) should be {e}, you gave {g}: {hint}.")
    return Feedback("Correct: every shape matches.", True)


# --- 05 voting -------------------------------------------------------------

def check_vote(answer, values, weights):
    """Exercise: one class's vote by hand, sum(w * v) / sum(w)."""
    values, weights = np.asarray(values, float).ravel(), np.asarray(weights, float).ravel()
    expected = weights @ values / weights.sum()
    got, feedback = read_numbers(answer, "the vote")
    if feedback:
        return feedback
    if got.size != 1:
        return _wrong(f"The vote is one number; got {_shape_words(got.shape)}.")
    got = float(got.ravel()[0])
    if not matches(got, expected):
        if matches(got, weights @ values):
            return _wrong("That is the weighted sum. A vote is an average: divide by "
                          f"the sum of the weights ({weights.sum():g}).")
        if matches(got, values.mean()):
            return _wrong("That is the plain mean of the values. Weight each value "
                          "first: sum(w * v) / sum(w).")
        if matches(got, (weights @ values) / values.size):
            return _wrong("Divide by the sum of the weights, not by the number of values.")
    return check_array(got, expected, what="the vote")


# --- 06 training -----------------------------------------------------------

def check_descent_step(answer, weight, slope, learning_rate):
    """Exercise: one gradient-descent step, weight - learning_rate * slope."""
    # Worked by hand from the weight and slope printed to 4 decimals, an answer is off
    # by up to (1 + learning_rate) * 0.00005; rounded to 2 decimals, by up to 0.005 more.
    atol = 0.005 + (1 + abs(learning_rate)) * 0.00005 + 1e-9
    expected = weight - learning_rate * slope
    got, feedback = read_numbers(answer, "the new weight")
    if feedback:
        return feedback
    value = float(got.ravel()[0]) if got.size == 1 else None
    close = lambda v: value is not None and abs(value - v) <= atol  # noqa: E731
    far = abs(learning_rate * slope) > 2 * atol      # the mistakes below are tellable apart
    if not close(expected) and far:
        if close(weight + learning_rate * slope):
            return _wrong("That step went uphill: the slope points up the hill, so "
                          "subtract learning_rate * slope.")
        if learning_rate != 1 and close(weight - slope):
            return _wrong("You subtracted the slope itself. Multiply it by the learning "
                          f"rate first: weight - {learning_rate:g} * slope.")
        if learning_rate != 1 and close(weight + slope):
            return _wrong("Two things: the slope must be multiplied by the learning rate, "
                          "and subtracted (downhill), not added.")
        if close(learning_rate * slope) or close(-learning_rate * slope):
            return _wrong("That is the size of the step. Subtract it from the weight: "
                          "weight - learning_rate * slope.")
    # Two decimals cut rather than rounded (2.0758 as 2.07) count too.
    if value is not None and not close(expected) and abs(value - truncated(expected)) <= 1e-9:
        return Feedback(f"Correct: {value:g} is the new weight, {expected:.4f}, cut to two "
                        f"decimals (rounded, it would be {expected:.2f}; both count).", True)
    feedback = check_array(got, expected, what="the new weight", atol=atol, printed=False,
                           signs="Check the sign: weight - learning_rate * slope.")
    if feedback.correct or got.size != 1:
        return feedback
    return _wrong(f"{feedback} (Rounding is fine: working from the printed numbers, any "
                  f"answer within {atol:.4f} of the exact step counts, and so does the step "
                  f"cut to two decimals.)")


# --- 07 adversarial --------------------------------------------------------

def check_fgsm(answer, grid, gradient, epsilon):
    """Exercise: FGSM by hand, clip(grid + epsilon * sign(gradient), -1, 1)."""
    grid, gradient = np.asarray(grid, float), np.asarray(gradient, float)
    expected = np.clip(grid + epsilon * np.sign(gradient), -1, 1)
    got, feedback = read_numbers(answer, "the attacked grid")
    if feedback:
        return feedback
    if got.shape == grid.shape and not np.allclose(got, expected, atol=1e-6):
        if np.allclose(got, grid + epsilon * np.sign(gradient), atol=1e-6):
            return _wrong("Nearly: some pixels went past +1 or -1. Clip the "
                          "result to [-1, 1] (np.clip).")
        if np.allclose(got, np.clip(grid + epsilon * gradient, -1, 1), atol=1e-6):
            return _wrong("You moved along the gradient itself. FGSM moves every "
                          "pixel by the same epsilon: use np.sign(gradient).")
        if np.allclose(got, np.clip(grid - epsilon * np.sign(gradient), -1, 1), atol=1e-6):
            return _wrong("That lowers the loss (it helps the network). Move UP "
                          "the gradient: add epsilon * sign.")
        # the wrong sign with any other slip too (no clip, the raw gradient): every
        # pixel that moved went against the gradient's sign
        moved = np.sign(np.round(got - grid, 9))
        sign = np.sign(gradient)
        some = (moved != 0) & (sign != 0)
        if some.any() and (moved[some] == -sign[some]).all():
            return _wrong("Every pixel moved the wrong way: down where the slope is positive, "
                          "up where it is negative. That lowers the loss (it helps the "
                          "network). Move UP the gradient: grid + epsilon * sign(gradient), "
                          "then clip to [-1, 1].")
    return check_array(got, expected, what="the attacked grid", atol=1e-6, printed=False,
                       signs=PIXEL_SIGNS)


# --- 08 beyond images ------------------------------------------------------

def check_phrase_feature(answer, phrase="very bad"):
    """Exercise: the (vocabulary, words) feature that finds `phrase`: +1 at
    each word's row in its column, -1 everywhere else (text.one_hot(phrase))."""
    expected = one_hot(phrase)
    got, feedback = read_numbers(answer, "your phrase feature")
    if feedback:
        return feedback
    if got.shape == expected.shape[::-1] != expected.shape:
        return _wrong(f"Rows and columns are swapped: the grid has one row per vocabulary "
                      f"word ({len(VOCABULARY)}) and one column per word of the phrase.")
    if got.shape == expected.shape and np.allclose(got, (expected + 1) / 2):
        return _wrong("Close: that is the 0/1 one-hot. In our grids 'not this word' "
                      "is -1, as the background pixels are; use -1 instead of 0.")
    return check_array(got, expected, what="your phrase feature", printed=False,
                       signs=PIXEL_SIGNS)


# --- 09 deep network ---------------------------------------------------------
# Self-contained: each check works from the model it is given.

def _whole_number(answer, what):
    """(an int, None) or (None, Feedback saying why the answer is not one whole number)."""
    got, feedback = read_numbers(answer, what)
    if feedback:
        return None, feedback
    if got.size != 1 or got.ravel()[0] != round(got.ravel()[0]):
        return None, _wrong(f"{what} should be one whole number, got {describe(answer)}.")
    return int(round(got.ravel()[0])), None


def check_parameter_count(answer, model):
    """Exercise: how many numbers training sets in a model: every weight and bias.
    Spots the usual slips: no biases, or one k x k slice per feature instead
    of one per input map."""
    got, feedback = _whole_number(answer, "your count")
    if feedback:
        return feedback
    expected = int(sum(v.size for v in model.params.values()))
    no_bias = int(sum(v.size for k, v in model.params.items() if not k.endswith("_b")))
    one_slice = int(sum(v[:, :1].size if v.ndim == 4 else v.size
                        for v in model.params.values()))
    if got == expected:
        return Feedback(f"Right: {expected} numbers.", True)
    if got == no_bias:
        return Feedback("Close: you counted the weights. Each feature and each neuron "
                        "also has one bias.", False)
    if got == one_slice:
        return Feedback("A second-stage feature reads EVERY map of the first stage: it "
                        "has one k x k slice per input map, so F x C x k x k weights.", False)
    return Feedback("Not quite. Count stage by stage: features x input maps x k x k "
                    "weights plus one bias per feature; then the votes: inputs x "
                    "classes weights plus one bias per class.", False)


def check_receptive_field(answer, model, layer):
    """Exercise: the side, in pixels, of the square of the picture one
    position of `layer`'s maps can see (cnnlib.deep.inside.receptive_field)."""
    got, feedback = _whole_number(answer, "your side")
    if feedback:
        return feedback
    top, _, bottom, _ = receptive_field(model, layer, 0, 0)
    expected = bottom - top
    if got == expected:
        return Feedback(f"Right: {expected} x {expected} pixels.", True)
    names = layer_names(model)
    index = names.index(layer) if isinstance(layer, str) else int(layer)
    name = names[index]
    upto = index + 1
    sizes = [getattr(lay, "size", 1) for lay in model.layers[:upto]]
    if got == 1 + sum(s - 1 for s in sizes):
        return Feedback(_pixels_per_step(model.layers[:upto], names), False)
    # the pooling right after the layer (past its ReLU), if there is one
    pool = next((i for i in range(upto, len(names)) if not names[i].startswith("relu")), None)
    if pool is not None and isinstance(model.layers[pool], MaxPool):
        top, _, bottom, _ = receptive_field(model, pool, 0, 0)
        if got == bottom - top != expected:
            return Feedback(f"{got} x {got} is the square after {names[pool]}, the pooling "
                            f"that follows {name}. {name} comes before it: leave that pool's "
                            f"window out.", False)
    return Feedback("Not quite. Walk back from the layer: a k x k convolution widens the "
                    "field by k - 1 steps, a pool of size s by s - 1 steps, and after "
                    "each stride-2 pool a step is twice as many pixels.", False)


def _pixels_per_step(layers, names):
    """The hint for adding up window sizes as if every layer read pixels,
    worked on the first convolution that reads a pooled map."""
    step = 1
    for lay, name in zip(layers, names):
        if isinstance(lay, Conv) and step > 1:
            k = lay.size
            return (f"You added up the windows as if every layer read pixels. After pooling "
                    f"with stride {step}, one step on the map is {step} pixels: {name}'s "
                    f"{k}x{k} window widens the square by {k - 1} steps of {step} pixels, "
                    f"{(k - 1) * step} pixels, not {k - 1}.")
        step *= getattr(lay, "stride", 1)
    return ("You added up the windows as if every layer read pixels. After a pool with "
            "stride 2, one step on the map is 2 pixels.")


# --- 10 your own drawings ----------------------------------------------------

def check_augmented_count(answer, per_class, classes, shifts=4):
    """Exercise: how many training pictures augment() makes from per_class
    drawings of each of `classes` classes, with `shifts` shifted copies each."""
    drawn = per_class * classes
    got, feedback = read_numbers(answer, "the number of training pictures")
    if feedback:
        return feedback
    if got.shape == () and got == drawn * shifts:
        return _wrong("Nearly: that counts only the shifted copies. The drawings "
                      "themselves stay in the training set too.")
    if got.shape == () and got == drawn:
        return _wrong(f"That is just the drawings. Each one also gets a copy moved one "
                      f"pixel up, down, left and right ({shifts} copies).")
    return check_array(got, drawn * (1 + shifts), what="the number of training pictures",
                       atol=0, printed=False)


# --- 11 real data ------------------------------------------------------------

def check_recall(answer, matrix, digit):
    """Exercise: the fraction of the test pictures of `digit` the model got
    right, from the confusion matrix (rows: the true digit)."""
    matrix = np.asarray(matrix)
    right, was, said = (int(v) for v in (matrix[digit, digit], matrix[digit].sum(),
                                         matrix[:, digit].sum()))
    if was == 0:
        raise ValueError(f"matrix has no test picture of the digit {digit} (its row sums to "
                         f"0), so the fraction of them the model got right is undefined")
    what = f"the fraction of {digit}'s right"
    got, feedback = read_numbers(answer, what)
    if feedback:
        return feedback
    recall = right / was
    value = float(got.ravel()[0]) if got.size == 1 else None
    shown = _decimals(value) if value is not None else 0
    if shown >= 2 and round(recall, shown) == value and abs(value - recall) > 1e-3:
        return Feedback(f"Correct: {right}/{was} = {recall:.4f}, which is {value:g} to "
                        f"{shown} decimals.", True)
    if got.shape == () and said not in (0, was) and np.isclose(got, right / said, atol=1e-3) \
            and not np.isclose(got, recall, atol=1e-3):
        return _wrong(f"You divided by the column: everything the model CALLED {digit}. "
                      f"Divide by the row: every picture that WAS "
                      f"{'an' if str(digit).startswith('8') else 'a'} {digit}.")
    if got.shape == () and right > 1 and np.isclose(got, right, atol=0.5):
        return _wrong("That is a count. Divide it by the number of test pictures of that "
                      "digit (the sum of its row).")
    return check_array(got, recall, what=what, atol=1e-3, printed=False)


def _decimals(value):
    """How many decimals a number is written with (0.97 -> 2, 0.9683 -> 4, 1.0 -> 0)."""
    exponent = decimal.Decimal(repr(value)).normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0
