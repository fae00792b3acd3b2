"""What a reviewer works through: the flagged posts of a ``smrisk batch`` output, worst first.

Batch keeps each row's text as it was, secrets included; the page shows each post (and the messages
it answers) as the audit page and ``explain()`` do, every detected secret masked in place
(``smrisk.shown_texts``), and finds the evidence cell's spans in that masked text. The decisions
file records the text as written (its hash ties a decision to the row; training reads it).
"""

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
from smrisk.shown_texts import Masker


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
    text: str  # as written: recorded with a decision, never shown
    sha256: str
    flags: tuple[Flag, ...]
    shown: str  # the text as the page shows it: every detected secret masked in place
    context: tuple[str, ...] = ()  # the messages the post answers, oldest first (``--context-column``), masked

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


def load_queue(path: str, masker: Masker, text_column: str = "text", id_column: str | None = None,
               context_column: str | None = None) -> ReviewQueue:
    """Read a ``smrisk batch`` output (CSV, or Parquet by extension) and queue its flagged posts.

    Needs the text column and the score, flag and evidence columns batch adds; a row whose flags
    are blank (it could not be scored) is not queued. ``masker`` masks the secrets in each post and
    each message it answers (``shown_texts.masker_of`` the scorer the file was scored with).
    ``context_column`` names the column holding the message each post answers (as
    ``smrisk batch --context-column`` read it), shown above it.
    """
    frame = read_batch_output(path)
    needed = [text_column, *FLOAT_COLUMNS, *FLAG_COLUMNS, "evidence"] + [c for c in (id_column, context_column) if c]
    for name in needed:
        column_position(list(frame.columns), name, f"{path} (the output of smrisk batch?)")
    flags = pd.DataFrame({c: pd.to_numeric(frame[f"{c}_flag"], errors="coerce") for c in CATEGORIES}).fillna(0)
    scores = pd.DataFrame({c: pd.to_numeric(frame[f"{c}_score"], errors="coerce") for c in CATEGORIES}).fillna(0.0)
    rows = flags.index[(flags == 1).any(axis=1)]
    texts = [_cell(frame.at[i, text_column]) for i in rows]
    parents = [cell_messages(frame.at[i, context_column]) if context_column else () for i in rows]
    shown_texts = masker(texts)
    shown_parents = iter(masker([message for messages in parents for message in messages]))
    posts = []
    for i, text, shown, messages in zip(rows, texts, shown_texts, parents, strict=True):
        cell = parse_cell(frame.at[i, "evidence"])
        risk_flags = []
        for risk in CATEGORIES:
            if flags.at[i, risk] == 1:
                spans = tuple(cell.get(risk, ()))
                risk_flags.append(Flag(risk, float(scores.at[i, risk]), spans, tuple(locate(shown, list(spans)))))
        context = tuple(next(shown_parents) for _ in messages)
        posts.append(Post(int(i) + 1, _cell(frame.at[i, id_column]) if id_column else None, text, text_sha256(text),
                          tuple(risk_flags), shown, context))
    posts.sort(key=lambda post: (-post.worst, post.row))
    return ReviewQueue(Path(path).name, len(frame), tuple(posts))


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)
