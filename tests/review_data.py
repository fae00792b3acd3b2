"""A small scored file for the review tests: what `smrisk batch` writes, with posts chosen by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from smrisk.categories import CATEGORIES
from smrisk.score_columns import SCORE_COLUMNS

SCRIPT_POST = '<script>window.__pwned = 1; document.title = "pwned";</script> you idiot, read the manual'

#: (post_id, text, {risk: score} of the flagged risks, evidence cell); worst first is P1, P2, P3, P5
POSTS = [
    ("P3", "cash envelope for the inspector is in the glovebox", {"illegal": 0.81},
     'illegal: "inspector" (model, strong); "cash" (model, moderate)'),
    ("P1", "Project Falcon ships next month,  don't tell anyone. Door code 4471", {"confidential": 0.97},
     'confidential: "don\'t tell anyone" (confidential.secrecy_cue 0.45); "••••" (confidential.door_code 0.90); '
     '"ships next month" (model, strong)'),
    ("P4", "Happy Friday from the whole team", {}, ""),
    ("P2", SCRIPT_POST, {"derogatory": 0.93}, 'derogatory: "you idiot" (derogatory.insult_at_reader 0.85)'),
    ("P5", "told my sister to buy shares before the merger news drops", {"confidential": 0.62, "illegal": 0.74},
     'confidential: "merger" (model, moderate) | illegal: "buy shares before the merger" (model, strong)'),
]


def scored_csv(path: Path) -> Path:
    """Write ``POSTS`` as a scored CSV (post_id, text, then the columns batch adds)."""
    rows = []
    for post_id, text, flagged, evidence in POSTS:
        row: dict[str, object] = {"post_id": post_id, "text": text}
        row.update({f"{c}_score": flagged.get(c, 0.05) for c in CATEGORIES})
        row.update({f"{c}_flag": int(c in flagged) for c in CATEGORIES})
        row.update({"evidence": evidence, "status": "ok"})
        rows.append(row)
    pd.DataFrame(rows, columns=["post_id", "text", *SCORE_COLUMNS]).to_csv(path, index=False)
    return path
