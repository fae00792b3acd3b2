"""The fitted model as plain arrays: everything scoring needs, without scikit-learn.

Training uses scikit-learn estimators (``RiskModel``, ``NgramVectorizer``); what they learn is
handed to these two classes, which score and explain with numpy and scipy only. Scoring then
imports in a fraction of the time and memory, and a saved model is data, not code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np
import scipy.sparse as sp

from smrisk.model.tokens import Token, is_content_token, token_spans, token_strings, tokenize
from smrisk.model.tokens import token_ids as text_token_ids

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
    """The same n-grams as ``ngrams`` without spans (what training counts)."""
    words = token_strings(text)
    content = [not content_only or is_content_token(w) for w in words]
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


@dataclass(frozen=True)
class TextShares:
    """One text's content words (their starts and ends, in text order), the span ``(start, end)`` of
    each n-gram occurrence, and for each row of a weight matrix each occurrence's share of that row's
    linear score (in the order of ``spans``)."""

    content_starts: list[int]
    content_ends: list[int]
    spans: list[tuple[int, int]]
    rows: list[list[float]]

    @classmethod
    def of(cls, tokens: Sequence[Token], spans: list[tuple[int, int]], rows: list[list[float]]) -> TextShares:
        """The shares of a text tokenized by ``tokenize``."""
        content = [t for t in tokens if t.content]
        return cls([t.start for t in content], [t.end for t in content], spans, rows)


class WordGramIndex:
    """The word n-grams of a vocabulary as integer keys, so a whole batch is looked up in numpy.

    Each token that occurs in a vocabulary n-gram gets an id; an n-gram is the base-``n`` number
    of its ids. A text's tokens are found with one ``re.findall`` and one dict lookup each; every
    n-gram of the batch is then formed and found with array operations. A token no vocabulary
    n-gram holds has no id, so no n-gram through it is formed: those could never be found anyway.
    """

    def __init__(self, ids: dict[str, int], keys: list[np.ndarray], columns: list[np.ndarray]) -> None:
        self.ids = ids
        self._chunks: dict[str, tuple[int, ...]] = {_SEPARATOR: (_SEPARATOR_ID,)}  # a chunk -> its token ids
        self.base = len(ids) + 1
        self.keys = keys  # per n-gram length, sorted keys
        self.columns = columns  # the feature column of each key
        # a one-word n-gram's key is its token id: its column is read from a table, not searched for
        self.unigram_column = np.full(self.base, -1, dtype=np.int64)
        if keys:
            self.unigram_column[keys[0]] = columns[0]
        # per longer n-gram length, a table of the keys' hashes: most of a batch's candidate keys are in no
        # vocabulary n-gram, and a look-up in this table drops them before the sort and search
        self.maybe = [_key_table(k) for k in keys[1:]]

    @classmethod
    def build(cls, vocabulary: dict[str, int], word_ngrams: int) -> WordGramIndex | bool:
        """The index of ``vocabulary``'s ``w:`` n-grams, or False when their keys would not fit 63 bits.

        One pass over the vocabulary, filling preallocated arrays: no list of every word is ever
        held, so building adds only the index itself to the process's memory.
        """
        ids: dict[str, int] = {}
        size = len(vocabulary)
        parts = np.full((size, word_ngrams), -1, dtype=np.int64)
        lengths = np.zeros(size, dtype=np.int64)
        columns = np.zeros(size, dtype=np.int64)
        row = 0
        for gram, column in vocabulary.items():
            if not gram.startswith("w:"):
                continue
            words = gram[2:].split(" ")
            if len(words) > word_ngrams:
                return False
            for k, word in enumerate(words):
                parts[row, k] = ids.setdefault(word, len(ids))
            lengths[row], columns[row] = len(words), column
            row += 1
        base = len(ids) + 1
        if base ** word_ngrams >= 2**63:
            return False
        parts, lengths, columns = parts[:row], lengths[:row], columns[:row]
        key = np.zeros(row, dtype=np.int64)
        for k in range(word_ngrams):
            longer = lengths > k
            key[longer] = key[longer] * base + parts[longer, k]
        keys, by_length = [], []
        for n in range(1, word_ngrams + 1):
            of_n = lengths == n
            order = np.argsort(key[of_n])
            keys.append(key[of_n][order])
            by_length.append(columns[of_n][order])
        return cls(ids, keys, by_length)

    def lookup(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every vocabulary n-gram occurrence in ``texts``."""
        token_ids, starts = self.joined_token_ids(texts)
        positions, _, columns = self.find(token_ids)
        return np.searchsorted(starts, positions, side="right") - 1, columns

    def joined_token_ids(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``_joined(token_ids(text, self.ids) for text in texts)``, the whole batch split at once.

        A token never spans whitespace, so a text's ids are its whitespace-separated chunks' ids in
        order. The texts are joined with a separator chunk, split in one call, and each chunk's ids
        read from a table of the chunks seen before (short ones, bounded): most words of a batch
        were seen in an earlier one, so only the new chunks are tokenized in Python.
        """
        joined = f" {_SEPARATOR} ".join(texts)
        if joined.count(_SEPARATOR) != len(texts) - 1:  # no texts, or a text holds the separator itself
            return _joined(text_token_ids(text, self.ids) for text in texts)
        chunks = joined.split()
        chunks.append(_SEPARATOR)
        values = list(map(self._chunks.get, chunks))
        if None in values:
            self._learn(chunks, values)
        flat = np.fromiter(chain.from_iterable(values), dtype=np.int64)  # type: ignore[arg-type]  # no None left
        ends = np.flatnonzero(flat == _SEPARATOR_ID)
        flat[ends] = -1
        return flat, np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)

    def _learn(self, chunks: list[str], values: list[tuple[int, ...] | None]) -> None:
        """Fill in the ids of the chunks not in the table, and remember the short ones."""
        known = self._chunks
        if len(known) >= _CHUNKS_KEPT:  # bounded: an archive of distinct words must not grow memory
            known.clear()
            known[_SEPARATOR] = (_SEPARATOR_ID,)
        at = values.index(None)
        get = self.ids.get
        while True:
            chunk = chunks[at]
            # ``token_ids(chunk, self.ids)`` without each token's span: a new chunk (a link, a number) is read once
            values[at] = ids = tuple([get(token, -1) for token in token_strings(chunk)])
            if len(chunk) <= _LONGEST_KEPT_CHUNK:
                known[chunk] = ids
            try:
                at = values.index(None, at + 1)
            except ValueError:
                return

    def token_ids(self, texts: Iterable[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """The token ids of many texts in one array, -1 after each text (no n-gram spans two) and
        for tokens no n-gram holds, and the position where each text starts."""
        get = self.ids.get
        return _joined([get(token, -1) for token in tokens] for tokens in texts)

    def find(self, token_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first token, length, column) of every vocabulary n-gram in a sequence of token ids, in
        which -1 (a token no n-gram holds) breaks n-grams; in no particular order."""
        positions: list[np.ndarray] = []
        lengths: list[np.ndarray] = []
        columns: list[np.ndarray] = []
        key = np.zeros(len(token_ids), dtype=np.int64)
        valid = np.ones(len(token_ids), dtype=bool)
        for n, (keys, of_key) in enumerate(zip(self.keys, self.columns, strict=True)):
            size = len(token_ids) - n
            if size <= 0:
                break
            part = token_ids[n:]
            key = key[:size] * self.base + part
            valid = valid[:size] & (part >= 0)
            at_valid = np.flatnonzero(valid)
            if not len(keys) or not len(at_valid):
                continue
            candidates = key[at_valid]
            if n == 0:
                found = self.unigram_column[candidates]
                hit = found >= 0
                columns.append(found[hit])
            else:  # searched in key order, each search starting near the last: fewer cache misses
                kept = self.maybe[n - 1][_key_hash(candidates)]
                candidates, at_valid = candidates[kept], at_valid[kept]
                order = np.argsort(candidates)
                candidates, at_valid = candidates[order], at_valid[order]
                at = np.minimum(np.searchsorted(keys, candidates), len(keys) - 1)
                hit = keys[at] == candidates
                columns.append(of_key[at[hit]])
            positions.append(at_valid[hit])
            lengths.append(np.full(int(hit.sum()), n + 1, dtype=np.int64))
        if not positions:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return np.concatenate(positions), np.concatenate(lengths), np.concatenate(columns)


_HASH_BITS = 21  # a table of 2 MB per n-gram length: about one key in sixteen of those not in it passes
_HASH_FACTOR = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the key's bits spread over the top ones


def _key_hash(keys: np.ndarray) -> np.ndarray:
    """Each (non-negative) n-gram key's slot in a table of ``2 ** _HASH_BITS``."""
    return ((keys.astype(np.uint64) * _HASH_FACTOR) >> np.uint64(64 - _HASH_BITS)).astype(np.intp)


def _key_table(keys: np.ndarray) -> np.ndarray:
    """True at the slot of each of ``keys``: a key whose slot is False is none of them."""
    table = np.zeros(2**_HASH_BITS, dtype=bool)
    table[_key_hash(keys)] = True
    return table


# joins the texts of a batch: a noncharacter, which cleaning removes (no folded text holds it), so the
# chunk it makes is a text boundary; its id is none a token has
_SEPARATOR = "\uffff"
_SEPARATOR_ID = -2
_CHUNKS_KEPT = 50_000
_LONGEST_KEPT_CHUNK = 32  # longer chunks (links, runs of symbols) are rare repeats and would pin memory


def _joined_offsets(tables: Sequence[tuple[list[str], list[int], list[int], list[bool]]]) -> tuple[np.ndarray, np.ndarray]:
    """The token starts and ends of many ``token_spans`` tables laid out as ``_joined`` lays out
    their ids (a 0 for each text's separator)."""
    begins: list[int] = []
    finishes: list[int] = []
    for _, token_starts, token_ends, _ in tables:
        begins.extend(token_starts)
        begins.append(0)
        finishes.extend(token_ends)
        finishes.append(0)
    return np.asarray(begins, dtype=np.int64), np.asarray(finishes, dtype=np.int64)


def _joined(id_lists: Iterable[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Many texts' token ids in one array, -1 after each text, and where each text starts."""
    flat: list[int] = []
    starts: list[int] = []
    for ids in id_lists:
        starts.append(len(flat))
        flat.extend(ids)
        flat.append(-1)
    return np.asarray(flat, dtype=np.int64), np.asarray(starts, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class WeighedGrams:
    """The feature values of a batch of texts: one entry per (text, n-gram) present, in text order."""

    keys: np.ndarray  # text * vocabulary size + column, ascending
    text_of: np.ndarray
    columns: np.ndarray
    counts: np.ndarray  # how often the n-gram occurs in the text
    values: np.ndarray  # float32

    def dot(self, weights: np.ndarray, n_texts: int) -> np.ndarray:
        """``matrix @ weights.T`` (one row per text, one column per row of ``weights``), in float64."""
        products = np.asarray(weights[:, self.columns], dtype=np.float64) * self.values
        return np.stack([np.bincount(self.text_of, weights=row, minlength=n_texts) for row in products], axis=1)

    def entries(self, keys: np.ndarray) -> np.ndarray:
        """Where each (text * vocabulary size + column) key is, every one of them present."""
        return np.searchsorted(self.keys, keys)

    def matrix(self, n_texts: int, n_features: int) -> sp.csr_matrix:
        """The values as a (texts, features) sparse matrix."""
        indptr = np.searchsorted(self.text_of, np.arange(n_texts + 1))
        return sp.csr_matrix((self.values, self.columns, indptr), shape=(n_texts, n_features))


@dataclass(eq=False)
class NgramFeatures:
    """Fitted n-gram features: sub-linear TF-IDF over ``vocabulary``, L2-normalised per text.

    A text is divided by its norm or ``min_norm``, whichever is larger: a draft of one or two known
    words would otherwise give each of them the weight of a whole post ("Agreed." scored as if the
    word were all a post said), so a short text's few words count as much as in a longer post, no more.

    Because the n-grams come from one function that also reports where each came from, the
    explanations are exact: ``contributions`` returns each n-gram's share of a linear score.
    """

    vocabulary: dict[str, int]
    idf: np.ndarray
    word_ngrams: int
    char_ngrams: tuple[int, int] | None
    content_only: bool = True
    min_norm: float = 0.0
    norm_power: float = 1.0
    _index: WordGramIndex | None | bool = field(default=None, init=False, repr=False)

    def _grams(self, text: str) -> list[str]:
        return gram_strings(text, self.word_ngrams, self.char_ngrams, self.content_only)

    def transform(self, X: Iterable[str], reference: bool = False) -> sp.csr_matrix:
        """One row of feature values per text (``reference``: found the plain way, see ``weighed``)."""
        texts = list(X)
        return self.weighed(texts, reference).matrix(len(texts), len(self.vocabulary))

    def transform_reference(self, X: Iterable[str]) -> sp.csr_matrix:
        """``transform`` the plain way, one n-gram string at a time: the definition the fast path
        must equal, and the path for models with character n-grams."""
        return self.transform(X, reference=True)

    def weighed(self, texts: Sequence[str], reference: bool = False) -> WeighedGrams:
        """Every text's feature values, as arrays (no sparse matrix: for one draft, building one costs
        more than scoring it). ``reference``: n-grams found one string at a time, the definition the
        word index's path must equal, and the path for models with character n-grams."""
        index = None if reference else self._word_index()
        if index is not None:
            rows, cols = index.lookup(texts)
            return self._weigh(rows, cols, len(texts))
        vocab = self.vocabulary
        found = [[j for j in map(vocab.get, self._grams(text)) if j is not None] for text in texts]
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), [len(f) for f in found])
        return self._weigh(rows, np.fromiter(chain.from_iterable(found), dtype=np.int64, count=len(rows)), len(texts))

    def _word_index(self) -> WordGramIndex | None:
        """The word index, built on first use; None for character n-grams or keys too long."""
        if self._index is None:
            self._index = WordGramIndex.build(self.vocabulary, self.word_ngrams) if self.char_ngrams is None else False
        return self._index if isinstance(self._index, WordGramIndex) else None

    def _weigh(self, rows: np.ndarray, cols: np.ndarray, n_texts: int) -> WeighedGrams:
        """Sub-linear TF-IDF, L2-normalised per row (at least ``min_norm``), from one (row, column) pair per n-gram found."""
        keys, counts = np.unique(np.asarray(rows, dtype=np.int64) * len(self.vocabulary) + cols, return_counts=True)
        text_of, columns = np.divmod(keys, len(self.vocabulary))
        values = (np.log(counts.astype(np.float32)) + np.float32(1.0)) * self.idf[columns]
        squares = np.bincount(text_of, weights=values.astype(np.float64) ** 2, minlength=n_texts)
        values /= self.divisors(np.sqrt(squares)).astype(np.float32)[text_of]
        return WeighedGrams(keys, text_of, columns, counts, values)

    def divisors(self, norms: np.ndarray) -> np.ndarray:
        """What each text's TF-IDF vector is divided by: its L2 norm (at least ``min_norm``) to the
        power ``norm_power``, times ``min_norm`` to the rest, so that a text at ``min_norm`` is
        divided by ``min_norm`` whatever the power. A power below 1 lets a longer text keep more of
        each n-gram's value: a harmless sentence added to a risky line dilutes it less."""
        out = np.maximum(np.asarray(norms, dtype=np.float64), self.min_norm)
        if self.norm_power != 1.0:
            out = out ** self.norm_power * (self.min_norm ** (1.0 - self.norm_power) if self.min_norm > 0 else 1.0)
        out[out == 0] = 1.0
        return out

    def shares_many(self, texts: Sequence[str], weights: np.ndarray, reference: bool = False,
                    scale: np.ndarray | None = None) -> list[TextShares]:
        """``contributions`` for many texts at once, without n-gram names: the n-grams of every
        text are found in one pass over the word index, and their feature values and shares with
        array operations; only each occurrence's span is assembled per text. ``reference``: text by
        text through ``contributions``, the definition this equals. ``scale``: one factor per row
        of ``weights`` that each share is multiplied by."""
        index = None if reference else self._word_index()
        if index is None:
            factors = np.ones(len(weights)) if scale is None else scale
            out = []
            for text in texts:
                rows = self.contributions(text, weights)  # every row lists the same occurrences in the same order
                out.append(TextShares.of(tokenize(text), [(a, b) for a, b, _, _ in rows[0]] if rows else [],
                                         [[float(factors[k] * share) for _, _, share, _ in row] for k, row in enumerate(rows)]))
            return out
        tables = [token_spans(text) for text in texts]
        token_ids, starts = index.token_ids(strings for strings, _, _, _ in tables)
        positions, lengths, columns = index.find(token_ids)
        order = np.lexsort((lengths, positions))
        positions, lengths, columns = positions[order], lengths[order], columns[order]
        text_of = np.searchsorted(starts, positions, side="right") - 1
        # each occurrence's feature value, from the same weighting ``transform`` applies
        weighed = self._weigh(text_of, columns, len(texts))
        entry = weighed.entries(text_of * len(self.vocabulary) + columns)
        per_occurrence = (np.asarray(weights[:, columns], dtype=np.float64)
                          * (weighed.values[entry] / weighed.counts[entry].astype(np.float32)))
        if scale is not None:
            per_occurrence *= np.asarray(scale, dtype=np.float64)[:, None]
        bounds = np.searchsorted(text_of, np.arange(len(texts) + 1)).tolist()
        # every token's start and end in the joined id array's positions (0 at each text's separator)
        begins, finishes = _joined_offsets(tables)
        span_starts = begins[positions].tolist()
        span_ends = finishes[positions + lengths - 1].tolist()
        shares = per_occurrence.tolist()
        out = []
        for i, (_, token_starts, token_ends, content) in enumerate(tables):
            lo, hi = bounds[i], bounds[i + 1]
            out.append(TextShares([a for a, c in zip(token_starts, content, strict=True) if c],
                                  [b for b, c in zip(token_ends, content, strict=True) if c],
                                  list(zip(span_starts[lo:hi], span_ends[lo:hi], strict=True)),
                                  [row[lo:hi] for row in shares]))
        return out

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
        values /= np.float32(self.divisors(np.array([np.sqrt(np.sum(values * values))]))[0])
        per_occurrence = np.asarray(weights[:, columns], dtype=np.float64) * (values / counts)
        grams = list(occurrences.values())
        return [
            [(start, end, share, name) for share, group in zip(row.tolist(), grams, strict=True) for name, start, end in group]
            for row in per_occurrence
        ]


def merge_overlapping(shares: Iterable[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Join n-gram spans that overlap into phrases: (start, end, summed share)."""
    phrases: list[tuple[int, int, float]] = []
    for start, stop, share in sorted(shares):
        if phrases and start < phrases[-1][1]:
            p_start, p_stop, p_share = phrases[-1]
            phrases[-1] = (p_start, max(p_stop, stop), p_share + share)
        else:
            phrases.append((start, stop, share))
    return phrases


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

    def decision_function(self, X: Sequence[str], reference: bool = False) -> np.ndarray:
        """Raw linear scores, one column per risk (``reference``: through the plain n-gram path)."""
        texts = list(X)
        return self.features.weighed(texts, reference).dot(self.coef, len(texts)) + self.intercept

    def predict_proba(self, X: Sequence[str], reference: bool = False) -> np.ndarray:
        """Calibrated probabilities, one column per risk (not one per class)."""
        z = self.decision_function(X, reference)
        return 1.0 / (1.0 + np.exp(-(self.calibration[:, 0] * z + self.calibration[:, 1])))

    def contributions(self, text: str, risks: Sequence[str]) -> dict[str, list[tuple[int, int, float, str]]]:
        """Each n-gram occurrence's exact share of the calibrated log-odds of each of ``risks``."""
        rows = [list(self.risks).index(risk) for risk in risks]
        shares = self.features.contributions(text, self.coef)  # all rows: selecting rows first would copy the weights
        return {
            risk: [(start, end, self.calibration[k, 0] * share, gram) for start, end, share, gram in shares[k]]
            for risk, k in zip(risks, rows, strict=True)
        }

    def explain_many(self, texts: Sequence[str], reference: bool = False) -> list[TextShares]:
        """For each text, its tokens and each n-gram occurrence's share of the calibrated log-odds
        of every risk (rows in ``risks`` order). ``reference``: one text at a time, n-gram by n-gram."""
        return self.features.shares_many(texts, self.coef, reference, scale=self.calibration[:, 0])
