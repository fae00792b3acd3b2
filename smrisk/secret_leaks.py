"""How often a report shows a secret that a draft leaks: the measure of masking on labelled drafts.

A draft that leaks names its secrets (``secret``, parted by " || "). It counts as shown when one of them
appears whole anywhere a reviewer reads: the text as displayed, the explanation, the JSON of ``to_dict`` and
the batch row (evidence spans, reasons, every column). A pair's user name written apart from its password opens nothing alone, so the
measure is also given for the password alone.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from smrisk.scorer import Scorer


@dataclass(frozen=True)
class LeakMeasure:
    """One set of drafts: how many leak a secret, how many of those show one, and the harmless ones masked."""

    leaking: int
    leaking_flagged: int  # flagged confidential
    shown: int
    password_shown: int  # counting only the password of a login pair written apart
    harmless: int
    harmless_masked: int
    harmless_flagged: int
    per_kind: Mapping[str, tuple[int, int]]  # kind -> (shown, drafts)
    shown_texts: tuple[str, ...] = field(default=())  # as displayed: the drafts showing a secret
    masked_texts: tuple[str, ...] = field(default=())  # as displayed: the harmless drafts with something masked


def read_secret_drafts(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """The rows of a drafts file (columns ``text``, ``secret``, ``kind``; ``kind`` "none" for harmless ones)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def measure_leaks(scorer: Scorer, drafts: list[dict[str, str]]) -> LeakMeasure:
    """Score every draft and count what its report shows (see the module's docstring)."""
    per_kind: dict[str, list[int]] = {}
    shown: list[str] = []
    masked: list[str] = []
    password_shown = harmless = flagged = leaking_flagged = 0
    for draft in drafts:
        report = scorer.score(draft["text"])
        displayed = report.display_text()
        if draft["kind"] == "none":
            harmless += 1
            flagged += "confidential" in report.flagged
            if displayed != draft["text"]:
                masked.append(displayed)
            continue
        leaking_flagged += "confidential" in report.flagged
        seen = "\n".join((displayed, report.explain(), json.dumps(report.to_dict(), ensure_ascii=False),
                          json.dumps(report.to_row(), ensure_ascii=False)))
        secrets = [s for s in draft["secret"].split(" || ") if s]
        opening = secrets[1:] if draft["kind"] == "login_pair" and len(secrets) == 2 else secrets
        counts = per_kind.setdefault(draft["kind"], [0, 0])
        counts[1] += 1
        if any(s in seen for s in secrets):
            counts[0] += 1
            shown.append(displayed)
        password_shown += any(s in seen for s in opening)
    return LeakMeasure(sum(n for _, n in per_kind.values()), leaking_flagged, len(shown), password_shown, harmless, len(masked),
                       flagged,
                       {kind: (a, n) for kind, (a, n) in sorted(per_kind.items())}, tuple(shown), tuple(masked))
