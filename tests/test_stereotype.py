"""The stereotype rule: a negative trait pinned on people named by identity, and the look-alikes it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import smrisk
from smrisk.detectors import default_registry
from smrisk.detectors.lexicon_files import stereotype_rows
from smrisk.detectors.stereotype import NAME, StereotypeDetector
from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.nlp import shared_nlp
from smrisk.normalize import Normalizer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def find():  # noqa: ANN201
    detector, normalize, tokenize = StereotypeDetector(), Normalizer(set()), shared_nlp().make_doc

    def spans(text: str) -> list[str]:
        return [e.text for e in detector.find(Document(normalize(text), tokenize))]
    return spans


@pytest.mark.parametrize(("text", "span"), [
    ("The Chinese suppliers always cheat on the invoices.", "The Chinese suppliers always cheat"),
    ("Polish drivers are useless at reversing", "Polish drivers are useless"),
    ("Jewish client wants a discount again, you know how they are", "Jewish client wants a discount again, you know how they are"),
    ("Working a beach town means surviving the French tour groups every summer. Rude, cheap, never tip.",
     "the French tour groups every summer. Rude"),
    ("Travellers on the field again, homeless lot under the bridge multiplying like rabbits", "homeless lot under the bridge multiplying"),
    ("Whole crew on the site is Mexican, so expect the job done slow", "Mexican, so expect the job done slow"),
])
def test_pins_a_trait_on_a_group(find, text: str, span: str) -> None:  # noqa: ANN001
    assert find(text) == [span]


@pytest.mark.parametrize("text", [
    "Fighting the myth that women can't code, one workshop at a time.",  # counter-speech
    "I hate stereotypes. Preconceived notions that black men are criminals need to go.",  # the sentence before condemns it
    "Our Polish builders are not lazy at all, best crew we've had.",  # negated trait
    "I'm an old lady and I still forget my glasses, so be patient with me",  # the writer's own group
    "Women who quit smoking in their 40s still gain years of health",  # some women, not all
    "Irish fans always bring the best songs to the away end",  # a generalisation without a negative trait
    "our apprenticeship cohort this year: 11 women, 13 men, 1 very loud welding instructor",  # a list
    "It is estimated that nearly 1 in 8 women in the US will develop breast cancer",  # a health fact
    "We've removed comments under our Pride post comparing gay people to animals. Hate has no place here.",  # reported
    "Happy Diwali to all our Hindu colleagues and customers!",
])
def test_leaves_look_alikes_alone(find, text: str) -> None:  # noqa: ANN001
    assert find(text) == []


def test_flags_through_the_scorer_with_its_reason() -> None:
    report = smrisk.score("Muslims never integrate anywhere, they are all the same, you know how they are")
    derogatory = report.scores["derogatory"]
    assert derogatory.flagged
    assert any(e.source == NAME and "stereotype" in e.reason for e in derogatory.evidence)
    assert NAME in default_registry().names


def test_precheck_words_hold_for_every_hit(find) -> None:  # noqa: ANN001
    """The registry calls the rule only on texts holding one of its words: every text the rule reads a group in
    must hold one (else a fast-path scorer would miss what the reference finds)."""
    detector, normalize, tokenize = StereotypeDetector(), Normalizer(set()), shared_nlp().make_doc
    drafts = pd.read_csv(ROOT / "data" / "drafts" / "identity_drafts.csv")
    for text in drafts["text"]:
        document = Document(normalize(text), tokenize)
        if detector.find(document):
            assert detector.needs is not None and detector.needs(document), text


def test_malformed_word_list_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "stereotype.jsonl"
    bad.write_text('{"id": "traits", "phrases": []}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="traits"):
        stereotype_rows(bad)


def test_development_drafts_do_not_slide_back() -> None:
    """``data/drafts/identity_drafts.csv`` (a development set, DATA_CARD.md): written by someone else, read while
    the word lists were written. With the rule, 40.6% of its identity insults are flagged derogatory (28.8% by
    the model alone) and none of its 160 look-alikes; the floors leave room for a retrained model."""
    drafts = pd.read_csv(ROOT / "data" / "drafts" / "identity_drafts.csv")
    flagged = pd.Series([r.scores["derogatory"].flagged for r in smrisk.score_many(drafts["text"].tolist())])
    risky = drafts["derogatory"] == 1
    assert flagged[risky.to_numpy()].mean() >= 0.37
    assert flagged[(~risky).to_numpy()].mean() <= 0.02


@pytest.mark.parametrize("text", [
    "Women always read the please do check out the new posters in the lobby message board",  # "mess" inside "message"
    "Met our new Nigerian suppliers today. Lovely people. The invoices were a mess as usual though.",  # a later sentence
    "Accessibility notice: wheelchair users can reach the zoo entrance from the east gate",  # "zoo" is no likening
    "Are immigrants lazy? We looked at the data and the answer is no.",  # a question
    "Black Friday shoppers are always pushy, stay safe out there",  # not a group of people by identity
    "This cheese is French and smells amazing!",
])
def test_reads_the_trait_where_it_is_said_of_the_group(find, text: str) -> None:  # noqa: ANN001
    """Cases an independent review found: a trait cut out of a longer word, a trait in a sentence about something
    else, a place likened to nothing, a question, a day's name, an object."""
    assert find(text) == []


def test_names_the_group_and_the_trait_and_picks_the_nearest_group() -> None:
    evidence = [e for e in smrisk.score("Our women engineers rock but the Indian developers are always useless.")
                .scores["derogatory"].evidence if e.source == NAME]
    assert [e.text for e in evidence] == ["Indian developers are always useless"]
    assert evidence[0].reason.endswith("'useless' said of 'Indian developers'")


def test_an_unrelated_sentence_after_does_not_cancel(find) -> None:  # noqa: ANN001
    assert find("Mexicans are lazy. Not all heroes wear capes.") == ["Mexicans are lazy"]
