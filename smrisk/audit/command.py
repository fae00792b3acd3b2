"""``smrisk report SCORED -o audit.html``: the options, and the run that prints one line per result."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from smrisk.errors import ConfigError

if TYPE_CHECKING:
    from smrisk.scorer import Scorer

EXTRA = "pip install 'smrisk[report]'"


def add_report_parser(sub: argparse._SubParsersAction, policy_option: Callable[..., None]) -> None:
    """The ``report`` subcommand's options (``policy_option`` adds the CLI's shared ``--policy``)."""
    report = sub.add_parser("report", help="an HTML audit report of a scored file (the output of smrisk batch)")
    report.add_argument("input", help="the output of smrisk batch: CSV, or .parquet")
    report.add_argument("-o", "--output", default="audit.html", help="the HTML file to write (default: audit.html)")
    report.add_argument("--text-column", default="text", help="the column holding the post text (default: text)")
    report.add_argument("--date-column", metavar="NAME", help="column holding each post's date (default: a column named "
                                                             "date, created_at, timestamp... if there is one)")
    report.add_argument("--author-column", metavar="NAME", help="column holding each post's author (default: author, user...)")
    report.add_argument("--channel-column", metavar="NAME", help="column holding each post's channel (default: channel...)")
    report.add_argument("--context-column", metavar="NAME", help="column holding the message each post answers "
                                                                "(as batch --context-column): shown, masked, above it")
    report.add_argument("--model", help="the model directory the batch run used (default: the shipped model): its "
                                        "thresholds, threshold options and rules")
    policy_option(report, "the policy file the batch run used, if any: its thresholds and rules (to mask secrets)")
    report.add_argument("--max-posts", type=int, default=5_000, metavar="N",
                        help="list at most N flagged posts (default 5000): the N/2 highest-scored and a random sample of the rest")
    report.add_argument("--top", type=int, default=15, metavar="N", help="authors and channels shown (default 15)")


def run_report(args: argparse.Namespace, scorer: Callable[[], Scorer]) -> int:
    """Read, check, summarise and write; ``scorer`` builds the scorer once the file has been read."""
    try:
        import jinja2  # noqa: F401
        import matplotlib  # noqa: F401
    except ModuleNotFoundError as exc:
        raise ConfigError(f"smrisk report needs {exc.name}: {EXTRA}") from None
    from smrisk.audit.page import build_report
    from smrisk.audit.scored import read_scored

    if args.max_posts < 1 or args.top < 1:
        raise ConfigError("--max-posts and --top must be at least 1")
    scored = read_scored(args.input, text_column=args.text_column, date_column=args.date_column,
                         author_column=args.author_column, channel_column=args.channel_column,
                         context_column=args.context_column)
    built = build_report(scored, args.output, scorer(), max_posts=args.max_posts, top=args.top)
    totals = built.summary.totals
    risks = ", ".join(f"{t.risk} {t.flagged:,}" for t in totals.risks)
    listed = f"{len(built.posts.posts):,} of {built.posts.flagged:,} listed (sampled)" if built.posts.sampled \
        else f"{len(built.posts.posts):,} listed"
    print(f"smrisk: wrote {built.path} ({built.size / 1e6:.1f} MB, {built.seconds:.1f} s): {totals.rows:,} rows, "
          f"{totals.flagged_any:,} flagged ({risks}); {listed}", file=sys.stderr)
    for warning in built.warnings:
        print(f"smrisk: note: {warning}", file=sys.stderr)
    return 0
