"""Text as a picture: a word-by-position grid, and a filter that finds a phrase.

A sentence of L words over a vocabulary of V words becomes a (V, L) grid:
row v, column p is +1 if word v stands at position p, else -1 (one-hot, in
the lecture's +1/-1 colours). A phrase of k words is a (V, k) feature made
the same way. Filtering it along the sentence (cnnlib.convolve: the mean of
products, exactly as for images) gives a map one row tall: 1.00 where the
phrase stands, less where it does not.
"""
import numpy as np

from cnnlib._checks import as_array, as_int, as_rng, describe
from cnnlib.filtering import convolve

VOCABULARY = ("the", "film", "plot", "was", "not", "very", "really", "good", "bad", "fun")
NOUNS = ("film", "plot")
MODIFIERS = ("not", "very", "really")
ADJECTIVES = ("good", "bad", "fun")


def _words(sentence, name, vocabulary):
    if isinstance(sentence, str):
        sentence = sentence.split()
    if not isinstance(sentence, (list, tuple)) or not sentence:
        raise TypeError(f"{name} must be a sentence (a string of words or a list of words), "
                        f"got {describe(sentence)}")
    if not all(isinstance(w, str) for w in sentence):
        raise TypeError(f"{name} must be words (strings), got {describe(sentence)}")
    unknown = [w for w in sentence if w not in vocabulary]
    if unknown:
        raise ValueError(f"{name}: unknown word(s) {', '.join(map(repr, unknown))}; "
                         f"the vocabulary is: {' '.join(vocabulary)}")
    return list(sentence)


def _vocabulary(vocabulary):
    """A tuple of distinct words."""
    if isinstance(vocabulary, str) or not isinstance(vocabulary, (list, tuple)) or not vocabulary \
            or not all(isinstance(w, str) for w in vocabulary) or len(set(vocabulary)) < len(vocabulary):
        raise TypeError(f"vocabulary must be a list of distinct words, got {describe(vocabulary)}")
    return tuple(vocabulary)


def one_hot(sentence, vocabulary=VOCABULARY):
    """A sentence as a (V, L) grid: +1 at (word, position), -1 elsewhere.

    sentence: a string "the film was good" or a list of words.
    """
    vocabulary = _vocabulary(vocabulary)
    words = _words(sentence, "sentence", vocabulary)
    grid = -np.ones((len(vocabulary), len(words)))
    grid[[vocabulary.index(w) for w in words], np.arange(len(words))] = 1.0
    return grid


def decode(grid, vocabulary=VOCABULARY):
    """The inverse of one_hot: the word with the largest value in each column."""
    vocabulary = _vocabulary(vocabulary)
    grid = as_array(grid, "grid", (2,), "a 2-D word-by-position grid (V, L)")
    if grid.shape[0] != len(vocabulary):
        raise ValueError(f"grid must have one row per vocabulary word ({len(vocabulary)}), "
                         f"got {grid.shape[0]} rows")
    return " ".join(vocabulary[i] for i in grid.argmax(axis=0))


def phrase_feature(phrase, vocabulary=VOCABULARY):
    """The feature that finds a phrase: its one-hot grid, shape (V, k)."""
    words = _words(phrase, "phrase", _vocabulary(vocabulary))
    return one_hot(words, vocabulary)


def find_phrase(sentence, phrase, vocabulary=VOCABULARY):
    """Slide the phrase's feature along the sentence: a map of shape (L - k + 1,).

    The feature is as tall as the vocabulary, so it can only move sideways:
    the map is one row. A value of 1.00 means the phrase starts there; each
    word that differs flips two products from +1 to -1, costing 4 / (V * k).
    """
    grid = one_hot(sentence, vocabulary)
    feature = phrase_feature(phrase, vocabulary)     # checks the phrase, naming it
    if feature.shape[1] > grid.shape[1]:
        raise ValueError(f"phrase has {feature.shape[1]} words but the sentence only "
                         f"{grid.shape[1]}; use a shorter phrase")
    return convolve(grid, feature)[0]


def make_sentences(rng, count):
    """`count` random six-word reviews "the NOUN was MOD MOD ADJ", as lists of words.

    rng: a numpy.random.Generator. The two modifiers differ ("not very good",
    "really not fun", ...), so a phrase such as "not good" is there in some
    sentences and split apart in others.
    """
    rng = as_rng(rng)
    count = as_int(count, "count", 0, 10**6)
    sentences = []
    for _ in range(count):
        first, second = rng.choice(len(MODIFIERS), size=2, replace=False)
        sentences.append(["the", NOUNS[rng.integers(len(NOUNS))], "was", MODIFIERS[first],
                          MODIFIERS[second], ADJECTIVES[rng.integers(len(ADJECTIVES))]])
    return sentences


def contains(sentence, phrase):
    """True if the phrase's words stand side by side in the sentence (plain
    string matching, the reference the filter is checked against)."""
    words, target = _words(sentence, "sentence", VOCABULARY), _words(phrase, "phrase", VOCABULARY)
    k = len(target)
    return any(words[i:i + k] == target for i in range(len(words) - k + 1))
