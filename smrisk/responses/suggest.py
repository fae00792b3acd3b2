"""``suggest``: the approved replies that best answer an incoming message, best first."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from smrisk.errors import InputError, InputTypeError
from smrisk.responses.library import Library, load_library

LibraryLike = Library | str | os.PathLike[str]
#: The similarity under which batch leaves `suggested_response` blank: no approved reply fits the message
#: (chosen on the validation messages, scripts/evaluate_responses.py).
NO_MATCH_BELOW = 0.18


@dataclass(frozen=True)
class Suggestion:
    """One approved reply for a message: its id, how similar the message is to what it answers
    (``score`` in [0, 1]: mostly TF-IDF cosine, partly word-vector cosine, see ``smrisk.responses.index``), who
    owns it, its text (placeholders unfilled) and its situation. ``weak`` (set from ``score``) says the
    score is under ``NO_MATCH_BELOW``, where ``smrisk batch --library`` suggests nothing and
    ``smrisk suggest`` marks the line weak."""

    id: str
    score: float
    owner: str
    text: str
    situation: str
    weak: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weak", self.score < NO_MATCH_BELOW)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, stable keys (what ``smrisk suggest --json`` prints)."""
        return {"id": self.id, "score": round(self.score, 4), "owner": self.owner, "text": self.text, "situation": self.situation,
                "weak": self.weak}

    def shown_score(self) -> str:
        """``score`` with two decimals, or as many more as it takes for a weak score not to read as the
        floor it is under (0.175, not 0.18, when the floor is 0.18)."""
        digits = 2
        while self.weak and digits < 17 and float(f"{self.score:.{digits}f}") >= NO_MATCH_BELOW:
            digits += 1
        return f"{self.score:.{digits}f}"


def suggest(message: str, library: LibraryLike, k: int = 3, min_score: float = 0.0) -> list[Suggestion]:
    """The ``k`` approved replies that best answer ``message``, best first.

    ``library`` is a ``Library`` or a library file's path (``"starter"``: the shipped starter
    library). Replies scoring below ``min_score`` are left out; an empty or blank message has no
    suggestions (an empty list).

    Examples
    --------
    >>> import smrisk
    >>> smrisk.suggest("", "starter")
    []
    """
    return suggest_many([message], library, k, min_score)[0]


def suggest_many(messages: Sequence[object], library: LibraryLike, k: int = 3, min_score: float = 0.0) -> list[list[Suggestion]]:
    """``suggest`` for many messages at once (one matrix product); a missing message (None) has none."""
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InputError(f"k must be a whole number of at least 1, got {k!r}")
    for message in messages:
        if message is not None and not isinstance(message, str):
            raise InputTypeError(f"a message must be a string, got {type(message).__name__}")
    if not isinstance(library, Library):
        library = load_library(library)
    texts = [m if isinstance(m, str) else "" for m in messages]
    wanted = [i for i, text in enumerate(texts) if text.strip()]
    results: list[list[Suggestion]] = [[] for _ in texts]
    if not wanted:
        return results
    scores = library.index.scores([texts[i] for i in wanted])
    for row, i in zip(scores, wanted, strict=True):
        order = np.argsort(-row, kind="stable")[:k]
        results[i] = [_suggestion(library, int(j), float(row[j])) for j in order if row[j] > 0 and row[j] >= min_score]
    return results


def _suggestion(library: Library, position: int, score: float) -> Suggestion:
    response = library.responses[position]
    return Suggestion(response.id, score, response.owner, response.text, response.situation)
