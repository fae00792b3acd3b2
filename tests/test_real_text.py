"""The shipped model on real posts nobody on the team wrote, in parts it was never fitted or tuned
on (see smrisk.recipe and docs/evaluation.md). Skips when ../shared/datasets is absent."""

from __future__ import annotations

import pytest

import smrisk
from smrisk.categories import CATEGORIES, DEROGATORY
from smrisk.corpora import shared_datasets_dir
from smrisk.evaluation import risk_metrics
from smrisk.recipe import THRESHOLD_SETS, real_benign_sets, real_labelled_sets
from smrisk.training import scores_for

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]

MAX_BENIGN_FLAG_RATE = 0.02  # per risk, on every real benign set that sets thresholds
#: Derogatory ROC-AUC floors on the real labelled test parts, just under what the shipped model reached.
AUC_FLOORS = {"Davidson": 0.97, "Jigsaw (insult, identity attack, threat vs clean)": 0.97, "HateXplain": 0.76, "HatEval": 0.79,
              "toxic spans vs real benign": 0.95}


@pytest.fixture(scope="module")
def datasets() -> str:
    folder = shared_datasets_dir()
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    return str(folder)


@pytest.fixture(scope="module")
def scorer() -> smrisk.Scorer:
    return smrisk.default_scorer()


@pytest.mark.parametrize("name", THRESHOLD_SETS)
def test_real_benign_posts_stay_quiet(datasets: str, scorer: smrisk.Scorer, name: str) -> None:
    frame = real_benign_sets(datasets, "test")[name]
    scores = scores_for(scorer, frame["text"].tolist())
    for k, risk in enumerate(CATEGORIES):
        rate = float((scores[:, k] >= scorer.thresholds[risk]).mean())
        assert rate <= MAX_BENIGN_FLAG_RATE, (name, risk, rate)


def test_derogatory_auc_floors_on_real_labelled_posts(datasets: str, scorer: smrisk.Scorer) -> None:
    k = CATEGORIES.index(DEROGATORY)
    for name, frame in real_labelled_sets(datasets, "test").items():
        scores = scores_for(scorer, frame["text"].tolist())[:, k]
        auc = risk_metrics(frame[DEROGATORY].to_numpy(int), scores, scorer.thresholds[DEROGATORY]).roc_auc
        assert auc is not None and auc >= AUC_FLOORS[name], (name, auc)


@pytest.mark.parametrize("risk", CATEGORIES)
def test_the_card_reports_the_style_only_auc_of_its_training_data(scorer: smrisk.Scorer, risk: str) -> None:
    """The goal (issue 8): style alone predicts each label at ROC-AUC 0.60 or less under the training weights
    (measured on all training rows over three fold seeds; the card gives the range), far below unweighted."""
    style = scorer.bundles[0].card["training_data"]["style_only_auc"]
    assert set(style) == set(CATEGORIES)
    low, high = style[risk]["weighted_range"]
    assert low <= style[risk]["weighted"] <= high
    assert style[risk]["weighted"] < style[risk]["unweighted"] - 0.15, style
    assert style[risk]["weighted"] <= 0.60, style


def test_derogatory_evidence_lands_on_the_words_people_marked(datasets: str, scorer: smrisk.Scorer) -> None:
    """Toxic-spans test posts: the shown spans agree with the annotators far better than marking
    every word the model weighs positively (0.374 against 0.212 word-level F1 when this was written)."""
    from pathlib import Path

    from smrisk.rationales import agreement, evidence_spans, positive_weight_words, toxic_spans_test

    posts = toxic_spans_test(Path(datasets))
    ours = agreement(posts, lambda texts: evidence_spans(scorer, texts))
    baseline = agreement(posts, lambda texts: positive_weight_words(scorer, texts))
    assert ours.f1 >= 0.36 and ours.f1 >= baseline.f1 + 0.14, (ours, baseline)


#: Derogatory flag rate ceilings on the posts a blind judge found harmless in the two sets whose own
#: "harmless" is not ours (data/judged), just above what the shipped model reached with its rules
#: (default@5ca7bacf9146: 14.4% and 4.3%; default@7371df3629a7: 13.5% and 4.3%).
JUDGED_HARMLESS_CEILINGS = {"hatexplain_normal": 0.15, "davidson_neither": 0.05}


def test_judged_harmless_posts_from_hate_speech_sets_stay_mostly_quiet(datasets: str, scorer: smrisk.Scorer) -> None:
    """HateXplain "normal" and Davidson "neither" hold casual slurs and insults a company must not
    publish; on the posts the judge found harmless, flags must stay rare, and the judged sample must be
    found whole in the datasets (its texts are looked up by sha1, not copied into the repo)."""
    from smrisk.corpora import judged_benign

    judged = judged_benign(datasets)
    assert len(judged) == 400 and judged["text"].notna().all()
    k = CATEGORIES.index(DEROGATORY)
    for source, frame in judged[judged[DEROGATORY] == 0].groupby("source"):
        rate = float((scores_for(scorer, frame["text"].tolist())[:, k] >= scorer.thresholds[DEROGATORY]).mean())
        assert rate <= JUDGED_HARMLESS_CEILINGS[source], (source, rate)


def test_care_replies_in_context_stay_about_as_quiet_as_alone(datasets: str, scorer: smrisk.Scorer) -> None:
    """Real brand-agent replies read in their conversations: the ones that bound the context model's thresholds
    (each conversation's closing reply) are never the ones it is checked on, and on the checked ones context
    newly flags at most 4 of them (3.6%; confidential: 4 of 112 at the refit on default@5ca7bacf9146, 3 at the refit
    of 2026-12-06, 5 before it)."""
    from pathlib import Path

    from smrisk.conversation import score_in_context
    from smrisk.corpora import care_closing_replies_in_context, care_replies_in_context

    checked = care_replies_in_context(Path(datasets))
    bounding = care_closing_replies_in_context(Path(datasets))
    assert checked and bounding and not {r for r, _ in checked} & {r for r, _ in bounding}
    replies = [r for r, _ in checked]
    alone = scorer.score_many(replies, explain=False)
    read = score_in_context(scorer, replies, [c for _, c in checked], explain=False)
    for risk in CATEGORIES:
        newly = sum(risk in r.flagged and risk not in a.flagged for r, a in zip(read, alone, strict=True))
        assert newly <= 4, (risk, newly)
