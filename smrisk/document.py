"""What every detector reads: the normalised text and one spaCy Doc over its folded layer."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from smrisk.normalize import Layer, NormalizedText


@dataclass(frozen=True, slots=True)
class Document:
    """One text prepared once for all detectors; detectors never tokenize on their own."""

    normalized: NormalizedText
    doc: Doc  # tokens of ``normalized.folded.text``

    @property
    def original(self) -> str:
        return self.normalized.original

    def layer(self, name: str) -> Layer:
        """The ``clean`` or ``folded`` layer."""
        return self.normalized.clean if name == "clean" else self.normalized.folded

    def original_span(self, layer: str, start: int, end: int) -> tuple[int, int, str]:
        """A span of a layer as (start, end, text) of the caller's original text."""
        o_start, o_end = self.layer(layer).to_original(start, end)
        return o_start, o_end, self.normalized.original[o_start:o_end]
