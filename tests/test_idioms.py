"""Idioms whose words sound like a risk are hidden from the rules and the model (``smrisk.idioms``)."""

from __future__ import annotations

import pytest

from smrisk.categories import DEROGATORY
from smrisk.config import ScoringConfig
from smrisk.idioms import IDIOM_NOTE_ENDING, IdiomFinder, shipped_idioms
from smrisk.scorer import Scorer

SLUR_IDIOM = "an idiom about a situation or a place, not a word for a person"


@pytest.mark.parametrize(("text", "idiom"), [
    ("i tried but karma is a bitch", "karma is a bitch"),
    ("friend breakups hurt like a bitch", "hurt like a bitch"),
    ("I would bitch about the weather but it's lovely", "would bitch about"),
    ("dont bitch about the rota", "dont bitch about"),  # typed in a hurry
    ("bought some weed killer for the patio", "weed killer"),  # a garden product: "some weed" is the drug rule's
    ("Customers are entitled to a full refund within 30 days", "entitled to a"),  # a right, not a verdict
])
def test_idioms_are_found_with_their_reason(text: str, idiom: str) -> None:
    folded = text.lower()
    found = shipped_idioms()(folded)
    assert [folded[a:b] for a, b, _ in found] == [idiom]


@pytest.mark.parametrize("text", [
    "she is a bitch", "that bitch lied", "karma",  # a slur at a person; a word alone
    "piracy is how I got every album",  # awareness phrases are no idiom: "piracy is" starts a confession too
    "fraud alert: this number is a scam",
    "Killer deals all weekend!", "our drivers are killing it",  # upbeat idioms the model learned as harmless: left to it
])
def test_insults_confessions_and_awareness_words_are_not_idioms(text: str) -> None:
    assert shipped_idioms()(text.lower()) == []


def test_only_rows_marked_for_the_model_are_read() -> None:
    finder = IdiomFinder.of([
        {"hide_from_model": True, "reason": "a harmless idiom", "patterns": ["killer deal"]},
        {"reason": "awareness, not conduct", "patterns": ["fraud alert"]},
    ])
    assert finder("killer deals! fraud alert!") == [(0, 12, "a harmless idiom")]
    assert "killer" in finder.anchors


def test_a_scan_that_found_no_anchor_word_skips_the_search() -> None:
    finder = shipped_idioms()
    assert finder("karma is a bitch", frozenset()) == []
    assert finder("karma is a bitch", frozenset({"bitch"})) != []
    assert "karma" not in finder.anchors and "bitch" in finder.anchors  # the word its row shares, not a rarer one


def test_the_idiom_is_hidden_from_the_rules_and_the_model(tiny_scorer: Scorer) -> None:
    text = "i tried but karma is a bitch"
    report = tiny_scorer.score(text)
    assert [h.to_dict() for h in report.hidden] == [{"start": 12, "end": 28, "text": "karma is a bitch", "why": SLUR_IDIOM}]
    assert report.notes == (f"'karma is a bitch' is {SLUR_IDIOM}{IDIOM_NOTE_ENDING}",)
    evidence = report.scores[DEROGATORY].evidence
    assert not any(e.score > 0 for e in evidence if not e.from_model)
    assert not any(e.start >= 12 for e in evidence if e.from_model)  # the model never read the idiom's words
    as_written = Scorer(tiny_scorer.bundles, config=ScoringConfig(hide_idioms=False)).score(text)
    assert not as_written.hidden
    read = {e.text for e in as_written.scores[DEROGATORY].evidence if e.from_model and e.start >= 12}
    assert read & {"karma", "bitch"}  # read as written, the model weighs the idiom's words
    # the rule still drops its own hit inside the idiom, hidden or not
    assert [e.score for e in as_written.scores[DEROGATORY].evidence if e.source == "derogatory.slur"] == [0.0]


def test_an_insult_beside_the_idiom_still_counts(tiny_scorer: Scorer) -> None:
    report = tiny_scorer.score("karma is a bitch and so are you, you stupid bitch")
    counted = [e for e in report.scores[DEROGATORY].evidence if not e.from_model and e.score > 0]
    assert counted and all(e.start > len("karma is a bitch") for e in counted)


def test_a_garden_product_is_no_drug() -> None:
    import smrisk

    report = smrisk.score("bought some weed killer for the patio")
    assert "illegal" not in report.flagged
    assert [h.why for h in report.hidden] == ["a garden product or chore, not a drug"]
    assert "illegal" in smrisk.score("I'll bring the weed, you bring the weed killer lol").flagged


def test_the_anchored_search_finds_what_the_plain_pattern_finds() -> None:
    from smrisk.corpora import team_corpus

    finder = shipped_idioms()
    assert finder.pattern is not None
    texts = [t.lower() for t in team_corpus()["text"].tolist()[::7]] + [
        "i tried but karma is a bitch", "life's a bitch, then you die", "dont bitch about the rota", "weed-killer", "weed  control",
        "x karma is a bitch", "bitch and moan and bitching and moaning", "entitled to a refund, entitled to the money"]
    for text in texts:
        assert [m.span() for m in finder.pattern.finditer(text)] == [m.span() for m in finder.pattern.pattern.finditer(text)], text
