"""Check the hand-written competitor-claim set (data/disparagement/claims.csv) and print its counts.

    python scripts/check_claims_data.py [path/to/claims.csv]

Standard library only. Checks the columns and label values, that each row's ``party`` appears in its
text as a whole word (any case, also as ``@handle`` or possessive), that no other party of the set is
named in the same row, that no text repeats (ignoring case and spacing), that every business has 4 to 8
rows, that all of a business's rows sit in one split, and that no two texts are near-duplicates (word
3-gram Jaccard 0.5 or more). Prints the problems, then the counts the data
card quotes. Exit code 1 when there is a problem.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "data" / "disparagement" / "claims.csv"
COLUMNS = ["text", "claim", "party", "kind", "voice", "industry", "split"]
VOICES = {"employee_personal", "brand_account", "customer", "manager", "job_ad"}
SPLITS = {"train", "validation"}
ROWS_PER_BUSINESS = range(4, 9)
NEAR_DUPLICATE = 0.5  # word 3-gram Jaccard at or above which two texts count as near-duplicates


def key(name: str) -> str:
    """A name folded for comparison: lower case, letters and digits only ('@QuorraFoods' = 'Quorra Foods')."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def names_in(text: str, party: str) -> bool:
    """Whether `party` is named in `text` as a whole word, in any case (an '@' before or "'s" after is allowed)."""
    return re.search(r"(?<![a-z0-9])" + re.escape(party.lower()) + r"(?![a-z0-9])", text.lower()) is not None


def businesses(parties: set[str]) -> dict[str, str]:
    """Map each written party to its business: a handle joins its full name, a short form its first word's name."""
    full = {key(p) for p in parties if len(p.split()) > 1}
    short = {key(p.split()[1] if p.split()[0].lower() == "the" else p.split()[0]): key(p) for p in parties if len(p.split()) > 1}
    return {p: key(p) if key(p) in full else short.get(key(p), key(p)) for p in parties}


def trigrams(text: str) -> set[tuple[str, ...]]:
    """The text's word 3-grams, lower case, punctuation dropped."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def overlaps(texts: list[str]) -> list[tuple[float, int, int]]:
    """Every pair of texts sharing a word 3-gram, as (Jaccard similarity, i, j), most similar first."""
    grams = [trigrams(t) for t in texts]
    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, gram_set in enumerate(grams):
        for gram in gram_set:
            holders[gram].append(i)
    pairs = {(i, j) for rows in holders.values() for i in rows for j in rows if i < j}
    return sorted(((len(grams[i] & grams[j]) / len(grams[i] | grams[j]), i, j) for i, j in pairs), reverse=True)


def problems(rows: list[dict[str, str]], columns: list[str]) -> list[str]:
    """Every problem found, one line each naming the row (1-based, after the header) and the bad value."""
    if columns != COLUMNS:
        return [f"columns are {columns}, expected {COLUMNS}"]
    found: list[str] = []
    seen: dict[str, int] = {}
    parties = {r["party"] for r in rows if r["party"].strip()}
    business = businesses(parties)
    for n, row in enumerate(rows, 1):
        text, party = row["text"], row["party"]
        if row["claim"] not in {"0", "1"}:
            found.append(f"row {n}: claim {row['claim']!r} is not 0 or 1")
        if row["voice"] not in VOICES:
            found.append(f"row {n}: voice {row['voice']!r} is not one of {sorted(VOICES)}")
        if row["split"] not in SPLITS:
            found.append(f"row {n}: split {row['split']!r} is not one of {sorted(SPLITS)}")
        if not row["kind"].strip() or not row["industry"].strip() or not text.strip():
            found.append(f"row {n}: empty text, kind or industry")
        if not party.strip() or not names_in(text, party):
            found.append(f"row {n}: party {party!r} is not named in the text {text!r}")
        others = sorted(p for p in parties if business[p] != business.get(party) and names_in(text, p))
        if others:
            found.append(f"row {n}: names another business of the set too: {others}")
        folded = " ".join(text.lower().split())
        if folded in seen:
            found.append(f"row {n}: same text as row {seen[folded]}")
        seen.setdefault(folded, n)
    found += [
        f"row {j + 1}: near-duplicate of row {i + 1} (3-gram Jaccard {score:.2f})"
        for score, i, j in overlaps([r["text"] for r in rows])
        if score >= NEAR_DUPLICATE and " ".join(rows[i]["text"].lower().split()) != " ".join(rows[j]["text"].lower().split())
    ]
    splits: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for row in rows:
        if row["party"] in business:
            splits[business[row["party"]]].add(row["split"])
            counts[business[row["party"]]] += 1
    found += [f"business {b!r} is in more than one split: {sorted(s)}" for b, s in sorted(splits.items()) if len(s) > 1]
    found += [f"business {b!r} has {c} rows, expected 4 to 8" for b, c in sorted(counts.items()) if c not in ROWS_PER_BUSINESS]
    return found


def summary(rows: list[dict[str, str]]) -> str:
    """The counts the data card quotes: rows, labels, splits, businesses, industries, voices and kinds."""
    business = businesses({r["party"] for r in rows})
    lines = [f"rows {len(rows)}"]
    for split in sorted(SPLITS) + ["all"]:
        part = [r for r in rows if split in (r["split"], "all")]
        claims = Counter(r["claim"] for r in part)
        names = {business[r["party"]] for r in part}
        lines.append(f"{split}: rows {len(part)}, claim=1 {claims['1']}, claim=0 {claims['0']}, businesses {len(names)}")
    lines.append(f"industries {len({r['industry'] for r in rows})}")
    lines.append("voices " + ", ".join(f"{v} {c}" for v, c in Counter(r["voice"] for r in rows).most_common()))
    for label in ("1", "0"):
        kinds = Counter(r["kind"] for r in rows if r["claim"] == label)
        lines.append(f"kinds (claim={label}) " + ", ".join(f"{k} {c}" for k, c in kinds.most_common()))
    lines.append(f"words per text: min {min(len(r['text'].split()) for r in rows)}, max {max(len(r['text'].split()) for r in rows)}")
    pairs = overlaps([r["text"] for r in rows])
    top = pairs[0][0] if pairs else 0.0
    lines.append(f"near-duplicates: highest word 3-gram Jaccard {top:.2f}, pairs at or above 0.3: {sum(p[0] >= 0.3 for p in pairs)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Check the file named on the command line (default: the shipped set); print problems and counts."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            columns = list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        print(f"cannot read {path}: {error}")
        return 1
    if not rows:
        print(f"{path} has no rows")
        return 1
    found = problems(rows, columns)
    for line in found:
        print(line)
    if columns == COLUMNS:
        print(summary(rows))
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
