"""The "not English" note: for text that is clearly another language, never for terse English."""

from __future__ import annotations

import pytest

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
    "Это сообщение написано полностью на русском языке для проверки",
])
def test_other_languages_get_a_note(text: str) -> None:
    assert unsupported_language_note(text) is not None
