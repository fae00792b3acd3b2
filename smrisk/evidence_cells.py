"""The batch ``evidence`` cell read back: its spans, located in the post's text, each with its reason.

``smrisk batch`` writes one line per row (``RiskReport.evidence_summary``), for example
``illegal: "sell" (model, moderate); "grab as many shares" (illegal.insider_trading 0.28: describes
trading on inside information)``: a rule's label carries its short reason after ``: `` (cells
written before it did are read too). The cell keeps no offsets and quotes each span flattened
(whitespace runs as one space), cut to 60 characters with ``...`` and with secrets masked by ``•``. ``locate`` finds each span in
the text again (masked letters match any non-space character, a cut span its first part), so a
page can highlight it, and ``reason_for`` turns its source label back into the rule's reason.
A cell this module cannot read gives no spans, never an error: a reader shows the text plainly.
The one reader of the cell: the review app and the audit report both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from smrisk.categories import CATEGORIES, TYPICAL_OF
from smrisk.evidence import MODEL_SOURCE

_RISK = "|".join(CATEGORIES)
_NEXT_RISK = rf" \| (?:{_RISK})(?=: | \| |$)"  # the `` | `` that starts the next risk's part
_HEAD = re.compile(rf"(?P<risk>{_RISK})(?:: |(?={_NEXT_RISK})|$)")
# A span ends at the first ``" (label)`` followed by what batch writes after one (another span, the next
# risk, the end), so a span may itself hold quotes, parentheses, ``; `` and `` | ``.
_IN_CONTEXT = ", in the message it answers"  # what ``report._source_label`` adds to evidence from the context
_ITEM = re.compile(rf'"(?P<text>.*?)" \((?P<label>model(?:, [a-z]+)?|[^\s()"]+ \d+\.\d+(?:{_IN_CONTEXT})?)'
                   rf'(?:: (?P<reason>[^"]*?))?\)(?=; "|{_NEXT_RISK}|$)')
_MASK = "•"
_CUT = 60  # what ``report._quote`` cuts a span to


@dataclass(frozen=True)
class CellSpan:
    """One span as the cell quotes it, with where it came from (``model`` or a rule id)."""

    risk: str
    text: str
    source: str
    label: str  # the cell's own words: "model, moderate" or "illegal.insider_trading 0.28" (without the reason)
    reason: str  # for a reviewer: the reason the cell gives, else the shipped rule's, with the rule and score

    @property
    def from_model(self) -> bool:
        return self.source == MODEL_SOURCE

    @property
    def in_context(self) -> bool:
        """Whether the span quotes the message the post answers, not the post."""
        return self.label.endswith(_IN_CONTEXT)

    @property
    def cut(self) -> bool:
        """Whether the cell cut the span short (its text ends in ``...``)."""
        return len(self.text) >= _CUT and self.text.endswith("...")


@dataclass(frozen=True)
class Located:
    """A ``CellSpan`` found in the text: ``text[start:end]`` is what the page highlights."""

    span: CellSpan
    start: int
    end: int


def parse_cell(cell: object) -> dict[str, list[CellSpan]]:
    """The spans of each flagged risk in a batch ``evidence`` cell (risks in the cell's order); a part
    that does not follow the format is skipped up to the next risk."""
    if not isinstance(cell, str) or not cell.strip():
        return {}
    cell = cell.strip()
    found: dict[str, list[CellSpan]] = {}
    at, risk = 0, None
    while at < len(cell):
        head = _HEAD.match(cell, at) if risk is None else None
        item = _ITEM.match(cell, at) if risk is not None else None
        if head:
            risk, at = head.group("risk"), head.end()
            found.setdefault(risk, [])
        elif item and risk is not None:
            label = item.group("label")
            source = MODEL_SOURCE if label.startswith(MODEL_SOURCE) else label.removesuffix(_IN_CONTEXT).rsplit(" ", 1)[0]
            found[risk].append(CellSpan(risk, item.group("text"), source, label, reason_for(risk, label, item.group("reason"))))
            at = item.end() + (2 if cell.startswith("; ", item.end()) else 0)
        else:  # not what batch writes: on to the next risk
            following = cell.find(" | ", at)
            if following < 0:
                break
            at, risk = following + 3, None
        if risk is not None and cell.startswith(" | ", at):
            at, risk = at + 3, None
    return found


def cell_spans(cell: object) -> list[CellSpan]:
    """Every span of a batch ``evidence`` cell, all risks, in the cell's order."""
    return [span for spans in parse_cell(cell).values() for span in spans]


def reason_for(risk: str, label: str, given: str | None = None) -> str:
    """A reviewer's reason for a span from its cell label: the model's wording, or the rule's reason
    (``given`` by the cell, else the shipped rule's own)."""
    if label.startswith("model"):
        strength = label.partition(", ")[2]
        return f"model: wording typical of {TYPICAL_OF.get(risk, risk)}" + (f" ({strength})" if strength else "")
    source, _, score = label.removesuffix(_IN_CONTEXT).rpartition(" ")
    reason = given or rule_reasons().get(source)
    return f"{reason} (rule {source}, {score})" if reason else f"rule {source} ({score})"


@lru_cache(maxsize=1)
def rule_reasons() -> Mapping[str, str]:
    """Each shipped rule's id and reason (read from the rule data: no spaCy, no model)."""
    from smrisk.detectors import confidential
    from smrisk.detectors.lexicon_files import lexicon_rules

    reasons = {rule.name: rule.reason for category in CATEGORIES for rule in lexicon_rules(category)}
    return {**reasons, **detector_reasons(confidential.detectors())}


def detector_reasons(detectors: Iterable[object]) -> dict[str, str]:
    """Each rule id and reason the detectors carry (a lexicon detector's rules, a regex detector's
    rule): of a scorer's registry, policy rules included."""
    reasons: dict[str, str] = {}
    for detector in detectors:
        rules = getattr(detector, "rules", None)
        if isinstance(rules, Mapping):
            reasons.update({str(name): str(getattr(rule, "reason", "")) for name, rule in rules.items()})
        rule = getattr(detector, "rule", None)
        if rule is not None:
            reasons[str(getattr(detector, "name", getattr(rule, "name", "")))] = str(getattr(rule, "reason", ""))
    return reasons


def locate(text: str, spans: list[CellSpan]) -> list[Located]:
    """Where each span is in ``text``, not overlapping an earlier span of the same risk; a span that
    cannot be found (the text was edited after scoring) or that quotes the message the post answers
    is left out.

    A span is looked for as a whole word first (then anywhere), at its first place, except a masked
    span (a secret, shown as ``•``): every stretch of its shape fits it, so it goes to the one masked
    as it is (a text shown masked, as the audit page shows it), else to the one holding the most
    digits, since the secrets smrisk masks are mostly numbers, codes and passwords.
    """
    placed: list[Located] = []
    for span in spans:
        if span.in_context:
            continue
        quoted = span.text[:-3] if span.cut else span.text  # a cut span: match its first part
        free = [(start, end) for start, end in _matches(quoted, text)
                if not any(p.span.risk == span.risk and p.start < end and start < p.end for p in placed)]
        if not free:
            continue
        if _MASK in span.text:
            free.sort(key=lambda found: (-text.count(_MASK, *found), -sum(ch.isdigit() for ch in text[found[0]:found[1]])))
        placed.append(Located(span, *free[0]))
    return placed


def _matches(quoted: str, text: str) -> list[tuple[int, int]]:
    """Every place (overlapping ones too) a quoted span may have come from: whole words if any, else anywhere."""
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
