"""The audit report as one self-contained HTML page: numbers, charts and posts through one Jinja2 template.

Everything the page needs is inside it: the charts are inline SVG, the style sheet and the small
script that sorts and filters the post table are inlined from this package. Nothing is fetched,
so the file opens offline and sends nothing anywhere. The template is rendered with autoescaping
on: every value from the file (post text, authors, channels, column names) is HTML-escaped;
only the chart SVG, which matplotlib writes and escapes itself, is inserted as markup.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from smrisk.audit import charts
from smrisk.audit.posts import SHOWN_CHARS, PostList, post_list
from smrisk.audit.scored import ScoredFile
from smrisk.audit.summary import Summary, summarise
from smrisk.categories import CATEGORIES, DEFINITIONS
from smrisk.errors import InputError
from smrisk.evidence_cells import detector_reasons
from smrisk.scorer import Scorer
from smrisk.shown_texts import masker_of

CURRENT = "in this file"


@dataclass(frozen=True)
class ModelInfo:
    """What the report knows of the model: its id, the thresholds it flags at (a policy's
    overrides included), the named thresholds its card offers, and the reasons of its rules."""

    model_id: str
    thresholds: Mapping[str, float]
    options: Mapping[str, Mapping[str, float]]
    reasons: Mapping[str, str] = field(default_factory=dict)
    policy_digest: str | None = None


def model_info(scorer: Scorer) -> ModelInfo:
    """Read from a scorer: thresholds as it flags, options from the card of the model that scores each risk."""
    options: dict[str, dict[str, float]] = {}
    for risk in CATEGORIES:
        bundle = next(b for b in scorer.bundles if risk in b.risks)
        named = bundle.card.get("threshold_options", {}).get(risk, {})
        options[risk] = {name: float(values["threshold"]) for name, values in named.items() if "threshold" in values}
    reasons = detector_reasons(scorer.registry)
    digest = scorer.policy.digest if scorer.policy is not None else None
    return ModelInfo(scorer.model_id, scorer.thresholds, options, reasons, digest)


@dataclass(frozen=True)
class Built:
    """What ``build_report`` wrote, for the command's one-line summary."""

    path: Path
    size: int
    summary: Summary
    posts: PostList
    warnings: tuple[str, ...]
    seconds: float


def _marks(model: ModelInfo) -> dict[str, dict[str, float]]:
    """The thresholds each score chart marks: the file's, then each named one at another value."""
    out: dict[str, dict[str, float]] = {}
    for risk in CATEGORIES:
        marks = {CURRENT: float(model.thresholds[risk])}
        for name, value in model.options.get(risk, {}).items():
            if all(abs(value - v) > 1e-3 for v in marks.values()):
                marks[name] = value
        out[risk] = marks
    return out


def warnings_for(scored: ScoredFile, summary: Summary, model: ModelInfo) -> list[str]:
    """What a reader must know before trusting the page: flags the model would not set, another policy."""
    out = []
    for total in summary.totals.risks:
        if total.disagreeing:
            out.append(f"{total.disagreeing:,} row(s) have a {total.risk} flag that disagrees with the threshold "
                       f"{total.threshold:.3f} of model {model.model_id}: the file was scored with another model or policy. "
                       "Pass smrisk report the --model and --policy the batch run used; the what-if counts assume these thresholds.")
    digests = file_policies(scored)
    if digests and model.policy_digest is None:
        out.append(f"the file was scored under a policy (sha256 {', '.join(d[:12] for d in digests)}) and none was given: "
                   "pass smrisk report the same --policy, so its thresholds and rules apply here too.")
    if model.policy_digest and digests and model.policy_digest not in digests:
        out.append(f"the policy given (sha256 {model.policy_digest[:12]}) is not the one the file was scored under "
                   f"({', '.join(d[:12] for d in digests)}).")
    if summary.timeline is not None and summary.timeline.undated:
        column = summary.timeline.column
        out.append(f"{summary.timeline.undated:,} row(s) have no readable date in column {column!r}: they are left out of "
                   "the chart over time (and counted everywhere else).")
    return out


def file_policies(scored: ScoredFile) -> list[str]:
    """The policy digests the file's rows were scored under (none without a policy run)."""
    if not scored.has_policy:
        return []
    return sorted({d for d in scored.frame["policy_sha256"].astype(str).str.strip() if d})


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("smrisk.audit", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda value: f"{100 * value:.1f}%"
    env.filters["num"] = lambda value: f"{value:,}"
    env.filters["score"] = lambda value: "" if value is None else f"{value:.2f}"
    return env


def render(scored: ScoredFile, summary: Summary, posts: PostList, model: ModelInfo, warnings: Sequence[str],
           generated: str, version: str) -> str:
    """The page's HTML."""
    frame = scored.frame
    scores = {risk: frame[f"{risk}_score"].to_numpy(dtype=float) for risk in CATEGORIES}
    figures = {
        "distributions": charts.distributions_chart(scores, _marks(model)),
        "timeline": charts.timeline_chart(summary.timeline) if summary.timeline and summary.timeline.periods else None,
        "authors": charts.groups_chart(summary.authors) if summary.authors and summary.authors.groups else None,
        "channels": charts.groups_chart(summary.channels) if summary.channels and summary.channels.groups else None,
    }
    return _environment().get_template("audit.html.j2").render(
        source=Path(scored.path).name, scored=scored, summary=summary, posts=posts, model=model, warnings=warnings,
        generated=generated, version=version, risks=CATEGORIES, definitions=DEFINITIONS, colors=charts.COLORS,
        charts={k: Markup(v) if v else None for k, v in figures.items()}, policies=file_policies(scored),
        shown_chars=SHOWN_CHARS, current=CURRENT, options_by_risk=_options_by_risk(summary),
        drivers_by_risk={r: [d for d in summary.drivers if d.risk == r] for r in CATEGORIES},
        score_columns=[f"{r}_score" for r in CATEGORIES], nan=np.nan,
    )


def _options_by_risk(summary: Summary) -> dict[str, list]:
    return {risk: [o for o in summary.options if o.risk == risk] for risk in CATEGORIES}


def build_report(scored: ScoredFile, output: str | Path, scorer: Scorer, max_posts: int = 5_000, top: int = 15) -> Built:
    """Summarise ``scored``, list its flagged posts (masked by ``scorer``'s rules) and write the page to ``output``."""
    from smrisk import __version__

    started = time.perf_counter()
    target = Path(output)
    if target.resolve() == Path(scored.path).resolve():
        raise InputError(f"the report would overwrite its input {scored.path}; pass another -o")
    model = model_info(scorer)
    summary = summarise(scored, model.thresholds, model.options, top=top, reasons=model.reasons)
    posts = post_list(scored, masker_of(scorer), max(1, max_posts))
    warnings = warnings_for(scored, summary, model)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    html = render(scored, summary, posts, model, warnings, generated, __version__)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_text(html, encoding="utf-8")
        partial.replace(target)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    return Built(target, target.stat().st_size, summary, posts, tuple(warnings), time.perf_counter() - started)
