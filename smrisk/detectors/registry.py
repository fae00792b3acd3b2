"""One registry of detectors; names are unique so evidence sources stay unambiguous."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import itemgetter

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
        """Evidence from every detector, in registry order.

        One pass finds every rule's keywords (and the digit count is known), so a detector whose
        ``needs`` cannot be met is never called: most texts reach only a few detectors.
        ``every=True`` calls every detector (the reference the dispatch must equal).
        """
        if self._dispatch is None:
            self._dispatch = _Dispatch(list(self._detectors.values()))
        detectors = self._detectors.values() if every else self._dispatch.candidates(document)
        found: list[Evidence] = []
        for detector in detectors:
            found.extend(detector.find(document))
        return found


class _Dispatch:
    """Which detectors a document can need: by keyword hit, by digit count, or always."""

    def __init__(self, detectors: list[Detector]) -> None:
        self.detectors = detectors
        self.by_keyword: dict[str, list[int]] = {}
        self.by_digits: list[tuple[int, int]] = []
        self.always: list[int] = []
        for i, detector in enumerate(detectors):
            needs = detector.needs
            if needs is None:
                self.always.append(i)
                continue
            for keyword in needs.keywords:
                self.by_keyword.setdefault(keyword, []).append(i)
            if needs.digits is not None:
                self.by_digits.append((needs.digits, i))
        self.finder = KeywordFinder(self.by_keyword)
        self.most_digits = max((threshold for threshold, _ in self.by_digits), default=0)
        self.seen: dict[tuple[frozenset[str], int], list[Detector]] = {}

    def candidates(self, document: Document) -> list[Detector]:
        keywords = document.keywords = self.finder(document.clean_lower)
        digits = min(document.digits, self.most_digits) if self.by_digits else 0
        key = (keywords, digits)
        chosen = self.seen.get(key)
        if chosen is None:  # few texts bring a new combination: remember each
            indices = set(self.always)
            for keyword in keywords:
                indices.update(self.by_keyword[keyword])
            indices.update(i for threshold, i in self.by_digits if digits >= threshold)
            chosen = [self.detectors[i] for i in sorted(indices)]
            if len(self.seen) < 10_000:
                self.seen[key] = chosen
        return chosen


_second = itemgetter(1)  # the keyword of an automaton hit (end, keyword)


class KeywordFinder:
    """Every keyword of a set that occurs in a text, overlapping ones included, in one pass
    (an Aho-Corasick automaton): the pre-check of all rules at the cost of one scan."""

    def __init__(self, keywords: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for keyword in set(keywords):
            self._automaton.add_word(keyword, keyword)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def __call__(self, text: str) -> frozenset[str]:
        if self._empty:
            return frozenset()
        return frozenset(map(_second, self._automaton.iter(text)))
