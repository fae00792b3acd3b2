"""Counterfactual copies that take a written corpus' habits out of its labels.

If winks, lowercase starts and "ngl" appear mostly in risky rows, a model learns them as risk.
``counterfactuals`` adds, for the rows that show such markers, a copy of each positive with the
markers stripped and, for as many negatives, a copy given markers drawn from the positives, so
the markers appear on both sides. Labels never change: a marker is not what makes a post risky.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from smrisk.categories import CATEGORIES
from smrisk.style import is_emoji

_SLANG = ("ngl", "tbh", "lol", "lmao", "fr", "smh", "imo", "lowkey", "honestly")
_SLANG_WORD = re.compile(r"(?i)(?<!\w)(?:" + "|".join(_SLANG) + r")(?!\w)[,.!]?")
_SPACES = re.compile(r"\s{2,}")


def markers(text: str) -> dict[str, object]:
    """The habits a text shows: its emoji, slang words, and whether it starts lowercase."""
    letters = [c for c in text if c.isalpha()]
    return {
        "emoji": "".join(c for c in text if is_emoji(c)),
        "slang": [m.group().strip(",.!").lower() for m in _SLANG_WORD.finditer(text)],
        "lower_start": bool(letters) and letters[0].islower(),
    }


def has_markers(text: str) -> bool:
    found = markers(text)
    return bool(found["emoji"] or found["slang"] or found["lower_start"])


def strip_style(text: str) -> str:
    """The text without emoji and slang, starting with a capital: the same words otherwise."""
    out = "".join(c for c in text if not is_emoji(c))
    out = _SLANG_WORD.sub("", out)
    out = _SPACES.sub(" ", out).strip(" ,")
    for i, c in enumerate(out):
        if c.isalpha():
            return out[:i] + c.upper() + out[i + 1 :]
    return out


def add_style(text: str, donor: dict[str, object], rng: np.random.Generator) -> str:
    """``text`` given a donor's markers: its emoji at the end, its slang in front, a lowercase start."""
    out = text.strip()
    slang = list(donor["slang"])  # type: ignore[call-overload]
    if donor["lower_start"] or slang:
        for i, c in enumerate(out):
            if c.isalpha():
                out = out[:i] + c.lower() + out[i + 1 :]
                break
    if slang:
        out = f"{slang[0]} {out}"
    emoji = str(donor["emoji"])
    if emoji:
        out = f"{out} {emoji[: int(rng.integers(1, 3))]}"
    return out


def counterfactuals(frame: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Counterfactual copies of ``frame``'s rows (same columns, ``subtype`` suffixed ``+cf``).

    Positives (any risk 1) with markers get a stripped copy; as many negatives (all risks 0)
    get a copy with a random positive's markers. Returns only the new rows.
    """
    rng = np.random.default_rng(seed)
    labels = frame[list(CATEGORIES)].fillna(0).to_numpy()
    positive = labels.max(axis=1) == 1
    negative = (labels.max(axis=1) == 0) & frame[list(CATEGORIES)].notna().all(axis=1).to_numpy()
    marked = frame["text"].map(has_markers).to_numpy()
    donors = frame.loc[positive & marked, "text"].map(markers).tolist()
    stripped = frame[positive & marked].copy()
    stripped["text"] = stripped["text"].map(strip_style)
    candidates = np.flatnonzero(negative)
    chosen: np.ndarray = (rng.choice(candidates, size=min(len(donors), len(candidates)), replace=False) if donors
                          else np.array([], dtype=int))
    styled = frame.iloc[np.sort(chosen)].copy()
    styled["text"] = [add_style(t, donors[int(rng.integers(len(donors)))], rng) for t in styled["text"]]
    new = pd.concat([stripped, styled], ignore_index=True)
    new = new[~new["text"].isin(set(frame["text"]))].drop_duplicates("text")
    new["subtype"] = new["subtype"].astype(str) + "+cf"
    return new.reset_index(drop=True)


def joined_copies(frame: pd.DataFrame, sentences: list[str], seed: int = 0) -> pd.DataFrame:
    """Copies of ``frame``'s labelled rows with one harmless sentence joined before or after.

    Real drafts wrap a risky line in pleasantries ("Thanks to the whole team for a busy week."),
    which the corpus, holding risky lines as whole short posts, rarely shows. Each positive (any
    risk 1) and as many negatives (all risks 0) get a copy with a sentence drawn from ``sentences``
    (harmless, from other posts), so joined text is no cue either way. Labels never change: a
    harmless sentence does not take a risk away. (A pleasantry still dilutes a risky line's score:
    docs/evaluation.md, "A harmless sentence joined to a post".) Returns only the new rows
    (``subtype`` suffixed ``+joined``).
    """
    rng = np.random.default_rng(seed)
    if not sentences or frame.empty:
        return frame.iloc[:0].copy()
    labels = frame[list(CATEGORIES)].fillna(0).to_numpy()
    positive = np.flatnonzero(labels.max(axis=1) == 1)
    negative = np.flatnonzero((labels.max(axis=1) == 0) & frame[list(CATEGORIES)].notna().all(axis=1).to_numpy())
    chosen = np.sort(np.concatenate([positive, rng.choice(negative, size=min(len(positive), len(negative)), replace=False)]))
    copies = frame.iloc[chosen].copy()
    picks = rng.integers(len(sentences), size=len(copies))
    before = rng.random(len(copies)) < 0.5
    copies["text"] = [f"{sentences[p]} {t.strip()}" if first else f"{t.strip()} {sentences[p]}"
                      for t, p, first in zip(copies["text"].astype(str), picks.tolist(), before.tolist(), strict=True)]
    copies["subtype"] = copies["subtype"].astype(str) + "+joined"
    return copies.reset_index(drop=True)
