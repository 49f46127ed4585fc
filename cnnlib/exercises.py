"""Checks for the notebooks' exercises: a friendly hint on a wrong answer.

check_array(answer, expected) compares a student's array and explains the
most likely mistake: the wrong shape (off by one?), the wrong sign, or the
sum instead of the mean. Each notebook's exercises call it with the right
expected value; the topic-specific checks live below, one section per notebook.
"""
import numpy as np

from cnnlib._checks import describe
from cnnlib.activations import relu
from cnnlib.pooling import max_pool
from cnnlib.stacking import shapes, stack


class Feedback(str):
    """The text shown to the student. It is a str, so it prints as itself;
    .correct says whether the answer was right (for tests and notebooks)."""

    def __new__(cls, text, correct):
        obj = super().__new__(cls, text)
        obj.correct = correct
        return obj

    def _repr_markdown_(self):
        return ("✅ " if self.correct else "❌ ") + str(self)


def check_array(answer, expected, what="your answer", atol=0.005, mean_of=None):
    """Compare answer with expected (arrays or numbers) and return Feedback.

    mean_of: the number of values that should have been averaged, so that a
    sum where a mean was wanted gets its own hint.
    """
    expected = np.asarray(expected, float)
    try:
        got = np.asarray(answer, float)
    except (TypeError, ValueError):
        return Feedback(f"{what} should be numbers of shape {expected.shape}, "
                        f"but it is {describe(answer)}.", False)
    if got.shape != expected.shape:
        hint = ""
        if got.ndim == expected.ndim and all(abs(a - b) <= 1 for a, b in zip(got.shape, expected.shape)):
            hint = " Off by one? Count the positions the window can take: (n - k) // stride + 1."
        return Feedback(f"{what} has shape {got.shape} but should have shape "
                        f"{expected.shape}.{hint}", False)
    if np.allclose(got, expected, atol=atol):
        return Feedback(f"Correct: {what} matches.", True)
    if np.allclose(got, -expected, atol=atol) and np.abs(expected).max() > atol:
        return Feedback(f"{what} has the right size but the wrong sign. "
                        f"Check which pixels are +1 and which are -1.", False)
    if mean_of and np.allclose(got, expected * mean_of, atol=atol * mean_of):
        return Feedback(f"{what} looks like a sum. Filtering takes the mean: "
                        f"divide by the {mean_of} values in the window.", False)
    wrong = int(np.sum(~np.isclose(got, expected, atol=atol)))
    return Feedback(f"Not yet: {wrong} of {expected.size} value(s) differ. "
                    f"Work one cell through by hand and compare.", False)


# --- 00 why convolution ----------------------------------------------------

def _unanswered(answer):
    """Feedback for an exercise cell run before the student filled it in, else None."""
    if answer is None:
        return Feedback("Not answered yet: replace None with your answer and run the cell.",
                        False)
    return None


def check_match_count(answer, a, b):
    """Exercise: how many pixels are the same in grids a and b?"""
    if _unanswered(answer):
        return _unanswered(answer)
    from cnnlib.matching import match_count
    expected = match_count(a, b)
    size = int(np.size(a))
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer, float, np.floating)):
        return Feedback(f"Give one number, a count of pixels; got {describe(answer)}.", False)
    if answer == expected:
        return Feedback(f"Correct: {expected} of the {size} pixels are the same.", True)
    if answer == size - expected:
        return Feedback("That is the number of pixels that differ. Count the ones "
                        "that are equal: (a == b).sum().", False)
    if 0 < answer < 1:
        return Feedback("That looks like a fraction. Count pixels instead: a whole number "
                        f"between 0 and {size}.", False)
    return Feedback(f"Not yet: {answer} is not the count. Compare the grids "
                    "element by element with ==, then add up the True values.", False)


# --- 01 filtering ----------------------------------------------------------

def check_window_mean(answer, image, kernel, row, col):
    """Exercise: the map's value at (row, col): the mean of the element-wise
    products of the kernel and the window under it."""
    if _unanswered(answer):
        return _unanswered(answer)
    from cnnlib.filtering import convolve
    full = convolve(image, kernel)
    expected = full[row, col]
    k = int(np.size(kernel))
    if np.ndim(answer) == 0 and np.isscalar(answer) and not isinstance(answer, (str, bytes)):
        if np.isclose(answer, full[col, row], atol=0.005) and not np.isclose(expected, full[col, row]):
            return Feedback("That is the value at (col, row): rows go down, columns go "
                            "across, and the window starts at image[row, col].", False)
    return check_array(answer, expected, what="the window's mean", mean_of=k)


def check_output_size(answer, n, k, stride=1, padding=0):
    """Exercise: the side of the map for an n x n image and a k x k kernel."""
    if _unanswered(answer):
        return _unanswered(answer)
    from cnnlib.filtering import output_size
    expected = output_size(n, k, stride, padding)
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        return Feedback(f"Give a whole number of positions; got {describe(answer)}. "
                        "Hint: // divides and rounds down.", False)
    if answer == expected:
        return Feedback(f"Correct: ({n} + 2×{padding} − {k}) // {stride} + 1 = {expected}.", True)
    if padding and answer == output_size(n, k, stride, 0):
        return Feedback("The padding adds a border on both sides: n + 2*padding.", False)
    if padding and answer == (n + padding - k) // stride + 1:
        return Feedback("The padding goes on both sides, so it counts twice: 2*padding.", False)
    if answer == expected - 1:
        return Feedback("One short: add 1 for the kernel's first position.", False)
    if answer == -(-(n + 2 * padding - k) // stride) + 1:
        return Feedback("Round down, not up: a window that would hang over the edge "
                        "is not taken.", False)
    return Feedback(f"Not yet. Use (n + 2*padding - k) // stride + 1 with n={n}, "
                    f"k={k}, stride={stride}, padding={padding}.", False)


def check_map(answer, image, kernel, stride=1, padding=0):
    """Exercise: the whole map of image filtered by kernel."""
    if _unanswered(answer):
        return _unanswered(answer)
    from cnnlib.filtering import convolve
    expected = convolve(image, kernel, stride=stride, padding=padding)
    return check_array(answer, expected, what="your map", mean_of=int(np.size(kernel)))



# --- 02 pooling ------------------------------------------------------------

def check_pooled(answer, values, size=2, stride=2, keep_edges=True):
    """Exercise: max pooling of a map by hand (the lecture keeps partial edge windows)."""
    if _unanswered(answer):
        return _unanswered(answer)
    expected = max_pool(values, size=size, stride=stride, keep_edges=keep_edges)
    shape = np.shape(answer)
    if keep_edges and shape != expected.shape:
        dropped = max_pool(values, size=size, stride=stride, keep_edges=False)
        if shape == dropped.shape:
            return Feedback(f"Shape {shape}: the partial windows at the right and bottom "
                            f"edges were dropped. Keep them: they give {expected.shape}.", False)
    if shape == expected.shape:
        from cnnlib.filtering import windows
        got = np.asarray(answer, float)
        h, w = expected.shape
        x = np.asarray(values, float)
        if x.shape[0] >= (h - 1) * stride + size and x.shape[1] >= (w - 1) * stride + size:
            means = windows(x, size, size, stride)[:h, :w].mean(axis=(-2, -1))
            if np.allclose(got, means, atol=0.005) and not np.allclose(got, expected, atol=0.005):
                return Feedback("Those are the means of the windows. Max pooling keeps "
                                "the largest value.", False)
    return check_array(answer, expected, what="your pooled map")


def check_pool_size(answer, n, size=2, stride=2, padding=0, keep_edges=True):
    """Exercise: the side of the pooled map."""
    if _unanswered(answer):
        return _unanswered(answer)
    from cnnlib.pooling import pool_size
    expected = pool_size(n, size, stride, padding, keep_edges)
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        return Feedback(f"Give a whole number; got {describe(answer)}.", False)
    if answer == expected:
        return Feedback(f"Correct: the pooled map is {expected}×{expected}.", True)
    other = pool_size(n, size, stride, padding, not keep_edges)
    if answer == other:
        rule = ("keep the partial window at the edge: round up" if keep_edges
                else "drop the partial window at the edge: round down")
        return Feedback(f"Close: here we {rule}.", False)
    return Feedback("Not yet. Count where the windows start: 0, stride, 2*stride, ... "
                    f"while the start is inside the (padded) map of side {n + 2 * padding}.",
                    False)


# --- 03 relu ---------------------------------------------------------------

def check_relu_pool(answer, values):
    """Exercise: ReLU, then 2x2 max pooling with stride 2, of a small map by hand."""
    values = np.asarray(values, float)
    expected = max_pool(relu(values))
    got = np.asarray(answer, float) if np.shape(answer) == expected.shape else None
    if got is not None and not np.allclose(got, expected, atol=0.005):
        if np.allclose(got, max_pool(np.abs(values)), atol=0.005):
            return Feedback("ReLU does not flip signs: a negative becomes 0, not its "
                            "absolute value.", False)
        if np.allclose(got, max_pool(values), atol=0.005):
            return Feedback("Those are the pooled values before ReLU: a window whose "
                            "largest value is negative gives 0 after ReLU.", False)
    if got is None and np.shape(answer) == values.shape:
        return Feedback(f"That has the shape of the map, {values.shape}. Now pool it: "
                        f"2x2 windows with stride 2 give {expected.shape}.", False)
    return check_array(answer, expected, what="the pooled map")


# --- 04 stacking -----------------------------------------------------------

def check_stack_shapes(answer, layers, repeats=1, size=9):
    """Exercise: predict the shape (maps, rows, columns) after every layer of
    stack(size x size picture, layers, repeats), the input's (1, size, size) first."""
    expected = shapes(stack(-np.ones((size, size)), layers, repeats))
    try:
        got = [tuple(int(n) for n in shape) for shape in answer]
    except (TypeError, ValueError):
        return Feedback(f"Give a list of shapes like [(1, {size}, {size}), (3, 7, 7), ...], "
                        f"got {describe(answer)}.", False)
    if len(got) != len(expected):
        return Feedback(f"There should be {len(expected)} shapes: the input, then one "
                        f"per layer applied ({len(expected) - 1}); you gave {len(got)}.", False)
    for i, (g, e) in enumerate(zip(got, expected)):
        if g != e:
            name = stack(-np.ones((size, size)), layers, repeats)[i].name
            hint = {"filter": "a 3x3 filter without padding takes one cell off each side "
                              "(n - 3 + 1), and there are as many maps as features",
                    "pool": "2x2 pooling with stride 2 keeps the partial edge window: "
                            "ceil(n / 2)",
                    "relu": "ReLU never changes the shape",
                    "input": "the input is one map"}[name]
            return Feedback(f"Shape {i} (after {name}) should be {e}, you gave {g}: "
                            f"{hint}.", False)
    return Feedback("Correct: every shape matches.", True)


# --- 05 voting -------------------------------------------------------------

def check_vote(answer, values, weights):
    """Exercise: one class's vote by hand, sum(w * v) / sum(w)."""
    values, weights = np.asarray(values, float).ravel(), np.asarray(weights, float).ravel()
    expected = weights @ values / weights.sum()
    try:
        got = float(np.asarray(answer, float))
    except (TypeError, ValueError):
        return Feedback(f"The vote is one number, got {describe(answer)}.", False)
    if not np.isclose(got, expected, atol=0.005):
        if np.isclose(got, weights @ values, atol=0.005):
            return Feedback("That is the weighted sum. A vote is an average: divide by "
                            f"the sum of the weights ({weights.sum():g}).", False)
        if np.isclose(got, values.mean(), atol=0.005):
            return Feedback("That is the plain mean of the values. Weight each value "
                            "first: sum(w * v) / sum(w).", False)
        if np.isclose(got, (weights @ values) / values.size, atol=0.005):
            return Feedback("Divide by the sum of the weights, not by the number of "
                            "values.", False)
    return check_array(got, expected, what="the vote")


# --- 06 training -----------------------------------------------------------

def check_descent_step(answer, weight, slope, learning_rate):
    """Exercise: one gradient-descent step, weight - learning_rate * slope."""
    if answer is None:
        return Feedback("Replace None with your answer: the weight after one step.", False)
    # Worked by hand from the weight and slope printed to 4 decimals, an answer is off
    # by up to (1 + learning_rate) * 0.00005; rounded to 2 decimals, by up to 0.005 more.
    atol = 0.005 + (1 + abs(learning_rate)) * 0.00005 + 1e-9
    expected = weight - learning_rate * slope
    got = np.asarray(answer, float).sum() if np.size(answer) == 1 else None
    close = lambda value: got is not None and abs(got - value) <= atol  # noqa: E731
    far = abs(learning_rate * slope) > 2 * atol      # the mistakes below are tellable apart
    if not close(expected) and far:
        if close(weight + learning_rate * slope):
            return Feedback("That step went uphill: the slope points up the hill, so "
                            "subtract learning_rate * slope.", False)
        if learning_rate != 1 and close(weight - slope):
            return Feedback("You subtracted the slope itself. Multiply it by the learning "
                            f"rate first: weight - {learning_rate:g} * slope.", False)
        if learning_rate != 1 and close(weight + slope):
            return Feedback("Two things: the slope must be multiplied by the learning rate, "
                            "and subtracted (downhill), not added.", False)
        if close(learning_rate * slope) or close(-learning_rate * slope):
            return Feedback("That is the size of the step. Subtract it from the weight: "
                            "weight - learning_rate * slope.", False)
    feedback = check_array(answer, expected, what="the new weight", atol=atol)
    if feedback.correct:
        return feedback
    return Feedback(f"{feedback} (Rounding is fine: working from the printed numbers, any "
                    f"answer within {atol:.4f} of the exact step counts, so two decimals "
                    f"are enough.)", False)


# --- 07 adversarial --------------------------------------------------------

def check_fgsm(answer, grid, gradient, epsilon):
    """Exercise: FGSM by hand, clip(grid + epsilon * sign(gradient), -1, 1)."""
    if answer is None:
        return Feedback("Replace None with your answer: the attacked grid, "
                        "an array the shape of the picture.", False)
    grid, gradient = np.asarray(grid, float), np.asarray(gradient, float)
    expected = np.clip(grid + epsilon * np.sign(gradient), -1, 1)
    got = np.asarray(answer, float) if np.shape(answer) == grid.shape else None
    if got is not None and not np.allclose(got, expected, atol=1e-6):
        if np.allclose(got, grid + epsilon * np.sign(gradient), atol=1e-6):
            return Feedback("Nearly: some pixels went past +1 or -1. Clip the "
                            "result to [-1, 1] (np.clip).", False)
        if np.allclose(got, np.clip(grid + epsilon * gradient, -1, 1), atol=1e-6):
            return Feedback("You moved along the gradient itself. FGSM moves every "
                            "pixel by the same epsilon: use np.sign(gradient).", False)
        if np.allclose(got, np.clip(grid - epsilon * np.sign(gradient), -1, 1), atol=1e-6):
            return Feedback("That lowers the loss (it helps the network). Move UP "
                            "the gradient: add epsilon * sign.", False)
    return check_array(answer, expected, what="the attacked grid", atol=1e-6)


# --- 08 beyond images ------------------------------------------------------

def check_phrase_feature(answer, phrase="very bad"):
    """Exercise: the (vocabulary, words) feature that finds `phrase`: +1 at
    each word's row in its column, -1 everywhere else (text.one_hot(phrase))."""
    from cnnlib.beyond.text import VOCABULARY, one_hot
    expected = one_hot(phrase)
    if answer is None:
        return Feedback(f"Replace None with your {expected.shape} array: one row per "
                        f"vocabulary word, one column per word of the phrase.", False)
    if np.shape(answer) == expected.shape[::-1] != expected.shape:
        return Feedback(f"Rows and columns are swapped: the grid has one row per vocabulary "
                        f"word ({len(VOCABULARY)}) and one column per word of the phrase.", False)
    if np.shape(answer) == expected.shape and np.allclose(np.asarray(answer, float),
                                                          (expected + 1) / 2):
        return Feedback("Close: that is the 0/1 one-hot. In our grids 'not this word' "
                        "is -1, as the background pixels are; use -1 instead of 0.", False)
    return check_array(answer, expected, what="your phrase feature")


# --- 10 your own drawings ----------------------------------------------------

def check_augmented_count(answer, per_class, classes, shifts=4):
    """Exercise: how many training pictures augment() makes from per_class
    drawings of each of `classes` classes, with `shifts` shifted copies each."""
    drawn = per_class * classes
    expected = drawn * (1 + shifts)
    if answer is None:
        return Feedback("Replace None with a whole number: the training pictures after augmenting.", False)
    if answer == drawn * shifts:
        return Feedback("Nearly: that counts only the shifted copies. The drawings "
                        "themselves stay in the training set too.", False)
    if answer == drawn:
        return Feedback("That is just the drawings. Each one also gets a copy moved one "
                        f"pixel up, down, left and right ({shifts} copies).", False)
    return check_array(answer, expected, what="the number of training pictures", atol=0)


# --- 11 real data ------------------------------------------------------------

def check_recall(answer, matrix, digit):
    """Exercise: the fraction of the test pictures of `digit` the model got
    right, from the confusion matrix (rows: the true digit)."""
    matrix = np.asarray(matrix)
    expected = matrix[digit, digit] / matrix[digit].sum()
    if answer is None:
        return Feedback(f"Replace None with a fraction between 0 and 1: how many of the "
                        f"{digit}'s did the model call {digit}?", False)
    if matrix[:, digit].sum() and np.isclose(float(answer), matrix[digit, digit] / matrix[:, digit].sum(), atol=1e-3) \
            and not np.isclose(float(answer), expected, atol=1e-3):
        return Feedback(f"You divided by the column: everything the model CALLED {digit}. "
                        f"Divide by the row: every picture that WAS a {digit}.", False)
    if np.isclose(float(answer), matrix[digit, digit], atol=0.5) and matrix[digit, digit] > 1:
        return Feedback("That is a count. Divide it by the number of test pictures of that "
                        "digit (the sum of its row).", False)
    return check_array(answer, expected, what=f"the {digit}'s right", atol=1e-3)
