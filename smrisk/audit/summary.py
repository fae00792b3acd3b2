"""The numbers of an audit report, computed from a scored frame: pure functions, no rendering.

Every count is of rows (posts). A risk's flags are the file's ``<risk>_flag`` column, as the
batch run decided them; what-if counts at other thresholds are ``score >= threshold`` on the
file's scores (rounded to 4 decimals by batch). Rates are of the scored rows: rows whose scores
are present (a row batch could not score has blank scores and a status that says why).
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smrisk.audit.scored import ScoredFile
from smrisk.categories import CATEGORIES
from smrisk.evidence_cells import cell_spans
from smrisk.score_columns import counted_kinds, lifted_risks

#: Thresholds the what-if grid counts at, for every risk.
GRID: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
#: A flag that disagrees with its score by more than batch's rounding (4 decimals) was set at another threshold.
_ROUNDING = 1e-4
BLANK = "(blank)"


@dataclass(frozen=True)
class RiskTotal:
    """One risk over the file: posts flagged, their share of scored posts, the threshold the report
    assumes, and rows whose flag disagrees with it (scored under another model or policy)."""

    risk: str
    flagged: int
    rate: float
    threshold: float
    disagreeing: int


@dataclass(frozen=True)
class Totals:
    rows: int
    scored: int
    flagged_any: int
    statuses: tuple[tuple[str, int], ...]  # first word of each status (and decode_replaced), most common first
    risks: tuple[RiskTotal, ...]


@dataclass(frozen=True)
class Option:
    """A named threshold for one risk (``flagged``: posts at or above it)."""

    risk: str
    name: str
    threshold: float
    flagged: int
    rate: float


@dataclass(frozen=True)
class Group:
    """Posts sharing an author, a channel or a period, and how many of them each risk flagged."""

    name: str
    posts: int
    flags: tuple[int, ...]  # per risk, in CATEGORIES order
    flagged_any: int


@dataclass(frozen=True)
class Timeline:
    column: str
    unit: str  # "day", "week" or "month"
    periods: tuple[Group, ...]
    undated: int  # rows whose date is blank or not a date


@dataclass(frozen=True)
class Breakdown:
    """The top groups of one column (authors or channels), of ``total`` distinct values."""

    column: str
    groups: tuple[Group, ...]
    total: int


@dataclass(frozen=True)
class Driver:
    """A rule or a model phrase cited as evidence for a risk, and on how many flagged posts."""

    risk: str
    kind: str  # "rule" or "phrase"
    name: str
    posts: int
    reason: str = ""


@dataclass(frozen=True)
class Summary:
    totals: Totals
    options: tuple[Option, ...]
    grid: tuple[tuple[float, tuple[int, ...]], ...]  # (threshold, posts at or above it per risk)
    timeline: Timeline | None
    authors: Breakdown | None
    channels: Breakdown | None
    drivers: tuple[Driver, ...]


def summarise(scored: ScoredFile, thresholds: Mapping[str, float], options: Mapping[str, Mapping[str, float]],
              top: int = 15, reasons: Mapping[str, str] | None = None, top_drivers: int = 10) -> Summary:
    """Every number the report shows. ``options`` are named thresholds per risk (``stricter``...),
    ``reasons`` the reason of each rule id."""
    frame, roles = scored.frame, scored.roles
    return Summary(
        totals=totals(frame, thresholds),
        options=threshold_options(frame, thresholds, options),
        grid=threshold_grid(frame),
        timeline=timeline(frame, roles.date) if roles.date else None,
        authors=breakdown(frame, roles.author, top) if roles.author else None,
        channels=breakdown(frame, roles.channel, top) if roles.channel else None,
        drivers=drivers(frame, top_drivers, reasons or {}),
    )


def _flags(frame: pd.DataFrame) -> np.ndarray:
    """A rows x risks 0/1 matrix of the file's flags."""
    return frame[[f"{c}_flag" for c in CATEGORIES]].to_numpy(dtype=int)


def totals(frame: pd.DataFrame, thresholds: Mapping[str, float]) -> Totals:
    scored = int(frame[[f"{c}_score" for c in CATEGORIES]].notna().all(axis=1).sum())
    statuses = Counter(kind or "ok" for s in frame["status"] for kind in counted_kinds(str(s)))
    risks = []
    for risk in CATEGORIES:
        score, flag = frame[f"{risk}_score"], frame[f"{risk}_flag"]
        threshold = float(thresholds[risk])
        over = (flag == 0) & (score >= threshold + _ROUNDING) & ~_lifted(frame, risk)  # a lifted flag agrees: its status says why
        disagreeing = int((((flag == 1) & (score < threshold - _ROUNDING)) | over).sum())
        risks.append(RiskTotal(risk, int(flag.sum()), _rate(int(flag.sum()), scored), threshold, disagreeing))
    return Totals(len(frame), scored, int(_flags(frame).any(axis=1).sum()), tuple(statuses.most_common()), tuple(risks))


def _lifted(frame: pd.DataFrame, risk: str) -> pd.Series:
    """The rows whose status says a policy lifted ``risk``'s flag (a claim about a rival is not our conduct):
    the policy would lift them at another threshold too."""
    return frame["status"].map(lambda status: risk in lifted_risks(str(status))).astype(bool)


def _rate(count: int, of: int) -> float:
    return count / of if of else 0.0


def threshold_options(frame: pd.DataFrame, thresholds: Mapping[str, float],
                      options: Mapping[str, Mapping[str, float]]) -> tuple[Option, ...]:
    """The file's own flags (``in this file``), then each named threshold of each risk. A named
    threshold equal to the file's is counted from the flags, so the two rows never differ by rounding."""
    scored = int(frame[[f"{c}_score" for c in CATEGORIES]].notna().all(axis=1).sum())
    out = []
    for risk in CATEGORIES:
        current = float(thresholds[risk])
        flagged = int(frame[f"{risk}_flag"].sum())
        out.append(Option(risk, "in this file", current, flagged, _rate(flagged, scored)))
        kept = ~_lifted(frame, risk)  # read from the statuses once per risk, not per option
        for name, value in options.get(risk, {}).items():
            count = flagged if abs(value - current) < 1e-9 else int(((frame[f"{risk}_score"] >= value) & kept).sum())
            out.append(Option(risk, name, float(value), count, _rate(count, scored)))
    return tuple(out)


def threshold_grid(frame: pd.DataFrame, grid: Sequence[float] = GRID) -> tuple[tuple[float, tuple[int, ...]], ...]:
    scores = frame[[f"{c}_score" for c in CATEGORIES]].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return tuple((t, tuple(int(n) for n in (scores >= t).sum(axis=0))) for t in grid)


def _groups(keys: pd.Series, frame: pd.DataFrame) -> list[Group]:
    flags = pd.DataFrame(_flags(frame), columns=list(CATEGORIES), index=frame.index)
    flags["_any"] = flags[list(CATEGORIES)].max(axis=1)
    flags["_posts"] = 1
    sums = flags.groupby(keys.to_numpy(), sort=False).sum()
    return [Group(str(name), int(row["_posts"]), tuple(int(row[c]) for c in CATEGORIES), int(row["_any"]))
            for name, row in sums.iterrows()]


def breakdown(frame: pd.DataFrame, column: str, top: int) -> Breakdown:
    """The ``top`` values of ``column`` with the most flagged posts (ties: more posts, then name)."""
    keys = frame[column].astype(str).str.strip().replace("", BLANK)
    groups = sorted(_groups(keys, frame), key=lambda g: (-g.flagged_any, -g.posts, g.name))
    return Breakdown(column, tuple(groups[:top]), len(groups))


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates as naive UTC timestamps (NaT where blank or unreadable): one format inferred for the
    whole column, else each cell on its own (slower, for columns that mix formats)."""
    text = values.astype(str).str.strip()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "could not infer format": handled by the per-cell pass
        dates = pd.to_datetime(text, errors="coerce", utc=True)
        if dates.isna().sum() > (text == "").sum():
            mixed = pd.to_datetime(text, errors="coerce", utc=True, format="mixed")
            if mixed.notna().sum() > dates.notna().sum():
                dates = mixed
    return dates.dt.tz_convert(None)


def timeline(frame: pd.DataFrame, column: str) -> Timeline:
    """Posts and flags per day (a span up to 90 days), week (up to three years) or month, every
    period from the first to the last date, empty ones included."""
    dates = parse_dates(frame[column])
    known = dates.notna()
    if not known.any():
        return Timeline(column, "day", (), len(frame))
    span = dates[known].max() - dates[known].min()
    unit, code = ("day", "D") if span <= pd.Timedelta(days=90) else ("week", "W") if span <= pd.Timedelta(days=3 * 366) else ("month", "M")
    periods = dates[known].dt.to_period(code)
    counted = {g.name: g for g in _groups(periods.astype(str), frame[known])}
    every = pd.period_range(periods.min(), periods.max(), freq=code).astype(str)
    empty = (0,) * len(CATEGORIES)
    out = tuple(counted.get(p, Group(p, 0, empty, 0)) for p in every)
    return Timeline(column, unit, tuple(_period_label(g, unit) for g in out), int((~known).sum()))


def _period_label(group: Group, unit: str) -> Group:
    """A week reads as its first day ("2024-03-04"), not pandas' "2024-03-04/2024-03-10"."""
    return Group(group.name.split("/")[0], group.posts, group.flags, group.flagged_any) if unit == "week" else group


def drivers(frame: pd.DataFrame, top: int, reasons: Mapping[str, str]) -> tuple[Driver, ...]:
    """Per risk, the ``top`` rules and the ``top`` model phrases cited on the most flagged posts
    (a post counts once per rule or phrase, however often the evidence names it)."""
    counts: dict[tuple[str, str], Counter[str]] = {(r, k): Counter() for r in CATEGORIES for k in ("rule", "phrase")}
    flagged = _flags(frame).any(axis=1)
    for cell in frame.loc[flagged, "evidence"]:
        seen = set()
        for cited in cell_spans(cell):
            kind = "phrase" if cited.from_model else "rule"
            name = " ".join(cited.text.lower().split()) if cited.from_model else cited.source
            seen.add((cited.risk, kind, name))
        for risk, kind, name in seen:
            counts[(risk, kind)][name] += 1
    out: list[Driver] = []
    for (risk, kind), counter in counts.items():
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]
        out.extend(Driver(risk, kind, name, posts, reasons.get(name, "") if kind == "rule" else "") for name, posts in ranked)
    return tuple(out)
