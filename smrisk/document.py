"""What every detector reads: the normalised text, its words, and (on demand) one spaCy Doc."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from smrisk.normalize import Layer, NormalizedText

_WORD = re.compile(r"\w+")
_ASCII_WORD = re.compile(r"\w+", re.ASCII)  # the same on ASCII text, without Unicode category look-ups
_DOTTED_I = str.maketrans({"İ": "i", "ı": "i"})  # after NFKC, the only letters ``(?i)`` matches to an ASCII one


class Document:
    """One text prepared once for all detectors; detectors never tokenize on their own.

    The spaCy Doc over the folded layer is built the first time a detector asks for it, so a
    text no lexicon can match and no rule fires in is never tokenized by spaCy at all.
    """

    __slots__ = ("normalized", "clean_lower", "keywords", "folded_keys", "_tokenize", "_doc", "_words", "_digits")

    def __init__(self, normalized: NormalizedText, tokenize: Callable[[str], Doc]) -> None:
        self.normalized = normalized
        clean = normalized.clean.text
        # the case-insensitive patterns' keywords are looked for here: "İ" and "ı" count as "i" (as they do
        # in a pattern's ``(?i)``), where ``lower`` would write "i̇" and keep "ı", and no keyword would be found
        self.clean_lower = clean.lower() if clean.isascii() else clean.translate(_DOTTED_I).lower()
        #: the rule keywords found in ``clean_lower`` (set by ``DetectorRegistry``; None: not looked for)
        self.keywords: frozenset[str] | None = None
        #: the keys of the folded layer a registry looked for and found (set with ``keywords``): the keys it looked
        #: for, and those of them in the text (whole words, or anywhere for fragments); None: not looked for
        self.folded_keys: tuple[frozenset[str], frozenset[str]] | None = None
        self._tokenize = tokenize
        self._doc: Doc | None = None
        self._words: frozenset[str] | None = None
        self._digits: int | None = None

    @property
    def original(self) -> str:
        return self.normalized.original

    @property
    def doc(self) -> Doc:
        """spaCy tokens of the folded layer."""
        if self._doc is None:
            self._doc = self._tokenize(self.normalized.folded.text)
        return self._doc

    @property
    def words(self) -> frozenset[str]:
        """The set of ``\\w+`` runs of the folded layer: a cheap test of what could match."""
        if self._words is None:
            text = self.normalized.folded.text
            self._words = frozenset((_ASCII_WORD if text.isascii() else _WORD).findall(text))
        return self._words

    @property
    def digits(self) -> int:
        """How many digits the clean text has (patterns of numbers need a minimum)."""
        if self._digits is None:
            self._digits = digit_count(self.clean_lower)
        return self._digits

    def layer(self, name: str) -> Layer:
        """The ``clean`` or ``folded`` layer."""
        return self.normalized.clean if name == "clean" else self.normalized.folded

    def original_span(self, layer: str, start: int, end: int) -> tuple[int, int, str]:
        """A span of a layer as (start, end, text) of the caller's original text."""
        o_start, o_end = self.layer(layer).to_original(start, end)
        return o_start, o_end, self.normalized.original[o_start:o_end]

    def phrase_span(self, layer: str, start: int, end: int) -> tuple[int, int, str]:
        """Like ``original_span``, but widened to whole words and without punctuation at its edges.

        Model n-grams cut words ("'t" of "can't") and carry commas; a reviewer reads phrases. A character
        the layer reads as a letter is no punctuation: the stars of "f***" stay.
        """
        o_start, o_end, _ = self.original_span(layer, start, end)
        text = self.normalized.original
        read = self.layer(layer)
        letters = () if read.offsets is None else {read.offsets[i] for i in range(start, end) if read.text[i].isalnum()}
        while o_start > 0 and _in_word(text, o_start - 1):
            o_start -= 1
        while o_end < len(text) and _in_word(text, o_end):
            o_end += 1
        trimmed_start, trimmed_end = o_start, o_end
        while trimmed_start < trimmed_end and text[trimmed_start] in _EDGE and trimmed_start not in letters:
            trimmed_start += 1
        while trimmed_end > trimmed_start and text[trimmed_end - 1] in _EDGE and trimmed_end - 1 not in letters:
            trimmed_end -= 1
        if trimmed_start < trimmed_end:
            o_start, o_end = trimmed_start, trimmed_end
        return o_start, o_end, text[o_start:o_end]


def digit_count(text: str) -> int:
    """``sum(map(str.isdigit, text))``, in C for the usual texts."""
    if text.isalpha():
        return 0
    if text.isascii():  # only ASCII digits to count: ten counts in C
        return sum(map(text.count, "0123456789"))
    return sum(map(str.isdigit, text))


_EDGE = frozenset(" \t\r\n,.;:!?()[]{}\"'`*_-")


def _in_word(text: str, index: int) -> bool:
    """Whether ``text[index]`` continues a word: a letter or digit; an apostrophe, hyphen or dot between them
    ("can't", "staging-db.internal.example.net", "4.2M"); a comma between digits ("1,000")."""
    char = text[index]
    if char.isalnum():
        return True
    if not 0 < index < len(text) - 1 or char not in "'’-.,":
        return False
    before, after = text[index - 1], text[index + 1]
    return before.isdigit() and after.isdigit() if char == "," else before.isalnum() and after.isalnum()
