"""One registry of detectors; names are unique so evidence sources stay unambiguous."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from smrisk.detectors.base import Detector
from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.evidence import Evidence


class DetectorRegistry:
    """An ordered set of detectors; adding a second detector with a taken name is an error."""

    def __init__(self, detectors: Iterable[Detector] = ()) -> None:
        self._detectors: dict[str, Detector] = {}
        for detector in detectors:
            self.add(detector)

    def add(self, detector: Detector) -> None:
        if detector.name in self._detectors:
            raise ConfigError(f"a detector named {detector.name!r} is already registered")
        self._detectors[detector.name] = detector

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

    def find(self, document: Document) -> list[Evidence]:
        """Evidence from every detector, in registry order."""
        found: list[Evidence] = []
        for detector in self._detectors.values():
            found.extend(detector.find(document))
        return found
