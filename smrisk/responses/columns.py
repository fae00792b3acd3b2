"""The columns ``smrisk batch --library`` adds: the approved reply suggested for each incoming message.

They are computed where the file is read and written (``smrisk.batch.score_file``'s ``extra``
columns), after the scores, so they are the same whether the scores came from this process or from
Dask workers, and the library is never shipped to a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smrisk.responses.library import Library
from smrisk.responses.suggest import NO_MATCH_BELOW, suggest_many

SUGGESTION_COLUMNS = ("suggested_response", "suggested_owner")


class SuggestionColumns:
    """``suggested_response`` and ``suggested_owner`` from the ``message_column`` of each row: the
    best approved reply's id and owner, blank when the cell is empty, not text, or no reply reaches
    ``min_score`` (default ``NO_MATCH_BELOW``)."""

    columns = SUGGESTION_COLUMNS

    def __init__(self, library: Library, message_column: str, min_score: float = NO_MATCH_BELOW) -> None:
        self.library = library
        self.source_column = message_column
        self.min_score = min_score
        self.digest = f"{library.digest}:{min_score}"

    def cells(self, values: Sequence[object]) -> list[tuple[Any, ...]]:
        """One (id, owner) pair per value, blank ("", "") where there is no suggestion."""
        messages = [value if isinstance(value, str) else None for value in values]
        return [(found[0].id, found[0].owner) if found else ("", "")
                for found in suggest_many(messages, self.library, k=1, min_score=self.min_score)]
