"""Reply-only scoring against scoring in context, on the held-out pairs: writes docs/context.md.

    python scripts/evaluate_context.py [--pairs data/threads/pairs.csv] [--out docs/context.md] [--splits fresh2,fresh,test]

Three held-out splits of data/threads/pairs.csv, none used to fit the context model, pick its
thresholds or choose its cue phrases: "test" (held out from the start; its errors were looked at
once during development), "fresh" (families written after the method was frozen, since scored
more than once) and "fresh2" (families written later still, blind to the method and its figures). Per risk,
F1 on the pairs whose labels change with the parent ("context-dependent") and on the others, for:
the reply alone; the parent and reply scored as one text (the naive way to add context); the
context model on every risk; and the shipped default (the context model only for the risks where
it helped on the validation split).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_F1, TARGET_GAIN = 0.80, 0.15
ALONE, JOINED, EVERY, SHIPPED = "reply alone", "parent + reply as one text", "context model, every risk", "shipped default"
#: The held-out splits, in the order reported, and their section titles.
HELD_OUT = {
    "fresh2": "Second fresh families (written blind to the method, its code and its figures)",
    "fresh": "Fresh families (written after the method was frozen)",
    "test": "Test families (held out from the start; errors looked at once during development)",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default=str(ROOT / "data" / "threads" / "pairs.csv"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "context.md"))
    parser.add_argument("--splits", default=",".join(HELD_OUT),
                        help="the held-out splits to score, comma-separated (a session that must not read the fresh "
                             "families passes --splits test)")
    args = parser.parse_args()
    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    unknown = [s for s in splits if s not in HELD_OUT]
    if unknown:
        parser.error(f"unknown split(s) {', '.join(unknown)}; choose from {', '.join(HELD_OUT)}")

    from smrisk.api import default_scorer
    from smrisk.conversation import shipped_context_model
    from smrisk.reply_training import load_pairs

    pairs = load_pairs(args.pairs)
    pairs = pairs[pairs["split"].isin(splits)].reset_index(drop=True)  # only the splits asked for are scored
    scorer, shipped = default_scorer(), shipped_context_model()
    on = [r for r, w in shipped.risks.items() if w.use]
    off = [r for r, w in shipped.risks.items() if not w.use]
    lines = [
        "# Replies in context: measured",
        "",
        "Written by `scripts/evaluate_context.py`. Pairs: `data/threads/pairs.csv` (data card: `data/threads/README.md`).",
        f"Base model `{scorer.model_id}`; context model (`smrisk/model_files/context/model.json`) fitted on "
        f"{shipped.card['fitted_on']['train']} train pairs,",
        f"its thresholds and its on/off per risk chosen on {shipped.card['fitted_on']['val']} val pairs. "
        f"Context is on by default for {', '.join(on) or 'no risk'}; off for {', '.join(off) or 'no risk'}.",
        *([f"No threshold is lower than keeps {shipped.card['fitted_on']['quiet']:,} other real customer-care replies quiet in their "
           f"conversations (the closing reply of each conversation, none of those below): context may newly flag at most "
           f"{shipped.card['max_added_flag_rate']:.1%} of them."] if shipped.card.get("fitted_on", {}).get("quiet") else []),
        *[f"The {key.removesuffix('_head')} head: {note}." for key, note in shipped.card.items() if key.endswith("_head")],
        "",
        "\"Context-dependent\": the pair's labels differ from the reply's labels read alone. F1 per risk over the pairs of each subset.",
        "",
    ]
    for split in splits:
        part = pairs[pairs["split"] == split].reset_index(drop=True)
        if len(part):
            lines += _section(scorer, shipped, part, HELD_OUT[split])
    lines += _real_replies_section(scorer)
    lines += ["## Validation split (where the thresholds and on/off were chosen)", "",
              "| risk | context, dependent | context, independent | alone, dependent | alone, independent | on |",
              "|---|---|---|---|---|---|"]
    for risk, numbers in shipped.card["validation"].items():
        values = [numbers[k] for k in ("context_dependent", "context_independent", "alone_dependent", "alone_independent")]
        lines.append(f"| {risk} | " + " | ".join(f"{v:.3f}" for v in values) + f" | {'yes' if shipped.risks[risk].use else 'no'} |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


def _real_replies_section(scorer) -> list[str]:  # noqa: ANN001
    """Real brand-agent replies (all harmless) scored alone and with the three messages before them:
    how often context makes a harmless real reply look risky."""
    from smrisk.categories import CATEGORIES
    from smrisk.conversation import score_in_context
    from smrisk.corpora import care_replies_in_context, shared_datasets_dir

    root = shared_datasets_dir()
    if not (root / "ibm_twitter_customer_care").is_dir():
        return []
    replies = care_replies_in_context(root)
    texts = [reply for reply, _ in replies]
    alone = scorer.score_many(texts, explain=False)
    read = score_in_context(scorer, texts, [earlier for _, earlier in replies], explain=True)
    lines = ["## Real replies in context (customer care)", "",
             f"{len(replies)} real brand-agent replies (IBM Twitter customer care, every brand; all harmless), each scored alone "
             "and with the three messages before it in its conversation. The context model never saw them, but its cues and "
             "which messages a reply answers (smrisk.conversation.answered) were changed on 2026-12-07 after reading the "
             "replies flagged here (4.5% in context then): an optimistic figure since. Share flagged:", "",
             "| risk | alone | in context |", "|---|---|---|"]
    lines += [f"| {risk} | {np.mean([r.scores[risk].flagged for r in alone]):.1%} | {np.mean([r.scores[risk].flagged for r in read]):.1%} |"
              for risk in CATEGORIES]
    raised = [(reply, earlier, r) for (reply, earlier), r, a in zip(replies, read, alone, strict=True) if r.flagged and not a.flagged]
    if raised:
        lines += ["", "Flagged in context only, with the evidence shown:", ""]
        for reply, earlier, report in raised:
            evidence = "; ".join(f'"{e.shown_text()}" ({e.reason})' for risk in report.flagged
                                 for e in report.scores[risk].top_evidence())
            lines.append(f"- ({', '.join(report.flagged)}) \"{earlier[-1][:100]}\" -> \"{reply[:140]}\": {evidence}")
    return lines + [""]


def _section(scorer, shipped, part, title: str) -> list[str]:  # noqa: ANN001
    from smrisk.categories import CATEGORIES
    from smrisk.conversation import context_messages, score_in_context
    from smrisk.reply_training import f1

    every = replace(shipped, risks={r: replace(w, use=True) for r, w in shipped.risks.items()})
    replies, contexts = part["reply"].tolist(), part["context"].tolist()
    joined = [" \n".join([*context_messages(c), r]) for c, r in zip(contexts, replies, strict=True)]
    methods = {
        ALONE: scorer.score_many(replies),
        JOINED: scorer.score_many(joined),
        EVERY: score_in_context(scorer, replies, contexts, model=every),
        SHIPPED: score_in_context(scorer, replies, contexts, model=shipped),
    }
    flags = {name: {r: np.array([r in report.flagged for report in reports]) for r in CATEGORIES} for name, reports in methods.items()}
    dependent = part["dependent"].to_numpy()
    subsets = {"context-dependent": dependent, "independent": ~dependent, "all": np.ones(len(part), dtype=bool)}

    def cell(name: str, risk: str, rows: np.ndarray) -> float:
        return f1(part[risk].to_numpy()[rows], flags[name][risk][rows])

    families = part["family"].nunique()
    lines = [f"## {title}", "", f"{len(part)} pairs from {families} topic families, {int(dependent.sum())} context-dependent.", "",
             "| method | subset | " + " | ".join(CATEGORIES) + " |", "|---|---|" + "---|" * len(CATEGORIES)]
    for name in methods:
        for subset, rows in subsets.items():
            values = " | ".join(f"{cell(name, r, rows):.3f}" for r in CATEGORIES)
            lines.append(f"| {name} | {subset} (n={int(rows.sum())}) | {values} |")
    lines += ["", f"Against the targets: F1 >= {TARGET_F1:.2f} per risk on the context-dependent pairs, >= {TARGET_GAIN:.2f} above the "
              "reply alone, and no loss on the independent pairs:", "",
              "| risk | dependent: alone -> context (gain) | independent: alone -> context | met |", "|---|---|---|---|"]
    for risk in CATEGORIES:
        alone, context = cell(ALONE, risk, dependent), cell(EVERY, risk, dependent)
        before, after = cell(ALONE, risk, ~dependent), cell(EVERY, risk, ~dependent)
        met = context >= TARGET_F1 and context - alone >= TARGET_GAIN and after >= before
        lines.append(f"| {risk} | {alone:.3f} -> {context:.3f} ({context - alone:+.3f}) | {before:.3f} -> {after:.3f} | "
                     f"{'yes' if met else 'no'} |")
    lines += ["", "Share of pairs whose three flags all match their labels, by kind of pair:", "",
              f"| kind | n | {ALONE} | {JOINED} | {EVERY} |", "|---|---|---|---|---|"]
    labels = part[list(CATEGORIES)].to_numpy().astype(bool)
    for kind, group in part.groupby("kind"):
        index = group.index.to_numpy()
        right = [np.mean([all(labels[i][k] == flags[name][r][i] for k, r in enumerate(CATEGORIES)) for i in index])
                 for name in (ALONE, JOINED, EVERY)]
        lines.append(f"| {kind} | {len(index)} | " + " | ".join(f"{v:.2f}" for v in right) + " |")
    return [*lines, ""]


if __name__ == "__main__":
    raise SystemExit(main())
