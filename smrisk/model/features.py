"""Learning the n-gram vocabulary: ``NgramVectorizer`` follows scikit-learn's transformer contract.

Features are sub-linear TF-IDF weights, L2-normalised per text, over a vocabulary learned in
``fit``. Computing them (and each n-gram's exact share of a score) is ``NgramFeatures``' job in
``linear.py``, which scoring uses without importing scikit-learn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from smrisk.errors import InputError
from smrisk.model.linear import Gram, NgramFeatures, gram_strings, ngrams

__all__ = ["Gram", "NgramVectorizer", "gram_strings", "ngrams"]


class NgramVectorizer(TransformerMixin, BaseEstimator):
    """Sub-linear TF-IDF over word and in-word character n-grams (texts are already folded).

    Parameters
    ----------
    word_ngrams : longest word n-gram (1 = unigrams only).
    char_ngrams : (shortest, longest) character n-gram, or None for none.
    min_df : keep n-grams seen in at least this many training texts.
    max_features : keep at most this many n-grams, the most frequent first.
    content_only : only n-grams holding a content word (see ``smrisk.model.tokens``).
    min_norm : a text's vector is divided by its L2 norm or this, whichever is larger (see ``NgramFeatures``).
    norm_power : that divisor's power (1: plain L2 normalisation; see ``NgramFeatures.divisors``).
    """

    def __init__(
        self,
        word_ngrams: int = 2,
        char_ngrams: tuple[int, int] | None = (3, 5),
        min_df: int = 2,
        max_features: int | None = 200_000,
        content_only: bool = True,
        min_norm: float = 0.0,
        norm_power: float = 1.0,
    ) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.content_only = content_only
        self.min_norm = min_norm
        self.norm_power = norm_power

    def _grams(self, text: str) -> list[str]:
        return gram_strings(text, self.word_ngrams, self.char_ngrams, self.content_only)

    def fit(self, X: Iterable[str], y: object = None, groups: Sequence[object] | np.ndarray | None = None) -> NgramVectorizer:
        """Learn the vocabulary and IDF. ``groups``: one label per text; texts of one group (a post
        and its augmented copies) count as one document, so an n-gram from a single post stays
        below ``min_df`` however many copies of that post the training data holds."""
        texts = list(X)
        if groups is not None and len(groups) != len(texts):
            raise InputError(f"groups has {len(groups)} labels for {len(texts)} texts")
        df: dict[str, int] = {}
        n_documents = 0
        for document in _documents(texts, groups):
            n_documents += 1
            for gram in set().union(*map(self._grams, document)):
                df[gram] = df.get(gram, 0) + 1
        kept = [(count, gram) for gram, count in df.items() if count >= self.min_df]
        kept.sort(key=lambda item: (-item[0], item[1]))
        if self.max_features is not None:
            kept = kept[: self.max_features]
        kept.sort(key=lambda item: item[1])
        self.vocabulary_ = {gram: i for i, (_, gram) in enumerate(kept)}
        counts = np.array([count for count, _ in kept], dtype=np.float64)
        self.idf_ = (np.log((1 + n_documents) / (1 + counts)) + 1).astype(np.float32)
        self.features_ = NgramFeatures(self.vocabulary_, self.idf_, self.word_ngrams, self.char_ngrams, self.content_only,
                                       self.min_norm, self.norm_power)
        return self

    def to_features(self) -> NgramFeatures:
        """The fitted state as the scikit-learn-free object scoring uses (one per fit)."""
        check_is_fitted(self, "features_")
        return self.features_

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        return self.to_features().transform(X)

    def contributions(self, text: str, weights: np.ndarray) -> list[list[tuple[int, int, float, str]]]:
        """Each n-gram occurrence's share of ``weights[k] @ transform([text])`` (see ``NgramFeatures``)."""
        return self.to_features().contributions(text, weights)

    def feature_names(self) -> Sequence[str]:
        """The n-gram of each column, for inspection."""
        check_is_fitted(self, "vocabulary_")
        names = [""] * len(self.vocabulary_)
        for gram, j in self.vocabulary_.items():
            names[j] = gram
        return names


def _documents(texts: list[str], groups: Sequence[object] | np.ndarray | None) -> Iterable[list[str]]:
    """The texts of each group together (each text alone without ``groups``)."""
    if groups is None:
        yield from ([text] for text in texts)
        return
    members: dict[object, list[str]] = {}
    for text, group in zip(texts, groups, strict=True):
        members.setdefault(group, []).append(text)
    yield from members.values()
