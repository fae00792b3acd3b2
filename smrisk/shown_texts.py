"""Texts as every smrisk page shows them: each secret the scorer's rules find masked in place.

Batch keeps each input row as it was, so the text column of a scored file still holds any secret
found. The audit page and the review page show a post's text (and the messages it answers) through
one ``Masker``: the text rescored by the rules and rendered as ``RiskReport.display_text`` renders
it, the masking ``explain()`` and ``to_dict()`` use, same length, so every span still applies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from smrisk.scorer import Scorer

#: Masks a list of texts: each returned string is its text with every detected secret masked, same length.
Masker = Callable[[Sequence[str]], list[str]]


def masker_of(scorer: Scorer) -> Masker:
    """Texts with the secrets ``scorer``'s rules (a policy's included) find masked in place."""
    def mask(texts: Sequence[str]) -> list[str]:
        return [report.display_text() for report in scorer.score_many(list(texts), explain=False)] if texts else []
    return mask
