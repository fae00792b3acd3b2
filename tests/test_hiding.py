"""What the hiding steps share: each has a boolean switch, none hides an insult of someone else in the same
post, and none hides a phrase a derogatory rule reads (``self_directed``, ``interjections``, ``thing_insults``,
``refusals``, ``idioms``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from smrisk.categories import DEROGATORY
from smrisk.config import HIDING_SWITCHES, ScoringConfig
from smrisk.errors import ConfigError
from smrisk.idioms import shipped_idioms
from smrisk.interjections import interjections
from smrisk.refusals import refusals
from smrisk.scorer import Scorer
from smrisk.self_directed import own_insults
from smrisk.thing_insults import insults_of_things

#: Each step's search, on lower-cased text, as the scorer calls it.
FINDERS: dict[str, Callable[[str], list[tuple[int, int]]]] = {
    "hide_own_insults": lambda text: own_insults(text, re.findall(r"\w+", text)),
    "hide_swearing_at_no_one": interjections,
    "hide_insults_of_things": lambda text: insults_of_things(text, lambda a, b: text[a:b]),
    "hide_refusals_to_disclose": refusals,
    "hide_idioms": lambda text: [(start, end) for start, end, _ in shipped_idioms()(text)],
}


@pytest.mark.parametrize(("switch", "value"), [("hide_own_insults", "no"), ("hide_swearing_at_no_one", 1),
                                               ("hide_insults_of_things", "yes"), ("hide_refusals_to_disclose", "on"),
                                               ("hide_idioms", "true")])
def test_the_switch_is_a_boolean(switch: str, value: object) -> None:
    assert switch in HIDING_SWITCHES
    with pytest.raises(ConfigError, match=f"{switch} must be true or false"):
        ScoringConfig.from_dict({switch: value})


@pytest.mark.parametrize(("text", "insult", "shown"), [
    ("So I'm the idiot? You're the idiot.", "You're", "You're the idiot"),  # of oneself, then of the reader
    ("Shit. Dave is an idiot.", "Dave", "idiot"),  # swearing at no one, then an insult
    ("what a stupid policy. You're an idiot.", "You're", "You're an idiot"),  # of a thing, then of the reader
    ("We can't comment on internal matters. You're an idiot.", "You're", "You're an idiot"),  # a refusal, then an insult
])
def test_an_insult_of_someone_else_in_the_same_post_still_counts(tiny_scorer: Scorer, text: str, insult: str,
                                                                  shown: str) -> None:
    report = tiny_scorer.score(text)
    counted = [e for e in report.scores[DEROGATORY].evidence if not e.from_model and e.score > 0]
    assert shown in [e.text for e in counted]
    assert all(e.start >= text.index(insult) for e in counted)
    assert DEROGATORY in report.flagged


@pytest.mark.parametrize("switch", FINDERS)
def test_no_phrase_a_derogatory_rule_reads_is_hidden(switch: str) -> None:
    """A hostile dismissal made only of swear words and small words ("go to hell") is aimed at someone."""
    from smrisk.detectors.lexicon_files import lexicon_rules

    phrases = [p.lower() for rule in lexicon_rules("derogatory") for p in rule.patterns if isinstance(p, str)]
    assert "go to hell" in phrases
    assert [p for p in phrases if FINDERS[switch](p)] == []
