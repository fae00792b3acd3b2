"""A cheap check for text that is clearly not English, which the shipped model was not built for."""

from __future__ import annotations

import importlib
import re
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_WORD = re.compile(r"[a-z]+")  # ``_WORD`` on lower-case ASCII text, without Unicode category look-ups

#: Languages in Latin script recognised by their function words (spaCy's stop-word lists).
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "tr", "id", "ro")
_ENGLISH = frozenset(w.lower() for w in STOP_WORDS)


def _function_words(language: str) -> frozenset[str]:
    """``language``'s stop words that could not be English ones: two letters or more, not an English
    stop word ("a", "me" and "in" say nothing about the language)."""
    words = importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS
    return frozenset(w.lower() for w in words if len(w) >= 2 and w.lower() not in _ENGLISH)


_OTHER = {language: _function_words(language) for language in OTHER_LANGUAGES}
_ANY_OTHER = frozenset().union(*_OTHER.values())


def unsupported_language_note(text: str) -> str | None:
    """A note when ``text`` is clearly not English, else None.

    Two signals: most letters outside the Latin script; or another language's function words
    ("und", "nous", "nuestro": at least three different ones) making up a quarter of the words and
    outnumbering the English function words more than twice. Terse English ("3 units, 1 rental
    car, 0 sleep") has few function words of any language and gets no note.
    """
    head = text[:5000]
    if not head.isascii():
        letters = sum(map(str.isalpha, head))
        # only the letters outside ASCII are looked up by name: ASCII letters are Latin
        foreign = sum(1 for ch in _NOT_ASCII.findall(head) if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""))
        if letters >= 10 and (letters - foreign) / letters < 0.5:
            return "the text is mostly in a non-Latin script; the language may be unsupported (trained on English)"
    words = (_ASCII_WORD if head.isascii() else _WORD).findall(head.lower())
    if len(_ANY_OTHER.intersection(words)) < 3:
        return None  # the common case, English, is decided here
    other = [w for w in words if w in _ANY_OTHER]
    if len(other) < 0.25 * len(words):
        return None
    english = sum(w in _ENGLISH for w in words)
    for language in OTHER_LANGUAGES:
        found = [w for w in other if w in _OTHER[language]]
        if len(set(found)) >= 3 and len(found) >= 0.25 * len(words) and len(found) > 2 * english:
            return f"the text looks like another language ({language}); it may be unsupported (trained on English)"
    return None
