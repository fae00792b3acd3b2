"""Who must review a draft: the route rules of a company's policy applied to a scored report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from smrisk.categories import CATEGORIES
from smrisk.evidence import Evidence
from smrisk.policy import Policy
from smrisk.report import CategoryScore
from smrisk.rule_kinds import KIND_OF, RULE_GROUPS, narrower
from smrisk.speakers import NEEDS_APPROVAL, SpeakerVerdict


@dataclass(frozen=True)
class Route:
    """One owner who must review, the risks that sent the draft there, and why (rule ids, a
    flagged risk, or the speaker rule)."""

    owner: str
    risks: tuple[str, ...]
    because: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"owner": self.owner, "risks": list(self.risks), "because": list(self.because)}

    def line(self) -> str:
        return f"{self.owner} ({', '.join(self.because)})"


def route(scores: Mapping[str, CategoryScore], speaker: SpeakerVerdict | None, policy: Policy) -> tuple[Route, ...]:
    """The owners who must review, in priority order: the policy's ``[[route]]`` tables in file
    order, then owners named only by a lexicon, then the speaker approver.

    A rule id routes only from a flagged risk, and only through evidence that counts: a hit with
    weight, or a context-only lexicon hit no cue or allow-list entry has cancelled. An id also names
    the rules whose hits are a kind of its own (``KIND_OF``).
    """
    context_only = {lexicon.source for lexicon in policy.lexicons if lexicon.context_only}
    counted = {risk: [e for e in scores[risk].evidence if _counts(e, context_only)]
               for risk in CATEGORIES if risk in scores and scores[risk].flagged}
    found: dict[str, tuple[list[str], list[str]]] = {}  # owner -> (risks, because), in priority order

    def add(owner: str, risk: str | None, reason: str) -> None:
        risks, because = found.setdefault(owner, ([], []))
        if risk is not None and risk not in risks:
            risks.append(risk)
        if reason not in because:
            because.append(reason)

    for rule in policy.routes:
        for entry in rule.when:
            if entry in CATEGORIES:
                if entry in counted:
                    add(rule.owner, entry, f"{entry} flagged")
                continue
            for risk, evidence in counted.items():
                for source in sorted({e.source for e in _shown_readings([e for e in evidence if _names(entry, e.source)])}):
                    add(rule.owner, risk, source)
    for lexicon in policy.lexicons:
        if lexicon.route and any(e.source == lexicon.source for e in counted.get(lexicon.risk, ())):
            add(lexicon.route, lexicon.risk, lexicon.source)
    if speaker is not None and speaker.status == NEEDS_APPROVAL and policy.speakers is not None:
        add(policy.speakers.approver, None, "speaker: official channel")
    return tuple(Route(owner, tuple(risks), tuple(because)) for owner, (risks, because) in found.items())


def _names(entry: str, source: str) -> bool:
    """Whether a ``when`` entry names a rule: exactly, by a prefix ending in ``*``, as the rule its hits
    are a kind of (``KIND_OF``: an entry naming access codes takes backup codes too), or by a group
    (``RULE_GROUPS``: ``secrets``)."""
    if entry.endswith("*"):
        return source.startswith(entry[:-1])
    if entry in RULE_GROUPS:
        return source in RULE_GROUPS[entry]
    return source == entry or KIND_OF.get(source) == entry


def _shown_readings(hits: list[Evidence]) -> list[Evidence]:
    """``hits`` without one that another of them reads more narrowly on the same stretch (the door code
    both the password and the access-code rule find): a route names the reading the reviewer is shown."""
    return [e for e in hits if not any(o.start < e.end and e.start < o.end and narrower(o.source, e.source) for o in hits)]


def _counts(evidence: Evidence, context_only: set[str]) -> bool:
    if evidence.from_model:
        return False
    return evidence.score > 0 or (evidence.source in context_only and evidence.prior_score is None)
