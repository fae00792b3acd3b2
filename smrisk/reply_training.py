"""Fitting the reply-in-context model on labelled (parent, reply) pairs (``data/threads/pairs.csv``).

Per risk, a scikit-learn ``LogisticRegression`` over ``smrisk.reply_model.FEATURES`` of the train
split; the threshold is one with the best F1 on the validation split (the middle of the widest range
of such thresholds; given real harmless replies in their conversations, the lowest of that range that
context flags at most ``MAX_ADDED_FLAG_RATE`` of, counting those their own words do not flag; and always
above the highest ``q`` a reply can reach under a context with no score and no cue for the risk), and context scoring is
switched on for a risk only where, on that split, it beats reading the reply alone on the
context-dependent pairs without losing F1 on the others. Only the weights are kept (JSON).
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from smrisk.categories import CATEGORIES
from smrisk.conversation import cell_messages, context_features
from smrisk.errors import InputError
from smrisk.reply_model import ContextModel, RiskWeights
from smrisk.scorer import Scorer

#: The share of real harmless replies (``quiet``) that reading them in context may newly flag, per risk:
#: context must not make a care team's everyday answers noisy (their own words are flagged at most
#: 0.2% of the time; unconstrained, the context read 2.3% of them as leaks).
MAX_ADDED_FLAG_RATE = 0.005
#: q values are compared on this grid when thresholds are chosen: a q within half a step of a grid point reads as that point.
_GRID = 1e-4

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


def _best_range(labels: np.ndarray, q: np.ndarray, own_flags: np.ndarray) -> tuple[float, float]:
    """The widest range of ``q`` thresholds with the best F1 of the flags in context (own words
    flagged, or ``q`` at or above it): every threshold above its low end, up to its high end, flags alike.

    F1 changes only at the ``q`` values seen, and a threshold ``t`` flags what the smallest seen
    value at or above it flags. A run of consecutive seen values that all score best is one range
    of equal thresholds, from just above the seen value before it up to its last value.
    """
    q = np.round(q / _GRID) * _GRID  # the values seen, and what each candidate flags, on one grid
    candidates = [float(t) for t in np.unique(q) if 0.0 < t < 1.0]
    if not candidates:
        return 0.0, 1.0
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
    return low, high


def _best_threshold(labels: np.ndarray, q: np.ndarray, own_flags: np.ndarray) -> float:
    """The middle of ``_best_range``: either end puts the threshold on the edge of a cliff (one seen
    value further and F1 drops), so the middle is the choice that moves least when the data moves."""
    low, high = _best_range(labels, q, own_flags)
    return 0.5 if (low, high) == (0.0, 1.0) else (low + high) / 2


def quiet_floor(q: np.ndarray, own_flags: np.ndarray, max_rate: float = MAX_ADDED_FLAG_RATE) -> float:
    """The lowest ``q`` threshold at which at most ``max_rate`` of these harmless replies are flagged by
    context alone (``q`` at or above it while their own words are not flagged); 0 when none can be."""
    added = np.sort(np.asarray(q)[~np.asarray(own_flags, dtype=bool)])[::-1]
    allowed = int(np.floor(max_rate * len(q)))
    if allowed >= len(added) or added[allowed] <= 0.0:
        return 0.0
    return float(np.nextafter(added[allowed], 1.0))


def fit_context_model(pairs: pd.DataFrame, scorer: Scorer, c: float = 1.0,
                      quiet: Sequence[tuple[str, Sequence[str]]] = ()) -> ContextModel:
    """Fit each risk's ``q`` on the train split, pick its threshold and whether to use it on val.

    ``q`` learns when a reply takes on its context's risk, so it is fitted on the train pairs whose
    reply agrees with or repeats its context (``q`` is 0 for the others) and whose own words the
    scorer does not flag already (those are risky by themselves). ``quiet``: real harmless (reply,
    context) pairs that context may newly flag at most ``MAX_ADDED_FLAG_RATE`` of (``quiet_floor``).
    """
    inputs = context_features(scorer, pairs["reply"].tolist(), pairs["context"].tolist())
    calm = context_features(scorer, [r for r, _ in quiet], [list(messages) for _, messages in quiet]) if quiet else None
    train = (pairs["split"] == "train").to_numpy()
    val = (pairs["split"] == "val").to_numpy()
    dependent = pairs["dependent"].to_numpy()
    if not train.any() or not val.any():
        raise InputError("the pairs need a train and a val split")
    risks: dict[str, RiskWeights] = {}
    card: dict[str, Any] = {"fitted_on": {"train": int(train.sum()), "val": int(val.sum()), "quiet": len(quiet)}, "c": c,
                            "max_added_flag_rate": MAX_ADDED_FLAG_RATE if quiet else None, "validation": {}}
    for risk in CATEGORIES:
        x, y = inputs.features[risk], pairs[risk].to_numpy()
        base = scorer.thresholds[risk]
        fit_rows = train & (inputs.own[risk] < base) & x.any(axis=1)
        estimator = LogisticRegression(C=c, max_iter=2000).fit(x[fit_rows], y[fit_rows])
        weights = RiskWeights(tuple(float(v) for v in estimator.coef_[0]), float(estimator.intercept_[0]), 0.5, base, True)
        q = np.array([weights.takes_on(list(row)) for row in x])
        own_flags = inputs.own[risk] >= base
        # agreeing with or repeating a context that shows no sign of the risk never takes it on
        ceiling = float(np.nextafter(weights.riskless_ceiling(), 1.0))
        if calm is None:
            threshold = max(_best_threshold(y[val], q[val], own_flags[val]), ceiling)
        else:
            # nor may context make real everyday replies noisy: with that bound on false flags, the most
            # sensitive of the best thresholds on val (the middle would give up agreeing with a leak for nothing)
            calm_q = np.array([weights.takes_on(list(row)) for row in calm.features[risk]])
            low, _ = _best_range(y[val], q[val], own_flags[val])
            threshold = max(low + _GRID / 2, ceiling, quiet_floor(calm_q, calm.own[risk] >= base))
        threshold = math.ceil(threshold * 1e6) / 1e6  # as saved (six decimals), never below what was chosen
        context_flags = own_flags | (q >= threshold)
        alone_flags = inputs.alone[risk] >= base
        numbers = {f"{name}_{subset}": round(f1(y[val & part], flags[val & part]), 4)
                   for name, flags in (("context", context_flags), ("alone", alone_flags))
                   for subset, part in (("dependent", dependent), ("independent", ~dependent))}
        if calm is not None:
            calm_own = calm.own[risk] >= base
            numbers["quiet_added_flag_rate"] = round(float(np.mean(~calm_own & (calm_q >= threshold))), 4)
        use = (numbers["context_dependent"] > numbers["alone_dependent"]
               and numbers["context_independent"] >= numbers["alone_independent"])
        risks[risk] = RiskWeights(weights.coef, weights.intercept, float(threshold), base, use)
        card["validation"][risk] = numbers
    return ContextModel(risks, scorer.model_id, card)
