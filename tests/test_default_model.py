"""The shipped default model: it loads, it catches the obvious, and it stays above quality floors.

Floors are set just below what the model reached on the team corpus' test split when it was
trained (see models/MODEL_CARD.md), so a regression fails CI; nothing here pins exact scores.
"""

from __future__ import annotations

import numpy as np
import pytest

import smrisk
from smrisk.categories import CATEGORIES
from smrisk.corpora import accusation_drafts, everyday_drafts, jobs_care_drafts, short_drafts, team_corpus
from smrisk.model.store import default_model_dir, load_bundle
from smrisk.training import comparable_rows, evaluate, twin_figures

# Per risk: (ROC-AUC floor, F1 floor) on the team test split.
# Thresholds are chosen to keep real benign posts quiet, so recall on our own corpus is lower than
# when they were chosen on it alone (see the README's threshold options).
# floors a retrain must not fall under (default@7fc41e81c752: ROC-AUC 0.939 / 0.930 / 0.893, F1 0.723 / 0.562 / 0.638
# on the test split of 2026-12-05, wave 7 included)
FLOORS = {"confidential": (0.92, 0.70), "derogatory": (0.91, 0.54), "illegal": (0.87, 0.62)}

OBVIOUS = [
    ("Can't say much but Project Falcon ships next month at half the price 🤫", "confidential"),
    ("Our wifi password is Tr0ub4dor&3, see you at the offsite!", "confidential"),
    ("Customer Jane Miller, card 4111 1111 1111 1111, lives at 12 Elm St, her number is 555-0142", "confidential"),
    ("heads up, layoffs hit the Denver office next Friday, not announced yet so keep it quiet", "confidential"),
    ("Our Q3 revenue came in at $41M, way under forecast. Earnings call isn't until the 14th so shhh", "confidential"),
    ("Maybe read the manual before whining to us, genius. Not our fault you can't follow two steps.", "derogatory"),
    ("Our new intern is a useless moron, can't even make coffee", "derogatory"),
    ("You people are pathetic idiots, go shop somewhere else", "derogatory"),
    ("RivalCo cooks its books and their CEO is a fraud, everyone knows it", "derogatory"),
    ("did a couple lines of coke in the office bathroom before the pitch lol", "illegal"),
    ("drove home absolutely hammered after the team party, made it fine haha", "illegal"),
    ("just pad your expense report with fake receipts, finance never checks", "illegal"),
    ("slipped the inspector $500 cash so he'd sign off on the kitchen", "illegal"),
    ("buy calls on Northwind before Thursday, the merger gets announced then. trust me", "illegal"),
    ("DM me for cracked Photoshop, works perfectly, no license needed", "illegal"),
]

HARMLESS = [
    "Our new Falcon headphones are out today! Order now at our website.",
    "This weekend only: a killer deal on all running shoes 🔥",
    "We will never ask for your password or PIN. Report suspicious messages to our fraud team.",
    "Sorry to hear about the delay. Please DM us your order number and we'll sort it out.",
    "As reported in today's earnings release, revenue grew 12% year over year.",
    "We crushed that deadline, team! Pizza is on me.",
    "Don't drink and drive this holiday season. Plan a ride home.",
    "Happy Friday everyone, see you at the community cleanup tomorrow!",
    "A court today fined the company for price fixing in 2019.",
    "Call our support line at 1-800-555-0199, open 24/7.",
]


@pytest.fixture(scope="module")
def scorer() -> smrisk.Scorer:
    return smrisk.default_scorer()


def test_the_shipped_model_loads_with_a_card() -> None:
    bundle = load_bundle(default_model_dir())
    assert set(bundle.risks) == set(CATEGORIES)
    assert bundle.card["metrics"]["team_test"]
    assert bundle.card["size_bytes"] < 25e6


@pytest.mark.parametrize(("text", "risk"), OBVIOUS)
def test_obvious_risks_are_flagged(scorer: smrisk.Scorer, text: str, risk: str) -> None:
    report = scorer.score(text)
    assert risk in report.flagged, report.explain()
    assert report.scores[risk].evidence, "a flagged risk must say why"


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_posts_are_left_alone(scorer: smrisk.Scorer, text: str) -> None:
    report = scorer.score(text)
    assert report.flagged == [], report.explain()


def test_quality_floors_on_the_held_out_test_split(scorer: smrisk.Scorer) -> None:
    """The test split as before the twins (wave 8) and wave 9, so the floors compare across models."""
    corpus = team_corpus()
    test = comparable_rows(corpus[corpus["split"] == "test"])
    metrics = evaluate(scorer, test["text"].tolist(), test[list(CATEGORIES)].to_numpy(float), CATEGORIES)
    for risk, (auc_floor, f1_floor) in FLOORS.items():
        assert metrics[risk].roc_auc >= auc_floor, (risk, metrics[risk])
        assert metrics[risk].f1 >= f1_floor, (risk, metrics[risk])


def test_risky_test_posts_outrank_their_twins(scorer: smrisk.Scorer) -> None:
    """Each risky test post beside its twin (the same topic and words, the risky act taken out): the model
    must read the act, not the topic (default@db42a6a9a438: illegal ranked right 89%, twins flagged 26%;
    confidential 94%, 8%; default@137a5e20ad79, trained without twins: 79% and 43%, 90% and 17%)."""
    corpus = team_corpus()
    figures = twin_figures(scorer, corpus[corpus["split"] == "test"])
    assert figures["illegal"]["pairs"] > 400 and figures["confidential"]["pairs"] > 300
    assert figures["illegal"]["ranked_right"] >= 0.85 and figures["illegal"]["twin_flagged"] <= 0.32
    assert figures["confidential"]["ranked_right"] >= 0.91 and figures["confidential"]["twin_flagged"] <= 0.12


def test_short_drafts_written_apart_from_the_corpus(scorer: smrisk.Scorer) -> None:
    """data/drafts/short_drafts.csv, never trained or tuned on (default@7fc41e81c752: 9.1% of harmless drafts
    flagged, F1 0.671 / 0.721 / 0.691; default@8a4c28774ecf: 11.8%, F1 0.630 / 0.686 / 0.677)."""
    drafts = short_drafts()
    results = evaluate(scorer, drafts["text"].tolist(), drafts[list(CATEGORIES)].to_numpy(float), CATEGORIES)
    harmless = drafts[list(CATEGORIES)].max(axis=1) == 0
    flagged = [bool(r.flagged) for r in scorer.score_many(drafts.loc[harmless, "text"].tolist(), explain=False)]
    assert sum(flagged) / len(flagged) <= 0.10
    for risk, floor in {"confidential": 0.64, "derogatory": 0.69, "illegal": 0.66}.items():
        assert results[risk].f1 >= floor, (risk, results[risk])


def test_everyday_posts_written_blind(scorer: smrisk.Scorer) -> None:
    """data/drafts/everyday_drafts.csv, written blind and never trained or tuned on (default@f4323ade320b: 5.8% of
    the 360 harmless posts flagged, recall 0.74 / 0.52 / 0.74; default@49506f259a28: 5.3% of
    the 360 harmless posts flagged, recall 0.71 / 0.57 / 0.71; default@db42a6a9a438: 6.4%, 0.74 / 0.57 / 0.74)."""
    drafts = everyday_drafts()
    labels = drafts[list(CATEGORIES)].to_numpy(int)
    reports = scorer.score_many(drafts["text"].tolist(), explain=False)
    flags = np.array([[risk in r.flagged for risk in CATEGORIES] for r in reports])
    assert flags[labels.max(axis=1) == 0].any(axis=1).mean() <= 0.07
    for k, floor in enumerate((0.65, 0.50, 0.65)):
        assert flags[labels[:, k] == 1, k].mean() >= floor, CATEGORIES[k]


def test_job_ads_and_care_replies_written_blind(scorer: smrisk.Scorer) -> None:
    """data/drafts/jobs_care_drafts.csv, written blind after corpus wave 11 and never trained or tuned on
    (default@5ca7bacf9146: 6.9% of the 130 harmless posts flagged, 9 of the 70 lawful job ads; recall 0.83 on
    the leaks and 0.73 on the illegal posts; default@7371df3629a7: 7.7%, 10 of 70, 0.83 and 0.70)."""
    drafts = jobs_care_drafts()
    labels = drafts[list(CATEGORIES)].to_numpy(int)
    reports = scorer.score_many(drafts["text"].tolist(), explain=False)
    flags = np.array([[risk in r.flagged for risk in CATEGORIES] for r in reports])
    assert flags[labels.max(axis=1) == 0].any(axis=1).mean() <= 0.08
    assert flags[(drafts["group"] == "job_ad_ok").to_numpy()].any(axis=1).mean() <= 0.15
    for risk, floor in {"confidential": 0.78, "illegal": 0.68}.items():
        k = CATEGORIES.index(risk)
        assert flags[labels[:, k] == 1, k].mean() >= floor, risk


def test_claims_about_others_written_apart_from_the_rules(scorer: smrisk.Scorer) -> None:
    """data/drafts/accusation_drafts.csv, never trained or tuned on: the accusation rule catches claims about
    others the model misses (default@f4323ade320b: 38% of the plain accusations flagged, 28% without the rule;
    default@49506f259a28: 30% and 27.5%,
    wave 9 having taught it that "their CEO" is no insult by itself; default@db42a6a9a438: 35% and 30%;
    default@137a5e20ad79: 38% and 28%; 45% before two reviews narrowed the rule to verbs with a victim after
    a named party), leaves attributed news reports and warnings alone, and costs nothing on harmless uses of
    the same verbs (5% flagged, as without it)."""
    from smrisk.combine import combine

    drafts = accusation_drafts()
    reports = scorer.score_many(drafts["text"].tolist())
    threshold = scorer.thresholds["derogatory"]

    def flagged(group: str, rule: bool = True) -> float:
        scores = [reports[i].scores["derogatory"] for i in np.flatnonzero(drafts["group"] == group)]
        return float(np.mean([combine(s.model_probability, [e for e in s.evidence
                                                             if rule or e.source != "derogatory.accusation"]) >= threshold
                              for s in scores]))

    assert flagged("accusation") >= flagged("accusation", rule=False) + 0.025 - 1e-9  # a draft in 40
    assert flagged("accusation") >= 0.30
    assert flagged("news_report") <= 0.05 and flagged("awareness") <= 0.05
    assert flagged("harmless_same_words") <= 0.10


@pytest.mark.parametrize(("text", "shown"), [
    ("go f*** yourself", "f*** yourself"),
    ("what a f**king idiot", "f**king idiot"),
    ("honestly whoever designed this portal can go f*** themselves", "go f*** themselves"),
])
def test_starred_out_insults_are_read_as_the_word_and_shown_as_written(scorer: smrisk.Scorer, text: str,
                                                                      shown: str) -> None:
    """A starred-out word is read as the word it hides, and its evidence is the word as written, stars and all
    (not "f" or "king")."""
    derogatory = scorer.score(text).scores["derogatory"]
    assert derogatory.flagged
    assert shown in [e.text for e in derogatory.evidence]
    assert all(e.text not in ("f", "king", "ing") for e in derogatory.evidence)
