"""Static word vectors: a sentence's meaning as a weighted mean of its words' vectors, with numpy only.

The vectors were distilled offline from the sentence-embedding model all-MiniLM-L6-v2 (each word of a
vocabulary embedded alone, then reduced by PCA; ``scripts/build_word_vectors.py`` rebuilds them and
``smrisk/model_files/word_vectors/README.md`` is their card). Nothing here imports torch or
transformers: a sentence vector is a lookup and a weighted mean, so "driver cancelled when he saw my
white cane" can land near "discriminated against because of my disability" without a shared word.

A sentence's vector is the SIF-weighted mean (Arora et al. 2017: weight ``a / (a + p(word))``, ``p``
the word's frequency in the vocabulary's corpus) of the vectors of its known words, L2-normalised;
a word outside the vocabulary takes the vector of the commonest vocabulary word with its Snowball stem,
other unknown words are skipped, and a text with no known word gets the zero vector (cosine 0 with all).

The file is untrusted input like a model: its sha256 must match its card, and a missing, corrupt or
altered file is a ``ModelLoadError`` that names it (never a silent fall-back to another method).
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from smrisk.errors import ModelLoadError
from smrisk.model.store import checked_card

VECTORS_FILE = "vectors.npz"
CARD_FILE = "card.json"
FORMAT_VERSION = 1
#: SIF's smoothing constant: words more frequent than about this share of the corpus count for little.
SIF_A = 1e-3
_WORD = re.compile(r"[^\W\d_]+")


def words_of(text: str) -> list[str]:
    """The lower-cased, accent-stripped runs of letters in ``text`` (the vocabulary's own tokenisation)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


@dataclass(frozen=True, eq=False)
class WordVectors:
    """A vocabulary's vectors (float32, one row per word) and their SIF weights; ``card`` describes them.

    ``stems`` (the words' Snowball stems, when given) let a word outside the vocabulary take the vector of the
    most frequent word with its stem ("reimbursed" -> "reimburse"), since the vocabulary holds only the
    commonest inflections.
    """

    words: tuple[str, ...]
    vectors: np.ndarray = field(repr=False)
    weights: np.ndarray = field(repr=False)
    card: dict[str, object] = field(default_factory=dict, repr=False)
    stems: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_row", _Rows(self.words, self.stems))

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A (texts x dims) array of unit sentence vectors (zero rows for texts with no known word)."""
        row: _Rows = self._row  # type: ignore[attr-defined]
        columns = [[j for j in map(row.__getitem__, words_of(text)) if j >= 0] for text in texts]
        counts = np.fromiter(map(len, columns), dtype=np.intp, count=len(columns))
        flat = np.fromiter(itertools.chain.from_iterable(columns), dtype=np.intp, count=int(counts.sum()))
        pointers = np.concatenate([[0], np.cumsum(counts)])
        weights = csr_matrix((self.weights[flat], flat, pointers), shape=(len(texts), len(self.words)))
        result = np.asarray(weights @ self.vectors, dtype=np.float32)
        norms = np.linalg.norm(result, axis=1, keepdims=True)
        return np.divide(result, norms, out=np.zeros_like(result), where=norms > 0)


class _Rows(dict[str, int]):
    """word -> row; a word outside the vocabulary looks up its stem once (-1: unknown) and is remembered."""

    LIMIT = 200_000  # unknown words remembered at most (a stream of typos must not grow it without end)

    def __init__(self, words: Sequence[str], stems: Sequence[str]) -> None:
        super().__init__((word, i) for i, word in enumerate(words))
        self.by_stem = {stem: i for i, stem in reversed(list(enumerate(stems)))}   # the first (most frequent) word wins

    def __missing__(self, word: str) -> int:
        if not self.by_stem:
            return -1
        import snowballstemmer

        found = self.by_stem.get(snowballstemmer.stemmer("english").stemWord(word), -1)
        if len(self) < self.LIMIT:
            self[word] = found
        return found


def default_vectors_dir() -> Path:
    """Where the shipped word vectors live inside the installed package."""
    return Path(str(resources.files("smrisk.model_files").joinpath("word_vectors")))


def load_word_vectors(directory: str | os.PathLike[str] | None = None) -> WordVectors:
    """The word vectors in ``directory`` (default: the shipped ones), read once per directory and kept."""
    source = Path(directory) if directory is not None else default_vectors_dir()
    key = str(source.resolve())
    with _lock:
        cached = _loaded.get(key)
        if cached is None:
            cached = _loaded[key] = read_word_vectors(source)
    return cached


_lock = threading.Lock()
_loaded: dict[str, WordVectors] = {}


def read_word_vectors(source: Path) -> WordVectors:
    """Read and check a word-vector directory (``vectors.npz``: ``words``, ``vectors``, ``counts``, ``stems``;
    and ``card.json``); no caching."""
    card_path, vectors_path = source / CARD_FILE, source / VECTORS_FILE
    rebuild = "reinstall smrisk or rebuild them with scripts/build_word_vectors.py"
    if not card_path.is_file() or not vectors_path.is_file():
        raise ModelLoadError(f"word vectors at {source} are missing ({CARD_FILE} and {VECTORS_FILE} are needed): {rebuild}")
    card = checked_card(card_path, vectors_path, rebuild)
    version = card.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelLoadError(f"{source} holds word vectors in format {version!r}; this smrisk reads format {FORMAT_VERSION}: {rebuild}")
    try:
        with np.load(vectors_path, allow_pickle=False) as data:
            words = tuple(str(w) for w in data["words"])
            vectors = np.asarray(data["vectors"], dtype=np.float32)
            counts = np.asarray(data["counts"], dtype=np.float64)
            stems = tuple(str(s) for s in data["stems"])
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise ModelLoadError(f"{vectors_path} could not be read as word vectors ({exc}): {rebuild}") from None
    if vectors.ndim != 2 or len(words) != vectors.shape[0] or counts.shape != (len(words),) or len(stems) != len(words) \
            or not np.isfinite(vectors).all() or (counts < 0).any():
        raise ModelLoadError(f"{vectors_path} holds {len(words)} words but vectors of shape {vectors.shape}, "
                             f"{counts.shape[0] if counts.ndim else 0} counts and {len(stems)} stems (or non-finite values): {rebuild}")
    weights = (SIF_A / (SIF_A + counts / max(1.0, float(counts.sum())))).astype(np.float32)
    return WordVectors(words, vectors, weights, card, stems)
