"""Fitting the reply-in-context model on labelled (parent, reply) pairs (``data/threads/pairs.csv``).

Per risk, a scikit-learn ``LogisticRegression`` over ``smrisk.reply_model.FEATURES`` of the train
split; the threshold is the one with the best F1 on the validation split (but above the highest ``q``
a reply can reach under a context with no score and no cue for the risk), and context scoring is
switched on for a risk only where, on that split, it beats reading the reply alone on the
context-dependent pairs without losing F1 on the others. Only the weights are kept (JSON).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from smrisk.categories import CATEGORIES
from smrisk.conversation import cell_messages, context_features
from smrisk.errors import InputError
from smrisk.reply_model import ContextModel, RiskWeights
from smrisk.scorer import Scorer

PAIR_COLUMNS = ("id", "split", "parent", "reply", *CATEGORIES, *(f"reply_only_{r}" for r in CATEGORIES))


def load_pairs(path: str | os.PathLike[str]) -> pd.DataFrame:
    """The pairs file, with ``context`` (the parent: a string, or a list of messages oldest first)
    and ``dependent`` (whether any label changes with the parent) added."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in PAIR_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"{path} lacks the column(s) {', '.join(missing)}")
    for column in PAIR_COLUMNS[4:]:
        frame[column] = frame[column].astype(int)
    frame["context"] = [cell_messages(p) for p in frame["parent"]]
    frame["dependent"] = np.any([frame[r] != frame[f"reply_only_{r}"] for r in CATEGORIES], axis=0)
    return frame


def f1(labels: np.ndarray, flags: np.ndarray) -> float:
    """F1 of 0/1 flags against 0/1 labels (0 when there is nothing to find and nothing flagged)."""
    y, f = np.asarray(labels, dtype=bool), np.asarray(flags, dtype=bool)
    tp = int(np.sum(y & f))
    denominator = int(np.sum(y)) + int(np.sum(f))
    return 2 * tp / denominator if denominator else 0.0


def _best_threshold(labels: np.ndarray, q: np.ndarray, own_flags: np.ndarray) -> float:
    """The ``q`` threshold with the best F1 of the flags in context (own words flagged, or ``q`` at
    or above it), in the middle of the widest range of thresholds that all score that best.

    F1 changes only at the ``q`` values seen, and a threshold ``t`` flags what the smallest seen
    value at or above it flags. A run of consecutive seen values that all score best is one range
    of equal thresholds, from just above the seen value before it up to its last value; taking
    either end puts the threshold on the edge of a cliff (one seen value further and F1 drops),
    so the middle is taken: the choice that moves least when the data moves.
    """
    q = np.round(q, 4)  # the values seen, and what each candidate flags, on one grid
    candidates = [float(t) for t in np.unique(q) if 0.0 < t < 1.0]
    if not candidates:
        return 0.5
    scores = [f1(labels, own_flags | (q >= t)) for t in candidates]
    best = max(scores)
    ranges: list[tuple[float, float, float]] = []  # (width, low, high) of each run of best thresholds
    low = 0.0
    for i, score in enumerate(scores):
        if score == best and (i == 0 or scores[i - 1] != best):
            low = candidates[i - 1] if i else 0.0
        if score == best and (i + 1 == len(scores) or scores[i + 1] != best):
            ranges.append((candidates[i] - low, low, candidates[i]))
    _, low, high = max(ranges)
    return (low + high) / 2


def fit_context_model(pairs: pd.DataFrame, scorer: Scorer, c: float = 1.0) -> ContextModel:
    """Fit each risk's ``q`` on the train split, pick its threshold and whether to use it on val.

    ``q`` learns when a reply takes on its context's risk, so it is fitted on the train pairs whose
    reply agrees with or repeats its context (``q`` is 0 for the others) and whose own words the
    scorer does not flag already (those are risky by themselves).
    """
    inputs = context_features(scorer, pairs["reply"].tolist(), pairs["context"].tolist())
    train = (pairs["split"] == "train").to_numpy()
    val = (pairs["split"] == "val").to_numpy()
    dependent = pairs["dependent"].to_numpy()
    if not train.any() or not val.any():
        raise InputError("the pairs need a train and a val split")
    risks: dict[str, RiskWeights] = {}
    card: dict[str, Any] = {"fitted_on": {"train": int(train.sum()), "val": int(val.sum())}, "c": c, "validation": {}}
    for risk in CATEGORIES:
        x, y = inputs.features[risk], pairs[risk].to_numpy()
        base = scorer.thresholds[risk]
        fit_rows = train & (inputs.own[risk] < base) & x.any(axis=1)
        estimator = LogisticRegression(C=c, max_iter=2000).fit(x[fit_rows], y[fit_rows])
        weights = RiskWeights(tuple(float(v) for v in estimator.coef_[0]), float(estimator.intercept_[0]), 0.5, base, True)
        q = np.array([weights.takes_on(list(row)) for row in x])
        own_flags = inputs.own[risk] >= base
        # agreeing with or repeating a context that shows no sign of the risk never takes it on
        threshold = max(_best_threshold(y[val], q[val], own_flags[val]), float(np.nextafter(weights.riskless_ceiling(), 1.0)))
        context_flags = own_flags | (q >= threshold)
        alone_flags = inputs.alone[risk] >= base
        numbers = {f"{name}_{subset}": round(f1(y[val & part], flags[val & part]), 4)
                   for name, flags in (("context", context_flags), ("alone", alone_flags))
                   for subset, part in (("dependent", dependent), ("independent", ~dependent))}
        use = (numbers["context_dependent"] > numbers["alone_dependent"]
               and numbers["context_independent"] >= numbers["alone_independent"])
        risks[risk] = RiskWeights(weights.coef, weights.intercept, float(threshold), base, use)
        card["validation"][risk] = numbers
    return ContextModel(risks, scorer.model_id, card)
