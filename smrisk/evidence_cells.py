"""The batch ``evidence`` cell read back: its spans, located in the post's text, each with its reason.

``smrisk batch`` writes one line per row (``RiskReport.evidence_summary``), for example
``illegal: "sell" (model, moderate); "grab as many shares" (illegal.insider_trading 0.28)``.
The cell keeps no offsets and quotes each span flattened (whitespace runs as one space), cut
to 60 characters with ``...`` and with secrets masked by ``•``. ``locate`` finds each span in
the text again (masked letters match any non-space character, a cut span its first part), so a
page can highlight it, and ``reason_for`` turns its source label back into the rule's reason.
A cell this module cannot read gives no spans, never an error: a reader shows the text plainly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from smrisk.categories import CATEGORIES, TYPICAL_OF

_ITEM = re.compile(r'"(?P<text>.*?)" \((?P<label>model(?:, [a-z]+)?|[^()"]+? \d+\.\d\d)\)(?:; |$)')
_RISK = "|".join(CATEGORIES)
_SEGMENT = re.compile(rf"(?:^| \| )(?P<risk>{_RISK})(?:: (?P<items>.*?))?(?= \| (?:{_RISK})(?::|$| \|)|$)")
_MASK = "•"


@dataclass(frozen=True)
class CellSpan:
    """One span as the cell quotes it, with where it came from (``model`` or a rule id)."""

    risk: str
    text: str
    source: str
    label: str  # the cell's own words: "model, moderate" or "illegal.insider_trading 0.28"
    reason: str


@dataclass(frozen=True)
class Located:
    """A ``CellSpan`` found in the text: ``text[start:end]`` is what the page highlights."""

    span: CellSpan
    start: int
    end: int


def parse_cell(cell: object) -> dict[str, list[CellSpan]]:
    """The spans of each flagged risk in a batch ``evidence`` cell (risks in the cell's order)."""
    if not isinstance(cell, str) or not cell.strip():
        return {}
    found: dict[str, list[CellSpan]] = {}
    for segment in _SEGMENT.finditer(cell.strip()):
        risk = segment.group("risk")
        spans = found.setdefault(risk, [])
        for item in _ITEM.finditer(segment.group("items") or ""):
            label = item.group("label")
            source = "model" if label.startswith("model") else label.rsplit(" ", 1)[0]
            spans.append(CellSpan(risk, item.group("text"), source, label, reason_for(risk, label)))
    return found


def reason_for(risk: str, label: str) -> str:
    """A reviewer's reason for a span from its cell label: the model's wording, or the rule's own reason."""
    if label.startswith("model"):
        strength = label.partition(", ")[2]
        return f"model: wording typical of {TYPICAL_OF.get(risk, risk)}" + (f" ({strength})" if strength else "")
    source, _, score = label.rpartition(" ")
    reason = rule_reasons().get(source)
    return f"{reason} (rule {source}, {score})" if reason else f"rule {source} ({score})"


@lru_cache(maxsize=1)
def rule_reasons() -> Mapping[str, str]:
    """Each shipped rule's id and reason (read from the rule data: no spaCy, no model)."""
    from smrisk.detectors import confidential
    from smrisk.detectors.lexicon_files import lexicon_rules

    reasons = {rule.name: rule.reason for category in CATEGORIES for rule in lexicon_rules(category)}
    for detector in confidential.detectors():
        rule = getattr(detector, "rule", None)
        if rule is not None:
            reasons[rule.name] = rule.reason
    return reasons


def locate(text: str, spans: list[CellSpan]) -> list[Located]:
    """Where each span is in ``text``, not overlapping an earlier span of the same risk; a span that
    cannot be found (the text was edited after scoring) is left out.

    A span is looked for as a whole word first (then anywhere), at its first place, except a masked
    span (a secret, shown as ``•``): every stretch of its shape fits it, so it goes to the one holding
    the most digits, since the secrets smrisk masks are mostly numbers, codes and passwords.
    """
    placed: list[Located] = []
    for span in spans:
        free = [(start, end) for start, end in _matches(span.text, text)
                if not any(p.span.risk == span.risk and p.start < end and start < p.end for p in placed)]
        if not free:
            continue
        if _MASK in span.text:
            free.sort(key=lambda found: -sum(ch.isdigit() for ch in text[found[0]:found[1]]))
        placed.append(Located(span, *free[0]))
    return placed


def _matches(quoted: str, text: str) -> list[tuple[int, int]]:
    """Every place (overlapping ones too) a quoted span may have come from: whole words if any, else anywhere."""
    if quoted.endswith("...") and len(quoted) >= 60:
        quoted = quoted[:-3]  # cut by the cell: match its first part
    if not quoted.strip():
        return []
    body = "".join(r"\s+" if ch == " " else r"\S" if ch == _MASK else re.escape(ch) for ch in quoted)
    for pattern in (rf"(?<!\w)(?=({body})(?!\w))", rf"(?=({body}))"):
        found = [m.span(1) for m in re.finditer(pattern, text)]
        if found:
            return found
    return []


@dataclass(frozen=True)
class Segment:
    """A stretch of text and the located spans covering it (none: plain text)."""

    text: str
    spans: tuple[Located, ...]


def segments(text: str, located: list[Located]) -> list[Segment]:
    """``text`` cut at every span's start and end, so overlapping spans of several risks can all be shown."""
    cuts = sorted({0, len(text), *(p.start for p in located), *(p.end for p in located)})
    return [Segment(text[a:b], tuple(p for p in located if p.start < b and a < p.end)) for a, b in zip(cuts, cuts[1:], strict=False)
            if a < b]
