"""Results: per-risk scores with their evidence, and the renderers a reviewer reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smrisk.approved import Departure
from smrisk.categories import CATEGORIES
from smrisk.evidence import Evidence, mask_value
from smrisk.rule_kinds import narrower

if TYPE_CHECKING:
    from smrisk.routing import Route
    from smrisk.speakers import SpeakerVerdict

#: The columns a batch run under a policy adds after the score columns.
POLICY_COLUMNS: tuple[str, ...] = ("route", "speaker", "policy_sha256")

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BAR_WIDTH = 10
_SCORE_COLUMNS = tuple((c, f"{c}_score") for c in CATEGORIES)  # the flat row's column names, spelled once
_FLAG_COLUMN_NAMES = tuple(f"{c}_flag" for c in CATEGORIES)
_new = object.__new__
_set = object.__setattr__  # what a frozen dataclass's own ``__init__`` assigns each field with


@dataclass(frozen=True)
class CategoryScore:
    """One risk's verdict: combined score, flag at the threshold, and the spans behind it."""

    category: str
    score: float
    flagged: bool
    threshold: float
    model_probability: float | None
    evidence: tuple[Evidence, ...]
    #: Why a flag the score reaches was lifted (a policy read whose conduct the draft describes,
    #: ``smrisk.attribution``); None when the flag is the threshold's. The score is kept as it was.
    lifted: str | None = None

    @classmethod
    def of(cls, category: str, score: float, flagged: bool, threshold: float, model_probability: float | None,
           evidence: tuple[Evidence, ...]) -> CategoryScore:
        """``CategoryScore(...)``, the same object, built in one assignment rather than the frozen
        dataclass's one call per field: a batch builds three per text."""
        made = _new(cls)
        _set(made, "__dict__", {"category": category, "score": score, "flagged": flagged, "threshold": threshold,
                                "model_probability": model_probability, "evidence": evidence, "lifted": None})
        return made

    def to_dict(self, reveal: bool = False, shown: Callable[[Evidence], str] | None = None) -> dict[str, Any]:
        """JSON-ready; ``shown`` renders each span's text (the report passes one that masks every secret)."""
        return {
            "score": round(self.score, 4),
            "flagged": self.flagged,
            "threshold": round(self.threshold, 4),
            "model_probability": None if self.model_probability is None else round(self.model_probability, 4),
            "flag_lifted": self.lifted,
            "evidence": [e.to_dict(reveal) if shown is None else {**e.to_dict(reveal), "text": shown(e)}
                         for e in self.top_evidence()],
        }

    def top_evidence(self, n: int = 3) -> list[Evidence]:
        """The strongest spans, at most ``n``, none overlapping another: rule hits by score, then model spans by
        contribution. Where two rules find one stretch with the same score, the narrower rule's reason is shown
        (``narrower``: "a PIN or access code", not the password rule's "a password or access code")."""
        rules: list[Evidence] = []
        for item in sorted((e for e in self.evidence if not e.from_model and e.score > 0), key=lambda e: (-e.score, e.start - e.end)):
            clashes = [i for i, r in enumerate(rules) if _overlap(r, item)]
            if not clashes:  # one reason per stretch of text
                rules.append(item)
            elif len(clashes) == 1 and _same_stretch(rules[clashes[0]], item) and narrower(item.source, rules[clashes[0]].source):
                rules[clashes[0]] = item
        model = sorted(
            (e for e in self.evidence if e.from_model and not any(_overlap(r, e) for r in rules)),
            key=lambda e: -e.score,
        )
        return (rules + model)[:n]


@dataclass(frozen=True)
class HiddenPhrase:
    """A phrase hidden from the rules and the model as aimed at no one else ("I'm such an idiot", "Well, fuck.",
    "what a stupid policy") or as disclosing nothing ("we can't comment on internal matters"): where it stands in the
    scored text, as written, and why it was hidden."""

    start: int
    end: int
    text: str
    why: str

    def line(self) -> str:
        """``'I'm such an idiot' is said of the writer themselves``: what a note and a batch status say."""
        return f"{self.text!r} is {self.why}"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "why": self.why}


@dataclass(frozen=True)
class RiskReport:
    """What ``smrisk.score`` returns for one text."""

    text: str
    scores: Mapping[str, CategoryScore]
    model_id: str
    notes: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()  # allow-list entries found in the text: hidden from the rules and the model
    route: tuple[Route, ...] = ()  # owners who must review, in priority order (with a policy)
    speaker: SpeakerVerdict | None = None  # may this author post this on this channel (with a policy and a channel)
    policy: str | None = None  # sha256 of the policy file that judged this text
    context: tuple[str, ...] = ()  # the messages the text answers, oldest first (``smrisk.score(text, context=...)``)
    approved: Departure | None = None  # the nearest pre-approved response (``smrisk.score(..., library=...)``)
    hidden: tuple[HiddenPhrase, ...] = ()  # aimed at no one else or disclosing nothing: hidden from the rules and the model (noted)
    read_in_context: tuple[str, ...] = ()  # the risks the context was read for (the others read the reply alone)
    scored_chars: int | None = None  # how many characters were read, where the text was cut at ``max_chars`` (a note says so)

    @classmethod
    def of(cls, text: str, scores: Mapping[str, CategoryScore], model_id: str, notes: tuple[str, ...] = (),
           allowed: tuple[str, ...] = (), hidden: tuple[HiddenPhrase, ...] = (),
           scored_chars: int | None = None) -> RiskReport:
        """``RiskReport(text, scores, model_id, notes, allowed, hidden=hidden, scored_chars=scored_chars)``, the same
        object, built in one assignment (see ``CategoryScore.of``)."""
        made = _new(cls)
        _set(made, "__dict__", {"text": text, "scores": scores, "model_id": model_id, "notes": notes, "allowed": allowed,
                                "route": (), "speaker": None, "policy": None, "context": (), "approved": None,
                                "hidden": hidden, "read_in_context": (), "scored_chars": scored_chars})
        return made

    def __repr__(self) -> str:
        """A short summary with secrets masked, so printing a report in a notebook leaks nothing."""
        scores = {c: round(self.scores[c].score, 3) for c in CATEGORIES if c in self.scores}
        text = " ".join(self._display(False).split())
        return (f"RiskReport(flagged={self.flagged}, scores={scores}, model_id={self.model_id!r}, "
                f"text={text[:80] + '...' if len(text) > 80 else text!r})")

    @property
    def flagged(self) -> list[str]:
        """The risks at or above their threshold, in the canonical order."""
        return [c for c in CATEGORIES if c in self.scores and self.scores[c].flagged]

    @property
    def truncated(self) -> bool:
        """Whether the text was cut at ``max_chars`` before scoring: not all of it was read."""
        return self.scored_chars is not None

    def to_dict(self, reveal: bool = False) -> dict[str, Any]:
        """A JSON-serialisable dict with stable keys; credentials and PII masked unless ``reveal``."""
        shown = self._shown(reveal)
        return {
            "flagged": self.flagged,
            "scores": {c: self.scores[c].to_dict(reveal, shown) for c in CATEGORIES if c in self.scores},
            "model_id": self.model_id,
            "notes": list(self.notes),
            "allowed": list(self.allowed),
            "hidden": [h.to_dict() for h in self.hidden],
            "route": [r.to_dict() for r in self.route],
            "speaker": None if self.speaker is None else self.speaker.to_dict(),
            "policy": self.policy,
            "text_length": len(self.text),
            "context_messages": len(self.context),
            "approved_response": None if self.approved is None else self.approved.to_dict(),
        }

    def to_row(self, reveal: bool = False) -> dict[str, Any]:
        """The flat columns ``smrisk batch`` appends to each CSV row."""
        scores = self.scores
        row: dict[str, Any] = {column: round(scores[c].score, 4) for c, column in _SCORE_COLUMNS}
        flags = [scores[c].flagged for c in CATEGORIES]
        row.update(zip(_FLAG_COLUMN_NAMES, map(int, flags), strict=True))
        row["evidence"] = self.evidence_summary(reveal) if True in flags else ""
        if self.policy is not None:
            row.update(policy_cells(self))
        return row

    def evidence_summary(self, reveal: bool = False, per_risk: int = 3) -> str:
        """One line: for each flagged risk, its strongest spans, where they came from and, for a rule,
        why (``"junk" (derogatory.policy.competitors 0.90: runs down Zentrix (...))``; read back by
        ``smrisk.evidence_cells``)."""
        flagged = self.flagged
        if not flagged:
            return ""
        parts = []
        shown = self._shown(reveal)
        for category in flagged:
            spans = "; ".join(
                f"{_quote(shown(e))} ({_source_label(e)})"
                for e in self.scores[category].top_evidence(per_risk)
            )
            parts.append(f"{category}: {spans}" if spans else category)
        return " | ".join(parts)

    def explain(self, reveal: bool = False) -> str:
        """A few lines a reviewer reads at a glance: verdict, bars, the spans, the text marked."""
        lines = [f"FLAGGED: {', '.join(self.flagged)}" if self.flagged else "OK: no risk flagged"]
        display = self._display(reveal)
        shown = self._shown(reveal)
        for category in CATEGORIES:
            result = self.scores[category]
            filled = round(result.score * _BAR_WIDTH)
            bar = "#" * filled + "." * (_BAR_WIDTH - filled)
            explained = result.flagged or result.score >= result.threshold / 2
            # two decimals, or three where two would show a score below its threshold as equal to it
            digits = 3 if explained and f"{result.score:.2f}" == f"{result.threshold:.2f}" else 2
            threshold = f"threshold {result.threshold:.{digits}f}"
            verdict = f"flagged ({threshold})" if result.flagged else f"below its {threshold}" if explained else ""
            if result.lifted is not None:
                verdict = f"not flagged ({threshold}): flag lifted, see the note"
            lines.append(f"  {category:<12} {result.score:4.{digits}f} [{bar}] {verdict}".rstrip())
            if explained:
                for item in result.top_evidence(3):
                    where = " in the message it answers" if item.where == "context" else ""
                    lines.append(f"      {_quote(shown(item))}{where}: {item.reason}")
        marked = self._marked_text(display)
        if marked:
            lines.append(f"  text: {marked}")
        if self.context:
            count = len(self.context)
            alone = [risk for risk in self.scores if risk not in self.read_in_context]
            which = f" for {', '.join(self.read_in_context) or 'no risk'}; {', '.join(alone)} read alone" if alone else ""
            lines.append(f"  context: read with the {'message' if count == 1 else f'{count} messages'} it answers{which}")
        if self.approved is not None:
            offered = self.flagged and self.approved.fits
            advice = f"instead, consider response `{self.approved.id}` ({self.approved.owner}); " if offered else ""
            lines.append(f"  {advice}{self.approved.line()}")
        if self.allowed:
            lines.append(f"  allowed (ignored by rules and model): {', '.join(self.allowed)}")
        if self.route:
            lines.append(f"  route: {'; '.join(r.line() for r in self.route)}")
        if self.speaker is not None:
            lines.append(f"  speaker: {self.speaker.status}: {self.speaker.message}")
        lines.extend(f"  note: {note}" for note in self.notes)
        # a lone surrogate (from bytes that were not UTF-8) cannot be printed or encoded: shown as "\ufffd", one for one
        return _LONE_SURROGATE.sub("\ufffd", "\n".join(lines))

    def display_text(self, reveal: bool = False) -> str:
        """The text as every renderer shows it: each detected secret masked in place (same length) unless ``reveal``."""
        return self._display(reveal)

    def _display(self, reveal: bool) -> str:
        """The text as reports show it: as written when ``reveal``, else with every detected secret
        masked in place (same length, so every span still applies).

        Masking the text once, rather than each span on its own, means a model span that overlaps
        part of a secret shows exactly the secret's masking and nothing more of it.
        """
        secrets = sorted((e.start, e.end, e.credential) for r in self.scores.values() for e in r.evidence
                         if e.sensitive and not e.from_model and e.where == "text")
        if reveal or not secrets:
            return self.text
        merged: list[tuple[int, int, bool]] = []  # overlapping secrets are masked as one, so no part shows its own tail
        for start, end, credential in secrets:
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2] or credential)
            else:
                merged.append((start, end, credential))
        chars = list(self.text)
        for start, end, credential in merged:
            chars[start:end] = mask_value(self.text[start:end], keep=0 if credential else 4)
        return "".join(chars)

    def _shown(self, reveal: bool) -> Callable[[Evidence], str]:
        """How a span is displayed: its slice of ``_display`` (a span of the context: its own text, masked if sensitive)."""
        display = self._display(reveal)
        return lambda evidence: display[evidence.start : evidence.end] if evidence.where == "text" else evidence.shown_text(reveal)

    def _marked_text(self, text: str, limit: int = 300) -> str:
        """``text`` (the display text) with the flagged risks' top spans in [brackets]."""
        out: list[str] = []
        cursor = 0
        for start, end in sorted({(e.start, e.end) for c in self.flagged for e in self.scores[c].top_evidence(3) if e.where == "text"}):
            if start < cursor:
                continue
            out += [text[cursor:start], "[", text[start:end], "]"]
            cursor = end
        out.append(text[cursor:])
        flat = " ".join("".join(out).split())
        return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return f'"{flat if len(flat) <= limit else flat[: limit - 3] + "..."}"'


def _same_stretch(kept: Evidence, other: Evidence) -> bool:
    """Whether ``other`` covers the same text as ``kept`` with the same score: two readings of one span."""
    return (kept.start, kept.end, kept.score) == (other.start, other.end, other.score)


def _overlap(a: Evidence, b: Evidence) -> bool:
    """Whether two spans share characters of the same text (the scored text, or one context message)."""
    return (a.where, a.message) == (b.where, b.message) and a.start < b.end and b.start < a.end


def _source_label(evidence: Evidence) -> str:
    """Where a span came from, and for a rule its short reason: what a CSV reviewer reads beside it."""
    if evidence.from_model:
        return f"model, {evidence.strength}" if evidence.strength else "model"
    where = ", in the message it answers" if evidence.where == "context" else ""
    reason = short_reason(evidence.reason)
    return f"{evidence.source} {evidence.score:.2f}{where}" + (f": {reason}" if reason else "")


#: How long a reason may be in the batch ``evidence`` cell.
REASON_CHARS = 90


def short_reason(reason: str, limit: int = REASON_CHARS) -> str:
    """A rule's reason as one cell item carries it: its first part (up to a ``; `` outside brackets:
    what follows is the lexicon's general reason or a context cue's note), on one line, without the
    double quotes and `` | `` the cell uses as separators, cut to about ``limit`` characters (after
    a whole item of a list where it can, its brackets closed)."""
    flat = " ".join(reason.split()).replace('"', "'").replace(" | ", " / ")
    first = _outside_brackets(flat, limit=None)
    if len(first) <= limit:
        return first
    cut = _outside_brackets(first, limit)
    return cut if cut != first else first[: limit - 3].rstrip() + "..."


def _outside_brackets(text: str, limit: int | None) -> str:
    """``text`` up to its first ``; `` outside brackets (``limit`` None); or, with a ``limit``, up to
    its last ``; `` before it, any open bracket closed after ``; ...`` (``text`` itself if none)."""
    depth, last = 0, None
    for i, ch in enumerate(text):
        if limit is not None and i >= limit:
            break
        if text.startswith("; ", i):
            if limit is None and depth <= 0:
                return text[:i]
            last = (i, depth)
        depth += (ch in "([") - (ch in ")]")
    if limit is None or last is None:
        return text
    at, open_brackets = last
    return text[:at] + "; ..." + ")" * max(open_brackets, 0)


def policy_cells(report: RiskReport) -> dict[str, str]:
    """The ``POLICY_COLUMNS`` of one report: owners ;-joined, the speaker status and message, the digest."""
    speaker = "" if report.speaker is None else f"{report.speaker.status}: {report.speaker.message}"
    return {"route": ";".join(r.owner for r in report.route), "speaker": speaker, "policy_sha256": report.policy or ""}
