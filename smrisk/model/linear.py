"""The fitted model as plain arrays: everything scoring needs, without scikit-learn.

Training uses scikit-learn estimators (``RiskModel``, ``NgramVectorizer``); what they learn is
handed to these two classes, which score and explain with numpy and scipy only. Scoring then
imports in a fraction of the time and memory, and a saved model is data, not code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from smrisk.model.tokens import tokenize

Gram = tuple[str, int, int]  # n-gram, start, end (character offsets in the analysed text)


def ngrams(text: str, word_ngrams: int, char_ngrams: tuple[int, int] | None, content_only: bool = True) -> list[Gram]:
    """Every n-gram of ``text`` that holds a content word, with its span (the explanation path;
    ``gram_strings`` is the same without spans).

    Word n-grams are joined by a space and prefixed ``w:``; character n-grams are taken inside
    each content word padded with spaces (``c:`` prefix), so spelling variants share features.
    An n-gram made only of stop-words, punctuation, emoji or placeholders is never produced
    (``content_only=False`` keeps them: the feature family of smrisk 0.1, for comparison).
    """
    tokens = tokenize(text)
    if not content_only:
        tokens = [t._replace(content=True) for t in tokens]
    grams: list[Gram] = []
    for n in range(1, word_ngrams + 1):
        for i in range(len(tokens) - n + 1):
            window = tokens[i : i + n]
            if any(t.content for t in window):
                grams.append(("w:" + " ".join(t.text for t in window), window[0].start, window[-1].end))
    if char_ngrams is not None:
        for tok in tokens:
            if tok.content:
                grams.extend((gram, tok.start, tok.end) for gram in _char_grams(tok.text, char_ngrams))
    return grams


def gram_strings(text: str, word_ngrams: int, char_ngrams: tuple[int, int] | None, content_only: bool = True) -> list[str]:
    """The same n-grams as ``ngrams`` without spans: the fast path for vectorising."""
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    content = [t.content or not content_only for t in tokens]
    grams = ["w:" + w for w, c in zip(words, content, strict=True) if c]
    for n in range(2, word_ngrams + 1):
        grams.extend("w:" + " ".join(words[i : i + n]) for i in range(len(words) - n + 1) if any(content[i : i + n]))
    if char_ngrams is not None:
        for word, c in zip(words, content, strict=True):
            if c:
                grams.extend(_char_grams(word, char_ngrams))
    return grams


def _char_grams(word: str, sizes: tuple[int, int]) -> list[str]:
    padded = f" {word} "
    size = len(padded)
    return ["c:" + padded[i : i + n] for n in range(sizes[0], sizes[1] + 1) for i in range(size - n + 1)]


@dataclass(eq=False)
class NgramFeatures:
    """Fitted n-gram features: sub-linear TF-IDF over ``vocabulary``, L2-normalised per text.

    Because the n-grams come from one function that also reports where each came from, the
    explanations are exact: ``contributions`` returns each n-gram's share of a linear score.
    """

    vocabulary: dict[str, int]
    idf: np.ndarray
    word_ngrams: int
    char_ngrams: tuple[int, int] | None
    content_only: bool = True

    def _grams(self, text: str) -> list[str]:
        return gram_strings(text, self.word_ngrams, self.char_ngrams, self.content_only)

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """One row of feature values per text."""
        vocab = self.vocabulary
        rows: list[int] = []
        cols: list[int] = []
        n_texts = 0
        for row, text in enumerate(X):
            n_texts += 1
            indices = [j for j in map(vocab.get, self._grams(text)) if j is not None]
            cols.extend(indices)
            rows.extend([row] * len(indices))
        data = np.ones(len(cols), dtype=np.float32)
        matrix = sp.csr_matrix((data, (rows, cols)), shape=(n_texts, len(vocab)), dtype=np.float32)
        matrix.sum_duplicates()
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1.0
        matrix.data *= self.idf[matrix.indices]
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(np.float32)
        return matrix

    def contributions(self, text: str, weights: np.ndarray) -> list[list[tuple[int, int, float, str]]]:
        """Each n-gram occurrence's share of ``weights[k] @ transform([text])`` for every row ``k``.

        Returns one list of ``(start, end, share, gram)`` per row of ``weights``. An n-gram that
        occurs several times splits its contribution evenly over its spans, so the shares add up
        exactly to the linear score minus the intercept. The feature values are computed here for
        the one text with the same formula as ``transform``, without building a sparse matrix.
        """
        occurrences: dict[int, list[Gram]] = {}
        for gram in ngrams(text, self.word_ngrams, self.char_ngrams, self.content_only):
            j = self.vocabulary.get(gram[0])
            if j is not None:
                occurrences.setdefault(j, []).append(gram)
        if not occurrences:
            return [[] for _ in range(len(weights))]
        columns = np.fromiter(occurrences, dtype=np.int64, count=len(occurrences))
        counts = np.fromiter((len(g) for g in occurrences.values()), dtype=np.float32, count=len(occurrences))
        values = (1.0 + np.log(counts)) * self.idf[columns]
        values /= np.float32(np.sqrt(np.sum(values * values)))
        per_occurrence = np.asarray(weights[:, columns], dtype=np.float64) * (values / counts)
        grams = list(occurrences.values())
        return [
            [(start, end, share, name) for share, group in zip(row.tolist(), grams, strict=True) for name, start, end in group]
            for row in per_occurrence
        ]


@dataclass(eq=False)
class LinearRiskModel:
    """One calibrated linear score per risk: ``p = sigmoid(a * (coef @ x + intercept) + b)``.

    ``coef`` is (risks, features) float32 in Fortran order, so ``coef.T`` is contiguous and no
    weights are copied per prediction. ``params`` are the training settings, kept for the card.
    """

    risks: tuple[str, ...]
    features: NgramFeatures
    coef: np.ndarray
    intercept: np.ndarray
    calibration: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Raw linear scores, one column per risk."""
        return np.asarray(self.features.transform(X) @ self.coef.T, dtype=np.float64) + self.intercept

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, one column per risk (not one per class)."""
        z = self.decision_function(X)
        return 1.0 / (1.0 + np.exp(-(self.calibration[:, 0] * z + self.calibration[:, 1])))

    def contributions(self, text: str, risks: Sequence[str]) -> dict[str, list[tuple[int, int, float, str]]]:
        """Each n-gram occurrence's exact share of the calibrated log-odds of each of ``risks``."""
        rows = [list(self.risks).index(risk) for risk in risks]
        shares = self.features.contributions(text, self.coef[rows])
        return {
            risk: [(start, end, self.calibration[k, 0] * share, gram) for start, end, share, gram in per_risk]
            for risk, k, per_risk in zip(risks, rows, shares, strict=True)
        }
