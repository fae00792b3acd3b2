"""One registry of detectors; names are unique so evidence sources stay unambiguous."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import ahocorasick

from smrisk.detectors.base import Detector
from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.evidence import Evidence


class DetectorRegistry:
    """An ordered set of detectors; adding a second detector with a taken name is an error."""

    def __init__(self, detectors: Iterable[Detector] = ()) -> None:
        self._detectors: dict[str, Detector] = {}
        self._dispatch: _Dispatch | None = None
        for detector in detectors:
            self.add(detector)

    def add(self, detector: Detector) -> None:
        if detector.name in self._detectors:
            raise ConfigError(f"a detector named {detector.name!r} is already registered")
        self._detectors[detector.name] = detector
        self._dispatch = None

    def without(self, names: Iterable[str]) -> DetectorRegistry:
        """A registry with the named detectors left out (unknown names are an error)."""
        names = set(names)
        unknown = names - set(self._detectors)
        if unknown:
            raise ConfigError(f"unknown detector(s) {sorted(unknown)}; known: {sorted(self._detectors)}")
        return DetectorRegistry(d for n, d in self._detectors.items() if n not in names)

    def __iter__(self) -> Iterator[Detector]:
        return iter(self._detectors.values())

    def __len__(self) -> int:
        return len(self._detectors)

    @property
    def names(self) -> list[str]:
        return list(self._detectors)

    def find(self, document: Document, every: bool = False) -> list[Evidence]:
        """Evidence from every detector, in registry order (``find_many`` of one document)."""
        return self.find_many([document], every)[0]

    def find_many(self, documents: Sequence[Document], every: bool = False) -> list[list[Evidence]]:
        """Each document's evidence from every detector, in registry order.

        One pass finds every rule's keywords (and the digit count is known), so a detector whose
        ``needs`` cannot be met is never called: most texts reach only a few detectors.
        ``every=True`` calls every detector (the reference the dispatch must equal). The work goes
        detector by detector: first which detectors each document needs, then each detector over
        all the documents that need it (its pattern and code stay hot in the processor's caches,
        where one text at a time through every detector evicts them).
        """
        if self._dispatch is None:
            self._dispatch = _Dispatch(list(self._detectors.values()))
        found: list[list[Evidence]] = [[] for _ in documents]
        if every:
            chosen: dict[int, list[int]] = {id(d): list(range(len(documents))) for d in self._detectors.values()}
        else:
            chosen = {}
            candidates = self._dispatch.candidates
            for i, document in enumerate(documents):
                for detector in candidates(document):
                    chosen.setdefault(id(detector), []).append(i)
        for detector in self._detectors.values():
            for i in chosen.get(id(detector), ()):
                hits = detector.find(documents[i])
                if hits:
                    found[i].extend(hits)
        return found


class _Dispatch:
    """Which detectors a document can need: by keyword hit, by digit count, by a word or fragment of
    the folded layer, or always; less those missing a keyword their ``Needs.also`` asks for."""

    def __init__(self, detectors: list[Detector]) -> None:
        self.detectors = detectors
        self.by_keyword: dict[str, list[int]] = {}
        self.by_folded: dict[str, list[int]] = {}  # whole words and fragments of the folded layer
        self.by_digits: list[tuple[int, int]] = []
        self.always: list[int] = []
        self.also: dict[int, frozenset[str]] = {}  # detectors that also need every one of these keywords
        words: set[str] = set()
        whole: set[str] = set()  # keywords that count only as whole words
        for i, detector in enumerate(detectors):
            needs = detector.needs
            if needs is None:
                self.always.append(i)
                continue
            for keyword in needs.keywords:
                self.by_keyword.setdefault(keyword, []).append(i)
            if needs.also:  # looked for like keywords, but calling no detector by themselves
                self.also[i] = needs.also
                for keyword in needs.also:
                    self.by_keyword.setdefault(keyword, [])
            if needs.whole:
                whole.update(needs.keywords)
            for keyword in needs.words | needs.fragments:
                self.by_folded.setdefault(keyword, []).append(i)
            words.update(needs.words)
            if needs.digits is not None:
                self.by_digits.append((needs.digits, i))
        # a key that is one detector's word and another's fragment counts wherever it occurs: a detector
        # called in vain finds nothing, one left out would lose its hits
        fragments = {k for d in detectors if d.needs is not None for k in d.needs.fragments}
        anywhere = {k for d in detectors if d.needs is not None and not d.needs.whole for k in d.needs.keywords}
        anywhere.update(k for also in self.also.values() for k in also)  # ``Needs.also`` is a plain substring test
        self.finder = KeywordFinder(self.by_keyword, self.by_folded, whole - anywhere, words - fragments)
        self.most_digits = max((threshold for threshold, _ in self.by_digits), default=0)
        self.seen: dict[tuple[frozenset[str], frozenset[str], int], list[Detector]] = {}

    def candidates(self, document: Document) -> list[Detector]:
        clean, text = document.clean_lower, document.normalized.folded.text
        if clean == text:  # the usual case (nothing folded but case): one scan finds both
            keywords, folded = self.finder(clean)
        else:
            keywords, folded = self.finder(clean, layers=1)[0], self.finder(text, layers=2)[1]
        document.keywords = keywords
        digits = min(document.digits, self.most_digits) if self.by_digits else 0
        key = (keywords, folded, digits)
        chosen = self.seen.get(key)
        if chosen is None:  # few texts bring a new combination: remember each
            indices = set(self.always)
            for keyword in keywords:
                indices.update(self.by_keyword[keyword])
            for keyword in folded:
                indices.update(self.by_folded[keyword])
            indices.update(i for threshold, i in self.by_digits if digits >= threshold)
            # a detector is sure to find nothing without what its ``Needs.also`` asks for
            indices.difference_update(i for i, also in self.also.items() if not also <= keywords)
            chosen = [self.detectors[i] for i in sorted(indices)]
            if len(self.seen) < 10_000:
                self.seen[key] = chosen
        return chosen


class KeywordFinder:
    """Every keyword of two sets that occurs in a text, overlapping ones included, in one pass (an
    Aho-Corasick automaton): the pre-check of all rules at the cost of one scan. ``keywords`` are
    looked for in the lower-cased clean layer, ``folded`` in the folded layer (the same string for
    most texts, so one scan serves both); those in ``whole_keywords`` (of the first set) and
    ``whole_words`` (of the second) count only as a whole ``\\w+`` word of the text (a run of word
    characters)."""

    def __init__(self, keywords: Iterable[str], folded: Iterable[str] = (), whole_keywords: Iterable[str] = (),
                 whole_words: Iterable[str] = ()) -> None:
        self._automaton = ahocorasick.Automaton()
        keywords, folded = set(keywords), set(folded)
        whole_keywords, whole_words = set(whole_keywords), set(whole_words)
        # each key's value: the key, its sets (1: keywords, 2: folded) and those in which it must be a whole word
        for keyword in keywords | folded:
            sets = (keyword in keywords) | 2 * (keyword in folded)
            self._automaton.add_word(keyword, (keyword, sets, sets & ((keyword in whole_keywords) | 2 * (keyword in whole_words))))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def __call__(self, text: str, layers: int = 3) -> tuple[frozenset[str], frozenset[str]]:
        """The keywords and the folded-layer keys in ``text`` (``layers``: 1 for the first set only, 2
        for the second only, 3 for both)."""
        found: tuple[list[str], list[str]] = ([], [])
        if self._empty:
            return frozenset(), frozenset()
        last = len(text) - 1
        for end, (keyword, sets, whole) in self._automaton.iter(text):
            sets &= layers
            if sets & whole:
                start = end - len(keyword) + 1
                if (start > 0 and _word_char(text[start - 1])) or (end < last and _word_char(text[end + 1])):
                    sets &= ~whole  # inside a longer word
            if sets & 1:
                found[0].append(keyword)
            if sets & 2:
                found[1].append(keyword)
        return frozenset(found[0]), frozenset(found[1])


def _word_char(char: str) -> bool:
    """Whether ``re``'s ``\\w`` matches ``char`` (a letter, digit or numeric character, or "_")."""
    return char.isalnum() or char == "_"
