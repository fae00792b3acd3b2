"""The one currency of explanation: a frozen ``Evidence`` record per span that moved a score."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

#: ``Evidence.source`` of spans produced by the trained model.
MODEL_SOURCE = "model"

_KEEP_VISIBLE = 4


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the caller's original text that supports one risk.

    ``start``/``end`` index the original text and ``text`` is exactly that slice. ``score`` is
    the strength of this piece of evidence: a probability for rules, a contribution to the
    model's log-odds for model spans. ``sensitive`` marks values (credentials, PII) that
    renderers mask unless asked to reveal them. ``prior_score`` and ``cue`` record a context
    adjustment: the score before it and the word that moved it. ``where`` is ``"context"`` for
    a span of the message a reply answers (``smrisk.score(reply, context=...)``): ``start``/``end``
    then index context message number ``message`` (oldest first), not the scored text.
    """

    category: str
    source: str
    start: int
    end: int
    text: str
    score: float
    reason: str
    sensitive: bool = False
    prior_score: float | None = None
    cue: str | None = None
    strength: str | None = None  # model spans: "strong", "moderate" or "weak" (share of the model's evidence)
    credential: bool = False  # a password, PIN, login or street address: masked whole, no visible tail
    where: str = "text"  # "text": a span of the scored text; "context": of context message ``message``
    message: int = 0

    def __repr__(self) -> str:
        """Like the dataclass repr, with a sensitive span masked: a printed report leaks nothing."""
        text = mask_value(self.text, keep=0) if self.sensitive else self.text
        return (f"Evidence(category={self.category!r}, source={self.source!r}, start={self.start}, end={self.end}, "
                f"text={text!r}, score={self.score!r}, reason={self.reason!r}, sensitive={self.sensitive})")

    @property
    def from_model(self) -> bool:
        """True for n-gram contributions of the trained model, False for rule hits."""
        return self.source == MODEL_SOURCE

    def adjusted(self, score: float, cue: str, reason: str) -> Evidence:
        """A copy with a new score, keeping the old one and the cue that moved it."""
        return replace(
            self,
            score=score,
            prior_score=self.score if self.prior_score is None else self.prior_score,
            cue=cue,
            reason=reason,
        )

    def shown_text(self, reveal: bool = False) -> str:
        """The span as a report shows it: sensitive values masked unless ``reveal``."""
        if reveal or not self.sensitive:
            return self.text
        return mask_value(self.text, keep=0 if self.credential else _KEEP_VISIBLE)

    def to_dict(self, reveal: bool = False) -> dict[str, Any]:
        """A JSON-ready dict with stable keys; sensitive text masked unless ``reveal``."""
        return {
            "category": self.category,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "text": self.shown_text(reveal),
            "score": round(self.score, 4),
            "reason": self.reason,
            "sensitive": self.sensitive,
            "prior_score": None if self.prior_score is None else round(self.prior_score, 4),
            "cue": self.cue,
            "strength": self.strength,
            **({} if self.where == "text" else {"in": self.where, "message": self.message}),
        }


def mask_value(value: str, keep: int = _KEEP_VISIBLE) -> str:
    """Mask all but the last ``keep`` letters or digits, keeping separators for readability.

    Values with fewer than ``3 * keep`` letters and digits are masked entirely, so a PIN, a
    password or a short e-mail address never shows; a card number or key keeps its last four.
    With ``keep=0`` (credentials) every character but spaces is masked, punctuation included.
    """
    if keep == 0:
        return "".join(ch if ch.isspace() else "•" for ch in value)
    significant = sum(ch.isalnum() for ch in value)
    visible = keep if significant >= 3 * keep else 0
    out: list[str] = []
    seen = 0
    for ch in value:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen > significant - visible else "•")
        else:
            out.append(ch)
    return "".join(out)
