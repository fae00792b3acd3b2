"""A cheap check for text that is clearly not English, which the shipped model was not built for."""

from __future__ import annotations

import re
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_WORDS = frozenset(
    "the a an and or but is are was were be been to of in on at for with from by this that it its "
    "you your we our i me my he she they them their not no do does did have has had will would can "
    "could should just so if what when how all about up out get got new now here there us as".split()
) | frozenset(w.lower() for w in STOP_WORDS) | frozenset("dont cant wont im ive thats".split())


def unsupported_language_note(text: str) -> str | None:
    """A note when ``text`` is clearly not English, else None.

    Two signals: most letters outside the Latin script, or eight or more words of Latin script
    among which almost none are common English function words.
    """
    head = text[:5000]
    letters = [] if head.isascii() else [ch for ch in head if ch.isalpha()]
    if len(letters) >= 10:
        latin = sum(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in letters)
        if latin / len(letters) < 0.5:
            return "the text is mostly in a non-Latin script; the language may be unsupported (trained on English)"
    words = _WORD.findall(text[:5000].lower())
    if len(words) < 8 or len(_ENGLISH_WORDS.intersection(words)) >= 0.05 * len(words):
        return None  # enough distinct English words already: no need to count them all
    if sum(w in _ENGLISH_WORDS for w in words) / len(words) < 0.05:
        return "the text does not look like English; the language may be unsupported (trained on English)"
    return None
