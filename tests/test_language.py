"""The "not English" note: for text that is clearly another language, never for terse English."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smrisk.language import unsupported_language_note


@pytest.mark.parametrize("text", [
    "project falcon ships next month, dont tell anyone",
    "ngl the new earbuds drop march 14, keep it quiet",
    "Revenue grew 12% year over year, as reported in today's earnings release.",
])
def test_terse_english_gets_no_note(text: str) -> None:
    assert unsupported_language_note(text) is None


@pytest.mark.parametrize("text", [
    "Der Hund läuft schnell über die Straße und bellt laut heute Morgen",
    "el perro corre rápido por la calle y ladra fuerte esta mañana",
    "el perro corre por la calle y ladra fuerte esta noche sin parar",  # ASCII only
    "Это сообщение написано полностью на русском языке для проверки",
])
def test_other_languages_get_a_note(text: str) -> None:
    assert unsupported_language_note(text) is not None


def _mostly_non_latin(text: str) -> bool:
    """The script test letter by letter: the definition the note's faster count must equal."""
    letters = [ch for ch in text[:5000] if ch.isalpha()]
    return len(letters) >= 10 and sum(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in letters) / len(letters) < 0.5


@given(st.lists(st.sampled_from(["abc ", "é", "ß", "ж", "щит ", "αβγ", "中文", "²", "½", "٣", "😀", " ", ".", "the ", "Ⅻ"]),
                max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_script_note_counts_letters_as_the_plain_definition(text: str) -> None:
    note = unsupported_language_note(text)
    assert (note is not None and "non-Latin script" in note) == _mostly_non_latin(text)


_FOREIGN = ["el ", "perro ", "corre ", "la ", "calle ", "y ", "Der ", "Hund ", "x ", "c-d ", "1 ", ".", "\x1c", "\t", "\n", "  "]
_ENGLISH = ["the ", "and ", "it's ", "dont ", "n't ", "ok ", "I ", "THE ", "of-", "to"]


@given(st.lists(st.sampled_from(_FOREIGN), min_size=20, max_size=80), st.lists(st.sampled_from(_ENGLISH), max_size=4),
       st.randoms())
@settings(max_examples=500, deadline=None)
def test_the_english_shortcut_gives_the_note_of_the_full_count(foreign: list[str], english: list[str], rng) -> None:  # noqa: ANN001
    """ASCII text with enough English words among its whitespace tokens skips the full word count:
    the note is still the one the full count gives (mostly foreign words, a few English ones)."""
    from smrisk.language import _note

    pieces = foreign + english
    rng.shuffle(pieces)
    text = "".join(pieces)
    assert unsupported_language_note(text) == _note(text[:5000])


@pytest.mark.parametrize("text", [
    "el perro corre la calle y der hund x c-d " * 4 + "the ",
    "el perro corre la calle y der hund " * 6 + "the and ",
    "the " + "x " * 30, "the and " + "y " * 60, "and " + "perro " * 20,
])
def test_the_english_shortcut_at_its_bound(text: str) -> None:
    """Texts with one or two English words among many others: near the shortcut's bound."""
    from smrisk.language import _note

    assert unsupported_language_note(text) == _note(text[:5000])


def test_the_english_shortcut_on_real_posts() -> None:
    from smrisk.corpora import shared_datasets_dir, sms, team_corpus
    from smrisk.language import _note

    texts = team_corpus()["text"].tolist()
    folder = shared_datasets_dir()
    if folder.is_dir():
        texts += sms(folder)["text"].tolist()
    notes = 0
    for text in texts:
        note = unsupported_language_note(text)
        assert note == _note(text[:5000]), text
        notes += note is not None
    assert notes > 0  # the comparison saw texts that get a note
