"""Swearing aimed at no one is hidden from the rules and the model; swearing at someone or something is not."""

from __future__ import annotations

import pytest

from smrisk.categories import DEROGATORY
from smrisk.config import ScoringConfig
from smrisk.interjections import AIMED_AT_NO_ONE, interjections
from smrisk.scorer import Scorer


def found(text: str) -> list[str]:
    folded = text.lower()
    return [folded[start:end] for start, end in interjections(folded)]


@pytest.mark.parametrize(("text", "clauses"), [
    ("Well, fuck. The build broke again.", ["fuck"]),
    ("Holy shit, we hit 1M users!", ["holy shit"]),
    ("for fuck's sake, the printer again", ["for fuck's sake"]),
    ("Oh hell no, not another Monday meeting", ["oh hell no"]),
    ("Spreadsheet crashed, didn't save. Shit.", ["shit"]),
    ("Mondays, am I right? shit happens", ["shit happens"]),
    ("that was fucking amazing", ["that was fucking amazing"]),
])
def test_a_clause_of_swearing_at_no_one_is_found(text: str, clauses: list[str]) -> None:
    assert found(text) == clauses


@pytest.mark.parametrize("text", [
    "fuck you", "fuck off", "eat shit", "go to hell", "oh go to hell", "fuck the police", "this fucking printer", "what a shit show",
    "what the fuck is wrong with you people", "Hello from the shell", "well, that went great",
])
def test_swearing_at_someone_or_something_is_not(text: str) -> None:
    assert found(text) == []


def test_the_clause_is_hidden_from_the_model(tiny_scorer: Scorer) -> None:
    text = "Shit. The build broke again."
    report = tiny_scorer.score(text)
    assert any("'Shit'" in note and AIMED_AT_NO_ONE in note for note in report.notes)
    assert not any(e.from_model and "shit" in e.text.lower() for e in report.scores[DEROGATORY].evidence)
    as_written = Scorer(tiny_scorer.bundles, config=ScoringConfig(hide_swearing_at_no_one=False)).score(text)
    assert not as_written.notes
    assert as_written.scores[DEROGATORY].model_probability > report.scores[DEROGATORY].model_probability


def test_a_batch_row_says_what_was_hidden(tiny_scorer: Scorer) -> None:
    from smrisk.score_columns import STATUS, score_rows

    rows = score_rows(["Shit. The build broke again.", "I'm such an idiot; left my badge at home", "the build broke again"],
                      [(), (), ()], tiny_scorer, reveal=False)
    assert [row[STATUS] for row in rows] == [f"hidden: 'Shit' is {AIMED_AT_NO_ONE}",
                                             "hidden: \"I'm such an idiot\" is said of the writer themselves", "ok"]
