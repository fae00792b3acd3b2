"""The columns smrisk adds to a scored row, and the one function that fills them.

CSV files, Parquet files and DataFrames all take their added cells from ``score_rows``, in one
process or on a Dask worker, so a row's scores, flags, evidence and ``status`` are the same
whichever way it was read, written or scheduled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smrisk.categories import CATEGORIES
from smrisk.errors import InputError, InputTypeError
from smrisk.report import RiskReport
from smrisk.scorer import Scorer

FLOAT_COLUMNS: tuple[str, ...] = tuple(f"{c}_score" for c in CATEGORIES)
FLAG_COLUMNS: tuple[str, ...] = tuple(f"{c}_flag" for c in CATEGORIES)
TEXT_COLUMNS: tuple[str, ...] = ("evidence", "status")
SCORE_COLUMNS: tuple[str, ...] = (*FLOAT_COLUMNS, *FLAG_COLUMNS, *TEXT_COLUMNS)

#: One row's added cells, in ``SCORE_COLUMNS`` order; the report cells are None when scoring failed.
Cells = tuple[Any, ...]


def score_rows(texts: Sequence[object], problems: Sequence[tuple[str, ...]], scorer: Scorer, reveal: bool) -> list[Cells]:
    """The added cells of each row: its report's scores, flags and evidence, and its ``status``.

    ``problems`` are what the reader found wrong with each row (``malformed: ...``); the status
    joins them with what scoring found (``empty_text``, ``truncated``) and is ``ok`` when there is
    nothing. A missing text (None) is scored as empty; a value that is not a string (a number in a
    DataFrame's text column) is not scored: its status is ``error: ...`` and its report cells are
    None. If the batch fails, each text is scored alone, so one bad text costs only its own row.
    """
    strings = [text if isinstance(text, str) else "" for text in texts]
    reports: list[RiskReport | Exception]
    try:
        reports = list(scorer.score_many(strings, explain=True))
    except Exception:
        reports = [_score_alone(scorer, text) for text in strings]
    rows: list[Cells] = []
    for text, string, found, report in zip(texts, strings, problems, reports, strict=True):
        status = list(found)
        if text is not None and not isinstance(text, str):
            report = InputTypeError(f"the text is a {type(text).__name__}, not a string")
        if isinstance(report, Exception):
            status.append(f"error: {type(report).__name__}: {report}")
            values: Cells = (None,) * (len(SCORE_COLUMNS) - 1)
        else:
            if not string.strip():
                status.append("empty_text")
            if any(note.startswith("text is ") for note in report.notes):
                status.append("truncated")
            row = report.to_row(reveal)
            values = tuple(row[column] for column in SCORE_COLUMNS[:-1])
        rows.append((*values, "; ".join(status) or "ok"))
    return rows


def _score_alone(scorer: Scorer, text: str) -> RiskReport | Exception:
    try:
        return scorer.score_many([text], explain=True)[0]
    except Exception as exc:
        return exc


def status_kind(status: str) -> str:
    """The first word of a status (``malformed``, ``ok``...), for counting."""
    return status.split(":")[0].split(";")[0]


def check_columns(columns: Sequence[object], text_column: str, where: str) -> int:
    """The position of the (first) text column; an error if it is missing or the scores are already there."""
    if text_column not in columns:
        names = ", ".join(str(c) for c in columns) or "(none)"
        raise InputError(f"no column {text_column!r} in {where}; columns are: {names}")
    clash = [c for c in SCORE_COLUMNS if c in columns]
    if clash:
        raise InputError(f"{where} already has smrisk columns {clash}; score the original instead")
    return list(columns).index(text_column)
