"""What a reviewer works through: the flagged posts of a ``smrisk batch`` output, worst first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from smrisk.batch_output import read_batch_output
from smrisk.categories import CATEGORIES
from smrisk.conversation import cell_messages
from smrisk.decisions import text_sha256
from smrisk.evidence_cells import CellSpan, Located, locate, parse_cell
from smrisk.score_columns import FLAG_COLUMNS, FLOAT_COLUMNS, column_position


@dataclass(frozen=True)
class Flag:
    """One risk flagged on a post: its score and the spans the evidence cell gives for it."""

    risk: str
    score: float
    spans: tuple[CellSpan, ...]  # as the cell quotes them, in its order
    located: tuple[Located, ...]  # those found in the text


@dataclass(frozen=True)
class Post:
    """A flagged post: where it is in the scored file, its text and its flags."""

    row: int  # 1 = the first row after the header
    id: str | None
    text: str
    sha256: str
    flags: tuple[Flag, ...]
    context: tuple[str, ...] = ()  # the messages the post answers, oldest first (``--context-column``)

    @property
    def worst(self) -> float:
        return max(flag.score for flag in self.flags)

    @property
    def risks(self) -> tuple[str, ...]:
        return tuple(flag.risk for flag in self.flags)


@dataclass(frozen=True)
class ReviewQueue:
    """The flagged posts of one scored file, worst first (highest flagged score; ties in file order)."""

    source: str
    rows: int  # rows in the file, flagged or not
    posts: tuple[Post, ...]


def load_queue(path: str, text_column: str = "text", id_column: str | None = None,
               context_column: str | None = None) -> ReviewQueue:
    """Read a ``smrisk batch`` output (CSV, or Parquet by extension) and queue its flagged posts.

    Needs the text column and the score, flag and evidence columns batch adds; a row whose flags
    are blank (it could not be scored) is not queued. ``context_column`` names the column holding
    the message each post answers (as ``smrisk batch --context-column`` read it), shown above it.
    """
    frame = read_batch_output(path)
    needed = [text_column, *FLOAT_COLUMNS, *FLAG_COLUMNS, "evidence"] + [c for c in (id_column, context_column) if c]
    for name in needed:
        column_position(list(frame.columns), name, f"{path} (the output of smrisk batch?)")
    flags = pd.DataFrame({c: pd.to_numeric(frame[f"{c}_flag"], errors="coerce") for c in CATEGORIES}).fillna(0)
    scores = pd.DataFrame({c: pd.to_numeric(frame[f"{c}_score"], errors="coerce") for c in CATEGORIES}).fillna(0.0)
    posts = []
    for i in flags.index[(flags == 1).any(axis=1)]:
        text = _cell(frame.at[i, text_column])
        cell = parse_cell(frame.at[i, "evidence"])
        risk_flags = []
        for risk in CATEGORIES:
            if flags.at[i, risk] == 1:
                spans = tuple(cell.get(risk, ()))
                risk_flags.append(Flag(risk, float(scores.at[i, risk]), spans, tuple(locate(text, list(spans)))))
        context = cell_messages(frame.at[i, context_column]) if context_column else ()
        posts.append(Post(int(i) + 1, _cell(frame.at[i, id_column]) if id_column else None, text, text_sha256(text),
                          tuple(risk_flags), context))
    posts.sort(key=lambda post: (-post.worst, post.row))
    return ReviewQueue(Path(path).name, len(frame), tuple(posts))


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)
