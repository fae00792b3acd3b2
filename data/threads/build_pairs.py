"""Expand the hand-written thread families (families_*.toml) into pairs.csv, deterministically.

Each family holds risky parents, harmless look-alike parents, generic replies (affirmations,
neutral replies, replies risky or harmless on their own) and explicit (parent, reply) pairs.
Labels are written by hand per reply role (see README.md); nothing here looks at a model.

    python data/threads/build_pairs.py        # rewrites data/threads/pairs.csv
"""

from __future__ import annotations

import csv
import json
import random
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
RISKS = ("confidential", "derogatory", "illegal")
RAISES = {"confidential": "confirms_leak", "derogatory": "endorses_accusation", "illegal": "agrees_illegal_plan"}
OPENERS = ["hey @acme 👋", "quick question", "morning all ☕", "ok so", "@acme_support hi"]
FOLLOW_UPS = ["asking for a friend 😅", "anyone? 👀", "??", "pls reply 🙏", "be honest lol"]
SEED = 12
#: Files of later writing rounds, expanded after the others in this order, so that adding one
#: leaves every earlier pair (its id, split, parent, reply and labels) exactly as it was.
LATER = ("families_fresh.toml", "families_more.toml", "families_fresh2.toml")


def labels(code: str) -> list[int]:
    if len(code) != 3 or set(code) - {"0", "1"}:
        raise ValueError(f"bad label code {code!r}: three 0/1 digits, confidential derogatory illegal")
    return [int(c) for c in code]


def family_rows(family: dict, rng: random.Random) -> list[dict]:
    risk = family["risk"]
    on = "".join("1" if r == risk else "0" for r in RISKS)
    rows = []

    def add(parent: str, reply: str, y: str, alone: str, kind: str) -> None:
        rows.append({"parent": parent, "reply": reply, "y": labels(y), "alone": labels(alone), "kind": kind})

    for parent in family["risky"]:
        for reply in rng.sample(family["affirm"], 3):
            add(parent, reply, on, "000", RAISES[risk])
        add(parent, rng.choice(family["neutral"]), "000", "000", "neutral_reply_to_risky_parent")
    for parent in family["benign"]:
        for reply in rng.sample(family["affirm"], 2):
            add(parent, reply, "000", "000", "affirms_harmless_parent")
        add(parent, rng.choice(family["neutral"]), "000", "000", "neutral_reply_to_harmless_parent")
    for item in family["indep"]:
        kind = "independent_risky_reply" if item["y"] != "000" else "independent_harmless_reply"
        for parents in (family["risky"], family["benign"]):  # the same reply under a risky and a harmless parent
            add(rng.choice(parents), item["r"], item["y"], item["y"], kind)
    for item in family["pairs"]:
        add(item["p"], item["r"], item["y"], item["a"], item["k"])
    return rows


def families() -> list[dict]:
    """Every family of families_*.toml, with the replies and pairs families_extra.toml adds to it."""
    extra = {item["id"]: item for item in tomllib.loads((HERE / "families_extra.toml").read_text(encoding="utf-8"))["extra"]}
    files = sorted(p for p in HERE.glob("families_*.toml") if p.name not in {"families_extra.toml", *LATER})
    found = [f for path in [*files, *(HERE / name for name in LATER)]  # later rounds last: written last, drawn last
             for f in tomllib.loads(path.read_text(encoding="utf-8"))["family"]]
    unknown = set(extra) - {f["id"] for f in found}
    if unknown:
        raise ValueError(f"families_extra.toml names unknown families: {sorted(unknown)}")
    return [{**f, "indep": f["indep"] + extra.get(f["id"], {}).get("indep", []),
             "pairs": f["pairs"] + extra.get(f["id"], {}).get("pairs", [])} for f in found]


def main() -> None:
    rng = random.Random(SEED)
    out = []
    for family in families():
        for number, row in enumerate(family_rows(family, rng), start=1):
            parent: str | list[str] = row["parent"]
            roll = rng.random()
            if roll < 0.08:
                parent = [rng.choice(OPENERS), row["parent"]]
            elif roll < 0.16:
                parent = [row["parent"], rng.choice(FOLLOW_UPS)]
            out.append({
                "id": f"{family['id']}-{number:02d}",
                "family": family["id"],
                "split": family["split"],
                "kind": row["kind"],
                "parent": parent if isinstance(parent, str) else json.dumps(parent, ensure_ascii=False),
                "reply": row["reply"],
                **dict(zip(RISKS, row["y"], strict=True)),
                **{f"reply_only_{r}": v for r, v in zip(RISKS, row["alone"], strict=True)},
                "context_dependent": int(row["y"] != row["alone"]),
            })
    with (HERE / "pairs.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(out[0]))
        writer.writeheader()
        writer.writerows(out)
    print(f"wrote {len(out)} pairs, {sum(r['context_dependent'] for r in out)} context-dependent")


if __name__ == "__main__":
    main()
