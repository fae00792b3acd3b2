"""Threshold rules of the default recipe, by hand."""

from __future__ import annotations

import numpy as np

from smrisk.evaluation import false_flag_threshold, threshold_for


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
