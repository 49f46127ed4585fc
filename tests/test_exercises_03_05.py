"""The checks for notebooks 03-05 accept the right answer and give the
right hint for each likely mistake."""
import numpy as np

import cnnlib as c
from cnnlib.exercises import check_relu_pool, check_stack_shapes, check_vote

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
