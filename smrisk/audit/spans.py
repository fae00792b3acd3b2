"""The ``evidence`` column of a batch output read back into the spans it cites.

``RiskReport.evidence_summary`` writes, for each flagged risk, ``risk: "span" (label); ...`` and
joins the risks with `` | ``; a label is ``model, strength`` for a phrase the model weighs, or
``rule.id 0.28`` for a rule hit. Span texts are as the column shows them: secrets masked,
whitespace folded to single spaces, cut at 60 characters with ``...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smrisk.categories import CATEGORIES
from smrisk.evidence import MODEL_SOURCE

_RISK = re.compile(r"(?P<risk>" + "|".join(CATEGORIES) + r")(?:: |(?= \| )|$)")
_SPAN = re.compile(r'"(?P<text>.*?)" \((?P<label>model(?:, [a-z]+)?|(?P<rule>[^\s()]+) (?P<score>\d+\.\d+))\)(?=; "| \| |$)')
_CUT = 60  # what ``report._quote`` cuts a span to


@dataclass(frozen=True)
class Cited:
    """One span the evidence column cites for a flagged risk."""

    risk: str
    text: str
    source: str  # a rule id, or "model"
    label: str  # as written: "model, strong" or "illegal.insider_trading 0.28"

    @property
    def from_model(self) -> bool:
        return self.source == MODEL_SOURCE

    @property
    def cut(self) -> bool:
        """Whether the column cut the span short (its text ends in ``...``)."""
        return len(self.text) == _CUT and self.text.endswith("...")


def parse_evidence(cell: str) -> tuple[Cited, ...]:
    """Every span an evidence cell cites, in order; text that does not follow the format is skipped."""
    found: list[Cited] = []
    at = 0
    risk: str | None = None
    while at < len(cell):
        head = _RISK.match(cell, at)
        if head and (risk is None or cell.startswith(" | ", at - 3)):
            risk, at = head.group("risk"), head.end()
            continue
        span = _SPAN.match(cell, at) if risk is not None else None
        if span is None or risk is None:  # not the format batch writes: skip to the next risk
            following = cell.find(" | ", at)
            if following < 0:
                break
            at, risk = following + 3, None
            continue
        found.append(Cited(risk, str(span.group("text")), span.group("rule") or MODEL_SOURCE, str(span.group("label"))))
        at = span.end()
        if cell.startswith("; ", at):
            at += 2
        elif cell.startswith(" | ", at):
            at += 3
    return tuple(found)
