"""A cheap check for text that is clearly not English, which the shipped model was not built for."""

from __future__ import annotations

import re
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_WORD = re.compile(r"[a-z]+")  # ``_WORD`` on lower-case ASCII text, without Unicode category look-ups
_ENGLISH_WORDS = frozenset(
    "the a an and or but is are was were be been to of in on at for with from by this that it its "
    "you your we our i me my he she they them their not no do does did have has had will would can "
    "could should just so if what when how all about up out get got new now here there us as".split()
) | frozenset(w.lower() for w in STOP_WORDS) | frozenset("dont cant wont im ive thats".split())


#: the English words a whitespace-separated token of lower-case ASCII text can equal whole
_ENGLISH_TOKENS = frozenset(w for w in _ENGLISH_WORDS if w.isascii() and w.isalpha())


def unsupported_language_note(text: str) -> str | None:
    """A note when ``text`` is clearly not English, else None.

    Two signals: most letters outside the Latin script, or eight or more words of Latin script
    among which almost none are common English function words.
    """
    head = text[:5000]
    if head.isascii() and _plainly_english(head):
        return None
    return _note(head)


def _plainly_english(head: str) -> bool:
    """A sufficient test that ``_note`` finds ASCII ``head`` English, from its whitespace tokens alone.

    A token that is an English word of letters only is also one of ``_note``'s words, and
    ``head`` holds at most ``(len(head) + 1) // 2`` of them (letters runs are one apart at least):
    enough distinct English tokens against that bound pass its test against the real count.
    """
    return len(_ENGLISH_TOKENS.intersection(head.lower().split())) >= 0.05 * ((len(head) + 1) // 2)


def _note(head: str) -> str | None:
    """``unsupported_language_note`` of at most 5,000 characters, every word counted: the definition."""
    letters = 0 if head.isascii() else sum(map(str.isalpha, head))
    if letters >= 10:
        # only the letters outside ASCII are looked up by name: ASCII letters are Latin
        foreign = sum(1 for ch in _NOT_ASCII.findall(head) if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""))
        if (letters - foreign) / letters < 0.5:
            return "the text is mostly in a non-Latin script; the language may be unsupported (trained on English)"
    words = (_ASCII_WORD if head.isascii() else _WORD).findall(head.lower())
    if len(words) < 8 or len(_ENGLISH_WORDS.intersection(words)) >= 0.05 * len(words):
        return None  # enough distinct English words already: no need to count them all
    if sum(w in _ENGLISH_WORDS for w in words) / len(words) < 0.05:
        return "the text does not look like English; the language may be unsupported (trained on English)"
    return None
