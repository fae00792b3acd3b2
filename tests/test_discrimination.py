"""The discriminatory-terms rule: who may apply for a job or a home, restricted by a protected characteristic."""

from __future__ import annotations

import pytest

import smrisk
from smrisk.detectors import default_registry
from smrisk.detectors.discrimination import NAME, DiscriminationDetector
from tests.conftest import spans_of


@pytest.fixture(scope="module")
def find():  # noqa: ANN201
    return spans_of(DiscriminationDetector())


@pytest.mark.parametrize(("text", "span"), [
    ("Bar staff wanted for the summer, must be under 28 and outgoing. DM us", "wanted for the summer, must be under 28"),
    ("Receptionist position open. Christians only, we pray before opening", "Christians only"),
    ("Hiring phone agents! No accents please, our callers need to understand you", "No accents"),
    ("We are hiring drivers. No Somalis, the customers complain.", "No Somalis"),
    ("Room to rent in Leeds, professional tenants, not renting to refugees sorry", "not renting to refugees"),
    ("Warehouse team needed, nobody over 45 please, it's fast work", "nobody over 45"),
    ("Promo staff needed, send a full-length photo with your application", "send a full-length photo"),
    ("Hiring: nobody over 45, they never keep up.", "nobody over 45"),
    ("Barista job, must be under 28. Welcome bonus £300!", "must be under 28"),
    ("Recruiter note: we'll shortlist candidates in their 20s only", "candidates in their 20s"),
    ("2 bed flat to rent, £850 pcm. No DSS, no pets.", "No DSS"),
])
def test_restrictions_in_a_hiring_or_renting_text(find, text: str, span: str) -> None:  # noqa: ANN001
    assert find(text) == [span]


@pytest.mark.parametrize("text", [
    "Bartenders wanted! Must be 21+ to serve alcohol, evenings and weekends.",  # a lawful minimum age
    "Hiring a bilingual receptionist, Spanish preferred. Apply online.",  # a language requirement
    "Delivery drivers needed: CDL required, clean record, 2 years' experience.",
    "We're an equal opportunity employer and welcome applicants of all ages and backgrounds.",
    "We removed 'must be under 30' from our old job ads this year. Talent doesn't have an age.",  # taken back
    "Working the wine aisle I card everyone who looks under 30. That's my job.",  # an age, no condition
    "Honest recruiting tip: I never skip anyone over 50. They learn fast and they stay.",  # the opposite
    "so in the end no refugees fleeing from war get help, and the team behind it is silent",  # no list of conditions
    "Christians only make up a third of the town now, says the census",  # no hiring or renting
    # found by the independent review
    "Hiring couriers: deliveries must be under 30 minutes door to door, so you need to know the area",  # a measure
    "Tilers wanted, send photos of your recent work to apply",  # photos of the work
    "Bar staff needed. No kids allowed in the bar area after 9pm, so evenings are quiet",  # a house rule, not a condition
    "Your listing included the phrase \"no children\", which fair housing laws don't allow. Please resubmit.",  # quoted
    "Women's refuge recruiting support workers. Female applicants only (occupational requirement).",
])
def test_lawful_and_unrelated_texts_are_left_alone(find, text: str) -> None:  # noqa: ANN001
    assert find(text) == []


def test_flags_illegal_through_the_scorer() -> None:
    report = smrisk.score("Cashiers needed at our Elm St store. Under 25s only, young team vibe!")
    illegal = report.scores["illegal"]
    assert illegal.flagged
    assert [e.text for e in illegal.evidence if e.source == NAME] == ["Under 25s only"]
    assert NAME in default_registry().names


def test_a_justification_does_not_weaken_the_flag() -> None:
    """"they never keep up" justifies the restriction: its "never" is no warning (context.jsonl)."""
    illegal = smrisk.score("Hiring: nobody over 45, they never keep up.").scores["illegal"]
    assert illegal.flagged and [e.score for e in illegal.evidence if e.source == NAME] == [0.65]
