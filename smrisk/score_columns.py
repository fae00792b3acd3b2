"""The columns smrisk adds to a scored row, and the one function that fills them.

CSV files, Parquet files and DataFrames all take their added cells from ``score_rows``, in one
process or on a Dask worker, so a row's scores, flags, evidence and ``status`` are the same
whichever way it was read, written or scheduled. Under a company policy the row also gains
``POLICY_COLUMNS`` (``route``, ``speaker``, ``policy_sha256``) after ``status``, so the columns
of a run without a policy keep their places and a policy run only appends.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from smrisk.categories import CATEGORIES
from smrisk.conversation import cell_messages, score_in_context
from smrisk.errors import InputError, InputTypeError, did_you_mean, kind_of
from smrisk.language import NOTE_ENDING
from smrisk.report import POLICY_COLUMNS, RiskReport
from smrisk.scorer import FLAGGED_ONLY, Scorer, hidden_lines

FLOAT_COLUMNS: tuple[str, ...] = tuple(f"{c}_score" for c in CATEGORIES)
FLAG_COLUMNS: tuple[str, ...] = tuple(f"{c}_flag" for c in CATEGORIES)
TEXT_COLUMNS: tuple[str, ...] = ("evidence", "status")
SCORE_COLUMNS: tuple[str, ...] = (*FLOAT_COLUMNS, *FLAG_COLUMNS, *TEXT_COLUMNS)
STATUS = len(SCORE_COLUMNS) - 1  # where ``status`` is in a row's added cells, with or without a policy

#: The status of a row where a policy lifted a flag its score reaches (``CategoryScore.lifted``), so a reader
#: of the CSV alone sees why ``illegal_score`` is over the threshold and ``illegal_flag`` is 0.
LIFTED = "flag_lifted"
#: The status of a CSV line the reader could not split into the header's columns (``smrisk.batch``).
MALFORMED = "malformed"
#: The status of a row where a phrase aimed at no one else, or disclosing nothing, was hidden from the rules and the model,
#: with the phrase and why.
HIDDEN = "hidden"
#: The status of a row some of whose bytes could not be decoded and were replaced by U+FFFD.
DECODE_REPLACED = "decode_replaced"

#: One row's added cells, in ``added_columns`` order; the report cells are None when scoring failed.
Cells = tuple[Any, ...]


def added_columns(policy: bool) -> tuple[str, ...]:
    """The columns a run adds: ``SCORE_COLUMNS``, then ``POLICY_COLUMNS`` when it runs under a policy."""
    return (*SCORE_COLUMNS, *POLICY_COLUMNS) if policy else SCORE_COLUMNS


def speaker_value(value: object) -> str | None:
    """An author or channel cell as the speaker rules read it: None (unknown) when missing or blank."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip() or None


def score_rows(texts: Sequence[object], problems: Sequence[tuple[str, ...]], scorer: Scorer, reveal: bool,
               authors: Sequence[object] | None = None, channels: Sequence[object] | None = None,
               contexts: Sequence[object] | None = None) -> list[Cells]:
    """The added cells of each row: its report's scores, flags and evidence, and its ``status``;
    with a policy on the scorer, then its route, speaker verdict and the policy's digest.

    ``problems`` are what the reader found wrong with each row (``malformed: ...``); the status
    joins them with what scoring found (``empty_text``, ``truncated``, ``unsupported_language``:
    scores that mean little; ``flag_lifted``: a score over its threshold that a policy did not flag,
    and why; ``hidden``: a phrase aimed at no one else, or disclosing nothing, that neither the rules nor the model read) and is
    ``ok`` when there is nothing. A missing text (None) is scored
    as empty, unless the row is malformed: a CSV line too short to reach the text column was not read,
    so its report cells are None (no zero scores that would pass it as clean) and its status is the
    reader's. A value that is not a string (a number in a DataFrame's text column) is not scored:
    its status is ``error: ...`` and its report cells are None. If the batch fails, each text is
    scored alone, so one bad text costs only its own row. ``authors`` and ``channels`` (one cell
    per row, blank for unknown) feed the policy's speaker rules; the digest is in every row of a
    policy run, scored or not, so an audit (and ``--resume``) knows which policy the run was under.
    ``contexts`` (one cell per row: the message it answers, see ``smrisk.conversation.cell_messages``)
    scores each text in its context.
    """
    strings = [text if isinstance(text, str) else "" for text in texts]
    who = [speaker_value(a) for a in authors] if authors is not None else [None] * len(strings)
    where = [speaker_value(c) for c in channels] if channels is not None else [None] * len(strings)
    answered = [cell_messages(c) for c in contexts] if contexts is not None else [()] * len(strings)
    reports: list[RiskReport | Exception]
    try:
        reports = list(score_in_context(scorer, strings, answered, explain=FLAGGED_ONLY, authors=who, channels=where))
    except Exception:
        reports = [_score_alone(scorer, *row) for row in zip(strings, who, where, answered, strict=True)]
    digest = None if scorer.policy is None else scorer.policy.digest
    rows: list[Cells] = []
    for text, string, found, report in zip(texts, strings, problems, reports, strict=True):
        status = list(found)
        if text is not None and not isinstance(text, str):
            report = InputTypeError(f"the text is {kind_of(text)}, not a string")
        unread = text is None and any(problem.startswith(MALFORMED) for problem in found)  # the reader's status says why
        if isinstance(report, Exception) and not unread:
            status.append(f"error: {type(report).__name__}: {report}")
        if isinstance(report, Exception) or unread:
            values: Cells = (None,) * (len(SCORE_COLUMNS) - 1)
            judged: Cells = (None,) * (len(POLICY_COLUMNS) - 1) + (digest,)
        else:
            if not string.strip():
                status.append("empty_text")
            if report.truncated:
                status.append("truncated")
            if any(note.endswith(NOTE_ENDING) for note in report.notes):
                status.append("unsupported_language")
            status.extend(_lifted(report))
            status.extend(_hidden(report))
            row = report.to_row(reveal)
            values = tuple(row[column] for column in SCORE_COLUMNS[:-1])
            judged = tuple(row.get(column) for column in POLICY_COLUMNS)
        rows.append((*values, "; ".join(status) or "ok", *(judged if digest is not None else ())))
    return rows


def _lifted(report: RiskReport) -> list[str]:
    """A ``flag_lifted`` status for each risk whose flag a policy lifted: the risk, its score and
    threshold, and why (``flag_lifted: illegal 0.38 (threshold 0.16) not flagged: the model's reading ...``)."""
    lifted = [report.scores[c] for c in CATEGORIES if c in report.scores and report.scores[c].lifted]
    return [f"{LIFTED}: {s.category} {s.score:.2f} (threshold {s.threshold:.2f}) not flagged: "
            f"{str(s.lifted).replace(';', ',')}" for s in lifted]


def _hidden(report: RiskReport) -> list[str]:
    """A ``hidden`` status for each phrase hidden from the rules and the model as aimed at no one else (an insult of
    oneself, swearing at no one, an insult word said of a thing) or as disclosing nothing (a refusal to disclose):
    ``hidden: 'I'm such an idiot' is said of the writer themselves``."""
    return [f"{HIDDEN}: {line.replace(';', ',')}" for line in hidden_lines(report.hidden)]


def lifted_risks(status: str) -> set[str]:
    """The risks a row's status says a policy lifted the flag of (their flags may sit under a score over the threshold)."""
    prefix = f"{LIFTED}: "
    return {part.removeprefix(prefix).split(" ")[0] for part in status.split("; ") if part.startswith(prefix)}


def _score_alone(scorer: Scorer, text: str, author: str | None, channel: str | None,
                 context: tuple[str, ...] = ()) -> RiskReport | Exception:
    try:
        return score_in_context(scorer, [text], [context], explain=FLAGGED_ONLY, authors=[author], channels=[channel])[0]
    except Exception as exc:
        return exc


def status_kind(status: str) -> str:
    """The first word of a status (``malformed``, ``ok``...), for counting."""
    return status.split(":")[0].split(";")[0]


def counted_kinds(status: str) -> list[str]:
    """What a row is counted as in a summary: the first word of its status (``status_kind``), and
    ``decode_replaced`` wherever it stands, since replaced bytes are a problem beside a malformed row's."""
    first = status_kind(status)
    replaced = first != DECODE_REPLACED and DECODE_REPLACED in status.split("; ")
    return [first, DECODE_REPLACED] if replaced else [first]


def check_columns(columns: Sequence[object], text_column: str, where: str, policy: bool = False,
                  extra: Sequence[str] = ()) -> int:
    """The position of the (first) text column; an error if it is missing or the added columns
    (``extra``: more than the score columns, such as suggestions) are already there."""
    position = column_position(columns, text_column, where)
    clash = [c for c in (*added_columns(policy), *extra) if c in columns]
    if clash:
        raise InputError(f"{where} already has smrisk columns {clash}; score the original instead (or rename them)")
    return position


def missing_input(path: str) -> str:
    """Why ``path`` cannot be read as an input file: it is a directory, or it does not exist."""
    if Path(path).is_dir():
        return f"input {path!r} is a directory; give a CSV or Parquet file"
    return f"input file {path!r} does not exist"


#: How much of a header an error quotes: a file that is not a CSV can have a first line of megabytes.
_NAMES_SHOWN = 300


def column_position(columns: Sequence[object], name: str, where: str) -> int:
    """The position of the (first) column ``name``; an error listing the columns if it is missing."""
    if name not in columns:
        names = ", ".join(str(c) for c in columns) or "(none)"
        if len(names) > _NAMES_SHOWN:
            names = f"{names[:_NAMES_SHOWN]}... ({len(columns)} columns, {len(names):,} characters; is it a CSV file?)"
        hint = _separator_hint(columns, name) or _close_name(columns, name)
        raise InputError(f"no column {name!r} in {where}; columns are: {names}{hint}")
    return list(columns).index(name)


def _close_name(columns: Sequence[object], name: str) -> str:
    """A hint naming the column that was probably meant: the same name but for case and spaces ("Text"), or a
    close spelling ("txt")."""
    written = [str(c) for c in columns]
    same = [c for c in written if c.strip().lower() == name.strip().lower()]
    if same:
        return f"; did you mean {same[0]!r}? (column names are matched exactly)"
    return did_you_mean(name, written, n=1)


def _separator_hint(columns: Sequence[object], name: str) -> str:
    """A hint when the header holds the column but split by another separator (a European Excel export
    writes "id;text"): only comma-separated files are read."""
    for separator, called in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
        if any(name in str(c).split(separator) for c in columns):
            return f" (the header looks separated by {called}: save the file as comma-separated CSV)"
    return ""
