"""Hostile and odd text: score() never raises, scores are probabilities, spans are true slices."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smrisk.categories import CATEGORIES
from smrisk.scorer import Scorer

OBFUSCATION_ALPHABET = st.sampled_from(list("ab1d0t !.*@$_-\u200b\u200dаеіо｜ｆ\n\t\x00🤫") + ["idiot", "c0ke", "password: "])


def check(report, text: str) -> None:
    for category in CATEGORIES:
        result = report.scores[category]
        assert 0.0 <= result.score <= 1.0
        for item in result.evidence:
            assert 0 <= item.start <= item.end <= len(text)
            assert text[item.start : item.end] == item.text
    report.to_dict()
    report.explain().encode("utf-8")  # printable: a lone surrogate would raise here (an integrator's trial)


@given(st.text(max_size=300))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_arbitrary_unicode(tiny_scorer: Scorer, text: str) -> None:
    check(tiny_scorer.score(text), text)


@given(st.lists(OBFUSCATION_ALPHABET, max_size=60).map("".join))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_obfuscation_soup(tiny_scorer: Scorer, text: str) -> None:
    check(tiny_scorer.score(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "🤫🔥💀",
        "\x00\x00 nul bytes \x00 in text",
        "mixed Кириллица and Latin and 中文 and عربي",
        "\u202eright-to-left override\u202c and שלום עולם",
        "a" * 100_000,
        "word " * 200_000,
        "\ud800 lone surrogate",
        "wow " + "!" * 20_000 + " ok",  # the obfuscation pattern backtracks cubically in such a run: minutes, were it searched
        "n" + ".n" * 20_000,
        "call 1b2b3b4b5b6b7" + " " * 100_000,  # a phone-number pre-check tried at every space of the run: minutes
    ],
    ids=["emoji", "nul", "mixed", "rtl", "one-100k-token", "1MB", "surrogate", "20k-exclamations", "dotted-run", "spaces-after-digits"],
)
def test_edge_cases(tiny_scorer: Scorer, text: str) -> None:
    check(tiny_scorer.score(text), text)
