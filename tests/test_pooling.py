"""Pooling's claims in notebooks 02 and 03: what 2x2 pooling buys against
one-pixel moves, and which poolings commute with ReLU."""
import itertools

import numpy as np
import pytest

import cnnlib as c
from cnnlib.pooling import map_similarity, random_pictures, rank_pool, shift_change

X, FEATURES = c.load_grid("x"), c.load_features()
MOVES = [(dy, dx) for dy, dx in itertools.product((-1, 0, 1), repeat=2) if dy or dx]


SIMILAR = {move: map_similarity(X, c.transforms.shift(X, *move), FEATURES) for move in MOVES}
O_SIMILAR = map_similarity(X, c.load_grid("o"), FEATURES)
STRAIGHT = [m for m in MOVES if 0 in m]
DIAGONAL = [m for m in MOVES if 0 not in m]


def test_pooling_raises_the_cosine_for_every_one_pixel_move():
    """Notebook 02: measured scale-free (cosine similarity to the X's maps),
    2x2 stride-2 pooling brings the moved X's maps closer to the X's for all
    8 moves ((1, 1): .701 -> .822; the smallest gain, (-1, 1): .701 -> .797).
    The controls below show this rise alone means little."""
    for move, (relu_similar, pooled_similar) in SIMILAR.items():
        assert pooled_similar - relu_similar > 0.09, move
    assert SIMILAR[(1, 1)] == pytest.approx((0.701, 0.822), abs=5e-4)


def test_the_absolute_change_misleads_because_pooled_values_are_larger():
    """Notebook 02: the mean |change| per cell grows with pooling for three of
    the four diagonal moves ((1, 1): .181 -> .255), because a pooled cell holds
    .509 on average against .232 for a ReLU cell, more than twice as much."""
    grows = [m for m in DIAGONAL if shift_change(X, FEATURES, *m)[1] > shift_change(X, FEATURES, *m)[0]]
    assert grows == [(-1, 1), (1, -1), (1, 1)]
    relu_maps = c.relu(c.convolve(X, FEATURES))
    assert c.max_pool(relu_maps).mean() > 2 * relu_maps.mean()


def test_against_the_o_pooling_helps_most_with_straight_moves():
    """Notebook 02's control: pooling makes the O more like the X too (.666 ->
    .787). A straight move leaves the X less like itself than the O before
    pooling (.114) and more after (.826, .848); a diagonal move keeps the
    moved X only a little ahead of the O (.797, .822), except (-1, -1) (.938)."""
    assert O_SIMILAR[1] > O_SIMILAR[0]
    for move in STRAIGHT:
        assert SIMILAR[move][0] < O_SIMILAR[0] - 0.5, move
        assert SIMILAR[move][1] > O_SIMILAR[1] + 0.03, move
    for move in DIAGONAL:
        lead_before, lead_after = (SIMILAR[move][k] - O_SIMILAR[k] for k in (0, 1))
        assert 0 < lead_before < 0.05, move
        assert (lead_after > 0.1) if move == (-1, -1) else (0 < lead_after < 0.05), move


def test_map_similarity_is_one_for_the_same_pattern_and_refuses_empty_maps():
    assert map_similarity(X, X, FEATURES) == pytest.approx((1.0, 1.0))
    with pytest.raises(ValueError, match="b's maps are all zero"):
        map_similarity(X, np.ones((9, 9)), c.load_feature("diagonal")[None] * 0 - 1)
    with pytest.raises(ValueError, match="same size"):
        map_similarity(X, np.ones((7, 7)), FEATURES)


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


RANDOMS = random_pictures(50, np.mean(X > 0), np.random.default_rng(0))
RANDOM_SIMILAR = np.array([map_similarity(X, r, FEATURES) for r in RANDOMS])     # (50, 2)


def test_pooling_raises_the_cosine_of_random_pictures_more_than_of_diagonal_moves():
    """Notebook 02's second control: every one of 50 random pictures becomes
    more like the X after pooling (.452 -> .804 on average, +.351), a larger
    rise than any diagonal move's, so a rise alone shows nothing."""
    gains = RANDOM_SIMILAR[:, 1] - RANDOM_SIMILAR[:, 0]
    assert (gains > 0).all()
    for move in DIAGONAL:
        assert SIMILAR[move][1] - SIMILAR[move][0] < gains.mean() - 0.1, move


def test_the_margin_over_random_pictures_grows_for_straight_moves_and_shrinks_for_diagonal_ones():
    """Notebook 02: a straight move beats none of the 50 random pictures before
    pooling and 37 or 43 after; a diagonal move beats all 50 before and only
    25, 25 or 35 after, except (-1, -1), which keeps all 50."""
    beats = {m: (np.array(SIMILAR[m]) > RANDOM_SIMILAR).sum(axis=0) for m in MOVES}
    for move in STRAIGHT:
        assert beats[move][0] == 0 and beats[move][1] >= 35, move
    for move in DIAGONAL:
        assert beats[move][0] == 50, move
        assert beats[move][1] == 50 if move == (-1, -1) else beats[move][1] <= 40, move


def test_random_pictures_are_seeded_and_checked():
    a, b = (random_pictures(5, 0.2, np.random.default_rng(1)) for _ in range(2))
    np.testing.assert_array_equal(a, b)
    assert a.shape == (5, 9, 9) and set(np.unique(a)) <= {-1.0, 1.0}
    assert (random_pictures(3, 0.0, np.random.default_rng(0)) == -1).all()
    with pytest.raises(TypeError, match="rng"):
        random_pictures(5, 0.2, 0)
    with pytest.raises(ValueError, match="stroke"):
        random_pictures(5, 1.5, np.random.default_rng(0))


def test_pooling_step_holds_the_window_its_max_and_the_pooled_map_so_far():
    from cnnlib.pooling import pooling_step
    m = c.convolve(c.load_grid("x"), c.load_feature("diagonal"))
    step = pooling_step(m, 3)                       # the last window of the first row
    assert (step.row, step.col) == (0, 3) and step.partial
    np.testing.assert_array_equal(step.window[:, 0], m[0:2, 6])
    assert np.isnan(step.window[:, 1]).all()
    assert step.value == m[0:2, 6].max() == step.window[step.best]
    np.testing.assert_array_equal(step.pooled_full, c.max_pool(m))
    shown = step.pooled_shown.ravel()
    assert not np.isnan(shown[:4]).any() and np.isnan(shown[4:]).all()
    drop = pooling_step(m, 0, keep_edges=False)
    assert drop.pooled_full.shape == (3, 3) and drop.covered == (6, 6)
    assert pooling_step(m, 10 ** 6).position == 15
    with pytest.raises(ValueError, match="values"):
        pooling_step(np.ones((2, 7, 7)))
