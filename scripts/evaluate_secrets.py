"""Secrets a report shows: on blind sets of drafts that leak one, how often the report shows it whole.

    python scripts/evaluate_secrets.py [--drafts data/drafts/secret_drafts_2.csv ...] [--model DIR] [--rows]

Per set (``smrisk.secret_leaks``): the share of leaking drafts with a secret shown whole, per kind; the share
counting only a pair's password; and, of the harmless drafts, how many had something masked or were flagged
confidential. ``--rows`` lists the drafts shown and the harmless ones masked (a development set's
only: listing a held-out set's turns it into one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smrisk.secret_leaks import LeakMeasure, measure_leaks, read_secret_drafts  # noqa: E402

DEFAULT_SETS = tuple(ROOT / "data" / "drafts" / f"secret_drafts{n}.csv" for n in ("", "_2", "_3", "_4"))


def report_lines(name: str, measure: LeakMeasure, rows: bool) -> list[str]:
    """The report lines for one set of drafts."""
    m = measure
    lines = [f"## {name}", "",
             f"- drafts leaking a secret: {m.leaking}; a secret shown whole in **{m.shown} ({m.shown / m.leaking:.1%})**; "
             f"counting a pair's password alone: {m.password_shown} ({m.password_shown / m.leaking:.1%}); "
             f"flagged confidential: {m.leaking_flagged}",
             f"- harmless drafts: {m.harmless}; something masked in {m.harmless_masked}, flagged confidential "
             f"{m.harmless_flagged}", "", "| kind | shown / drafts |", "|---|---|"]
    lines += [f"| {kind} | {a} / {n} |" for kind, (a, n) in m.per_kind.items()]
    if rows:
        lines += ["", *(f"- shown: {t}" for t in m.shown_texts), *(f"- masked, harmless: {t}" for t in m.masked_texts)]
    return [*lines, ""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", nargs="*", default=[str(p) for p in DEFAULT_SETS])
    parser.add_argument("--model", help="a model directory (default: the shipped model)")
    parser.add_argument("--rows", action="store_true", help="list the drafts shown and the harmless ones masked")
    args = parser.parse_args()

    import smrisk

    scorer = smrisk.load_model(args.model) if args.model else smrisk.default_scorer()
    for path in args.drafts:
        print("\n".join(report_lines(Path(path).name, measure_leaks(scorer, read_secret_drafts(path)), args.rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
