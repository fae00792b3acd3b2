"""Small scored files written by hand, in the columns ``smrisk batch`` adds, for the report's tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from smrisk.score_columns import SCORE_COLUMNS

#: thresholds the hand-made rows were flagged at
THRESHOLDS = {"confidential": 0.4, "derogatory": 0.7, "illegal": 0.5}

# text, author, channel, date, scores (c, d, i), flags (c, d, i), evidence, status
ROWS = [
    ("our pw is hunter2 and the launch is friday", "ann", "x", "2024-01-01", (0.9, 0.1, 0.0), (1, 0, 0),
     'confidential: "pw" (confidential.password 0.90); "launch" (model, strong)', "ok"),
    ("you idiot, the launch of weed is on", "ann", "x", "2024-01-01", (0.5, 0.8, 0.6), (1, 1, 1),
     'confidential: "launch" (model, moderate) | derogatory: "idiot" (derogatory.insult 0.80) | illegal: "weed" (model, weak)', "ok"),
    ("weed, more weed", "bob", "y", "2024-01-03 10:00", (0.2, 0.2, 0.7), (0, 0, 1),
     'illegal: "weed" (model, strong); "weed" (model, weak)', "ok"),
    ("what an idiot", "bob", "y", "2024-01-03", (0.1, 0.75, 0.1), (0, 1, 0), 'derogatory: "idiot" (derogatory.insult 0.75)', "ok"),
    ("", "cy", "", "not a date", (0.0, 0.0, 0.0), (0, 0, 0), "", "empty_text"),
    ("12", "cy", "x", "2024-01-02", (None, None, None), (None, None, None), "", "error: InputTypeError: the text is an int"),
]


def scored_frame(rows: list[tuple] = ROWS) -> pd.DataFrame:
    """The rows as a batch output: input columns, then the added ones ('' where batch leaves a cell blank)."""
    records = []
    for text, author, channel, date, scores, flags, evidence, status in rows:
        cells = ["" if v is None else str(v) for v in (*scores, *flags)]
        records.append([text, author, channel, date, *cells, evidence, status])
    return pd.DataFrame(records, columns=["text", "author", "channel", "date", *SCORE_COLUMNS])


def write_scored(path: Path, rows: list[tuple] = ROWS) -> Path:
    scored_frame(rows).to_csv(path, index=False)
    return path
