"""The stereotype rule: a negative trait pinned on people named by identity, and the look-alikes it leaves alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import smrisk
from smrisk.corpora import IDENTITY_DRAFTS, identity_drafts
from smrisk.detectors import default_registry
from smrisk.detectors.lexicon_files import stereotype_rows
from smrisk.detectors.stereotype import NAME, StereotypeDetector
from smrisk.document import Document
from smrisk.errors import ConfigError
from smrisk.nlp import shared_nlp
from smrisk.normalize import Normalizer
from tests.conftest import spans_of

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def find():  # noqa: ANN201
    return spans_of(StereotypeDetector())


@pytest.mark.parametrize(("text", "span"), [
    ("The Chinese suppliers always cheat on the invoices.", "Chinese suppliers always cheat"),
    ("Polish drivers are useless at reversing", "Polish drivers are useless"),
    ("Jewish client wants a discount again, you know how they are", "Jewish client wants a discount again, you know how they are"),
    ("Working a beach town means surviving the French tour groups every summer. Rude, cheap, never tip.",
     "French tour groups every summer. Rude"),
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
    # found by the independent reviews
    "Women always read the please do check out the new posters in the lobby message board",  # "mess" inside "message"
    "Met our new Nigerian suppliers today. Lovely people. The invoices were a mess as usual though.",  # a later sentence
    "Accessibility notice: wheelchair users can reach the zoo entrance from the east gate",  # "zoo" is no likening
    "Are immigrants lazy? We looked at the data and the answer is no.",  # a question
    "Black Friday shoppers are always pushy, stay safe out there",  # not a group of people by identity
    "This cheese is French and smells amazing!",
    "rt to join a girls only group chat, selective",  # "only" after a group is no exclusion
    "No girls no drama just me and my bike this weekend",  # nor "no" before one
    "Americans aren't having as many children as they used to, a survey says",  # "as many children" likens nobody
    "Why should the council ban immigrants from opening small businesses? Every business starts somewhere",
    "our interns from gen z crushed the launch despite the rude old laptops we gave them",  # the trait has another subject
    "my polish neighbours always bring cake round, the landlord is rude about it though",  # a new clause, a new subject
    "the australian lads always come to the barbecue no matter how cheap the burgers are",  # "no matter how"
    "italian fans always make a party of it. cheap trains to milan? count me in",  # a trait that opens a noun phrase
    "folks keep saying immigrants are lazy. half our night shift are immigrant nurses",  # the stereotype reported
    "romanians are not 'all thieves', my builder is romanian and the most honest man I know",  # negated inside quotes
    "The Polish dumplings are cheap and delicious, come and try them",  # "the Polish" before a noun is no group
    "Women's shoes are always cheap at our outlet this weekend",  # a possessive names their things
    "Refugees fleeing violent conflict need our help this winter",  # the adjective describes the conflict
    "Women don't tip? Our till data says otherwise.",  # the next sentence refutes it
    "Got a DM saying Muslims are terrorists. Reported and blocked.",  # ... or reports it
])
def test_leaves_look_alikes_alone(find, text: str) -> None:  # noqa: ANN001
    assert find(text) == []


def test_flags_through_the_scorer_with_its_reason() -> None:
    report = smrisk.score("Muslims never integrate anywhere, they are all the same, you know how they are")
    derogatory = report.scores["derogatory"]
    assert derogatory.flagged
    assert any(e.source == NAME and "stereotype" in e.reason for e in derogatory.evidence)
    assert NAME in default_registry().names


def test_precheck_words_hold_for_every_hit() -> None:
    """The registry calls the rule only on texts holding one of its words: every text the rule reads a group in
    must hold one (else a fast-path scorer would miss what the reference finds)."""
    detector, normalize, tokenize = StereotypeDetector(), Normalizer(set()), shared_nlp().make_doc
    drafts = pd.concat([identity_drafts(n) for n in IDENTITY_DRAFTS if IDENTITY_DRAFTS[n] == "development"])
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
    """The three development sets of identity drafts (``data/drafts/identity_drafts.csv``, ``_2``, ``_4``; DATA_CARD.md):
    written by others, read while the word lists were written. With the rule, 32.5% of their 480 identity insults are
    flagged derogatory (18.9% by the model alone), 2.7% of their 480 look-alikes (all by the model), and the rule fires
    on none of those; the floors leave room for a retrained model."""
    drafts = pd.concat([identity_drafts(n) for n, role in IDENTITY_DRAFTS.items() if role == "development"], ignore_index=True)
    derogatory = [r.scores["derogatory"] for r in smrisk.score_many(drafts["text"].tolist())]
    flagged = np.array([s.flagged for s in derogatory])
    fired = np.array([any(e.source == NAME for e in s.evidence) for s in derogatory])
    risky = (drafts["derogatory"] == 1).to_numpy()
    assert flagged[risky].mean() >= 0.30
    assert flagged[~risky].mean() <= 0.04
    assert fired[~risky].sum() <= 2


def test_names_the_group_and_the_trait_and_picks_the_nearest_group() -> None:
    evidence = [e for e in smrisk.score("Our women engineers rock but the Indian developers are always useless.")
                .scores["derogatory"].evidence if e.source == NAME]
    assert [e.text for e in evidence] == ["Indian developers are always useless"]
    assert evidence[0].reason.endswith("'useless' said of 'Indian developers'")


def test_an_unrelated_sentence_after_does_not_cancel(find) -> None:  # noqa: ANN001
    assert find("Mexicans are lazy. Not all heroes wear capes.") == ["Mexicans are lazy"]


@pytest.mark.parametrize(("text", "pinned"), [
    ("Door staff told to turn away groups of Black lads after 10pm", "turn away groups of"),  # turned away
    ("Refugees in the town centre are like stray dogs, feed one and a hundred more turn up", "like stray dogs"),  # likened
    ("Don't usually get on with Muslims but our new neighbour is one of the good ones", "one of the good ones"),  # backhanded
])
def test_turned_away_likened_and_backhanded(find, text: str, pinned: str) -> None:  # noqa: ANN001
    spans = find(text)
    assert len(spans) == 1 and pinned.lower() in spans[0].lower()


def test_turning_people_away_has_its_own_reason() -> None:
    evidence = [e for e in smrisk.score("HR, please stop hiring older workers, we need people who will stay")
                .scores["derogatory"].evidence if e.source == NAME]
    assert len(evidence) == 1
    assert evidence[0].reason == "people turned away for who they are: 'stop hiring' ('older workers')"
