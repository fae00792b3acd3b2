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
