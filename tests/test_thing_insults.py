"""Insult words said of things nobody stands behind are hidden from the rules and the model; the same words
said of people, of the reader's things or of a named firm's products are not."""

from __future__ import annotations

import pytest

from smrisk.categories import DEROGATORY
from smrisk.config import ScoringConfig
from smrisk.scorer import Scorer
from smrisk.thing_insults import PEOPLE, SAID_OF_A_THING, THINGS, insults_of_things


def found(text: str) -> list[str]:
    folded = text.lower()
    return [folded[start:end] for start, end in insults_of_things(folded, lambda a, b: text[a:b])]


@pytest.mark.parametrize(("text", "phrase"), [
    ("what a stupid policy, we can't even have a water bottle at the register?", "what a stupid policy"),
    ("useless hand scanner froze in the middle of the count again", "useless hand scanner"),
    ("this printer is the stupidest machine ever invented", "this printer is the stupidest machine"),
    ("the new ERP is so useless, I need 20 minutes for one invoice", "the new erp is so useless"),  # an acronym, no name
    ("this quarter's numbers are pathetic but we'll bounce back", "this quarter's numbers are pathetic"),
    ("dumbest rule ever: no earbuds in the warehouse", "dumbest rule"),  # "ever" names no one
    ("honestly the wifi here is a joke", "the wifi here is a joke"),
    ("why is the scanner so dumb", "why is the scanner so dumb"),
    ("45 min delay and no announcement. Useless.", "useless"),  # alone, after a sentence about a thing
    ("THIS PRINTER IS USELESS", "this printer is useless"),  # shouting is no name
    ("the printer on floor 3 is the stupidest machine ever built", "the printer on floor 3 is the stupidest machine"),
    ("my printer is a worthless piece of junk", "my printer is a worthless piece of junk"),
    ("it's a stupid machine", "a stupid machine"),
    ("the pager system is being a total asshole again", "the pager system is being a total asshole"),  # personified
    ("CI failed again. useless jackass of a pipeline", "useless jackass of a pipeline"),
    ("Absolute bastard of a machine.", "absolute bastard of a machine"),  # a common word opening a sentence is no name
    ("Holy shit, what a stupid policy", "what a stupid policy"),
    ('"This booking system is an absolute asshole."', "this booking system is an absolute asshole"),  # after a quote
    ("the smart thermostat is an idiot", "the smart thermostat is an idiot"),
    ("Tuesday standup ran 45 minutes. Useless.", "useless"),
    ("the new uniform policy is moronic, wool jumpers in July", "the new uniform policy is moronic"),  # a month is no name
    ("Mondays are a bitch", "mondays are a bitch"),  # a word for a person, said of a day
    ("Frustration can be a bitch !", "frustration can be a bitch"),
    ("the wifi can be so useless", "the wifi can be so useless"),
])
def test_an_insult_of_a_thing_is_found(text: str, phrase: str) -> None:
    assert found(text) == [phrase]


@pytest.mark.parametrize("text", [
    "your app is garbage and so are you",  # the reader's thing
    "you just bought another useless phone",  # the reader in the sentence: maybe theirs
    "You NEED an iPhone to use their stupid watch?",  # a firm's
    "the Northvane X2 is the dumbest phone ever made",  # a named product
    "Zentrix's new app is garbage",
    "what a useless update from Pellico",
    "the stupid printer guy still hasn't shown up",  # people who work with the thing
    "useless app developers can't even fix a login screen",
    "the help desk are the stupidest people in the building",
    "that customer screaming about the vending machine is a pathetic loser",
    "the interns this year are pathetic",  # "this year" is when, not what
    "whoever approved this update is braindead",
    "the woman at the till was pathetic",
    "our ops team is useless",  # groups of people are not things
    "what a joke of a manager we have",
    "our new manager is as broken as the coffee machine. useless",  # alone, after a sentence about a person
    "The receptionist is a useless tool",  # said of a person before it
    "he is such a stupid machine",
    "the IT guy is an asshole",
    "he is a jackass of a boss",
    "Dave, you absolute bastard of a machine operator",
    "This CRM is garbage and so is whoever bought it",  # people anywhere in the sentence
    "This booking system is an asshole, just like the guy who built it",
    "the new ERP is so useless, like everyone who chose it",
    "what a stupid policy from management",
    "useless scanner, thanks staff",
    "what a stupid question",  # what a person asks, says or makes mocks them
    "this is the dumbest idea ever",
    "my manager can be a bitch",
    "she can be a bitch",
])
def test_an_insult_of_people_or_firms_is_not(text: str) -> None:
    assert found(text) == []


def test_things_and_people_are_apart() -> None:
    assert not THINGS & PEOPLE


def test_the_phrase_is_hidden_from_the_rules_and_the_model(tiny_scorer: Scorer) -> None:
    text = "useless scanner froze again, what a stupid system"
    report = tiny_scorer.score(text)
    derogatory = report.scores[DEROGATORY]
    assert not any(e.score > 0 and e.text.lower() in ("useless", "stupid") for e in derogatory.evidence)
    assert [n for n in report.notes if SAID_OF_A_THING in n] == [
        f"'useless scanner' is {SAID_OF_A_THING}: neither the rules nor the model read it as an insult",
        f"'what a stupid system' is {SAID_OF_A_THING}: neither the rules nor the model read it as an insult"]
    assert [h.to_dict() for h in report.hidden] == [
        {"start": 0, "end": 15, "text": "useless scanner", "why": SAID_OF_A_THING},
        {"start": 29, "end": 49, "text": "what a stupid system", "why": SAID_OF_A_THING}]
    assert report.to_dict()["hidden"] == [h.to_dict() for h in report.hidden]
    as_written = Scorer(tiny_scorer.bundles, config=ScoringConfig(hide_insults_of_things=False)).score(text)
    assert not as_written.notes and not as_written.hidden
    assert as_written.scores[DEROGATORY].model_probability > derogatory.model_probability
