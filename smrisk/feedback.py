"""Reviewers' decisions as training labels: accept is a positive for that risk, reject a negative.

``unsure`` teaches nothing, and neither does a risk nobody decided on (it stays unlabelled, not
negative: a post that was not flagged for a risk was never looked at for it). The standing
decision counts (``smrisk.decisions.latest``), so a reviewer who changed their mind is heard once.
Decisions join the training rows by their text (each decision carries it): a post that is already
a training row has its reviewed risks relabelled, any other post becomes a new row.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smrisk.categories import CATEGORIES
from smrisk.decisions import Decision, latest, read_decisions
from smrisk.errors import InputError

_VALUE = {"accept": 1.0, "reject": 0.0}


@dataclass(frozen=True)
class FeedbackSummary:
    """What the decisions added to a training set."""

    decisions: int  # lines in the file
    posts: int  # distinct texts with at least one accept or reject
    relabelled: int  # of those, posts already in the training rows
    added: int  # of those, new rows
    positives: dict[str, int]
    negatives: dict[str, int]
    unsure: int  # standing decisions that taught nothing
    model_ids: tuple[str, ...]  # the models whose flags were reviewed

    def to_dict(self) -> dict[str, object]:
        return {"decisions": self.decisions, "posts": self.posts, "relabelled": self.relabelled, "added": self.added,
                "positives": dict(self.positives), "negatives": dict(self.negatives), "unsure": self.unsure,
                "model_ids": list(self.model_ids)}

    def line(self) -> str:
        counts = ", ".join(f"{r} +{self.positives[r]}/-{self.negatives[r]}" for r in CATEGORIES
                           if self.positives[r] or self.negatives[r])
        return (f"feedback: {self.decisions} decisions -> labels on {self.posts} posts ({counts or 'none'}; "
                f"{self.unsure} not sure, ignored); {self.relabelled} relabel training rows, {self.added} are new rows")


def feedback_labels(decisions: Sequence[Decision]) -> pd.DataFrame:
    """One row per reviewed text: ``text`` and a 1 / 0 / NaN column per risk, from the standing decisions.

    The same text reviewed on two rows of a scored file (a repost) is one training row; where its
    decisions disagree, the later one wins.
    """
    by_text: dict[str, dict[str, float]] = {}
    texts: dict[str, str] = {}
    last = {decision.key: i for i, decision in enumerate(decisions)}
    for decision in (decisions[i] for i in sorted(last.values())):
        value = _VALUE.get(decision.decision)
        labels = by_text.setdefault(decision.text_sha256, {})
        texts[decision.text_sha256] = decision.text
        if value is None:
            labels.pop(decision.risk, None)
        else:
            labels[decision.risk] = value
    rows = [{"text": texts[sha], **{r: labels.get(r, np.nan) for r in CATEGORIES}} for sha, labels in by_text.items() if labels]
    return pd.DataFrame(rows, columns=["text", *CATEGORIES])


def add_feedback(data: pd.DataFrame, feedback: str | os.PathLike[str] | Sequence[Decision],
                 text_column: str = "text") -> tuple[pd.DataFrame, FeedbackSummary]:
    """``data`` with the decisions' labels joined in by text: reviewed risks of a known text are relabelled,
    unknown texts appended; the other rows and columns are left as they are."""
    if isinstance(feedback, str | os.PathLike) and not Path(feedback).is_file():
        raise InputError(f"decisions file {os.fspath(feedback)} not found: give the file smrisk review wrote (--decisions)")
    decisions = read_decisions(feedback) if isinstance(feedback, str | os.PathLike) else list(feedback)
    labels = feedback_labels(decisions)
    standing = latest(decisions).values()
    out = data.copy()
    for risk in CATEGORIES:
        if risk not in out.columns and labels[risk].notna().any():
            out[risk] = np.nan
        if risk in out.columns:
            out[risk] = out[risk].astype(object)
    position = {text: i for i, text in enumerate(out[text_column].astype(str))}
    known = labels["text"].isin(position)
    for _, row in labels[known].iterrows():
        for risk in CATEGORIES:
            if not np.isnan(row[risk]):
                out.iat[position[row["text"]], out.columns.get_loc(risk)] = row[risk]
    new = labels[~known].rename(columns={"text": text_column})
    new = new[[c for c in new.columns if c in out.columns]]
    out = pd.concat([out, new], ignore_index=True) if len(new) else out
    summary = FeedbackSummary(
        decisions=len(decisions), posts=len(labels), relabelled=int(known.sum()), added=int((~known).sum()),
        positives={r: int((labels[r] == 1).sum()) for r in CATEGORIES},
        negatives={r: int((labels[r] == 0).sum()) for r in CATEGORIES},
        unsure=sum(d.decision == "unsure" for d in standing),
        model_ids=tuple(sorted({d.model_id for d in decisions})),
    )
    return out, summary


def feedback_note(recorded: dict[str, object], compared: str) -> str:
    """What a model's card says the decisions added (``FeedbackSummary.to_dict``), and a warning when
    they judged the flags of another model than ``compared``, the one the new model is measured against."""
    summary = FeedbackSummary(**{**recorded, "model_ids": tuple(recorded["model_ids"])})  # type: ignore[arg-type]
    other = [m for m in summary.model_ids if m != compared]
    if not other:
        return summary.line()
    return (f"{summary.line()}\nnote: the decisions judged the flags of {', '.join(other)}; the comparison below is with "
            f"{compared} (pass --previous-model DIR to compare with the model that was reviewed)")
