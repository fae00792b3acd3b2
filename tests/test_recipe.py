"""Threshold rules of the default recipe, by hand."""

from __future__ import annotations

import numpy as np

from smrisk.categories import CATEGORIES
from smrisk.evaluation import false_flag_threshold, flag_rate, threshold_for
from smrisk.training import benign_scores


def test_false_flag_threshold_keeps_every_set_under_its_rate() -> None:
    quiet = np.linspace(0.0, 0.5, 100)  # highest 0.5
    noisy = np.r_[np.zeros(95), [0.6, 0.7, 0.8, 0.9, 0.95]]
    t = false_flag_threshold({"quiet": quiet, "noisy": noisy}, max_rate=0.02)
    assert (noisy >= t).mean() <= 0.02 and (quiet >= t).mean() <= 0.02
    assert 0.8 < t <= 0.9  # two of 100 may be flagged: 0.9 and 0.95, not 0.8


def test_threshold_is_the_stricter_of_quiet_and_precise() -> None:
    labels = np.r_[np.ones(50), np.zeros(50)]
    scores = np.r_[np.linspace(0.3, 1.0, 50), np.linspace(0.0, 0.5, 50)]
    precise_only = threshold_for(labels, scores, {}, target_precision=0.8)
    loud_benign = {"benign": np.r_[np.zeros(90), np.full(10, 0.9)]}
    assert threshold_for(labels, scores, loud_benign, target_precision=0.8) > 0.9 > precise_only


def test_harmless_drafts_cap_the_threshold_when_the_precision_target_is_out_of_reach() -> None:
    """Risky and harmless validation rows overlap so much that precision 0.8 is not reached at the minimum recall: the
    best-F1 threshold would flag a third of the harmless rows; the cap allows one in ten."""
    rng = np.random.default_rng(0)
    labels = np.r_[np.ones(200), np.zeros(200)]
    scores = np.r_[rng.uniform(0.2, 1.0, 200), rng.uniform(0.0, 0.8, 200)]
    harmless = labels == 0
    uncapped = threshold_for(labels, scores, {}, target_precision=0.8)
    capped = threshold_for(labels, scores, {}, target_precision=0.8, harmless=harmless)
    assert (scores[harmless] >= uncapped).mean() > 0.2
    assert (scores[harmless] >= capped).mean() <= 0.10 < (scores[harmless] >= capped - 0.02).mean()


def test_precision_is_read_on_the_natural_rows_and_the_cap_on_every_harmless_row() -> None:
    """Hard negatives written against a model's mistakes are as many as the team wrote: precision on them would
    move the threshold with every wave. They are left out of the precision (``precision_rows``) and still capped."""
    natural_labels = np.r_[np.ones(50), np.zeros(50)]
    natural_scores = np.r_[np.linspace(0.3, 1.0, 50), np.linspace(0.0, 0.3, 50)]
    hard_scores = np.linspace(0.3, 0.6, 60)  # 60 hard negatives scored like the weaker positives
    labels, scores = np.r_[natural_labels, np.zeros(60)], np.r_[natural_scores, hard_scores]
    natural = np.r_[np.ones(100, bool), np.zeros(60, bool)]
    everywhere = threshold_for(labels, scores, {}, target_precision=0.8)
    on_natural = threshold_for(labels, scores, {}, target_precision=0.8, precision_rows=natural)
    assert on_natural < 0.35 < everywhere  # the hard negatives alone pushed the threshold up
    capped = threshold_for(labels, scores, {}, target_precision=0.8, harmless=labels == 0, precision_rows=natural)
    assert (scores[labels == 0] >= capped).mean() <= 0.10 and capped > on_natural


def test_posts_left_out_as_not_benign_do_not_count_as_false_flags() -> None:
    # 100 benign posts: 95 quiet, 5 loud; three of the loud ones hold a slur (NaN: left out)
    scores = np.r_[np.zeros(95), [0.6, 0.7, 0.8, 0.9, 0.95]]
    judged = scores.copy()
    judged[[97, 98, 99]] = np.nan
    assert false_flag_threshold({"set": scores}, max_rate=0.02) > 0.8
    t = false_flag_threshold({"set": judged}, max_rate=0.02)
    assert 0.6 < t <= 0.7  # 97 posts count, so one may be flagged: 0.7
    assert flag_rate(judged, t) <= 0.02 < flag_rate(scores, t)


def test_benign_scores_leave_out_posts_with_an_unmistakable_rule_hit(tiny_scorer) -> None:
    texts = ["See you at the conference next month!", "tell her I said eat shit", "our drivers are so lazy"]
    judged = benign_scores(tiny_scorer, texts)
    derogatory = CATEGORIES.index("derogatory")
    assert not np.isnan(judged[0]).any()
    assert np.isnan(judged[1, derogatory]) and np.isnan(judged[2, derogatory])
    assert not np.isnan(judged[1:, CATEGORIES.index("illegal")]).any()  # other risks of the same posts still count
