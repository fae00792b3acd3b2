"""How well ``smrisk.suggest`` finds the approved reply for an incoming message: writes docs/responses.md.

    python scripts/evaluate_responses.py [--library starter] [--messages data/responses/eval_messages.csv]

1. Compares retrieval methods on the *validation* rows only (TF-IDF cosine with word, character and
   combined n-grams, three ways of turning per-document similarities into a response's score, and
   BM25 via rank-bm25 when installed) and names the best; the shipped default must be it.
2. Reports the shipped method on the *fresh* messages (``--fresh``, written by someone who never saw how
   the method ranks and never read the other file): top-1 and top-3 accuracy, and the ten worst misses;
   and, for comparison, on the first file's test rows, no longer held out (the library was extended
   after reading their misses).
3. Chooses ``NO_MATCH_BELOW`` (the similarity under which batch leaves the suggestion blank) on the
   validation rows and reports how many messages no reply fits are left blank.
The messages are team-written (data/responses/README.md); rows labelled ``none`` have no fitting reply.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"top-1": 0.85, "top-3": 0.95}
CANDIDATES = [(features, aggregate) for features in ("word", "stem", "char", "word+char", "stem+char")
              for aggregate in ("max", "mean", "concat")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default="starter")
    parser.add_argument("--messages", default=str(ROOT / "data" / "responses" / "eval_messages.csv"))
    parser.add_argument("--fresh", default=str(ROOT / "data" / "responses" / "eval_messages_fresh.csv"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "responses.md"))
    args = parser.parse_args()

    from smrisk.responses import load_library, suggest
    from smrisk.responses.index import ResponseIndex
    from smrisk.responses.suggest import NO_MATCH_BELOW

    library = load_library(args.library)
    ids = [r.id for r in library]
    groups = [(r.situation, *r.examples) for r in library]
    data = pd.read_csv(args.messages, dtype=str, keep_default_na=False)
    unknown = sorted(set(data["response_id"]) - {*ids, "none"})
    if unknown:
        raise SystemExit(f"eval ids not in the library: {unknown}")
    fresh = pd.read_csv(args.fresh, dtype=str, keep_default_na=False)
    unknown = sorted(set(fresh["response_id"]) - {*ids, "none"})
    if unknown:
        raise SystemExit(f"fresh ids not in the library: {unknown}")
    fresh_l = fresh[fresh["response_id"] != "none"]
    val, test = data[data["split"] == "validation"], data[data["split"] == "test"]
    val_l, test_l = val[val["response_id"] != "none"], test[test["response_id"] != "none"]

    rows = []
    for features, aggregate in CANDIDATES:
        index = ResponseIndex(features=features, aggregate=aggregate).fit(groups)
        rows.append((f"TF-IDF {features}, {aggregate}", *_accuracy(index.scores(val_l["message"].tolist()), val_l, ids)))
    bm25 = _bm25_scores(groups, val_l["message"].tolist())
    if bm25 is not None:
        rows.append(("BM25 (rank-bm25 Okapi), max", *_accuracy(bm25, val_l, ids)))
        joined = _bm25_scores([("\n".join(g),) for g in groups], val_l["message"].tolist())
        rows.append(("BM25 (rank-bm25 Okapi), concat", *_accuracy(joined, val_l, ids)))
    best = max(rows, key=lambda r: (r[1], r[2]))
    default = ResponseIndex()
    shipped = f"TF-IDF {default.features}, {default.aggregate}"
    print(f"validation ({len(val_l)} messages):")
    for name, top1, top3 in rows:
        print(f"  {name:<34} top-1 {top1:.3f}  top-3 {top3:.3f}{'  <- best' if name == best[0] else ''}")
    if best[0] != shipped and (best[1], best[2]) > next((r[1], r[2]) for r in rows if r[0] == shipped):
        print(f"warning: the shipped method ({shipped}) is not the best on validation ({best[0]})")

    test1, test3 = _accuracy(library.index.scores(test_l["message"].tolist()), test_l, ids)
    print(f"first file's test rows ({len(test_l)} messages, no longer held out), {shipped}: top-1 {test1:.3f}, top-3 {test3:.3f}")
    started = time.perf_counter()
    scores = library.index.scores(fresh_l["message"].tolist())
    per_message_ms = (time.perf_counter() - started) * 1000 / max(1, len(fresh_l))
    fresh1, fresh3 = _accuracy(scores, fresh_l, ids)
    print(f"fresh ({len(fresh_l)} messages), {shipped}: top-1 {fresh1:.3f} (target {TARGETS['top-1']}), "
          f"top-3 {fresh3:.3f} (target {TARGETS['top-3']}); {per_message_ms:.2f} ms per message in a batch")
    misses = _worst_misses(scores, fresh_l, ids, library)
    print("ten worst misses on the fresh messages:")
    for miss in misses:
        print(f"  rank {miss['rank']:>2}  {miss['message']!r}\n          expected {miss['expected']} ({miss['expected_score']:.2f}), "
              f"got {miss['got']} ({miss['got_score']:.2f})")

    chosen = _choose_floor(library, val)
    if chosen != NO_MATCH_BELOW:
        print(f"warning: NO_MATCH_BELOW is {NO_MATCH_BELOW}, validation chooses {chosen}")
    val_none = _blank_rates(library, val, NO_MATCH_BELOW)
    fresh_none = _blank_rates(library, fresh, NO_MATCH_BELOW)
    print(f"NO_MATCH_BELOW {NO_MATCH_BELOW}: validation blanks {val_none[0]:.0%} of no-fit messages and {val_none[1]:.1%} of the "
          f"others; fresh {fresh_none[0]:.0%} and {fresh_none[1]:.1%}")
    assert suggest("", library) == []
    _write(Path(args.out), library, data, rows, best[0], shipped, (fresh1, fresh3, len(fresh_l), len(fresh), test1, test3, len(test_l)),
           misses, per_message_ms, (val_none, fresh_none, NO_MATCH_BELOW, len(val) - len(val_l), len(fresh) - len(fresh_l)))
    print(f"wrote {args.out}")
    return 0


def _accuracy(scores: np.ndarray, data: pd.DataFrame, ids: list[str]) -> tuple[float, float]:
    truth = np.array([ids.index(r) for r in data["response_id"]])
    order = np.argsort(-scores, axis=1, kind="stable")
    return float(np.mean(order[:, 0] == truth)), float(np.mean((order[:, :3] == truth[:, None]).any(axis=1)))


def _bm25_scores(groups: list[tuple[str, ...]], messages: list[str]) -> np.ndarray | None:
    """BM25 Okapi over each response's documents (word tokens, lower-cased), a response scoring its best document."""
    try:
        from rank_bm25 import BM25Okapi
    except ImportError:
        print("(rank-bm25 not installed: BM25 not compared; pip install rank-bm25)")
        return None
    import re

    def tokens(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    documents = [doc for group in groups for doc in group]
    owner = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    bm25 = BM25Okapi([tokens(d) for d in documents])
    result = np.zeros((len(messages), len(groups)))
    for i, message in enumerate(messages):
        doc_scores = bm25.get_scores(tokens(message))
        np.maximum.at(result[i], owner, doc_scores)
    return result


def _worst_misses(scores: np.ndarray, data: pd.DataFrame, ids: list[str], library) -> list[dict]:  # noqa: ANN001
    misses = []
    for row, message, expected in zip(scores, data["message"], data["response_id"], strict=True):
        order = list(np.argsort(-row, kind="stable"))
        truth = ids.index(expected)
        if order[0] != truth:
            misses.append({"message": message, "expected": expected, "got": ids[order[0]], "rank": order.index(truth) + 1,
                           "expected_score": float(row[truth]), "got_score": float(row[order[0]]),
                           "gap": float(row[order[0]] - row[truth])})
    misses.sort(key=lambda m: (-m["rank"], -m["gap"]))
    return misses[:10]


def _choose_floor(library, data: pd.DataFrame) -> float:  # noqa: ANN001
    """The highest floor (in steps of 0.01) that blanks at most 2% of the messages that have a reply."""
    floors = [round(f, 2) for f in np.arange(0.01, 0.5, 0.01) if _blank_rates(library, data, round(f, 2))[1] <= 0.02]
    return max(floors) if floors else 0.0


def _blank_rates(library, data: pd.DataFrame, floor: float) -> tuple[float, float]:  # noqa: ANN001
    """Shares of no-fit messages and of the others whose best similarity is under ``floor`` (left blank)."""
    best = library.index.scores(data["message"].tolist()).max(axis=1)
    none = (data["response_id"] == "none").to_numpy()
    return float(np.mean(best[none] < floor)) if none.any() else 0.0, float(np.mean(best[~none] < floor))


def _write(path: Path, library, data: pd.DataFrame, rows, best: str, shipped: str, test, misses, ms: float, blanks) -> None:  # noqa: ANN001
    fresh1, fresh3, n_fresh, n_fresh_all, test1, test3, n_test = test
    (val_none, fresh_none, floor, n_val_none, n_fresh_none) = blanks
    n_val = int(((data["split"] == "validation") & (data["response_id"] != "none")).sum())
    lines = [
        "# Pre-approved responses: how `suggest` was chosen and how well it does",
        "",
        "Written by `scripts/evaluate_responses.py`; do not edit by hand.",
        "",
        f"Library: the starter library ({len(library)} responses, {sum(len(r.examples) for r in library)} example messages). "
        f"Messages: `data/responses/eval_messages.csv`, {len(data)} team-written incoming messages worded differently "
        "from the library's examples, each labelled with the reply that answers it (or `none`); split per response, "
        "30% validation (choosing the method) and 70% test. The library was since extended after reading the misses on "
        f"both, so the held-out figures come from `data/responses/eval_messages_fresh.csv`: {n_fresh_all} messages written "
        "later by another writer who never saw that file, the method's rankings or its misses.",
        "",
        "## Method",
        "",
        "TF-IDF cosine similarity (scikit-learn `TfidfVectorizer`, sublinear tf, accents stripped) between the message and "
        "each response's `situation` and `examples` joined into one document (`concat`). Two vectorisers: 1-2-grams of "
        "Snowball (Porter 2) word stems, and character 3-5-grams inside word boundaries (robust to typos, slang spellings "
        "and non-native wording); the similarity is the mean of the two cosines. The index is fitted once when a library "
        "is loaded; a message is one sparse transform and one matrix product. Other rows of the table: `word` (1-2-grams "
        "of words), `char` alone, and a response scoring the `max` or the `mean` of its documents' cosines (its "
        "situation and each example apart); BM25 is rank-bm25's Okapi over lower-cased word tokens.",
        "",
        f"### Choice on validation ({n_val} messages)",
        "",
        "The starter library was rewritten (6 examples per response, fuller situations) after reading the validation "
        "misses, and extended again after reading the misses on the whole file, so these figures are optimistic; the "
        "fresh figures below are not (data/responses/README.md says what was tuned on what).",
        "",
        "| method | top-1 | top-3 |",
        "|---|---|---|",
        *[f"| {name}{' (best)' if name == best else ''}{' (shipped)' if name == shipped else ''} | {t1:.3f} | {t3:.3f} |"
          for name, t1, t3 in rows],
        "",
        f"## Result on the fresh messages ({n_fresh} with a reply)",
        "",
        "| | top-1 | top-3 |",
        "|---|---|---|",
        f"| {shipped}, fresh messages (held out) | **{fresh1:.3f}** | **{fresh3:.3f}** |",
        f"| the same, first file's test rows ({n_test}; no longer held out) | {test1:.3f} | {test3:.3f} |",
        f"| target (issue 12) | {TARGETS['top-1']} | {TARGETS['top-3']} |",
        "",
        "The fresh writer was asked to use the words customers use rather than the library's. The gap between the two "
        "rows is partly that (before the library was extended, the two gave 0.689 and 0.844 top-1) and partly the "
        "extension itself, written after reading the misses on the first file.",
        "",
        f"About {ms:.2f} ms per message when scored in a batch (this machine, one core).",
        "",
        "### No fitting reply",
        "",
        f"`smrisk batch --library` leaves `suggested_response` blank when the best similarity is under {floor} "
        "(`NO_MATCH_BELOW`, chosen on validation). Messages no reply fits (labelled `none`: compliments, opening hours...) "
        f"left blank: {val_none[0]:.0%} of {n_val_none} on validation, {fresh_none[0]:.0%} of {n_fresh_none} fresh messages; "
        f"messages that have a reply left blank by mistake: {val_none[1]:.1%} on validation, {fresh_none[1]:.1%} fresh. "
        "`suggest()` itself returns the best replies whatever their score (pass `min_score` to cut).",
        "",
        "## The ten worst misses on the fresh messages",
        "",
        "Ordered by the rank the correct reply got (worst first), then by how far the wrong reply scored above it.",
        "",
        "| message | expected (score) | suggested first (score) | rank of expected |",
        "|---|---|---|---|",
        *[f"| {m['message'].replace('|', '/')} | `{m['expected']}` ({m['expected_score']:.2f}) | `{m['got']}` ({m['got_score']:.2f}) "
          f"| {m['rank']} |" for m in misses],
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
