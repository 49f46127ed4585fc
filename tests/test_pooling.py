"""Pooling's claims in notebooks 02 and 03: what 2x2 pooling buys against
one-pixel moves, and which poolings commute with ReLU."""
import itertools

import numpy as np
import pytest

import cnnlib as c
from cnnlib.pooling import rank_pool, shift_change

X, FEATURES = c.load_grid("x"), c.load_features()
MOVES = [(dy, dx) for dy, dx in itertools.product((-1, 0, 1), repeat=2) if dy or dx]


def test_pooling_halves_what_a_straight_move_changes_but_not_every_diagonal_one():
    """Issue 9, point 3: cell by cell, 2x2 stride-2 pooling makes a one-pixel move
    along a row or a column matter less, but the (1, 1) move the old demo used
    changes the pooled maps more than the ReLU maps (so do (1, -1) and (-1, 1));
    only (-1, -1) is helped."""
    change = {move: shift_change(X, FEATURES, *move) for move in MOVES}
    straight = [m for m in MOVES if 0 in m]
    for move in straight:
        relu_change, pooled_change = change[move]
        assert pooled_change < 0.7 * relu_change, move
    helped = [m for m in MOVES if 0 not in m and change[m][1] < change[m][0]]
    assert helped == [(-1, -1)]
    relu_change, pooled_change = change[(1, 1)]
    assert pooled_change > relu_change


def test_the_whole_map_maximum_ignores_moves_with_or_without_pooling():
    """The old evidence (the best value per feature) is the same for the
    unpooled maps: it is not what 2x2 pooling buys."""
    for move in MOVES:
        moved = c.transforms.shift(X, *move)
        best = c.relu(c.convolve(moved, FEATURES)).max(axis=(1, 2))
        assert np.allclose(best, c.relu(c.convolve(X, FEATURES)).max(axis=(1, 2)))


@pytest.mark.parametrize("rank", range(4))
@pytest.mark.parametrize("fn", [c.relu, np.tanh, lambda v: np.floor(3 * v)],
                         ids=["relu", "tanh", "step"])
def test_every_order_statistic_pooling_commutes_with_a_non_decreasing_function(rank, fn):
    """Issue 9, point 5: not only the max: min pooling (rank 3 of a 2x2 window)
    and every rank commute with ReLU and any non-decreasing function."""
    maps = np.random.default_rng(rank).uniform(-1, 1, (3, 8, 8))
    np.testing.assert_allclose(rank_pool(fn(maps), rank), fn(rank_pool(maps, rank)))


def test_rank_pool_ends_are_max_and_min_pooling():
    maps = c.convolve(X, FEATURES)
    np.testing.assert_array_equal(rank_pool(maps, 0), c.max_pool(maps, keep_edges=False))
    np.testing.assert_array_equal(rank_pool(maps, 3), -c.max_pool(-maps, keep_edges=False))


def test_average_pooling_does_not_commute_with_relu():
    window = np.array([[-0.3, 0.5], [-0.1, 0.2]])
    assert c.relu(window.mean()) != pytest.approx(c.relu(window).mean())


def test_rank_out_of_range_is_explained():
    with pytest.raises(ValueError, match="rank must be below the 4 values"):
        rank_pool(np.zeros((4, 4)), 4)
