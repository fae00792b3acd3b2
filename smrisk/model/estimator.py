"""The trainable part of smrisk: one calibrated linear classifier per risk over shared n-grams."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from smrisk.categories import CATEGORIES
from smrisk.errors import InputError
from smrisk.evaluation import harmless_rows
from smrisk.model.features import NgramVectorizer
from smrisk.model.linear import LinearRiskModel, TextShares
from smrisk.normalize import Normalizer


def model_view(texts: Sequence[str]) -> list[str]:
    """Texts as the scorer shows them to the model: the folded layer (clean, look-alikes folded,
    lower-cased). Training on anything else teaches features that never fire when scoring."""
    fold = Normalizer()
    return [fold(str(text)).folded.text for text in texts]


class RiskModel(BaseEstimator):
    """Logistic regression per risk on TF-IDF n-grams, with Platt calibration.

    ``y`` has one column per risk in ``risks`` (default: all three) holding 0, 1 or NaN for
    "not labelled"; each risk's classifier learns only from the rows labelled for it. The
    calibration map ``p = sigmoid(a * z + b)`` of the raw score ``z`` is fitted on
    out-of-fold scores, so it is honest about how the classifier behaves on unseen text.
    Because ``z`` is linear in the features, each n-gram's contribution to ``a * z`` is exact.
    Texts are read as the scorer reads them (``model_view``: folded and lower-cased), in ``fit``
    and in every method here; ``to_linear()`` expects text already folded.

    Parameters
    ----------
    risks : the risk keys, one per column of ``y``.
    word_ngrams, char_ngrams, min_df, max_features : passed to ``NgramVectorizer``.
    C : inverse regularisation strength of every classifier.
    calibration_folds : folds for the out-of-fold scores the calibration is fitted on.
    random_state : seed for the folds.
    content_only : only n-grams holding a content word (False: every n-gram, for comparison).
    min_norm : see ``NgramFeatures``: a text is divided by its L2 norm or this, whichever is larger.
    norm_power : that divisor's power (``NgramFeatures.divisors``); below 1, a harmless sentence
        joined to a risky line dilutes it less.
    common_prior : None, or a rate per 1,000 texts: an n-gram present in more than this many of every
        1,000 harmless training texts (no risk labelled present) needs more evidence to earn weight (its
        L2 penalty grows with ``1 + rate / common_prior``). Ordinary words ("old", "pay", "found") then
        weigh less; n-grams well under ``common_prior`` (most longer n-grams) are barely affected.
    """

    def __init__(
        self,
        risks: Sequence[str] = CATEGORIES,
        word_ngrams: int = 2,
        char_ngrams: tuple[int, int] | None = (3, 5),
        min_df: int = 2,
        max_features: int | None = 200_000,
        C: float = 4.0,
        calibration_folds: int = 3,
        random_state: int = 0,
        content_only: bool = True,
        min_norm: float = 0.0,
        common_prior: float | None = None,
        norm_power: float = 1.0,
    ) -> None:
        self.risks = risks
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.C = C
        self.calibration_folds = calibration_folds
        self.random_state = random_state
        self.content_only = content_only
        self.min_norm = min_norm
        self.common_prior = common_prior
        self.norm_power = norm_power

    def fit(self, X: Sequence[str], y: np.ndarray, sample_weight: np.ndarray | None = None,
            groups: Sequence[object] | np.ndarray | None = None) -> RiskModel:
        """Fit every risk's classifier on the rows labelled for it. ``sample_weight`` is one weight
        per row, or one per row and risk (a column per risk, as ``y``). ``groups``: one label per
        row; rows of one group (a post and its augmented copies) count as one document for
        ``min_df`` and the IDF (``NgramVectorizer.fit``)."""
        texts = model_view(X)
        labels = np.asarray(y, dtype=np.float64).reshape(len(texts), -1)
        if labels.shape[1] != len(self.risks):
            raise InputError(f"y has {labels.shape[1]} columns but risks lists {len(self.risks)}")
        weights = np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if weights.ndim == 1:
            weights = np.repeat(weights[:, None], len(self.risks), axis=1)
        if weights.shape != labels.shape:
            raise InputError(f"sample_weight has shape {weights.shape}; expected ({len(texts)},) or {labels.shape}")
        self.vectorizer_ = NgramVectorizer(self.word_ngrams, self.char_ngrams, self.min_df, self.max_features,
                                           self.content_only, self.min_norm, self.norm_power)
        features = self.vectorizer_.fit_transform(texts, groups=groups)
        self.feature_scale_ = self._feature_scale(features, labels)
        features = features @ sp.diags(self.feature_scale_)
        n_features = features.shape[1]
        self.coef_ = np.zeros((len(self.risks), n_features), dtype=np.float32)
        self.intercept_ = np.zeros(len(self.risks), dtype=np.float64)
        self.calibration_ = np.zeros((len(self.risks), 2), dtype=np.float64)
        for k, risk in enumerate(self.risks):
            known = ~np.isnan(labels[:, k])
            target = labels[known, k].astype(int)
            if known.sum() < 2 * self.calibration_folds or len(np.unique(target)) < 2:
                raise InputError(f"risk {risk!r} needs positive and negative examples to train")
            rows, w = features[known], weights[known, k]
            classifier = self._classifier().fit(rows, target, sample_weight=w)
            self.coef_[k] = classifier.coef_[0] * self.feature_scale_
            self.intercept_[k] = classifier.intercept_[0]
            self.calibration_[k] = self._calibrate(rows, target, w)
        # Fortran order makes ``coef_.T`` contiguous: no copy of the weights per prediction
        self.coef_ = np.asfortranarray(self.coef_)
        self.n_features_in_ = 1
        self.linear_ = self._linear()
        return self

    def _feature_scale(self, features: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
        """One factor per feature column: scaling a column by ``s`` multiplies the L2 penalty on its
        weight by ``1 / s**2`` (the weight is scaled back after fitting, so scoring is unchanged)."""
        n_features = features.shape[1]
        if self.common_prior is not None and self.common_prior <= 0:
            raise InputError(f"common_prior must be positive (got {self.common_prior})")
        harmless = harmless_rows(labels)
        if self.common_prior is None or not harmless.any():
            return np.ones(n_features)
        present = features[harmless] > 0
        rate = np.asarray(present.sum(axis=0)).ravel() * 1000.0 / harmless.sum()
        return 1.0 / np.sqrt(1.0 + rate / self.common_prior)

    def _classifier(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, solver="liblinear", dual=True)

    def _calibrate(self, rows, target: np.ndarray, weights: np.ndarray) -> tuple[float, float]:  # noqa: ANN001
        """Platt scaling (a, b) fitted on out-of-fold raw scores."""
        folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.random_state)
        scores = np.zeros(len(target))
        for train, held in folds.split(np.zeros(len(target)), target):
            fold_model = self._classifier().fit(rows[train], target[train], sample_weight=weights[train])
            scores[held] = fold_model.decision_function(rows[held])
        platt = LogisticRegression(C=1e4, max_iter=1000).fit(scores.reshape(-1, 1), target)
        return float(platt.coef_[0, 0]), float(platt.intercept_[0])

    def to_linear(self) -> LinearRiskModel:
        """The fitted weights as the scikit-learn-free model scoring uses and ``save_bundle`` writes
        (one object per fit, so its word index is built once)."""
        check_is_fitted(self, "linear_")
        return self.linear_

    def _linear(self) -> LinearRiskModel:
        params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.get_params().items()}
        return LinearRiskModel(tuple(self.risks), self.vectorizer_.to_features(), self.coef_, self.intercept_,
                               self.calibration_, params)

    def decision_function(self, X: Sequence[str], reference: bool = False) -> np.ndarray:
        """Raw linear scores, one column per risk."""
        return self.to_linear().decision_function(model_view(X), reference)

    def predict_proba(self, X: Sequence[str], reference: bool = False) -> np.ndarray:
        """Calibrated probabilities, one column per risk (not one per class)."""
        return self.to_linear().predict_proba(model_view(X), reference)

    def contributions(self, text: str, risks: Sequence[str]) -> dict[str, list[tuple[int, int, float, str]]]:
        """Each n-gram occurrence's exact share of the calibrated log-odds of each of ``risks``, with
        offsets into ``model_view([text])[0]`` (the scorer maps its own back to the caller's text)."""
        return self.to_linear().contributions(model_view([text])[0], risks)

    def explain_many(self, texts: Sequence[str], reference: bool = False) -> list[TextShares]:
        """Tokens and n-gram shares of every risk's log-odds, per text (see ``LinearRiskModel``)."""
        return self.to_linear().explain_many(model_view(texts), reference)
