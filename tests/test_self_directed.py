"""Insults the writer aims at themselves are hidden from the rules and the model; insults of others are not."""

from __future__ import annotations

import re

import pytest

from smrisk import self_directed
from smrisk.categories import DEROGATORY
from smrisk.config import ScoringConfig
from smrisk.scorer import Scorer
from smrisk.self_directed import SAID_OF_ONESELF, own_insults


def found(text: str) -> list[str]:
    folded = text.lower()
    return [folded[start:end] for start, end in own_insults(folded, re.findall(r"\w+", folded))]


@pytest.mark.parametrize(("text", "phrase"), [
    ("I'm such an idiot, left my badge at home again", "i'm such an idiot"),
    ("Felt like a total moron presenting the wrong deck", "felt like a total moron"),
    ("What an idiot I am, booked the offsite for the wrong Friday", "what an idiot i am"),
    ("Me, an idiot: replying-all to 4,000 people", "me, an idiot"),
    ("Who's the idiot who forgot to charge the demo units? Yep, me.", "who's the idiot who forgot to charge the demo units? yep, me"),
    ("Call me a fool but I still love fax machines", "call me a fool"),
    ("stupid me, forgot the charger", "stupid me"),
    ("we're such clowns, shipped the wrong build", "we're such clowns"),
    ("I feel so stupid today", "i feel so stupid"),
    ("don't be an idiot like me and reply-all", "an idiot like me"),
    ("the idiot who brought you decaf was me", "the idiot who brought you decaf was me"),
    ("A customer called me a moron today for asking for ID", "called me a moron"),  # said of the writer, by another
    ("Got called a clown by a guy in a Tesla", "got called a clown"),
])
def test_an_insult_of_oneself_is_found(text: str, phrase: str) -> None:
    assert found(text) == [phrase]


@pytest.mark.parametrize("text", [
    "you're the idiot, not me",
    "I'm not an idiot, you are",
    "I feel like idiots run this company",  # "like" opens a clause here, not a likening
    "I am surrounded by idiots",
    "you must feel like an idiot now",
    "the gate staff were morons",  # "were" is not "we're"
    "the idiot who parked in my spot is Dave",
    "he got called an idiot by the boss",  # of someone else
    "I'm so retarded",  # a slur stays a slur, said of oneself or not
])
def test_an_insult_of_others_is_not(text: str) -> None:
    assert found(text) == []


def test_the_phrase_is_hidden_from_the_rules_and_the_model(tiny_scorer: Scorer) -> None:
    text = "I'm such an idiot, left my badge at home again"
    report = tiny_scorer.score(text)
    hits = [e for e in report.scores[DEROGATORY].evidence if not e.from_model]
    assert hits and all(e.score == 0 and SAID_OF_ONESELF in e.reason for e in hits)
    assert not any(e.from_model and "idiot" in e.text.lower() for e in report.scores[DEROGATORY].evidence)
    assert any("I'm such an idiot" in note and SAID_OF_ONESELF in note for note in report.notes)
    as_if_of_others = Scorer(tiny_scorer.bundles, config=ScoringConfig(hide_own_insults=False)).score(text)
    assert not as_if_of_others.notes
    assert as_if_of_others.scores[DEROGATORY].model_probability > report.scores[DEROGATORY].model_probability
    assert as_if_of_others.scores[DEROGATORY].score > report.scores[DEROGATORY].score


def test_insult_words_come_from_the_reader_rule() -> None:
    assert {"idiot", "moron", "stupid", "clown"} <= self_directed.insult_words()
    assert not self_directed.NOT_HIDDEN & self_directed.insult_words()


@pytest.mark.parametrize(("text", "hit"), [
    ("What a joke this weather is", False),
    ("Such a disgrace that the bridge is still closed", False),
    ("What a useless update, the app crashes on launch now", False),
    ("what a joke you are", True),
    ("what a useless bunch", True),
    ("What a clown", True),
])
def test_what_a_reads_people_not_things(tiny_scorer: Scorer, text: str, hit: bool) -> None:
    sources = {e.source for e in tiny_scorer.score(text).scores[DEROGATORY].evidence}
    assert ("derogatory.insult_at_reader" in sources) is hit
