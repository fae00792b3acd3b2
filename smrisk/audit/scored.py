"""Reading the output of ``smrisk batch`` back: a CSV or Parquet file checked for the columns batch adds.

The report trusts nothing about the file but its columns: a file that lacks one of the added
columns is refused with the names of the missing ones, a score that is not a number or a flag
that is not 0/1 is refused with its row, and blank score cells are allowed only where batch
leaves them blank (a row it could not score, whose ``status`` says why).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from smrisk.batch_output import read_batch_output
from smrisk.categories import CATEGORIES
from smrisk.errors import InputError
from smrisk.report import POLICY_COLUMNS
from smrisk.score_columns import SCORE_COLUMNS, column_position

#: Column names tried, in order, when a role is not named on the command line.
GUESSES: dict[str, tuple[str, ...]] = {
    "date": ("date", "created_at", "timestamp", "posted_at", "time", "datetime"),
    "author": ("author", "user", "username", "screenname", "account"),
    "channel": ("channel", "platform", "source"),
    "id": ("id", "post_id", "message_id", "tweet_id"),
}


@dataclass(frozen=True)
class Roles:
    """Which column holds what: the text, and (when the file has them) date, author, channel and row id."""

    text: str
    date: str | None = None
    author: str | None = None
    channel: str | None = None
    id: str | None = None
    context: str | None = None  # the message each post answers (only when named: ``--context-column``)


@dataclass(frozen=True)
class ScoredFile:
    """A batch output as a frame: scores as floats (NaN where not scored), flags as 0/1 ints,
    every other column as text ('' for missing)."""

    path: str
    frame: pd.DataFrame
    roles: Roles

    @property
    def has_policy(self) -> bool:
        return "policy_sha256" in self.frame.columns


def read_scored(path: str, text_column: str = "text", date_column: str | None = None, author_column: str | None = None,
                channel_column: str | None = None, context_column: str | None = None) -> ScoredFile:
    """Read and check a scored file. Named columns must exist; unnamed roles are guessed from ``GUESSES``."""
    frame = read_batch_output(path)
    missing = [c for c in SCORE_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"{path} is not the output of smrisk batch: it has no column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)}; score it first: smrisk batch {path} -o scored.csv")
    if frame.empty:
        raise InputError(f"{path} has a header but no rows: nothing to report")
    where = str(path)
    column_position(frame.columns, text_column, where)
    named = {"date": date_column, "author": author_column, "channel": channel_column}
    for name in (*named.values(), context_column):
        if name is not None:
            column_position(frame.columns, name, where)
    taken = {text_column, *SCORE_COLUMNS, *POLICY_COLUMNS}
    chosen = {role: name or _guess(frame.columns, role, taken) for role, name in named.items()}
    roles = Roles(text_column, date=chosen["date"], author=chosen["author"], channel=chosen["channel"],
                  id=_guess(frame.columns, "id", taken), context=context_column)
    return ScoredFile(str(path), _typed(frame, where), roles)


def _guess(columns: pd.Index, role: str, taken: set[str]) -> str | None:
    lowered = {str(c).lower(): str(c) for c in columns if c not in taken}
    return next((lowered[name] for name in GUESSES[role] if name in lowered), None)


def _typed(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    """Scores as floats in [0, 1] and flags as 0/1; an error naming the first bad cell otherwise."""
    out = frame.copy()
    for risk in CATEGORIES:
        score, flag = f"{risk}_score", f"{risk}_flag"
        values = _numbers(frame[score], score, where)
        bad = ~values.isna() & ((values < 0) | (values > 1))
        if bad.any():
            _refuse(frame, score, bad, where, "is not a score in [0, 1]")
        flags = _numbers(frame[flag], flag, where)
        bad = ~flags.isna() & ~flags.isin([0, 1])
        if bad.any():
            _refuse(frame, flag, bad, where, "is not a flag (0 or 1)")
        out[score] = values.astype(float)
        out[flag] = flags.fillna(0).astype(int)
    return out


def _numbers(column: pd.Series, name: str, where: str) -> pd.Series:
    """A column as numbers (NaN where blank); an error naming the first cell that is neither."""
    if not pd.api.types.is_numeric_dtype(column):
        text = column.map(lambda v: "" if v is None else str(v)).str.strip()
        blank = text == ""
        values = pd.to_numeric(text.where(~blank), errors="coerce")
    else:
        blank = column.isna()
        values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() & ~blank
    if bad.any():
        _refuse(column.to_frame(), name, bad, where, "is not a number")
    return values


def _refuse(frame: pd.DataFrame, column: str, bad: pd.Series, where: str, what: str) -> None:
    first = int(np.flatnonzero(bad.to_numpy())[0])
    raise InputError(f"{where}: row {first + 1} column {column} holds {str(frame[column].iloc[first])[:40]!r}, which {what}; "
                     f"{int(bad.sum())} row(s) like it. Is this the unchanged output of smrisk batch?")
