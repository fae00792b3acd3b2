"""Turns one risk's rule evidence and model probability into that risk's score."""

from __future__ import annotations

from collections.abc import Iterable

from smrisk.evidence import Evidence


def combine(model_probability: float | None, evidence: Iterable[Evidence]) -> float:
    """Noisy-OR of the model and the strongest hit of each rule.

    ``score = 1 - (1 - p) * prod_r (1 - s_r)``, where ``p`` is the calibrated model probability
    (0 when there is no model) and ``s_r`` is the highest score among the hits of rule ``r``.
    Each rule counts once however often it fires (ten e-mail addresses are one kind of
    evidence), a stretch of text two rules find counts once (the door code in "the door code is
    4471" is one secret, whether the password or the access-code rule reads it), and model spans
    are not counted again: they explain ``p``, they do not add to it.
    A hit a context cue weakened (a warning, a news report or a public contact nearby: its score
    is under its ``prior_score``) is shown but not counted: how much such a hint should weigh
    depends on the model's thresholds, which move with every retrain, so it weighs nothing and
    the model alone reads the text. Every input is a probability in [0, 1], so the score is too,
    and it never decreases when a rule fires.

    >>> round(combine(0.5, []), 3)
    0.5
    """
    by_stretch: dict[tuple[object, ...], Evidence] = {}  # per stretch of text, its strongest hit
    for item in evidence:
        if item.from_model or weakened(item):
            continue
        stretch = (item.where, item.message, item.start, item.end)
        if stretch not in by_stretch or _clip(item.score) > _clip(by_stretch[stretch].score):
            by_stretch[stretch] = item
    strongest: dict[str, float] = {}
    for item in by_stretch.values():
        strongest[item.source] = max(strongest.get(item.source, 0.0), _clip(item.score))
    remaining = 1.0 - _clip(model_probability or 0.0)
    for score in strongest.values():
        remaining *= 1.0 - score
    return 1.0 - remaining


def weakened(item: Evidence) -> bool:
    """True for a rule hit whose score a context cue lowered."""
    return item.prior_score is not None and item.score < item.prior_score


def _clip(value: float) -> float:
    return min(1.0, max(0.0, float(value)))
