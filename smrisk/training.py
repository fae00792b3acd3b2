"""Training from labelled data: split, fit, choose thresholds on validation, test on held-out rows."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from smrisk.categories import CATEGORIES
from smrisk.decisions import Decision
from smrisk.errors import InputError
from smrisk.evaluation import TARGET_PRECISION, RiskMetrics, harmless_rows, risk_metrics, threshold_for
from smrisk.model.estimator import RiskModel
from smrisk.model.store import ModelBundle
from smrisk.report import RiskReport
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


#: Corpus parts added for an earlier model's own mistakes (wave 9: its highest-weighted ordinary n-grams;
#: wave 10: the ordinary words behind its false flags, with risky contrasts; wave 11: lawful job ads and care
#: teams' security advice, with risky contrasts): left out of the comparable test figures, like the twins.
LATER_HARD_NEGATIVE_PARTS = frozenset({"w9_model_words", "w10_ordinary_words", "w11_lawful_job_ads",
                                       "w11_care_security_advice"})


def comparable_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The corpus rows as before the twins (wave 8) and waves 9-11, so test figures compare across models;
    the twins are measured on their own (``twin_figures``), and all of them in the full test split's figures (scripts/evaluate.py)."""
    keep = pd.Series(True, index=frame.index)
    if "twin_of" in frame.columns:
        keep &= frame["twin_of"].fillna("") == ""
    if "part" in frame.columns:
        keep &= ~frame["part"].isin(LATER_HARD_NEGATIVE_PARTS)
    return frame[keep]


def scores_for(scorer: Scorer, texts: Sequence[str]) -> np.ndarray:
    """Combined scores (rules + model), one column per risk in ``CATEGORIES`` order."""
    return score_matrix(scorer.score_many(texts, explain=False))


def score_matrix(reports: Sequence[RiskReport]) -> np.ndarray:
    """The combined score of each report (rows) and risk (columns, in ``CATEGORIES`` order)."""
    return np.array([[r.scores[c].score for c in CATEGORIES] for r in reports]).reshape(len(reports), len(CATEGORIES))


def twin_figures(scorer: Scorer, frame: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    """How well the model tells a risky post from its twin (a harmless minimal edit of it, written to
    keep its topic, words and style: ``twin_of`` in the team corpus), per risk with twins.

    ``pairs``: risky posts with a twin in ``frame``; ``source_flagged`` and ``twin_flagged``: the share
    of each flagged for the risk at the scorer's threshold; ``ranked_right``: the share of pairs in
    which the risky post scores higher than its twin (0.5 is a model that sees only the topic; a tie
    is not ranked right). A source listed twice counts once; a twin of a text not in ``frame`` is left out.
    """
    if "twin_of" not in frame.columns:
        return {}
    frame = frame.assign(twin_of=frame["twin_of"].fillna(""))  # a file read with pandas' defaults: NaN for none
    twins = frame[frame["twin_of"] != ""]
    sources = frame[frame["twin_of"] == ""].drop_duplicates("text").set_index("text")
    twins = twins[twins["twin_of"].isin(sources.index)]
    if twins.empty:
        return {}
    source_scores = scores_for(scorer, twins["twin_of"].tolist())
    twin_scores = scores_for(scorer, twins["text"].tolist())
    out: dict[str, dict[str, float | int]] = {}
    for k, risk in enumerate(CATEGORIES):
        risky = (sources.loc[twins["twin_of"], risk].to_numpy() == 1)
        if not risky.any():
            continue
        threshold = scorer.thresholds[risk]
        out[risk] = {"pairs": int(risky.sum()),
                     "source_flagged": round(float((source_scores[risky, k] >= threshold).mean()), 4),
                     "twin_flagged": round(float((twin_scores[risky, k] >= threshold).mean()), 4),
                     "ranked_right": round(float((source_scores[risky, k] > twin_scores[risky, k]).mean()), 4)}
    return out


#: Rule hits that make a post risky by our definition whatever its dataset says: a slur, a hostile
#: dismissal ("eat shit"), an insulting description of people. The real "benign" sets were labelled
#: for toxicity or spam, not for what a company may publish ("Wot is u up 2 then bitch?" is SMS
#: ham), so such posts are no false flags when thresholds are chosen; reports give both rates.
UNMISTAKABLE_RULES = frozenset({"derogatory.slur", "derogatory.dismissal", "derogatory.belittles_people"})


def unmistakable(reports: Sequence[RiskReport]) -> np.ndarray:
    """One row per report, one column per risk: does its evidence for that risk hold an unmistakable rule hit."""
    return np.array([[any(e.source in UNMISTAKABLE_RULES for e in r.scores[c].evidence) for c in CATEGORIES]
                     for r in reports], dtype=bool).reshape(len(reports), len(CATEGORIES))


def benign_scores(scorer: Scorer, texts: Sequence[str]) -> np.ndarray:
    """``scores_for`` real benign texts, NaN where a post is ``unmistakable``ly risky (not benign to us)."""
    reports = scorer.score_many(texts, explain=False)
    scores = score_matrix(reports)
    scores[unmistakable(reports)] = np.nan
    return scores


def natural_mix(frame: pd.DataFrame) -> np.ndarray:
    """A mask of ``frame``'s corpus rows that make the natural mix (``comparable_rows``): where a threshold's
    precision is read. The hard negatives written in waves are a share of harmless rows the team chose."""
    return np.asarray(frame.index.isin(comparable_rows(frame).index))


def fit_bundle(
    train_texts: Sequence[str],
    train_labels: np.ndarray,
    risks: Sequence[str],
    validation_texts: Sequence[str],
    validation_labels: np.ndarray,
    fallback: Sequence[ModelBundle] = (),
    sample_weight: np.ndarray | None = None,
    groups: Sequence[object] | np.ndarray | None = None,
    target_precision: float = TARGET_PRECISION,
    card: dict[str, Any] | None = None,
    benign: Mapping[str, Sequence[str]] | None = None,
    precision_rows: np.ndarray | None = None,
    **params: Any,
) -> ModelBundle:
    """Fit a ``RiskModel`` on the training rows and choose each risk's threshold on validation.

    Thresholds are chosen on the scores the finished scorer gives (rules and model combined),
    so they mean the same thing at prediction time: the lowest reaching ``target_precision`` on
    the validation rows (those of the ``precision_rows`` mask, when given: the natural mix) and keeping
    each set of ``benign`` texts (real posts with no risk) quiet (``smrisk.evaluation.threshold_for``),
    and flagging at most one in ten validation rows harmless for every risk. ``fallback`` models score
    the risks this model does not cover.
    """
    estimator = RiskModel(risks=tuple(risks), **params).fit(train_texts, train_labels, sample_weight=sample_weight,
                                                            groups=groups)
    draft = ModelBundle(estimator.to_linear(), {r: 0.5 for r in risks}, dict(card or {}))
    scorer = Scorer([draft, *fallback])
    validation = scores_for(scorer, validation_texts)
    quiet = {name: benign_scores(scorer, texts) for name, texts in (benign or {}).items()}
    thresholds = {}
    harmless = harmless_rows(validation_labels)
    for k, risk in enumerate(risks):
        c = CATEGORIES.index(risk)
        known = ~np.isnan(validation_labels[:, k])
        thresholds[risk] = threshold_for(validation_labels[known, k], validation[known, c],
                                         {name: s[:, c] for name, s in quiet.items()}, target_precision,
                                         harmless=harmless[known],
                                         precision_rows=None if precision_rows is None else precision_rows[known])
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


MIN_POSITIVES = 20  # fewer positives of a risk in the training rows: that risk is not fitted


def train(
    data: pd.DataFrame,
    text_column: str = "text",
    *,
    base: str | Scorer | None = None,
    validation_fraction: float = 0.15,
    test_fraction: float = 0.15,
    random_state: int = 0,
    name: str = "custom",
    target_precision: float = TARGET_PRECISION,
    datasets: str | None = None,
    feedback: str | os.PathLike[str] | Sequence[Decision] | None = None,
    previous: Scorer | None = None,
    **params: Any,
) -> Scorer:
    """Train a scorer on a labelled DataFrame and measure it on rows it never saw.

    ``data`` needs ``text_column`` and at least one label column named by a risk key
    (0/1, blank for "not labelled"). The rows are split at random into training, validation
    (thresholds) and test (the metrics in the card, beside the default model's on the same rows).

    ``base="default"`` adds these rows to the default model's own training data (the public sets
    in ``datasets`` and the team corpus of a smrisk checkout) with the same features and weighting
    rules (``smrisk.recipe``), so the model keeps what the default knows; thresholds then also keep
    real benign text quiet. Without it the model learns from these rows alone. A risk without a
    column, or (without ``base="default"``, whose data holds thousands) with fewer than ``MIN_POSITIVES``
    positives among the training rows, is not trained: the default model (or ``base``, when it is a
    Scorer) keeps scoring it, and the card says why.

    ``feedback`` (a decisions file from ``smrisk review``, or its decisions) adds reviewers' verdicts
    as labels before the split (``smrisk.feedback.add_feedback``: accept 1, reject 0, not sure
    nothing). ``previous`` is the model to beat, measured on the same test rows (card metrics
    ``test_previous_model``): the one whose flags were reviewed, when it is not the default model.
    """
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"train() needs a pandas DataFrame, got {type(data).__name__}")
    if text_column not in data.columns:
        raise InputError(f"no text column {text_column!r}; columns are: {', '.join(map(str, data.columns))}")
    summary = None
    if feedback is not None:
        from smrisk.feedback import add_feedback

        data, summary = add_feedback(data, feedback, text_column)
    if isinstance(base, str) and base != "default":
        raise InputError(f"base must be 'default', a Scorer or None, not {base!r}")
    labelled = [c for c in CATEGORIES if c in data.columns]
    if not labelled:
        raise InputError(f"no label columns; name at least one of: {', '.join(CATEGORIES)}")
    texts = data[text_column].fillna("").astype(str).tolist()
    labels = label_matrix(data, labelled)
    order = np.random.default_rng(random_state).permutation(len(texts))
    n_test = int(round(len(texts) * test_fraction))
    n_val = int(round(len(texts) * validation_fraction))
    test, val, fit = order[:n_test], order[n_test : n_test + n_val], order[n_test + n_val :]
    if min(len(test), len(val), len(fit)) == 0:
        raise InputError(f"{len(texts)} rows are too few to split into training, validation and test")
    # on the default data every risk has thousands of positives: a company's few still count there
    too_few = {} if base == "default" else {r: int(np.nansum(labels[fit, k])) for k, r in enumerate(labelled)
                                            if np.nansum(labels[fit, k]) < MIN_POSITIVES}
    risks = [r for r in labelled if r not in too_few]
    for risk, count in too_few.items():
        log.warning("risk %r has %d positives among the training rows (fewer than %d): not trained, the default "
                    "model scores it", risk, count, MIN_POSITIVES)
    if not risks:
        raise InputError(f"no risk has {MIN_POSITIVES} or more positive rows to learn from "
                         f"({', '.join(f'{r}: {n}' for r, n in too_few.items())}); label more posts")
    columns = np.array([labelled.index(r) for r in risks], dtype=int)

    def pick(rows: np.ndarray) -> tuple[list[str], np.ndarray]:
        return [texts[i] for i in rows], labels[np.ix_(rows, columns)]

    from smrisk.api import default_scorer

    default = default_scorer()
    fallback = (base if isinstance(base, Scorer) else default).bundles if len(risks) < len(CATEGORIES) else ()
    card: dict[str, Any] = {
        "name": name, "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": {"train": len(fit), "validation": len(val), "test": len(test)},
        "base": "default" if base == "default" else "none",
        "fallback_for": [c for c in CATEGORIES if c not in risks],
        "fallback_reasons": {**{c: "no label column" for c in CATEGORIES if c not in labelled},
                             **{r: f"{n} positives, fewer than {MIN_POSITIVES}" for r, n in too_few.items()}},
    }
    if summary is not None:
        card["feedback"] = summary.to_dict()
    if base == "default":
        bundle = _fit_on_default_data(pick(fit), pick(val), risks, fallback, target_precision, card, datasets,
                                      random_state, params)
    else:
        bundle = fit_bundle(*pick(fit), risks, *pick(val), fallback=fallback,
                            target_precision=target_precision, card=card, random_state=random_state, **params)
    scorer = Scorer([bundle, *fallback])
    test_texts, _ = pick(test)
    all_test_labels = labels[test]
    new = evaluate(scorer, test_texts, all_test_labels, labelled)
    old = evaluate(default, test_texts, all_test_labels, labelled)
    bundle.card["metrics"] = {"test": {risk: m.to_dict() for risk, m in new.items()},
                              "test_default_model": {risk: m.to_dict() for risk, m in old.items()}}
    if previous is not None:
        before = evaluate(previous, test_texts, all_test_labels, labelled)
        bundle.card["metrics"]["test_previous_model"] = {risk: m.to_dict() for risk, m in before.items()}
        bundle.card["previous_model_id"] = previous.model_id
    log.info("trained %s on %d rows; test metrics %s", name, len(fit), bundle.card["metrics"])
    return scorer


def _fit_on_default_data(
    fit: tuple[list[str], np.ndarray],
    val: tuple[list[str], np.ndarray],
    risks: list[str],
    fallback: Sequence[ModelBundle],
    target_precision: float,
    card: dict[str, Any],
    datasets: str | None,
    random_state: int,
    params: dict[str, Any],
) -> ModelBundle:
    """A model of the default recipe trained on its data plus the company's rows (weighted as
    team rows), thresholds chosen on the company's validation rows with the team corpus' validation
    split (``default_validation``), and real benign text."""
    from smrisk.corpora import team_corpus
    from smrisk.recipe import (
        DEFAULT_DF_BY_POST,
        DEFAULT_PARAMS,
        DEFAULT_TEAM_WEIGHT,
        THRESHOLD_SETS,
        build_training_data,
        default_rows,
        real_benign_sets,
    )

    company = pd.DataFrame({"text": fit[0], "source": "company", "subtype": "", "split": "train"})
    for risk in CATEGORIES:
        company[risk] = fit[1][:, risks.index(risk)] if risk in risks else np.nan
    data = build_training_data(default_rows(datasets), DEFAULT_TEAM_WEIGHT, company=company, seed=random_state)
    val, natural = default_validation(val, risks, team_corpus())
    columns = [CATEGORIES.index(r) for r in risks]
    benign = {name: frame["text"].tolist() for name, frame in real_benign_sets(datasets, "validation").items()
              if name in THRESHOLD_SETS}
    bundle = fit_bundle(data.texts, data.labels[:, columns], risks, *val, fallback=fallback,
                        sample_weight=data.weights[:, columns],
                        groups=data.groups if DEFAULT_DF_BY_POST else None, target_precision=target_precision, card=card,
                        benign=benign, precision_rows=natural, **{**DEFAULT_PARAMS, "random_state": random_state, **params})
    bundle.card["training_rows"] = {"default_data": int((data.frame["origin"] != "company").sum()),
                                    "company": int((data.frame["origin"] == "company").sum())}
    return bundle


def default_validation(val: tuple[list[str], np.ndarray], risks: Sequence[str],
                       team: pd.DataFrame) -> tuple[tuple[list[str], np.ndarray], np.ndarray]:
    """The validation rows of a retrain on the default data: the company's own and the team corpus'
    validation split (a company's few positives of a risk cannot set its threshold alone), with the mask
    of the rows whose precision counts, as for the shipped model: the company's rows and the team rows
    of the natural mix (``comparable_rows``), not the hard negatives written in waves."""
    team_val = team[team["split"] == "validation"]
    natural = natural_mix(team_val)
    rows = ([*val[0], *team_val["text"].astype(str)], np.vstack([val[1], team_val[list(risks)].to_numpy(dtype=np.float64)]))
    return rows, np.concatenate([np.ones(len(val[0]), dtype=bool), natural])
