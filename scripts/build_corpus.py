"""Assemble data/corpus/parts/*.csv into data/corpus/corpus.csv with a fixed split, and measure it.

The split comes from a hash of each text (70% train, 15% validation, 15% test), so adding
rows never moves an old row to another split; the `xsource` part, written separately in other industries, is held out
whole as `xsource`; a twin (a row with `twin_of`: a harmless minimal edit of that corpus row, written to
teach the difference that makes the risk) goes to its source's split, so a twin and its source are never on
both sides of a split. Exact duplicates are dropped; near-duplicates (word 3-gram Jaccard) are
measured and reported in data/corpus/stats.json for the data card.

    python scripts/build_corpus.py
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PARTS = ROOT / "data" / "corpus" / "parts"
OUT = ROOT / "data" / "corpus" / "corpus.csv"
STATS = ROOT / "data" / "corpus" / "stats.json"
RISKS = ["confidential", "derogatory", "illegal"]
HELD_OUT_PART = "xsource"


def split_of(text: str) -> str:
    """70/15/15 by a hash of the text: a row keeps its split when rows are added or removed."""
    bucket = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "validation" if bucket < 85 else "test"


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def near_duplicates(texts: list[str]) -> dict[str, float | int]:
    """Max word 3-gram Jaccard over all pairs sharing a 3-gram, and counts over thresholds."""
    sets = [shingles(t) for t in texts]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for g in s:
            index[g].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) < 200:
            pairs.update(combinations(members, 2))
    best, over3, over5 = 0.0, 0, 0
    for i, j in pairs:
        jac = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
        best = max(best, jac)
        over3 += jac >= 0.3
        over5 += jac >= 0.5
    return {"max_jaccard": round(best, 3), "pairs_ge_0.3": over3, "pairs_ge_0.5": over5,
            "rows_in_pairs_ge_0.5_pct": round(100 * over5 * 2 / max(1, len(texts)), 2)}


def main() -> int:
    frames = []
    for path in sorted(PARTS.glob("*.csv")):
        part = pd.read_csv(path, keep_default_na=False)
        part["part"] = path.stem
        frames.append(part)
    data = pd.concat(frames, ignore_index=True)
    data["text"] = data["text"].astype(str).str.strip()
    before = len(data)
    data = data[data["text"] != ""].drop_duplicates("text").reset_index(drop=True)
    for risk in RISKS:
        data[risk] = data[risk].astype(int)
    # a negative written beside the positives of its subtype is a hard negative of that subtype
    near = (data[RISKS].sum(axis=1) == 0) & ~data["subtype"].str.match(r"^(hn_|benign)")
    data.loc[near, "subtype"] = "hn_near_" + data.loc[near, "subtype"]
    split = np.array([split_of(t) for t in data["text"]], dtype=object)
    split[(data["part"] == HELD_OUT_PART).to_numpy()] = HELD_OUT_PART
    if "twin_of" in data.columns:
        data["twin_of"] = data["twin_of"].fillna("")
        source_split = dict(zip(data["text"], split, strict=True))
        twins = (data["twin_of"] != "").to_numpy()
        unknown = sorted(set(data.loc[twins, "twin_of"]) - source_split.keys())
        if unknown:
            raise SystemExit(f"{len(unknown)} twin(s) name a source row that is not in the corpus, e.g. {unknown[0][:80]!r}")
        split[twins] = [source_split[t] for t in data.loc[twins, "twin_of"]]
    data["split"] = split
    data.to_csv(OUT, index=False)

    positives = data[RISKS].sum(axis=1) > 0
    words = data["text"].str.split().str.len()
    stats = {
        "rows": len(data),
        "dropped_exact_duplicates_or_empty": before - len(data),
        "per_risk_positive": {r: int(data[r].sum()) for r in RISKS},
        "negatives": int((~positives).sum()),
        "multi_label": int((data[RISKS].sum(axis=1) > 1).sum()),
        "per_split": data["split"].value_counts().to_dict(),
        "per_part": data["part"].value_counts().to_dict(),
        "per_subtype": data["subtype"].value_counts().to_dict(),
        "per_source_kind": data["source_kind"].value_counts().to_dict(),
        "industries": int(data["industry"].nunique()),
        "per_industry": data["industry"].value_counts().to_dict(),
        "words": {"min": int(words.min()), "median": float(words.median()), "max": int(words.max())},
        "near_duplicates": near_duplicates(data["text"].tolist()),
    }
    STATS.write_text(json.dumps(stats, indent=2, sort_keys=True) + "\n")
    print(json.dumps({k: stats[k] for k in ("rows", "per_risk_positive", "negatives", "multi_label", "per_split",
                                            "near_duplicates")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
