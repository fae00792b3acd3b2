"""The retrieval method behind ``suggest``: TF-IDF cosine (scikit-learn) plus word-vector cosine for meaning.

Lexical part: each response's situation and examples are joined into one document. A message is
compared with every response by cosine similarity of TF-IDF vectors of stemmed word 1-2-grams and of
character 3-5-grams within words (which survive typos and slang spellings), the two cosines averaged.
Semantic part (``semantic`` > 0): the cosine between the message's sentence vector and each of the
response's documents' (``smrisk.word_vectors``: static vectors distilled from all-MiniLM-L6-v2, numpy
only), the response keeping its best document's. A response's score is
``(1 - semantic) * lexical + semantic * semantic_cosine``, floored at 0. The choices (features,
aggregation, the semantic weight, against BM25 and a classifier) were made by measurement on
``data/responses/eval_messages.csv``: see ``scripts/evaluate_responses.py`` and ``docs/responses.md``.
scikit-learn is imported when an index is fitted, never by ``import smrisk``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

FEATURES = ("word", "stem", "char", "word+char", "stem+char")
AGGREGATES = ("max", "mean", "concat")
#: The weight of the word-vector cosine in a response's score (chosen on the first evaluation file).
SEMANTIC_WEIGHT = 0.15


class ResponseIndex:
    """TF-IDF cosine retrieval over groups of documents (one group per response).

    Follows the scikit-learn estimator contract: ``__init__`` stores parameters, ``fit`` returns
    ``self`` and sets the learned attributes (ending in ``_``), ``scores`` needs a fitted index.

    ``features``: ``word`` (1-2-grams), ``stem`` (1-2-grams of Snowball stems: "charged" and
    "charges" meet), ``char`` (n-grams of ``char_range`` characters inside word boundaries), or
    ``word+char`` / ``stem+char`` (the mean of both cosines). ``aggregate``: a group's score is the
    ``max`` of its documents' cosines, their ``mean``, or (``concat``) the cosine with all its
    documents joined into one. ``semantic``: the weight in [0, 1] of the word-vector cosine (0: TF-IDF
    only, 1: meaning only), aggregated by ``semantic_aggregate`` the same three ways; ``vectors_dir``:
    the word vectors to use (default: the shipped ones). Missing or corrupt vectors are a
    ``ModelLoadError`` at ``fit`` (no silent fall-back: pass ``semantic=0`` for TF-IDF alone).
    """

    def __init__(self, features: str = "stem+char", aggregate: str = "concat", char_range: tuple[int, int] = (3, 5),
                 semantic: float = SEMANTIC_WEIGHT, semantic_aggregate: str = "max", vectors_dir: str | None = None) -> None:
        self.features = features
        self.aggregate = aggregate
        self.char_range = char_range
        self.semantic = semantic
        self.semantic_aggregate = semantic_aggregate
        self.vectors_dir = vectors_dir

    def fit(self, groups: Sequence[Sequence[str]]) -> ResponseIndex:
        """Index each group's documents (strings); groups keep their order in ``scores``' columns."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        if self.features not in FEATURES or self.aggregate not in AGGREGATES or self.semantic_aggregate not in AGGREGATES:
            raise ValueError(f"features must be one of {FEATURES}, aggregate and semantic_aggregate one of {AGGREGATES}")
        if not 0.0 <= self.semantic <= 1.0:
            raise ValueError(f"semantic must be a weight in [0, 1], got {self.semantic!r}")
        self.meaning_: _Grouped | None = None
        if self.semantic > 0:
            from smrisk.word_vectors import load_word_vectors

            self.word_vectors_ = load_word_vectors(self.vectors_dir)
            self.meaning_ = _Grouped(groups, self.semantic_aggregate)
            self.meaning_.matrix = self.word_vectors_.embed(self.meaning_.documents)
        self.lexical_ = _Grouped(groups, self.aggregate)
        documents = self.lexical_.documents
        self.vectorizers_: list[Any] = []
        if self.features in ("word", "word+char"):
            self.vectorizers_.append(TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode",
                                                     token_pattern=r"(?u)\b\w+\b"))
        if self.features in ("stem", "stem+char"):
            self.vectorizers_.append(TfidfVectorizer(analyzer=_stem_bigrams, sublinear_tf=True))
        if self.features in ("char", "word+char", "stem+char"):
            self.vectorizers_.append(TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_range, sublinear_tf=True,
                                                     strip_accents="unicode"))
        self.matrices_ = [vectorizer.fit_transform(documents) for vectorizer in self.vectorizers_]
        return self

    def scores(self, messages: Sequence[str]) -> np.ndarray:
        """A (messages x groups) array of similarities in [0, 1]."""
        if not hasattr(self, "matrices_"):
            raise RuntimeError("this ResponseIndex is not fitted yet: call fit() first")
        if not messages:
            return np.zeros((0, len(self.lexical_.starts)))
        similarity = sum((vectorizer.transform(messages) @ matrix.T).toarray()
                         for vectorizer, matrix in zip(self.vectorizers_, self.matrices_, strict=True)) / len(self.vectorizers_)
        lexical = self.lexical_.reduce(np.asarray(similarity))
        if self.meaning_ is None:
            return lexical
        meaning = self.meaning_.reduce(self.word_vectors_.embed(messages) @ self.meaning_.matrix.T)
        return np.maximum((1 - self.semantic) * lexical + self.semantic * meaning, 0.0)


class _Grouped:
    """Documents of groups laid out for one aggregation, and the per-document -> per-group reduction."""

    def __init__(self, groups: Sequence[Sequence[str]], aggregate: str) -> None:
        self.aggregate = aggregate
        if aggregate == "concat":
            groups = [["\n".join(group)] for group in groups]
        self.documents = [doc for group in groups for doc in group]
        self.sizes = np.asarray([len(group) for group in groups])
        self.starts = np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(np.intp)
        self.matrix: np.ndarray = np.zeros((0, 0))

    def reduce(self, similarity: np.ndarray) -> np.ndarray:
        """(messages x documents) similarities -> (messages x groups)."""
        if self.aggregate == "concat":
            return similarity
        if self.aggregate == "max":
            return np.maximum.reduceat(similarity, self.starts, axis=1)
        return np.add.reduceat(similarity, self.starts, axis=1) / self.sizes


_WORDS = re.compile(r"\w+")


def _stem_bigrams(text: str) -> list[str]:
    """Snowball (Porter 2) stems of the words of ``text``, accents stripped, and their adjacent pairs."""
    import snowballstemmer

    folded = unicodedata.normalize("NFKD", text.lower())
    stems = snowballstemmer.stemmer("english").stemWords(_WORDS.findall("".join(c for c in folded if not unicodedata.combining(c))))
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
