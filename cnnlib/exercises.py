"""Checks for the notebooks' exercises: a friendly hint on a wrong answer.

check_array(answer, expected) compares a student's array and explains the
most likely mistake: the wrong shape (off by one?), the wrong sign, or the
sum instead of the mean. Each notebook's exercises call it with the right
expected value; the topic-specific checks live below, one section per notebook.
"""
import numpy as np

from cnnlib._checks import _describe


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
                        f"but it is {_describe(answer)}.", False)
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


# --- 01 filtering ----------------------------------------------------------

# --- 02 pooling ------------------------------------------------------------

# --- 03 relu ---------------------------------------------------------------

# --- 04 stacking -----------------------------------------------------------

# --- 05 voting -------------------------------------------------------------

# --- 06 training -----------------------------------------------------------

def check_descent_step(answer, weight, slope, learning_rate):
    """Exercise: one gradient-descent step, weight - learning_rate * slope."""
    expected = weight - learning_rate * slope
    if np.isclose(np.asarray(answer, float).sum(), weight + learning_rate * slope) \
            and not np.isclose(slope, 0):
        return Feedback("That step went uphill: the slope points up the hill, so "
                        "subtract learning_rate * slope.", False)
    return check_array(answer, expected, what="the new weight", atol=1e-6)


# --- 07 adversarial --------------------------------------------------------

def check_fgsm(answer, grid, gradient, epsilon):
    """Exercise: FGSM by hand, clip(grid + epsilon * sign(gradient), -1, 1)."""
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
