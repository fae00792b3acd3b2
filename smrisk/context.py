"""Context cues: words near a rule hit that make it less (or more) likely to be a real risk.

A cue row says which rule hits it applies to (a prefix of ``Evidence.source``; empty for all),
the factor it multiplies their score by, how far away (in characters) it may stand, and why.
A factor of 0 with a window of 0 is an allow-list entry: a hit inside the phrase is dropped
("killer deal", "idiot-proof"). Adjusted evidence keeps its old score and names the cue.
Model evidence is never adjusted: the model has learned its own context.

A cue has scope: it counts only in the same sentence as the hit and never when it is part of
the hit itself. A row with ``"cancels_cues": true`` marks phrases that are not cues at all,
whatever words they hold: "don't tell anyone" is secrecy, not a warning, so the "don't" in it
lowers nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.evidence import Evidence
from smrisk.phrases import AdjacentTokens, with_informal_spellings


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of the cue table."""

    applies_to: str
    factor: float
    window: int
    reason: str
    cancels_cues: bool = False


class ContextAdjuster:
    """Applies cue rows to rule evidence; the smallest applicable factor wins."""

    def __init__(self, rows: Iterable[dict[str, Any]], nlp: Language) -> None:
        self._matcher = PhraseMatcher(nlp.vocab)
        self._cues: dict[str, Cue] = {}
        phrases: list[list[str]] = []  # every cue phrase's tokens
        for number, row in enumerate(rows):
            try:
                cue = Cue(str(row.get("applies_to", "")), float(row["factor"]), int(row["window"]), str(row["reason"]),
                          bool(row.get("cancels_cues", False)))
                # as written and as typed in a hurry ("dont share ur password" is the warning "don't share your password")
                patterns = with_informal_spellings(str(p) for p in row["patterns"])
            except (KeyError, TypeError, ValueError) as exc:
                raise ConfigError(f"context cue row {number} is missing or has a bad field: {exc}") from None
            key = f"cue{number}"
            self._cues[key] = cue
            docs = [nlp.make_doc(p) for p in patterns]
            self._matcher.add(key, docs)
            phrases.extend([token.text for token in doc] for doc in docs)
        self._gate = AdjacentTokens(phrases)

    def __call__(self, document: Document, evidence: Sequence[Evidence]) -> list[Evidence]:
        rule_hits = [e for e in evidence if not e.from_model]
        if not rule_hits or not self._gate.search(document.normalized.folded.text):
            return list(evidence)  # no cue: the text need not be tokenized
        matches = self._matcher(document.doc)
        if not matches:
            return list(evidence)
        strings = document.doc.vocab.strings
        found = []
        for match_id, start, end in matches:
            span = document.doc[start:end]
            o_start, o_end, text = document.original_span("folded", span.start_char, span.end_char)
            found.append((self._cues[strings[match_id]], o_start, o_end, text))
        cancelled = [(s, e) for cue, s, e, _ in found if cue.cancels_cues]
        found = [f for f in found if not f[0].cancels_cues and not any(s <= f[1] and f[2] <= e for s, e in cancelled)]
        sentences = sentence_spans(document.normalized.original)
        return [self._adjust(e, found, sentences) if not e.from_model else e for e in evidence]

    @staticmethod
    def _adjust(evidence: Evidence, cues: list[tuple[Cue, int, int, str]], sentences: list[tuple[int, int]]) -> Evidence:
        best: tuple[Cue, str] | None = None
        sentence = next(((a, b) for a, b in sentences if a <= evidence.start < b), (0, evidence.end))
        for cue, start, end, text in cues:
            if not evidence.source.startswith(cue.applies_to):
                continue
            if cue.window == 0:
                near = start <= evidence.start and evidence.end <= end
            else:
                inside_hit = evidence.start <= start and end <= evidence.end
                same_sentence = sentence[0] <= start and end <= sentence[1]
                near = (not inside_hit and same_sentence
                        and start < evidence.end + cue.window and evidence.start - cue.window < end)
            if near and (best is None or cue.factor < best[0].factor):
                best = (cue, text)
        if best is None:
            return evidence
        cue, text = best
        return evidence.adjusted(evidence.score * cue.factor, text, f"{evidence.reason}; {cue.reason} ({text!r})")


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``, cut after ., ! or ? and at line breaks."""
    return [m.span() for m in _SENTENCE.finditer(text)]
