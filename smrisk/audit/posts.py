"""The flagged posts a report lists: chosen (worst first, sampled past a limit), masked, and marked.

Batch keeps each input row as it was, so the text column still holds any secret the scorer
found; the evidence column holds them masked. A report is a file people pass around, so the
text it shows is the text as smrisk's renderers show it (``RiskReport.display_text``): every
detected secret masked in place. The spans the evidence column cites are then found in that
masked text and marked (``smrisk.evidence_cells``, as the review app finds them); a span that
cannot be found there (a file written with ``--reveal`` cites secrets unmasked) is simply not
marked, never shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from smrisk.audit.scored import Roles, ScoredFile
from smrisk.categories import CATEGORIES
from smrisk.conversation import cell_messages
from smrisk.evidence_cells import CellSpan, cell_spans, locate, segments
from smrisk.shown_texts import Masker

SHOWN_CHARS = 1_000  # longer posts are cut in the list (the note says how much)
_RNG_SEED = 0


@dataclass(frozen=True)
class Piece:
    """A stretch of a post's shown text; ``risks`` and ``reasons`` are set when evidence marks it."""

    text: str
    risks: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # "risk: reason" of each span marking it


@dataclass(frozen=True)
class Post:
    row: int  # 1-based position among the file's rows
    id: str
    date: str
    author: str
    channel: str
    scores: tuple[float | None, ...]  # per risk, in CATEGORIES order
    flagged: tuple[str, ...]
    worst: float  # the highest score among the flagged risks
    pieces: tuple[Piece, ...]
    rules: tuple[str, ...]  # rule ids the evidence cites
    hidden_chars: int  # characters past SHOWN_CHARS, not shown
    route: str
    speaker: str
    status: str
    context: tuple[str, ...] = ()  # the messages the post answers, masked like it (oldest first)


@dataclass(frozen=True)
class PostList:
    posts: tuple[Post, ...]
    flagged: int  # flagged posts in the file
    top: int  # of the listed posts, how many are the highest-scored (the rest are a random sample)

    @property
    def sampled(self) -> bool:
        return len(self.posts) < self.flagged


def choose(frame: pd.DataFrame, limit: int) -> tuple[np.ndarray, int, int]:
    """Positions of the flagged rows to list, worst first: all of them up to ``limit``; past it, the
    ``limit // 2`` highest-scored and a seeded random sample of the rest. Also the number flagged
    and how many of the chosen are the highest-scored."""
    flags = frame[[f"{c}_flag" for c in CATEGORIES]].to_numpy(dtype=int)
    scores = np.nan_to_num(frame[[f"{c}_score" for c in CATEGORIES]].to_numpy(dtype=float))
    worst = np.where(flags == 1, scores, -1.0).max(axis=1)
    flagged = np.flatnonzero(flags.any(axis=1))
    ranked = flagged[np.argsort(-worst[flagged], kind="stable")]
    if len(ranked) <= limit:
        return ranked, len(flagged), len(ranked)
    top = limit // 2
    rest = np.random.default_rng(_RNG_SEED).choice(ranked[top:], size=limit - top, replace=False)
    chosen = np.concatenate([ranked[:top], rest])
    return chosen[np.argsort(-worst[chosen], kind="stable")], len(flagged), top


def post_list(scored: ScoredFile, masker: Masker, limit: int) -> PostList:
    frame, roles = scored.frame, scored.roles
    chosen, flagged, top = choose(frame, limit)
    rows = frame.iloc[chosen]
    texts = [str(t) for t in rows[roles.text]]
    masked = masker(texts) if texts else []
    parents = [cell_messages(cell) for cell in rows[roles.context]] if roles.context else [() for _ in texts]
    flat = [message for messages in parents for message in messages]
    shown_flat = iter(masker(flat) if flat else [])
    contexts = [tuple(next(shown_flat) for _ in messages) for messages in parents]
    posts = tuple(replace(_post(int(position), row, shown, roles), context=context)
                  for position, (_, row), shown, context in zip(chosen, rows.iterrows(), masked, contexts, strict=True))
    return PostList(posts, flagged, top)


def _cell(row: pd.Series, column: str | None) -> str:
    return "" if column is None or column not in row.index else str(row[column])


def _post(position: int, row: pd.Series, shown: str, roles: Roles) -> Post:
    flagged = tuple(c for c in CATEGORIES if int(row[f"{c}_flag"]) == 1)
    scores = tuple(None if pd.isna(row[f"{c}_score"]) else float(row[f"{c}_score"]) for c in CATEGORIES)
    cited = cell_spans(row["evidence"])
    return Post(
        row=position + 1, id=_cell(row, roles.id), date=_cell(row, roles.date), author=_cell(row, roles.author),
        channel=_cell(row, roles.channel), scores=scores, flagged=flagged,
        worst=max((s for c, s in zip(CATEGORIES, scores, strict=True) if c in flagged and s is not None), default=0.0),
        pieces=mark(shown[:SHOWN_CHARS], cited), rules=tuple(dict.fromkeys(c.source for c in cited if not c.from_model)),
        hidden_chars=max(0, len(shown) - SHOWN_CHARS), route=_cell(row, "route"), speaker=_cell(row, "speaker"),
        status=_cell(row, "status"),
    )


def mark(text: str, cited: Sequence[CellSpan]) -> tuple[Piece, ...]:
    """``text`` in pieces, each cited span marked where ``evidence_cells.locate`` finds it; where spans
    of several risks overlap, the piece they share is marked for each of them."""
    located = locate(text, list(cited))
    return tuple(Piece(segment.text, tuple(dict.fromkeys(p.span.risk for p in segment.spans)),
                       tuple(f"{p.span.risk}: {p.span.reason}" for p in segment.spans))
                 for segment in segments(text, located))
