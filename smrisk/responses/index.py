"""The retrieval method behind ``suggest``: TF-IDF cosine (scikit-learn) over each response's documents.

Each response's situation and examples are joined into one document. A message is compared with
every response by cosine similarity of TF-IDF vectors of stemmed word 1-2-grams and of character
3-5-grams within words (which survive typos and slang spellings), the two cosines averaged. The
choice (features, weighting, aggregation, against BM25) was made by measurement on the validation
part of ``data/responses/eval_messages.csv``: see ``scripts/evaluate_responses.py`` and
``docs/responses.md``. scikit-learn is imported when an index is fitted, never by ``import smrisk``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

FEATURES = ("word", "stem", "char", "word+char", "stem+char")
AGGREGATES = ("max", "mean", "concat")


class ResponseIndex:
    """TF-IDF cosine retrieval over groups of documents (one group per response).

    Follows the scikit-learn estimator contract: ``__init__`` stores parameters, ``fit`` returns
    ``self`` and sets the learned attributes (ending in ``_``), ``scores`` needs a fitted index.

    ``features``: ``word`` (1-2-grams), ``stem`` (1-2-grams of Snowball stems: "charged" and
    "charges" meet), ``char`` (n-grams of ``char_range`` characters inside word boundaries), or
    ``word+char`` / ``stem+char`` (the mean of both cosines). ``aggregate``: a group's score is the
    ``max`` of its documents' cosines, their ``mean``, or (``concat``) the cosine with all its
    documents joined into one.
    """

    def __init__(self, features: str = "stem+char", aggregate: str = "concat", char_range: tuple[int, int] = (3, 5)) -> None:
        self.features = features
        self.aggregate = aggregate
        self.char_range = char_range

    def fit(self, groups: Sequence[Sequence[str]]) -> ResponseIndex:
        """Index each group's documents (strings); groups keep their order in ``scores``' columns."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        if self.features not in FEATURES or self.aggregate not in AGGREGATES:
            raise ValueError(f"features must be one of {FEATURES} and aggregate one of {AGGREGATES}")
        if self.aggregate == "concat":
            groups = [["\n".join(group)] for group in groups]
        documents = [doc for group in groups for doc in group]
        self.group_of_ = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
        self.starts_ = np.concatenate([[0], np.cumsum([len(group) for group in groups])[:-1]]).astype(np.intp)
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
        similarity = sum((vectorizer.transform(messages) @ matrix.T).toarray()
                         for vectorizer, matrix in zip(self.vectorizers_, self.matrices_, strict=True)) / len(self.vectorizers_)
        if similarity.shape[0] == 0 or self.aggregate == "concat":
            return np.asarray(similarity[:, self.starts_] if self.aggregate == "concat" else np.zeros((0, len(self.starts_))))
        if self.aggregate == "max":
            return np.maximum.reduceat(similarity, self.starts_, axis=1)
        return np.add.reduceat(similarity, self.starts_, axis=1) / np.bincount(self.group_of_)


_WORDS = re.compile(r"\w+")


def _stem_bigrams(text: str) -> list[str]:
    """Snowball (Porter 2) stems of the words of ``text``, accents stripped, and their adjacent pairs."""
    import snowballstemmer

    folded = unicodedata.normalize("NFKD", text.lower())
    stems = snowballstemmer.stemmer("english").stemWords(_WORDS.findall("".join(c for c in folded if not unicodedata.combining(c))))
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
