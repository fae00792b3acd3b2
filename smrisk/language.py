"""A cheap check for text that is clearly not English, which the shipped model was not built for."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from pathlib import Path

import spacy
from spacy.lang.en.stop_words import STOP_WORDS

from smrisk.normalize import HOMOGLYPHS

_WORD = re.compile(r"[^\W\d_]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_WORD = re.compile(r"[a-z]+")  # ``_WORD`` on lower-case ASCII text, without Unicode category look-ups
_NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|[@#$]\w+")  # links, handles, hashtags and cashtags say nothing of the language
# a link glued to the letters before it ("seehttp://..."): removing it leaves those letters a word of their own. Else
# every letter run a ``_NOT_WORDS`` match touches lies inside it (a match starts at "h", "w" or a symbol after no letter and
# ends before a space or a non-word character), so removing links only removes words
_GLUED = re.compile(r"[A-Za-z](?:https?://|www\.)")
# where a link starts: a pattern of literals, which ``re`` scans for in C (``_GLUED`` tries its letter at every letter)
_LINK_START = re.compile(r"https?://|www\.")

#: Languages in Latin script recognised by their function words (spaCy's stop-word lists).
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "tr", "id", "ro", "cs", "sk", "hr",
                   "sl", "lt", "lv", "fi", "hu", "ca", "et", "af", "tl", "eu", "ga", "sq", "lb")
_ENGLISH = frozenset(w.lower() for w in STOP_WORDS)
#: How every note of this module ends (``smrisk batch`` marks such rows ``unsupported_language``).
NOTE_ENDING = "unsupported (trained on English)"
_MIN_WORDS = 6  # fewer words than this are too few to tell ("Ok lar... Joking wif u oni")
_MIN_DISTINCT = 3  # different function words of the other language ("care", "face" alone are English too)
_MIN_SHARE = 0.2  # of the words
_MIN_MARKED_SHARE = 0.3  # of the words: written with letters English does not use


_SPACY_LANG = Path(spacy.__file__).parent / "lang"


def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of ``language``, read from their file alone: importing the language's
    package would build its tokenizer rules too (seconds, for French)."""
    spec = importlib.util.spec_from_file_location(f"_smrisk_stop_words_{language}", _SPACY_LANG / language / "stop_words.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return frozenset(w.lower() for w in module.STOP_WORDS)


_ALL = {language: _stop_words(language) for language in OTHER_LANGUAGES}
#: each language's stop words that could not be English ones: two letters or more, not an English stop
#: word ("a", "me" and "in" say nothing about the language)
_OTHER = {language: frozenset(w for w in words if len(w) >= 2 and w not in _ENGLISH) for language, words in _ALL.items()}
_ANY_OTHER = frozenset().union(*_OTHER.values())
_LANGUAGES_OF = {word: tuple(lang for lang in OTHER_LANGUAGES if word in _OTHER[lang]) for word in _ANY_OTHER}
_ANY_OTHER_BYTES = frozenset(w.encode() for w in _ANY_OTHER if w.isascii())  # the words ``_ASCII_WORD`` can find
#: each language's letters outside ASCII, as its function words are written (``ş ı ğ`` Turkish, ``ą ė į ų`` Lithuanian)
_LETTERS = {language: frozenset(ch for word in words for ch in word if not ch.isascii()) for language, words in _ALL.items()}
_HOMOGLYPH_TABLE = str.maketrans(HOMOGLYPHS)
# every byte but a lower-case letter made a space: the split of a translated ASCII text is ``_ASCII_WORD``'s words
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


def _few_other_words(head: str) -> bool:
    """Whether the ASCII ``head`` has fewer than ``_MIN_DISTINCT`` different other-language function words."""
    return len(_ANY_OTHER_BYTES.intersection(head.encode().lower().translate(_LETTERS_ONLY).split())) < _MIN_DISTINCT


def _glued(head: str) -> bool:
    """``_GLUED.search(head)``: whether a link starts right after a letter. Link starts never overlap
    (neither "http" nor "www." starts inside one), so each is found."""
    for match in _LINK_START.finditer(head):
        at = match.start()
        if at and head[at - 1].isascii() and head[at - 1].isalpha():
            return True
    return False


def unsupported_language_note(text: str) -> str | None:
    """A note when ``text`` is clearly not English, else None.

    Two signals: most letters outside the Latin script; or, among six words or more, another
    language's function words ("und", "nous", "nuestro": at least three different ones) making up a
    fifth of the words and more than twice the English function words that are not also that
    language's ("in", "was" and "so" are German too). The language with the most such words is named.
    Terse English ("3 units, 1 rental car, 0 sleep") has few function words of any language.
    Languages that put much of their grammar in word endings (Turkish, Finnish, Lithuanian) have
    fewer of them: for those, words written with letters English does not use count too (``_by_letters``).
    """
    head = text[:5000]
    symbols_only = False  # every character outside ASCII is neither a letter nor a digit (quotes, dashes, emoji)
    if not head.isascii():
        specials = _NOT_ASCII.findall(head)
        symbols_only = not any(map(str.isalnum, specials))
        # only the letters outside ASCII are looked up by name: ASCII letters are Latin (with none, no script to name)
        foreign = 0 if symbols_only else sum(1 for ch in specials if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""))
        if foreign:
            letters = sum(map(str.isalpha, head))
            if letters >= 10 and (letters - foreign) / letters < 0.5:
                return f"the text is mostly in a non-Latin script; the language may be {NOTE_ENDING}"
    if "http" in head or "www." in head or "@" in head or "#" in head or "$" in head:
        if head.isascii() and _few_other_words(head) and not _glued(head):
            return None  # too few other-language words with the links and handles in: fewer without them
        head = _NOT_WORDS.sub(" ", head)
    if symbols_only:  # they only part words, as a space does: the words are read the ASCII way below
        head = _NOT_ASCII.sub(" ", head)
    if head.isascii():  # the common case, English, decided on bytes: ``_ASCII_WORD``'s words, split in C
        ascii_words = head.encode().lower().translate(_LETTERS_ONLY).split()
        if len(ascii_words) < _MIN_WORDS or len(_ANY_OTHER_BYTES.intersection(ascii_words)) < _MIN_DISTINCT:
            return None
    words = (_ASCII_WORD if head.isascii() else _WORD).findall(head.lower())
    if len(words) < _MIN_WORDS:
        return None
    if len(_ANY_OTHER.intersection(words)) < _MIN_DISTINCT:
        return _by_letters(words)  # the common case, English, is decided here
    counts = Counter(words)
    found: dict[str, int] = dict.fromkeys(OTHER_LANGUAGES, 0)  # per language: its words in the text, and how many differ
    distinct: dict[str, int] = dict.fromkeys(OTHER_LANGUAGES, 0)
    for word in _ANY_OTHER.intersection(counts):
        for language in _LANGUAGES_OF[word]:
            found[language] += counts[word]
            distinct[language] += 1
    best: tuple[int, str] | None = None
    for language in OTHER_LANGUAGES:
        if distinct[language] < _MIN_DISTINCT or found[language] < _MIN_SHARE * len(words):
            continue
        english = sum(n for w, n in counts.items() if w in _ENGLISH and w not in _ALL[language])
        if found[language] > 2 * english and (best is None or found[language] > best[0]):
            best = (found[language], language)
    if best is None:
        return _by_letters(words)
    return f"the text looks like another language ({best[1]}); it may be {NOTE_ENDING}"


def _by_letters(words: list[str]) -> str | None:
    """The note for ``words`` (six or more, lower case) written with letters English does not use:
    at least three different such words, making up 30% of the words and, with other languages'
    function words, more than twice the English function words ("crème brûlée at the café with
    Zoë" is English), an English one in disguise ("ţhe", "wаs" with a Cyrillic "а") counted as
    English. The language named is the one with the most of the text's letters and function words
    together; none is named when two tie ("ä" and "ö" alone: Finnish, German...)."""
    marked = [w for w in words if not w.isascii() and not _disguised_english(w)]
    if len(set(marked)) < _MIN_DISTINCT or len(marked) < _MIN_MARKED_SHARE * len(words):
        return None
    others = sum(1 for w in words if w.isascii() and w in _ANY_OTHER)
    if len(marked) + others <= 2 * sum(1 for w in words if w in _ENGLISH or _disguised_english(w)):
        return None
    letters = {ch for word in marked for ch in word if not ch.isascii()}
    ranked = sorted(((len(letters & _LETTERS[language]) + sum(w in _OTHER[language] for w in words), language)
                     for language in OTHER_LANGUAGES), reverse=True)
    (best, language), (second, _) = ranked[0], ranked[1]
    named = f" ({language})" if best > second else ""
    return f"the text looks like another language{named}; it may be {NOTE_ENDING}"


def _disguised_english(word: str) -> bool:
    """Whether ``word``, written with letters outside ASCII, is an English function word once look-alike
    Cyrillic and Greek letters are folded to Latin and accents dropped ("ţo", "ŷou"); a word of one
    letter is not a disguise (Lithuanian "į" is no "i")."""
    if word.isascii() or len(word) < 2:
        return False
    decomposed = unicodedata.normalize("NFKD", word.translate(_HOMOGLYPH_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)) in _ENGLISH
