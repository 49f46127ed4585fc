"""Text as a word-by-position grid, and the one-row filter that finds a phrase."""
import numpy as np
import pytest

from cnnlib.beyond import text


def test_one_hot_has_one_plus_one_per_column_and_decodes_back():
    grid = text.one_hot("the film was not good")
    assert grid.shape == (len(text.VOCABULARY), 5)
    assert ((grid == 1).sum(axis=0) == 1).all() and ((grid == -1).sum() == grid.size - 5)
    assert grid[text.VOCABULARY.index("not"), 3] == 1
    assert text.decode(grid) == "the film was not good"


def test_phrase_map_is_one_row_and_one_where_the_phrase_stands():
    m = text.find_phrase("the film was really not good", "not good")
    assert m.shape == (5,)
    assert m[4] == pytest.approx(1.0)
    # elsewhere both words differ: each flips 2 of the 2V cells' products
    # from +1 to -1, so each costs 4/(2V)
    v = len(text.VOCABULARY)
    assert np.allclose(m[:4], 1 - 2 * 4 / (2 * v))


def test_one_word_right_scores_in_between():
    m = text.find_phrase("the film was not very good", "not good")
    v = len(text.VOCABULARY)
    assert m[3] == pytest.approx(1 - 4 / (2 * v))        # "not very": first word right
    assert m.max() < 1


def test_filter_agrees_with_string_matching_on_many_sentences():
    sentences = text.make_sentences(np.random.default_rng(0), 200)
    for phrase in ("not good", "very bad", "really not fun", "film was"):
        found = [np.isclose(text.find_phrase(s, phrase).max(), 1.0) for s in sentences]
        truth = [text.contains(s, phrase) for s in sentences]
        assert found == truth
        assert 0 < sum(truth) or phrase == "really not fun"


def test_sentences_are_seeded_and_well_formed():
    a = text.make_sentences(np.random.default_rng(5), 20)
    assert a == text.make_sentences(np.random.default_rng(5), 20)
    for s in a:
        assert len(s) == 6 and s[0] == "the" and s[2] == "was" and s[3] != s[4]


@pytest.mark.parametrize("call, error, words", [
    (lambda: text.one_hot("the cat sat"), ValueError, ["'cat'", "'sat'", "vocabulary"]),
    (lambda: text.one_hot(42), TypeError, ["sentence", "42"]),
    (lambda: text.find_phrase("the film", "the film was"), ValueError, ["3 words", "2"]),
    (lambda: text.decode(np.ones((3, 4))), ValueError, ["one row per vocabulary word", "3 rows"]),
    (lambda: text.make_sentences(0, 3), TypeError, ["rng", "default_rng"]),
])
def test_bad_input_is_explained(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_phrase_exercise_check():
    from cnnlib.exercises import check_phrase_feature
    right = text.one_hot("very bad")
    assert check_phrase_feature(right).correct
    assert "swapped" in check_phrase_feature(right.T)
    assert "0/1" in check_phrase_feature((right + 1) / 2)
    assert "Replace None" in check_phrase_feature(None)
    assert not check_phrase_feature(text.one_hot("not bad")).correct
    assert check_phrase_feature(text.one_hot("not good"), phrase="not good").correct
