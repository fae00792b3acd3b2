"""Metrics for one risk's scores against labels, and threshold choice on validation data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score


@dataclass(frozen=True)
class RiskMetrics:
    """How one risk's scores rank and classify a labelled set."""

    n: int
    positives: int
    roc_auc: float | None
    average_precision: float | None
    threshold: float
    precision: float
    recall: float
    f1: float
    precision_at_recall_90: float | None
    ece: float
    tp: int
    fp: int
    fn: int
    tn: int

    def to_dict(self) -> dict[str, float | int | None]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def risk_metrics(labels: np.ndarray, scores: np.ndarray, threshold: float) -> RiskMetrics:
    """Ranking quality, quality at ``threshold``, and calibration error of ``scores``."""
    y = np.asarray(labels, dtype=int)
    s = np.asarray(scores, dtype=float)
    predicted = s >= threshold
    tp = int(np.sum(predicted & (y == 1)))
    fp = int(np.sum(predicted & (y == 0)))
    fn = int(np.sum(~predicted & (y == 1)))
    tn = int(np.sum(~predicted & (y == 0)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    both = 0 < y.sum() < len(y)
    return RiskMetrics(
        n=len(y),
        positives=int(y.sum()),
        roc_auc=float(roc_auc_score(y, s)) if both else None,
        average_precision=float(average_precision_score(y, s)) if both else None,
        threshold=float(threshold),
        precision=precision,
        recall=recall,
        f1=f1,
        precision_at_recall_90=_precision_at_recall(y, s, 0.9) if both else None,
        ece=expected_calibration_error(y, s),
        tp=tp,
        fp=fp,
        fn=fn,
        tn=tn,
    )


def expected_calibration_error(labels: np.ndarray, scores: np.ndarray, bins: int = 10) -> float:
    """Mean |observed rate - mean score| over equal-width score bins, weighted by bin size."""
    y = np.asarray(labels, dtype=float)
    s = np.asarray(scores, dtype=float)
    if len(y) == 0:
        return 0.0
    which = np.minimum((s * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            total += members.sum() * abs(y[members].mean() - s[members].mean())
    return float(total / len(y))


def _precision_at_recall(y: np.ndarray, s: np.ndarray, target: float) -> float:
    precision, recall, _ = precision_recall_curve(y, s)
    reachable = precision[recall >= target]
    return float(reachable.max()) if len(reachable) else 0.0


# A screen before publishing should catch most risky drafts; one false flag in five costs a reviewer
# a glance. Users who want fewer flags raise a risk's threshold in their config.
TARGET_PRECISION = 0.8
MIN_RECALL = 0.6


def choose_threshold(
    labels: np.ndarray, scores: np.ndarray, target_precision: float = TARGET_PRECISION, min_recall: float = MIN_RECALL
) -> float:
    """The threshold with the best recall at ``target_precision``, if that recall reaches
    ``min_recall``; otherwise the threshold with the best F1. Meant for validation data only."""
    y = np.asarray(labels, dtype=int)
    s = np.asarray(scores, dtype=float)
    if y.sum() == 0 or y.sum() == len(y):
        return 0.5
    precision, recall, thresholds = precision_recall_curve(y, s)
    precision, recall = precision[:-1], recall[:-1]
    good = precision >= target_precision
    if good.any() and recall[good].max() >= min_recall:
        best = np.flatnonzero(good)[np.argmax(recall[good])]
    else:
        f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
        best = int(np.argmax(f1))
    return float(min(max(thresholds[best], 0.01), 0.99))


def recall_by_subtype(labels: np.ndarray, scores: np.ndarray, threshold: float, subtypes: np.ndarray) -> dict[str, dict[str, float | int]]:
    """Recall at ``threshold`` for the positives of each subtype (most positives first, then by name)."""
    y = np.asarray(labels, dtype=int)
    hit = np.asarray(scores, dtype=float) >= threshold
    kinds = np.asarray(subtypes, dtype=object)
    table = {}
    for kind in sorted(set(kinds[y == 1]), key=lambda k: (-int(np.sum((kinds == k) & (y == 1))), str(k))):  # ties by name
        members = (kinds == kind) & (y == 1)
        table[str(kind)] = {"positives": int(members.sum()), "recall": round(float(hit[members].mean()), 4)}
    return table


MAX_FALSE_FLAG_RATE = 0.015  # on each real benign validation set; the shipped model's target on test is 2%
# on the harmless rows of a labelled validation split written in a company's own style (hard negatives:
# near-misses of the risky rows), per risk: a screen that flags more than one harmless draft in ten is noise
MAX_DRAFT_FALSE_FLAG_RATE = 0.10


def flag_rate(scores: np.ndarray, threshold: float) -> float:
    """Share of ``scores`` at or above ``threshold``, NaN (posts left out) not counted."""
    values = np.asarray(scores, dtype=float)
    values = values[~np.isnan(values)]
    return float((values >= threshold).mean()) if len(values) else 0.0


def false_flag_threshold(benign_scores: Mapping[str, np.ndarray], max_rate: float = MAX_FALSE_FLAG_RATE,
                         rates: Mapping[str, float] | None = None) -> float:
    """The lowest threshold at which every set in ``benign_scores`` has at most ``max_rate`` flagged, or
    the rate ``rates`` gives its name (NaN scores, posts that are not benign by our definition, are left out)."""
    needed = 0.0
    for name, scores in benign_scores.items():
        rate = (rates or {}).get(name, max_rate)
        values = np.asarray(scores, dtype=float)
        values = values[~np.isnan(values)]
        if len(values) == 0:
            continue
        ordered = np.sort(values)[::-1]
        allowed = int(np.floor(rate * len(ordered)))  # this many may be flagged
        if allowed < len(ordered):
            needed = max(needed, float(np.nextafter(ordered[allowed], 1.0)))
    return min(needed, 1.0)


def harmless_rows(labels: np.ndarray) -> np.ndarray:
    """A mask of the rows labelled for at least one risk and present for none (NaN: not labelled)."""
    values = np.asarray(labels, dtype=float)
    known = ~np.isnan(values)
    return known.any(axis=1) & ~np.any(known & (values != 0), axis=1)


def threshold_for(labels: np.ndarray, scores: np.ndarray, benign_scores: Mapping[str, np.ndarray],
                  target_precision: float, max_rate: float = MAX_FALSE_FLAG_RATE,
                  harmless: np.ndarray | None = None, precision_rows: np.ndarray | None = None) -> float:
    """The threshold of one risk: quiet on real benign text, and precise on the labelled rows; with
    ``harmless`` (a mask of the labelled rows harmless for every risk), at most
    ``MAX_DRAFT_FALSE_FLAG_RATE`` of them flagged, however the precision target falls.

    ``precision_rows`` (a mask, default all rows) are the rows whose precision counts: a natural mix
    of risky and harmless posts. Hard negatives written in waves against a model's mistakes are
    a share of the harmless rows the team chose, not one real posts have, so precision on them would
    move with every wave; they still count in the ``harmless`` cap."""
    quiet = dict(benign_scores)
    rates = {}
    if harmless is not None and harmless.any():
        quiet[_DRAFTS] = np.asarray(scores, dtype=float)[harmless]
        rates[_DRAFTS] = MAX_DRAFT_FALSE_FLAG_RATE
    rows = slice(None) if precision_rows is None else np.asarray(precision_rows, dtype=bool)
    precise = choose_threshold(np.asarray(labels)[rows], np.asarray(scores, dtype=float)[rows], target_precision)
    return max(false_flag_threshold(quiet, max_rate, rates), precise)


_DRAFTS = "harmless labelled drafts"
