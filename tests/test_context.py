"""Context cues: awareness language lowers illegal hits; idioms drop hits; the old score is kept."""

from __future__ import annotations

import pytest

from smrisk.context import ContextAdjuster
from smrisk.detectors import default_registry
from smrisk.detectors.lexicon_files import context_rows
from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.nlp import shared_nlp
from smrisk.normalize import Normalizer

REGISTRY = default_registry()
ADJUST = ContextAdjuster(context_rows(), shared_nlp())
NORMALIZER = Normalizer()


def adjusted(text: str):
    normalized = NORMALIZER(text)
    document = Document(normalized, shared_nlp().make_doc)
    return ADJUST(document, REGISTRY.find(document))


@pytest.mark.parametrize(
    ("text", "source", "at_most"),
    [
        ("Never drink and drive this holiday, book a ride home", "illegal.dui", 0.3),
        ("A court today fined the firm for price fixing", "illegal.price_fixing", 0.3),
        ("great read on how auditors spot companies that cook the books", "illegal.fraud", 0.3),
        ("call facilities on 555-0142, they'll open it", "confidential.phone", 0.3),  # a work line, not a person's
        ("Scam alert: we will never ask for your card details, report insurance fraud to us",
         "illegal.fraud", 0.3),
        ("This idiot-proof blender is a killer deal", "derogatory.insult_word", 0.0),
        ("Shut up and take my money!", "derogatory.dismissal", 0.0),
        ("Our striker stole their hearts tonight", "derogatory.accusation", 0.0),
        ("Found a stray coon hound by the loading dock, anyone missing a dog?", "derogatory.slur", 0.0),
        ("Week three of the new boots and my heels still hurt like a bitch", "derogatory.slur", 0.0),
        ("I would bitch about the weather, but it's too nice out", "derogatory.slur", 0.0),  # the verb: to complain
        ("Reminder for the panel: that word is a slur, please don't write 'retard' in the chat", "derogatory.slur", 0.3),
        ("PSA: that crypto giveaway in the replies is a scam", "derogatory.damaging_claim", 0.3),
        ("Proud of my sister, she is a fraud investigator at the FCA now", "derogatory.damaging_claim", 0.0),
        ("Reading about the insider trading case against that fund manager, the SEC filed charges Tuesday",
         "illegal.insider_trading", 0.3),
        # enforcement news about others: a fine, a probe, a settlement
        ("Harbor Bank agreed to pay $15 million in penalties to end a probe into money laundering", "illegal.fraud", 0.3),
        ("Fishmonger chain files for bankruptcy after a $25 million fine for price fixing", "illegal.price_fixing", 0.3),
        ("Heard the news about the Zeller Bank insider trading charges? Wild.", "illegal.insider_trading", 0.3),  # charges filed
        ("the night crew are thick as thieves, love them", "derogatory.belittles_people", 0.0),  # close friends
        ("it is an idiot-proof blender", "derogatory.belittles_people", 0.0),  # a compound
    ],
)
def test_cues_lower_scores(text: str, source: str, at_most: float) -> None:
    items = [e for e in adjusted(text) if e.source == source]
    assert items, f"{source} should fire before adjustment"
    assert all(e.score <= at_most for e in items)
    assert all(e.prior_score is not None and e.cue for e in items)


@pytest.mark.parametrize(
    ("text", "source"),
    [("we drove home drunk again lol", "illegal.dui"), ("You are such an idiot", "derogatory.insult_at_reader"),
     ("the new hire is a lazy bitch", "derogatory.slur"), ("tell that coon to get off my lot", "derogatory.slur"),
     ("she is such a bitch about everything", "derogatory.slur"),  # the noun, with "about" after it
     ("honestly the new hire is a fraud, he lied about being a fraud investigator", "derogatory.damaging_claim"),
     # "news" here is when the trade happens, not a report of it
     ("bought 2000 shares of Halcyon before the merger news came out, easy money", "illegal.insider_trading"),
     ("call me on 07911 123456 tonight, the team will never know", "confidential.phone"),  # a person's own number
     # the "don't" and "never" of hiding it are no warning
     ("We just backdate the invoices so the auditors don't see the Q4 shortfall.", "illegal.fraud"),
     ("we fudge the numbers so finance never finds out", "illegal.fraud"),
     ("Northdale staff are thick as mince", "derogatory.belittles_people"),  # a bank analyst's trial: "thick" of people
     ("you are so thick", "derogatory.belittles_people"),
     ("Marcus from accounting is a useless idiot though.", "derogatory.belittles_people")],
)
def test_no_cue_keeps_the_score(text: str, source: str) -> None:
    items = [e for e in adjusted(text) if e.source == source]
    assert items and all(e.prior_score is None for e in items)


def test_bad_cue_row_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="context cue row 0"):
        ContextAdjuster([{"patterns": ["x"]}], shared_nlp())


def test_a_hit_weakened_by_a_cue_is_shown_but_not_counted() -> None:
    """A warning ("Don't drink and drive") or a news frame ("fined for price fixing") turns a rule hit
    into a hint that is shown with its cue but weighs nothing: the score is the model's alone, whatever
    the thresholds (a weight relative to them would change with every retrain), so a warning cannot
    tip a draft over. A hit no cue weakened counts in full."""
    from smrisk import default_scorer

    for text in ["Don't drink and drive this holiday season. Plan a ride home.",
                 "A court today fined the company for price fixing in 2019."]:
        illegal = default_scorer().score(text).scores["illegal"]
        weakened = [e for e in illegal.evidence if e.cue is not None]
        assert weakened and all(0 < e.score < e.prior_score for e in weakened)
        assert illegal.score == pytest.approx(illegal.model_probability) and not illegal.flagged
    plain = default_scorer().score("drove home drunk after the party lol").scores["illegal"]
    assert plain.score > plain.model_probability and any(e.cue is None for e in plain.evidence if not e.from_model)


def test_an_insult_of_a_named_person_is_flagged_however_long_the_post() -> None:
    """An integrator's trial: one insult at the end of a cheerful post read 0.59, under the threshold, as the model's
    reading of it was diluted by the rest; "X is a useless idiot" is a rule's hit now, whatever surrounds it."""
    import smrisk

    cheer = ("Great launch today, thanks everyone for the late nights and the pizza. The new checkout flow is live in all "
             "stores and the feedback so far is lovely, huge thanks to everyone in ops and support for the weekend push. "
             "Special shoutout to the kitchen crew. ")
    report = smrisk.score(cheer + "Marcus from accounting is a useless idiot though.")
    assert "derogatory" in report.flagged
    assert "derogatory" not in smrisk.score(cheer + "Marcus from accounting is a legend though.").flagged
