"""A large alternation of phrases searched only where one of its phrases can begin.

Python's ``re`` tries every alternative of an alternation at every position it reaches: a pattern of
hundreds of group names ("the french", "muslims", "old people") costs about a microsecond and a half at
each word of a text, though a text names a group at one word in a hundred. Every match of such a pattern
begins a word, with the first word of one of its phrases: one Aho-Corasick scan in C finds the words that
begin so, and the pattern is tried there alone (``Pattern.match`` at that position, which sees the text
before it as its look-behinds need). The matches are those of the plain pattern's ``finditer`` and
``search``, in the same order: the scan leaves out only positions where no match can begin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import ahocorasick

_WORD_RUN = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W")
#: printable ASCII characters that are no word character, each read as a space
_ASCII_SPACES = str.maketrans({chr(c): " " for c in range(128) if not re.match(r"\w", chr(c))})


#: the last text ``_spaced`` read and what it made of it, as one pair (patterns search one text in turn); one pair,
#: written and read whole, so that threads scoring at once never pair one text with another's spacing
_last: list[tuple[str, str]] = [("", " ")]


def _spaced(text: str) -> str:
    """``text`` with every non-word character read as a space, after one space more (for a word at its start)."""
    seen, spaced = _last[0]
    if text is not seen:
        spaced = " " + (text.translate(_ASCII_SPACES) if text.isascii() else _NOT_WORD.sub(" ", text))
        _last[0] = (text, spaced)
    return spaced


class AnchoredPattern:
    """``pattern`` (a compiled regex) with ``search`` and ``finditer`` tried only where a word begins
    with one of ``phrases``' first runs of word characters ("don" of "don't", "the" of "the french").

    Every match of ``pattern`` must begin a word (no word character right before it, as after ``\\b``
    or ``(?<![\\w'’-])``) with one of those runs; ``tests/test_fast_path.py`` compares the two on real text.
    """

    __slots__ = ("pattern", "_automaton", "_last")

    def __init__(self, pattern: re.Pattern[str], phrases: Iterable[str]) -> None:
        self.pattern = pattern
        anchors = set()
        for phrase in phrases:
            run = _WORD_RUN.match(phrase)
            if run is None:
                raise ValueError(f"{phrase!r} does not begin with a word character: search the plain pattern instead")
            anchors.add(run.group())
        self._automaton = ahocorasick.Automaton()
        for anchor in anchors:
            self._automaton.add_word(" " + anchor, len(anchor))
        self._automaton.make_automaton()
        # the last text scanned and where anchors begin in it, as one pair (callers search one text often; see ``_last``)
        self._last: tuple[str | None, list[int]] = (None, [])

    def _anchor_starts(self, text: str) -> list[int]:
        """Where a word of ``text`` begins with an anchor, in order: a space and the anchor found in the
        text with every non-word character read as a space, after one more space for its start."""
        seen, starts = self._last
        if text is not seen:
            starts = sorted({end - length for end, length in self._automaton.iter(_spaced(text))})
            self._last = (text, starts)
        return starts

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """As ``re.Pattern.finditer``: non-overlapping matches, left to right."""
        end = len(text) if endpos is None else endpos
        match = self.pattern.match
        after = pos
        for start in self._anchor_starts(text):
            if start < after:
                continue
            if start >= end:
                break
            found = match(text, start, end)
            if found is not None:
                yield found
                # an empty match moves the next search one on, as ``finditer`` does
                after = found.end() if found.end() > start else start + 1

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """As ``re.Pattern.search``: the first match, or None."""
        return next(self.finditer(text, pos, endpos), None)
