"""Training from labelled data: split, fit, choose thresholds on validation, test on held-out rows."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from smrisk.categories import CATEGORIES
from smrisk.errors import InputError
from smrisk.evaluation import TARGET_PRECISION, RiskMetrics, choose_threshold, risk_metrics
from smrisk.model.estimator import RiskModel
from smrisk.model.store import ModelBundle
from smrisk.scorer import Scorer

log = logging.getLogger("smrisk")


def label_matrix(data: pd.DataFrame, risks: Sequence[str]) -> np.ndarray:
    """The risk columns as floats: 1, 0, or NaN where a row is not labelled for that risk."""
    out = np.full((len(data), len(risks)), np.nan)
    for k, risk in enumerate(risks):
        column = data[risk]
        as_text = column.astype("string").str.strip().str.lower()
        mapped = as_text.map({"1": 1.0, "0": 0.0, "1.0": 1.0, "0.0": 0.0, "true": 1.0, "false": 0.0,
                              "yes": 1.0, "no": 0.0, "": np.nan})
        bad = column.notna() & mapped.isna() & (as_text != "")
        if bad.any():
            examples = sorted(set(column[bad].astype(str)))[:5]
            raise InputError(f"column {risk!r} must hold 0/1 labels (or be blank); found {examples}")
        out[:, k] = mapped.astype("float64").to_numpy()
    return out


def scores_for(scorer: Scorer, texts: Sequence[str]) -> np.ndarray:
    """Combined scores (rules + model), one column per risk in ``CATEGORIES`` order."""
    reports = scorer.score_many(texts, explain=False)
    return np.array([[r.scores[c].score for c in CATEGORIES] for r in reports]).reshape(len(texts), len(CATEGORIES))


def fit_bundle(
    train_texts: Sequence[str],
    train_labels: np.ndarray,
    risks: Sequence[str],
    validation_texts: Sequence[str],
    validation_labels: np.ndarray,
    fallback: Sequence[ModelBundle] = (),
    sample_weight: np.ndarray | None = None,
    target_precision: float = TARGET_PRECISION,
    card: dict[str, Any] | None = None,
    **params: Any,
) -> ModelBundle:
    """Fit a ``RiskModel`` on the training rows and choose each risk's threshold on validation.

    Thresholds are chosen on the scores the finished scorer gives (rules and model combined),
    so they mean the same thing at prediction time. ``fallback`` models score the risks this
    model does not cover.
    """
    estimator = RiskModel(risks=tuple(risks), **params).fit(train_texts, train_labels, sample_weight=sample_weight)
    draft = ModelBundle(estimator.to_linear(), {r: 0.5 for r in risks}, dict(card or {}))
    validation = scores_for(Scorer([draft, *fallback]), validation_texts)
    thresholds = {}
    for k, risk in enumerate(risks):
        known = ~np.isnan(validation_labels[:, k])
        column = validation[known, CATEGORIES.index(risk)]
        thresholds[risk] = choose_threshold(validation_labels[known, k], column, target_precision)
    return replace(draft, thresholds=thresholds)


def evaluate(scorer: Scorer, texts: Sequence[str], labels: np.ndarray, risks: Sequence[str]) -> dict[str, RiskMetrics]:
    """Per-risk metrics of ``scorer`` on labelled texts (rows without a label are skipped)."""
    scores = scores_for(scorer, texts)
    thresholds = scorer.thresholds
    results = {}
    for k, risk in enumerate(risks):
        known = ~np.isnan(labels[:, k])
        if known.sum() == 0:
            continue
        results[risk] = risk_metrics(labels[known, k], scores[known, CATEGORIES.index(risk)], thresholds[risk])
    return results


def train(
    data: pd.DataFrame,
    text_column: str = "text",
    *,
    base: Scorer | None = None,
    validation_fraction: float = 0.15,
    test_fraction: float = 0.15,
    random_state: int = 0,
    name: str = "custom",
    target_precision: float = TARGET_PRECISION,
    **params: Any,
) -> Scorer:
    """Train a scorer on a labelled DataFrame and measure it on rows it never saw.

    ``data`` needs ``text_column`` and at least one label column named by a risk key
    (0/1, blank for "not labelled"). The rows are split at random into training, validation
    (thresholds) and test (the metrics in the card). A risk without a column is not trained:
    ``base`` (the shipped default model when None) keeps scoring it.
    """
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"train() needs a pandas DataFrame, got {type(data).__name__}")
    if text_column not in data.columns:
        raise InputError(f"no text column {text_column!r}; columns are: {', '.join(map(str, data.columns))}")
    risks = [c for c in CATEGORIES if c in data.columns]
    if not risks:
        raise InputError(f"no label columns; name at least one of: {', '.join(CATEGORIES)}")
    texts = data[text_column].fillna("").astype(str).tolist()
    labels = label_matrix(data, risks)
    order = np.random.default_rng(random_state).permutation(len(texts))
    n_test = int(round(len(texts) * test_fraction))
    n_val = int(round(len(texts) * validation_fraction))
    test, val, fit = order[:n_test], order[n_test : n_test + n_val], order[n_test + n_val :]
    if min(len(test), len(val), len(fit)) == 0:
        raise InputError(f"{len(texts)} rows are too few to split into training, validation and test")

    def pick(rows: np.ndarray) -> tuple[list[str], np.ndarray]:
        return [texts[i] for i in rows], labels[rows]

    from smrisk.api import default_scorer

    fallback = (base or default_scorer()).bundles if len(risks) < len(CATEGORIES) else ()
    card = {"name": name, "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "rows": {"train": len(fit), "validation": len(val), "test": len(test)},
            "fallback_for": [c for c in CATEGORIES if c not in risks]}
    bundle = fit_bundle(*pick(fit), risks, *pick(val), fallback=fallback,
                        target_precision=target_precision, card=card, random_state=random_state, **params)
    scorer = Scorer([bundle, *fallback])
    metrics = evaluate(scorer, *pick(test), risks)
    bundle.card["metrics"] = {"test": {risk: m.to_dict() for risk, m in metrics.items()}}
    log.info("trained %s on %d rows; test metrics %s", name, len(fit), bundle.card["metrics"])
    return scorer
