"""Context cues have scope: a warning lowers a rule hit in its own sentence; secrecy ("don't
tell anyone") is no warning; an admission keeps its weight."""

from __future__ import annotations

import pytest

from smrisk.categories import ILLEGAL
from smrisk.scorer import Scorer

ADMISSIONS = [
    "Don't tell anyone but I drove home drunk last night",
    "dont tell anyone but I drove home drunk after the party",
    "Do not tell HR, but we drove home drunk after the offsite",
    "Never tell compliance this, but I bribed the inspector",
    "lol don't tell my boss, I drove home drunk again",
    "I drove home drunk. Never again, don't do it.",
    "We paid the inspector a bribe so the permit went through",
    "Honestly I drove home drunk and nobody noticed",
    "did a couple lines of coke in the office bathroom before the pitch",
    "we sell fake designer bags out of the stockroom",
    "Just downloaded a cracked copy of Photoshop for the whole team",
    "we dumped the solvent in the creek behind the plant",
    "I paid cash under the table so we skip the taxes",
    "Don't worry, I drove home drunk and made it fine",
    "Don't ask how, but we got the bribe to the council member",
    "I'm selling weed to coworkers, hmu",
    "Pirated the whole season and streamed it at the store lol",
    "We bribed the customs officer to clear the container",
    "Don't snitch: we bribed the customs officer again",
    "Never got caught, I drove home drunk every Friday",
    "The compliance training was a joke. I bribed the auditor the day after.",
]
WARNINGS = [
    "Don't drink and drive this weekend, plan a ride home.",
    "Never drive drunk. Book a ride instead.",
    "Please don't drive drunk tonight, call a cab",
    "Avoid pirated software: it carries malware.",
    "Bribery is illegal and we have zero tolerance for it.",
    "Report any bribe request to our ethics hotline.",
    "Beware of counterfeit bags sold online, buy from our store.",
    "We will never ask you to pay a bribe.",
    "Drunk driving kills. Don't do it this holiday season.",
    "Police arrested a man for selling weed near the school, according to the news.",
    "Our training covers how to spot bribery and report it.",
    "Never buy counterfeit medicines, they can be dangerous.",
    "Warning: pirated streams often steal your card details.",
    "He was convicted of drunk driving last year, the court said.",
    "Don't drive drunk. Designated drivers get free sodas.",
    "A documentary about insider trading premieres tonight.",
    "Stay safe: avoid illegal dumping sites and report them.",
    "Don't buy stolen goods, report them to police.",
    "Never pay a bribe to get a permit faster.",
    "Avoid counterfeit chargers, they can start fires.",
    "Report drunk driving to the police when you see it.",
]


def _rule_hits(scorer: Scorer, text: str) -> list:
    return [e for e in scorer.score(text).scores[ILLEGAL].evidence if not e.from_model]


@pytest.mark.parametrize("text", ADMISSIONS)
def test_an_admission_keeps_its_weight(tiny_scorer: Scorer, text: str) -> None:
    hits = _rule_hits(tiny_scorer, text)
    assert hits, "the table holds only texts an illegal rule matches"
    assert all(e.cue is None for e in hits), [(e.source, e.cue) for e in hits]


@pytest.mark.parametrize("text", WARNINGS)
def test_a_warning_lowers_the_rule_in_its_sentence(tiny_scorer: Scorer, text: str) -> None:
    hits = _rule_hits(tiny_scorer, text)
    assert hits, "the table holds only texts an illegal rule matches"
    assert all(e.cue is not None and e.score < e.prior_score for e in hits), [(e.source, e.cue) for e in hits]


def test_a_cue_in_another_sentence_does_not_count(tiny_scorer: Scorer) -> None:
    hits = _rule_hits(tiny_scorer, "Avoid the highway tonight. I drove home drunk and it was fine.")
    assert hits and all(e.cue is None for e in hits)
