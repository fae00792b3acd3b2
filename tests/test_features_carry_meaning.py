"""Model features hold a content word: no n-gram of only stop-words, punctuation, emoji, numbers,
@handles or URLs, so the model cannot learn writing habits from them or explain a flag with them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from smrisk.model.linear import gram_strings, ngrams
from smrisk.model.tokens import HANDLE, NUMBER, URL, is_content_word, tokenize


def _words(gram: str) -> list[str]:
    return gram[2:].split(" ")


def test_habit_tokens_make_no_feature_on_their_own() -> None:
    text = "in the 😉 @SouthwestAir 1234 https://t.co/xYz12 !!! how about I am #, ngl lol"
    assert gram_strings(text, 2, None) == []


def test_placeholders_stand_in_for_handles_urls_and_numbers() -> None:
    tokens = tokenize("@bob door code is 4471, see https://t.co/ab12")
    assert [t.text for t in tokens] == [HANDLE, "door", "code", "is", NUMBER, ",", "see", URL]
    assert [t.content for t in tokens] == [False, True, True, False, False, False, False, False]


def test_a_content_word_carries_its_neighbours() -> None:
    grams = gram_strings("the door code is 4471", 2, None)
    assert "w:door" in grams and "w:code is" in grams and "w:the door" in grams
    assert "w:is 0" not in grams  # "is" and a number: nothing a reviewer could read


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "in", "a", "1234", "@acme", "😉", "!", "https://x.co/a", "lol", "idiot", "code",
                                 "door", "5", "is", "not", "Q3", "leak"]), max_size=12))
def test_every_feature_holds_a_content_word_and_no_digits_of_a_number(words: list[str]) -> None:
    text = " ".join(words)
    for gram in gram_strings(text, 3, (3, 4)):
        if gram.startswith("w:"):
            assert any(is_content_word(w) for w in _words(gram)), gram
            assert "1234" not in gram and " 5" not in gram, gram
    for gram, start, end in ngrams(text, 2, None):
        assert text[start:end], gram


def test_spans_cover_the_words_of_their_gram() -> None:
    text = "Our  idiot manager @ceo"
    for gram, start, end in ngrams(text, 2, None):
        if gram.startswith("w:"):
            assert text[start:end].split()[0].lower() == _words(gram)[0].lower() or _words(gram)[0] == HANDLE
