"""Normalisation: de-obfuscation table, and offsets that always point into the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smrisk.normalize import Normalizer

NORMALIZER = Normalizer(["idiot", "shit", "fuck", "fucking", "cocaine", "kickback", "stupid", "loser"])


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("you 1d10t", "you idiot"),
        ("sh1t happens", "shit happens"),
        ("f.u.c.k you", "fuck you"),
        ("f u c k this", "fuck this"),
        ("you are a f u c k i n g loser", "you are a fucking loser"),  # "a" before the spaced letters joins their run
        ("u r a s t u p i d", "u r a stupid"),
        ("stuuuupid", "stupid"),
        ("c0caine", "cocaine"),
        ("k1ckback", "kickback"),
        ("ѕhіt", "shit"),  # Cyrillic look-alikes
        ("you ìdìot", "you idiot"),  # accents on a target word's letters
        ("café naïve", "café naïve"),  # accented words that spell no target stay as written
        ("zero\u200bwidth", "zerowidth"),
        ("ｆｕｌｌ width", "full width"),
        ("sh*t", "shit"),
        ("L0SER!!", "loser!!"),
        # near misses: ordinary tokens with digits are never rewritten
        ("covid19 q3 b2b 4k mp3", "covid19 q3 b2b 4k mp3"),
        ("I am a U S citizen", "i am a u s citizen"),
        ("soooo good", "soo good"),
        # starred-out words, however many letters the stars hide, with or without fold targets
        ("this is f***ing awful", "this is fucking awful"),
        ("F**K OFF", "fuck off"),
        ("you a**hole", "you asshole"),
        ("s*** happens", "shit happens"),
        ("n*****s", "niggers"),
        # stars that hide no word: a footnote, emphasis, a length that fits no starred word
        ("as* noted, any* item", "as* noted, any* item"),
        ("**bold** and *sigh*", "**bold** and *sigh*"),
        ("f* this", "f* this"),
        ("q*** it", "q*** it"),
    ],
)
def test_folding(text: str, folded: str) -> None:
    assert NORMALIZER(text).folded.text == folded


def test_starred_out_words_are_read_by_a_normalizer_without_targets_as_training_reads_them() -> None:
    assert Normalizer()("go f*** yourself").folded.text == "go fuck yourself"


def test_clean_layer_keeps_case_and_digits() -> None:
    result = NORMALIZER("Key AKIA1234 in 1d10t")
    assert result.clean.text == "Key AKIA1234 in 1d10t"


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_offsets_stay_inside_the_original(text: str) -> None:
    result = NORMALIZER(text)
    for layer in (result.clean, result.folded):
        if layer.offsets is not None:
            assert len(layer.offsets) == len(layer.text)
            assert all(0 <= o < len(text) for o in layer.offsets)
            assert list(layer.offsets) == sorted(layer.offsets)
        start, end = layer.to_original(0, len(layer.text))
        assert 0 <= start <= end <= len(text)


REFERENCE = Normalizer(NORMALIZER.fold_targets, reference=True)
# the characters obfuscation is made of, so that most generated texts hold something to fold
_TRICKY = st.lists(st.sampled_from(["sh", "i", "t", "fuck", "id", "o", "ooo", "0", "1", "3", "4", "@", "$", "!", "|", "*", "+",
                                     ".", "_", "-", " ", "\n", "\u200b", "ѕ", "і", "\xa0", "ｆ", "S", "O", "t.co", "é"]),
                   max_size=30).map("".join)


@given(st.one_of(_TRICKY, st.text(max_size=60)))
@settings(max_examples=500, deadline=None)
def test_fast_normalisation_equals_the_reference(text: str) -> None:
    """Runs of word characters looked up once each give what trying the word pattern at every
    position gives: the same layers, offset for offset (None: the original's own offsets)."""
    fast, reference = NORMALIZER(text), REFERENCE(text)
    for got, want in ((fast.clean, reference.clean), (fast.folded, reference.folded)):
        assert got.text == want.text
        assert (got.offsets or tuple(range(len(text)))) == (want.offsets or tuple(range(len(text))))


@pytest.mark.parametrize("reference", [False, True])
def test_amounts_counts_and_times_are_never_folded_into_words(reference: bool) -> None:
    """Leet folding reads "100" as "loo" and "$30" as "seo" when those are target words; a number is
    not a word in disguise."""
    normalize = Normalizer(fold_targets=["loo", "seo", "ath", "bpm", "shit"], reference=reference)
    text = "$30 off 100 items on the 4th, doors at 8pm, 1000 units. this is sh1t"
    assert normalize(text).folded.text == "$30 off 100 items on the 4th, doors at 8pm, 1000 units. this is shit"


@given(st.lists(st.sampled_from(["a", "b", "Z", "é", "1", "_", " ", ".", "-", "*", "_", "\n", "ab"]), max_size=20).map("".join))
@settings(max_examples=1000, deadline=None)
def test_spaced_letters_are_looked_for_only_where_the_hint_is(text: str) -> None:
    """Folding looks for spaced letters ("f u c k") only in a text its cheap hint pattern matches: every text
    the full pattern matches."""
    from smrisk.normalize import _SPACED_HINT, _SPACED_LETTERS, _SPACED_RUN

    assert _SPACED_HINT.search(text) or not (_SPACED_LETTERS.search(text) or _SPACED_RUN.search(text))


@pytest.mark.parametrize("text", ["sh1tty sh1t", "ash1t sh1t", "xx ash1t\tsh1t sh1t", "sh1t sh1tz sh1t", "4sh1t sh1t."])
def test_a_token_to_fold_inside_an_earlier_longer_token_is_found_where_it_stands(text: str) -> None:
    """Only the tokens with something to fold are found in the text: each where it stands as a whole token,
    not inside an earlier, longer one that folds nothing."""
    fast, reference = NORMALIZER(text), REFERENCE(text)
    assert fast.folded.text == reference.folded.text and fast.folded.offsets == reference.folded.offsets
    assert fast.folded.text != text  # something was folded
