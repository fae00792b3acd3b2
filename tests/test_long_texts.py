"""Long texts hold thousands of hits and hidden phrases: the steps that relate them to each other give what the
plain pairwise definitions give, and a long text's phrases are found as a short text's are."""

from __future__ import annotations

import random

import smrisk
from smrisk.detectors.base import outermost
from smrisk.evidence import Evidence
from smrisk.phrases import AdjacentTokens
from smrisk.score_columns import STATUS, score_rows
from smrisk.scorer import HIDDEN_LISTED, _Spans
from smrisk.thing_insults import insults_of_things


def _pairwise_outermost(found: list[Evidence]) -> list[Evidence]:
    return [e for e in found if not any(o is not e and o.source == e.source and o.start <= e.start and e.end <= o.end
                                        and (o.start, o.end) != (e.start, e.end) for o in found)]


def test_outermost_is_the_pairwise_definition() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        found = []
        for _ in range(rng.randint(0, 9)):
            start = rng.randint(0, 10)
            found.append(Evidence("derogatory", rng.choice("ab"), start, start + rng.randint(1, 5), "x", 0.5, "r"))
        assert outermost(found) == _pairwise_outermost(found)


def test_spans_find_the_first_overlapping_one() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        spans, at = [], 0
        for value in range(rng.randint(0, 8)):  # spans that lie apart
            at += rng.randint(0, 4)
            spans.append((at, at + rng.randint(1, 4), value))
            at = spans[-1][1]
        rng.shuffle(spans)
        lookup = _Spans(spans)
        start = rng.randint(0, at + 2)
        end = start + rng.randint(1, 6)
        overlapping = sorted((a, v) for a, b, v in spans if a < end and start < b)
        assert lookup.first_overlapping(start, end) == (overlapping[0][1] if overlapping else None)


def test_a_long_texts_insults_of_things_are_those_of_its_parts() -> None:
    text = "the printer jammed again. useless. " * 3000 + "the stupid printer guy"
    found = insults_of_things(text, lambda a, b: text[a:b])
    assert [text[a:b] for a, b in found] == ["useless"] * 3000


def test_adjacent_tokens_in_a_text_repeating_their_anchor() -> None:
    gate = AdjacentTokens([["you", "are", "late"]])
    assert not gate.search("you idiot. " * 5000)
    assert gate.search("you idiot. " * 5000 + "you are late")


def test_a_long_text_of_repeated_insults_keeps_each_one() -> None:
    report = smrisk.score("I'm such an idiot. You idiot. " * 2000)
    assert len(report.hidden) == 2000 and "derogatory" in report.flagged
    listed = [note for note in report.notes if "said of the writer themselves" in note or "hidden the same way" in note]
    assert len(listed) == HIDDEN_LISTED + 1 and listed[-1].startswith(f"{2000 - HIDDEN_LISTED} more phrases hidden")
    row = score_rows(["I'm such an idiot. You idiot. " * 2000], [()], smrisk.default_scorer(), reveal=False)[0]
    assert row[STATUS].count("hidden:") == HIDDEN_LISTED + 1
