"""Evaluate a model on held-out data, side by side with peer tools; write docs/evaluation.md.

    python scripts/evaluate.py [--model DIR] [--datasets PATH] [--no-peers] [--sample N]

Sets: the team corpus' test split and its separately written `xsource` slice, the test split
(by text hash) of every public set the default model trained on, and the OLID training file
(never trained on). Per risk: ROC-AUC, average precision, precision/recall/F1 at the model's
threshold, precision at recall 0.9, expected calibration error, confusion counts; per-subtype
recall where the set has subtypes. Peers (pip install '.[bench]'): alt-profanity-check and
better-profanity on `derogatory`; Presidio's regex recognizers + detect-secrets (any hit =
positive) on `confidential`. Also: recall on obfuscated copies of the test positives.
Per-row scores go to out/evaluation_rows.csv for notebooks/evaluation.ipynb.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import smrisk  # noqa: E402
from smrisk.categories import CATEGORIES  # noqa: E402
from smrisk.combine import combine  # noqa: E402
from smrisk.config import HIDING_SWITCHES  # noqa: E402
from smrisk.corpora import (  # noqa: E402
    IDENTITY_DRAFTS,
    TRAINING_SOURCES,
    accusation_drafts,
    everyday_drafts,
    identity_drafts,
    jobs_care_drafts,
    judged_benign,
    olid,
    self_talk_drafts,
    shared_datasets_dir,
    short_drafts,
    team_corpus,
    thing_drafts,
    thing_heldout,
    unaimed_heldout,
    workplace_drafts,
)
from smrisk.errors import InputError  # noqa: E402
from smrisk.evaluation import recall_by_subtype, risk_metrics  # noqa: E402
from smrisk.obfuscation import TRICKS, obfuscate  # noqa: E402
from smrisk.rationales import agreement, evidence_spans, hatexplain_validation, positive_weight_words, toxic_spans_test  # noqa: E402
from smrisk.recipe import complaints, real_benign_sets, real_labelled_sets  # noqa: E402
from smrisk.report import CategoryScore  # noqa: E402
from smrisk.training import comparable_rows, score_matrix, scores_for, twin_figures, unmistakable  # noqa: E402

METRIC_COLUMNS = ("n", "positives", "roc_auc", "average_precision", "precision", "recall", "f1",
                  "precision_at_recall_90", "ece", "tp", "fp", "fn", "tn")


def table(rows: list[dict], columns: tuple[str, ...]) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        out.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
    return out + [""]


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def load_sets(datasets: str | None, sample: int | None) -> dict[str, pd.DataFrame]:
    team = team_corpus()
    test = team[team.split == "test"]
    sets = {"team corpus, test split": comparable_rows(test),  # as before waves 8 and 9; twins_section has the twins
            "team corpus, test split with its twins and wave 9 (harmless minimal edits and posts around the model's "
            "words)": test,
            "team corpus, xsource slice (written separately)": team[team.split == "xsource"]}
    root = shared_datasets_dir(datasets)
    if root.is_dir():
        sets["OLID training file (never trained on)"] = olid(root)
        for name, load in TRAINING_SOURCES.items():
            frame = load(root)
            sets[f"public {name}, test split"] = frame[frame.split == "test"]
    else:
        print(f"{root} not found: public sets skipped", file=sys.stderr)
    if sample:
        sets = {k: v.sample(min(sample, len(v)), random_state=0) for k, v in sets.items()}
    return {k: v.reset_index(drop=True) for k, v in sets.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--datasets", help="path of shared/datasets")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--sample", type=int, help="at most this many rows per set (quick runs)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "evaluation.md"))
    parser.add_argument("--rows-out", default=str(ROOT / "out" / "evaluation_rows.csv"))
    args = parser.parse_args()

    scorer = smrisk.load_model(args.model) if args.model else smrisk.default_scorer()
    thresholds = scorer.thresholds
    peers = []
    if not args.no_peers:
        from peers import available_peers

        peers = available_peers()
    sets = load_sets(args.datasets, args.sample)
    lines = ["# Evaluation", "", f"Model `{scorer.model_id}`; thresholds "
             + ", ".join(f"{k} {v:.3f}" for k, v in thresholds.items()) + ".", "",
             f"Produced by `python scripts/evaluate.py{' --sample ' + str(args.sample) if args.sample else ''}` "
             f"on {time.strftime('%Y-%m-%d')}. No metric here is on data the model was fitted or tuned on "
             "(thresholds were chosen on the team corpus' validation split). Peers marked \"(sample)\" are slow and "
             "were measured on a seeded sample of the set's rows (better-profanity: 1,000; Presidio: 5,000).", ""]
    if shared_datasets_dir(args.datasets).is_dir():
        lines += real_text_section(scorer, peers, args.datasets, args.sample)
    lines += drafts_sections(scorer, peers)
    lines += accusation_section(scorer)
    lines += unaimed_section(scorer)
    lines += identity_section(scorer, peers)
    lines += twins_section(scorer)
    lines += appended_claims_section(scorer)
    lines += joined_sentence_section(scorer)
    if shared_datasets_dir(args.datasets).is_dir():
        lines += explanation_section(scorer, shared_datasets_dir(args.datasets))
    all_rows = []
    for name, frame in sets.items():
        texts = frame["text"].astype(str).tolist()
        scores = scores_for(scorer, texts)
        rows_out = frame[["text", *CATEGORIES]].copy()
        rows_out["set"] = name
        rows_out["subtype"] = frame.get("subtype", "")
        for k, risk in enumerate(CATEGORIES):
            rows_out[f"{risk}_score"] = scores[:, k]
        metric_rows, peer_rows = [], []
        for k, risk in enumerate(CATEGORIES):
            known = frame[risk].notna().to_numpy()
            if known.sum() == 0:
                continue
            labels = frame.loc[known, risk].to_numpy(int)
            m = risk_metrics(labels, scores[known, k], thresholds[risk])
            metric_rows.append({"tool": "smrisk", "risk": risk, **m.to_dict()})
            for peer in peers:
                if peer.risk != risk:
                    continue
                rows = np.flatnonzero(known)
                if peer.max_rows is not None and len(rows) > peer.max_rows:
                    rows = np.sort(np.random.default_rng(0).choice(rows, peer.max_rows, replace=False))
                predicted = peer.predict([texts[i] for i in rows])
                rows_out.loc[rows_out.index[rows], f"peer:{peer.name}"] = predicted
                pm = risk_metrics(frame[risk].to_numpy()[rows].astype(int), predicted, 0.5)
                sampled = " (sample)" if len(rows) < known.sum() else ""
                peer_rows.append({"tool": peer.name + sampled, "risk": risk, **pm.to_dict()})
        lines += [f"## {name}", ""]
        lines += table(metric_rows + peer_rows, ("tool", "risk", *METRIC_COLUMNS))
        if "subtype" in frame and name.startswith("team"):
            lines += ["Recall per subtype at the threshold:", ""]
            for k, risk in enumerate(CATEGORIES):
                positives = frame[risk].to_numpy() == 1
                if positives.any():
                    by = recall_by_subtype(frame[risk].to_numpy(int), scores[:, k], thresholds[risk], frame["subtype"].to_numpy())
                    lines.append(f"- **{risk}**: " + ", ".join(f"{s} {v['recall']:.2f} ({v['positives']})" for s, v in by.items()))
            lines.append("")
        all_rows.append(rows_out)

    lines += weakest_section(all_rows[0], thresholds)
    lines += obfuscation_section(scorer, sets["team corpus, test split"])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    Path(args.rows_out).parent.mkdir(parents=True, exist_ok=True)
    pd.concat(all_rows, ignore_index=True).to_csv(args.rows_out, index=False)
    print(f"wrote {args.out} and {args.rows_out}")
    return 0


def weakest_section(rows: pd.DataFrame, thresholds: dict[str, float], n: int = 4, min_rows: int = 5) -> list[str]:
    """Where the model is weakest on the team test split: the subtypes with the lowest recall and
    the negative subtypes most often flagged, each with examples to read."""
    lines = ["## Weakest spots on the team test split", "",
             f"Positive subtypes with the lowest recall (at least {min_rows} positives), with missed posts:", ""]
    misses = []
    for risk in CATEGORIES:
        positive = rows[rows[risk] == 1]
        for subtype, group in positive.groupby("subtype"):
            if len(group) >= min_rows:
                missed = group[group[f"{risk}_score"] < thresholds[risk]]
                misses.append((1 - len(missed) / len(group), risk, str(subtype), len(group), missed))
    for recall, risk, subtype, count, missed in sorted(misses, key=lambda item: item[0])[:n]:
        lines.append(f"- **{risk} / {subtype}**: recall {recall:.2f} of {count}")
        lines += [f"  - missed ({row[f'{risk}_score']:.2f}): {_short(row['text'])}" for _, row in missed.head(2).iterrows()]
    lines += ["", f"Negative subtypes (all three labels 0) most often flagged, at least {min_rows} rows:", ""]
    negative = rows[(rows[list(CATEGORIES)].sum(axis=1) == 0)]
    flagged = np.column_stack([negative[f"{r}_score"] >= thresholds[r] for r in CATEGORIES]).any(axis=1)
    negative = negative.assign(flagged=flagged)
    rates = [(g["flagged"].mean(), str(subtype), len(g), g[g["flagged"]]) for subtype, g in negative.groupby("subtype")
             if len(g) >= min_rows]
    for rate, subtype, count, hits in sorted(rates, key=lambda item: -item[0])[:n]:
        lines.append(f"- **{subtype}**: {rate:.2f} of {count} flagged")
        for _, row in hits.head(2).iterrows():
            risks = ", ".join(r for r in CATEGORIES if row[f"{r}_score"] >= thresholds[r])
            lines.append(f"  - flagged {risks}: {_short(row['text'])}")
    return lines + [""]


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join(str(text).split()).replace("|", "/")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def obfuscation_section(scorer: smrisk.Scorer, test: pd.DataFrame) -> list[str]:
    """Recall on the test positives and false flags on negatives, before and after disguise."""
    thresholds = scorer.thresholds
    variants = {name: [name] for name in TRICKS}
    variants["combined (leet+homoglyph+zero-width+spaced+repeat)"] = ["leet", "homoglyph", "zero_width", "spaced", "repeat"]
    negatives = test[(test[list(CATEGORIES)].sum(axis=1) == 0)]
    rows = []
    base = {}
    for k, risk in enumerate(CATEGORIES):
        pos = test[test[risk] == 1]["text"].tolist()
        base[risk] = (scores_for(scorer, pos)[:, k] >= thresholds[risk]).mean()
    base_ff = _false_flags(scorer, negatives["text"].tolist())
    rows.append({"variant": "original", **{r: base[r] for r in CATEGORIES}, "ratio_min": 1.0, "false_flag_rate": base_ff})
    for label, tricks in variants.items():
        row: dict[str, object] = {"variant": label}
        ratios = []
        for k, risk in enumerate(CATEGORIES):
            pos = test[test[risk] == 1]["text"].tolist()
            disguised = [obfuscate(t, tricks, seed=i) for i, t in enumerate(pos)]
            recall = (scores_for(scorer, disguised)[:, k] >= thresholds[risk]).mean()
            row[risk] = recall
            ratios.append(recall / base[risk] if base[risk] else 0.0)
        row["ratio_min"] = min(ratios)
        row["false_flag_rate"] = _false_flags(scorer, [obfuscate(t, tricks, seed=i) for i, t in enumerate(negatives["text"])])
        rows.append(row)
    intro = ["## Robustness to obfuscation", "",
             "Recall on the team test split's positives, original and with about 30% of longer words disguised by a "
             "seeded generator (`smrisk.obfuscation`), each trick alone and combined. `ratio_min` is the lowest "
             "obfuscated/original recall ratio over the three risks (goal: at least 0.9). `false_flag_rate` is the "
             "share of the test split's negatives (all three labels 0) flagged for any risk.", ""]
    return intro + table(rows, ("variant", *CATEGORIES, "ratio_min", "false_flag_rate"))


_HANDLE = re.compile(r"(?<!\w)@\w+")


def _style_cell(figures: dict) -> str:
    """The weighted style-only AUC, with its range over fold seeds where the card has one."""
    low_high = figures.get("weighted_range")
    return f"{figures['weighted']} ({low_high[0]} to {low_high[1]})" if low_high else str(figures["weighted"])


def _shown(text: str, limit: int = 200) -> str:
    """A real post as the docs may show it: handles replaced (the sets' terms), one line."""
    return _short(_HANDLE.sub("@user", str(text)), limit)


def real_text_section(scorer: smrisk.Scorer, peers: list, datasets: str | None, sample: int | None) -> list[str]:
    """Real posts nobody on the team wrote: false flags on benign sets, derogatory AUC on labelled
    ones, side by side with alt-profanity-check in the same run; the highest-scored benign posts."""
    thresholds = scorer.thresholds
    profanity = next((p for p in peers if p.name == "alt-profanity-check"), None)
    benign = real_benign_sets(datasets, "test")
    benign["customer complaints (not all benign)"] = complaints(datasets, "test")
    if sample:
        benign = {k: v.sample(min(sample, len(v)), random_state=0) for k, v in benign.items()}
    lines = ["## Real text (the figures that count)", "",
             "Posts nobody on the team wrote, in parts the model was never fitted or tuned on: brand tweets of accounts "
             "held out whole, brand replies and complaints of held-out brands, the finance-news set's own validation file, "
             "and the test parts (by text hash) of SMS, Davidson, Jigsaw and HatEval; HateXplain's official validation "
             "split. Thresholds were chosen on other accounts, brands and rows of the same sets.", "",
             "### Benign posts: share flagged (goal: at most 2% per risk)", "",
             "The sets were labelled for toxicity, hate or spam, not for what a company may publish: the column "
             "*derogatory, not counting unmistakable ones* leaves out the posts whose evidence holds a slur, a hostile "
             "dismissal or an insulting description of people (`smrisk.training.UNMISTAKABLE_RULES`), which the "
             "thresholds do not count as false flags either.", "",
             "| set | n | confidential | derogatory | derogatory, not counting unmistakable ones | illegal | any risk "
             "| alt-profanity-check (derogatory) |",
             "|---|---|---|---|---|---|---|---|"]
    top_rows = []
    for name, frame in benign.items():
        texts = frame["text"].astype(str).tolist()
        reports = scorer.score_many(texts)
        scores = score_matrix(reports)
        flags = scores >= np.array([thresholds[c] for c in CATEGORIES])
        counted = ~unmistakable(reports)[:, CATEGORIES.index("derogatory")]
        peer_rate = f"{(profanity.predict(texts) >= 0.5).mean():.1%}" if profanity else "-"
        rates = [f"{flags[:, k].mean():.1%}" for k in range(3)]
        rates.insert(2, f"{flags[counted, CATEGORIES.index('derogatory')].mean():.1%}" if counted.any() else "-")
        lines.append(f"| {name} | {len(texts)} | " + " | ".join(rates) + f" | {flags.any(axis=1).mean():.1%} | {peer_rate} |")
        ratio = scores / np.array([thresholds[c] for c in CATEGORIES])
        for i in np.argsort(-ratio.max(axis=1))[:20]:
            top_rows.append((float(ratio[i].max()), name, reports[i]))
        if name.startswith("customer complaints"):
            flagged = [reports[i] for i in np.flatnonzero(flags.any(axis=1))]
            complaint_lines = [f"- ({', '.join(r.flagged)}) {_shown(r.text)}" for r in flagged[:15]]
    lines += ["", "Customer complaints are not all benign: some insult the brand or its staff. The first 15 flagged "
              "complaints, to judge by eye:", "", *complaint_lines, ""]

    lines += judged_section(scorer, profanity, datasets)
    lines += ["### Labelled real posts: derogatory", "",
              "alt-profanity-check was trained on the whole of the Davidson and Jigsaw (Kaggle) data, test parts "
              "included (its README), so its figures there are on texts it has seen.", "",
              "| set | tool | n | positives | roc_auc | average_precision | precision | recall | f1 |",
              "|---|---|---|---|---|---|---|---|---|"]
    k = CATEGORIES.index("derogatory")
    for name, frame in real_labelled_sets(datasets, "test").items():
        if sample:
            frame = frame.sample(min(sample, len(frame)), random_state=0)
        texts = frame["text"].astype(str).tolist()
        y = frame["derogatory"].to_numpy(int)
        results = [("smrisk", risk_metrics(y, scores_for(scorer, texts)[:, k], thresholds["derogatory"]))]
        if profanity:
            results.append((profanity.name, risk_metrics(y, profanity.predict(texts), 0.5)))
        for tool, m in results:
            lines.append(f"| {name} | {tool} | {m.n} | {m.positives} | {m.roc_auc:.3f} | {m.average_precision:.3f} | "
                         f"{m.precision:.3f} | {m.recall:.3f} | {m.f1:.3f} |")
    style = scorer.bundles[0].card.get("training_data", {}).get("style_only_auc")
    if style:
        lines += ["", "### Style-only AUC of the training data", "",
                  "How well punctuation, case, emoji and length alone (33 features, no words) predict each label of "
                  "the training rows, cross-validated (0.5 = not at all; goal at most 0.60 under the training weights):", "",
                  "| risk | unweighted | under the training weights |", "|---|---|---|",
                  *[f"| {r} | {v['unweighted']} | {_style_cell(v)} |" for r, v in style.items()]]
        if any("weighted_range" in v for v in style.values()):
            lines += ["", "Measured on all training rows, the mean over cross-validations with three fold seeds (the range in "
                          "brackets): under weights that vary a hundredfold, a 40,000-row sample moved the weighted figure by "
                          "up to 0.10, and earlier cards reported such a sample."]
    lines += ["", "### The 20 real benign posts scored highest", "",
              "Score relative to the threshold (1.0 = at the threshold) and the evidence behind the risk.", ""]
    seen = set()
    for ratio, name, report in sorted(top_rows, key=lambda item: -item[0]):
        if report.text in seen or len(seen) == 20:
            continue
        seen.add(report.text)
        risk = max(CATEGORIES, key=lambda c: report.scores[c].score / thresholds[c])
        evidence = "; ".join(f'"{_shown(e.text, 40)}" ({e.source})' for e in report.scores[risk].evidence[:3]) or "none"
        lines.append(f"- {ratio:.2f} {risk} [{name}] {_shown(report.text, 160)} — evidence: {evidence}")
    return lines + [""]


def judged_section(scorer: smrisk.Scorer, profanity: object, datasets: str | None) -> list[str]:
    """The two sets whose "harmless" is not ours, judged again blind (``data/judged``): flags on the posts
    the judge found harmless, and on those the judge found derogatory, beside alt-profanity-check."""
    try:
        judged = judged_benign(datasets)
    except InputError as error:
        return [f"(judged sample skipped: {error})", ""]
    lines = ["### Davidson \"neither\" and HateXplain \"normal\", judged again", "",
             "A seeded sample of 200 posts of each, judged blind under our definitions (a slur or insult about people is "
             "derogatory even when casual; profanity at a situation is not) by a helper who saw no score "
             "(`data/judged/README.md`; one judge, about a fifth of the calls marked unsure). On 2026-12-07 the judged-harmless "
             "posts still flagged were read, and the slur idioms hidden from the model and \"bitch\" said of a thing "
             "(\"Frustration can be a bitch\", one of them) were built after: the harmless columns are optimistic since. "
             "Share flagged derogatory (any risk in brackets):", "",
             "| set | judged harmless | smrisk | alt-profanity-check | judged derogatory | smrisk | alt-profanity-check |",
             "|---|---|---|---|---|---|---|"]
    k = CATEGORIES.index("derogatory")
    for source, frame in judged.groupby("source", sort=False):
        texts = frame["text"].tolist()
        scores = score_matrix(scorer.score_many(texts))
        flags = scores >= np.array([scorer.thresholds[c] for c in CATEGORIES])
        peer = profanity.predict(texts) >= 0.5 if profanity is not None else None  # type: ignore[attr-defined]
        cells = []
        for judged_derogatory in (False, True):
            rows = (frame["derogatory"].to_numpy() == 1) == judged_derogatory
            peer_cell = f"{peer[rows].mean():.1%}" if peer is not None else "-"
            cells += [str(int(rows.sum())), f"{flags[rows, k].mean():.1%} ({flags[rows].any(axis=1).mean():.1%})", peer_cell]
        lines.append(f"| {source} | " + " | ".join(cells) + " |")
    return lines + [""]


#: Labelled drafts written apart from the corpus and the model: (loader, section title, description).
DRAFT_SETS = [
    (short_drafts, "Short drafts (written apart from the corpus and the model)",
     "`data/drafts/short_drafts.csv`: {n} drafts of 1 to 15 words ({benign} harmless, {risky} risky) written by one "
     "writer who saw neither the training corpus nor the model; never trained or tuned on (data/DATA_CARD.md)."),
    (workplace_drafts, "Workplace posts (written apart from the corpus, the model and the rules)",
     "`data/drafts/workplace_drafts.csv`: {n} posts by staff and brand accounts ({benign} harmless in twelve workplace "
     "topics, with the words that look risky out of context; {risky} risky in the same voice, 40 per risk), written "
     "by one writer who saw neither the corpus, the model nor the rules; never trained or tuned on (data/DATA_CARD.md)."),
    (everyday_drafts, "Everyday posts (written blind: apart from the corpus, the model, the rules and the other sets)",
     "`data/drafts/everyday_drafts.csv`: {n} posts by staff and brand accounts ({benign} harmless in twelve groups of "
     "everyday work posts: job ads, shifts, after-work drinks, deals, money, security advice, congratulations, banter, "
     "news; {risky} risky in the same voices, 40 per risk), written by a helper who saw neither the corpus, the model, "
     "the rules nor the other evaluation sets; never trained or tuned on (data/drafts/EVERYDAY.md)."),
    (jobs_care_drafts, "Job ads and care replies (written blind, after corpus wave 11)",
     "`data/drafts/jobs_care_drafts.csv`: {n} posts ({benign} harmless: lawful job ads with \"DM me\", pay and shift "
     "words, and care replies giving security advice or login help; {risky} risky in the same voices: illegal job ads, "
     "care replies that leak or ask for a secret), written by a helper who saw neither the corpus, the model, the rules "
     "nor the other evaluation sets; never trained or tuned on (data/DATA_CARD.md)."),
]


def drafts_sections(scorer: smrisk.Scorer, peers: list) -> list[str]:
    """One section per set of ``DRAFT_SETS``."""
    lines: list[str] = []
    for load, title, about in DRAFT_SETS:
        drafts = load()
        benign = int((drafts[list(CATEGORIES)].max(axis=1) == 0).sum())
        lines += drafts_section(scorer, peers, title, drafts, about.format(n=len(drafts), benign=benign, risky=len(drafts) - benign))
    return lines


def drafts_section(scorer: smrisk.Scorer, peers: list, title: str, drafts: pd.DataFrame, description: str) -> list[str]:
    """A labelled set of drafts: how many harmless ones are flagged (by ``group`` too, where the file
    has one), how many risky ones caught, beside alt-profanity-check for derogatory."""
    texts = drafts["text"].astype(str).tolist()
    reports = scorer.score_many(texts)
    scores = score_matrix(reports)
    flags = scores >= np.array([scorer.thresholds[c] for c in CATEGORIES])
    labels = drafts[list(CATEGORIES)].to_numpy(int)
    benign = labels.max(axis=1) == 0
    profanity = next((p for p in peers if p.name == "alt-profanity-check"), None)
    lines = [f"## {title}", "", description, "",
             f"Harmless drafts flagged for any risk: **{flags[benign].any(axis=1).mean():.1%}** "
             f"({int(flags[benign].any(axis=1).sum())} of {int(benign.sum())}).", "",
             "| risk | harmless flagged | risky caught (recall) | precision | F1 | ROC-AUC |", "|---|---|---|---|---|---|"]
    rows = [("smrisk", k, scores[:, k], flags[:, k]) for k in range(len(CATEGORIES))]
    if profanity:
        predicted = profanity.predict(texts)
        rows.append((profanity.name, CATEGORIES.index("derogatory"), predicted, predicted >= 0.5))
    for tool, k, risk_scores, risk_flags in rows:
        m = risk_metrics(labels[:, k], risk_scores, 0.5 if tool != "smrisk" else scorer.thresholds[CATEGORIES[k]])
        name = CATEGORIES[k] if tool == "smrisk" else f"{CATEGORIES[k]} ({tool})"
        lines.append(f"| {name} | {risk_flags[benign].mean():.1%} | {m.recall:.3f} | {m.precision:.3f} | {m.f1:.3f} | {m.roc_auc:.3f} |")
    if "group" in drafts.columns:
        lines += ["", "| group | drafts | flagged for any risk |", "|---|---|---|"]
        for group, members in drafts.groupby("group", sort=True).groups.items():
            rows_of = np.asarray([drafts.index.get_loc(i) for i in members])
            lines.append(f"| {group} | {len(rows_of)} | {flags[rows_of].any(axis=1).mean():.0%} |")
    lines += ["", "Every harmless draft flagged, with the evidence for its highest risk:", ""]
    for i in np.flatnonzero(benign & flags.any(axis=1)):
        report = reports[i]
        risk = max(report.flagged, key=lambda c: report.scores[c].score / scorer.thresholds[c])
        evidence = "; ".join(f'"{_shown(e.text, 40)}" ({e.source})' for e in report.scores[risk].evidence[:3]) or "none"
        lines.append(f"- ({', '.join(report.flagged)}) {_shown(report.text)} — evidence: {evidence}")
    return lines + [""]


def twins_section(scorer: smrisk.Scorer) -> list[str]:
    """Risky test posts beside their twins: does the model see the act, or only the topic?"""
    team = team_corpus()
    figures = twin_figures(scorer, team[team.split == "test"])
    if not figures:
        return []
    lines = ["## Risky posts and their twins (team test split)", "",
             "A twin is a harmless minimal edit of a risky post, written to keep its topic, ordinary words and style "
             "(\"hiring 2 cashiers, under 30s only, dm me\" and \"hiring 2 cashiers, all ages welcome, dm me\"; "
             "data/DATA_CARD.md, wave 8). Ranked right: the risky post scores higher than its twin; 0.5 is a model "
             "that sees only the topic. Twins of training posts were trained on; these are twins of test posts.", "",
             "| risk | pairs | risky post flagged | twin flagged | ranked right |", "|---|---|---|---|---|"]
    lines += [f"| {risk} | {m['pairs']} | {m['source_flagged']:.1%} | {m['twin_flagged']:.1%} | {m['ranked_right']:.1%} |"
              for risk, m in figures.items()]
    return lines + [""]


#: Sentences that claim a post is harmless, appended to risky test posts: (risk, sentence).
APPENDED_CLAIMS = [("confidential", "Announced this morning, it's public now."), ("illegal", "All above board and legal.")]


def appended_claims_section(scorer: smrisk.Scorer) -> list[str]:
    """Does a sentence claiming harmlessness talk the model out of a risk? Risky team test posts with it appended."""
    team = team_corpus()
    test = team[team.split == "test"]
    lines = ["## A sentence that claims the post is harmless (team test split)", "",
             "Each risky test post scored as written and with the sentence appended. A rule hit (a password, "
             "\"not announced yet\") counts in full either way; the model's reading can move.", "",
             "| risk | sentence appended | risky posts | flagged as written | flagged with the sentence |", "|---|---|---|---|---|"]
    for risk, sentence in APPENDED_CLAIMS:
        texts = test.loc[test[risk] == 1, "text"].astype(str).tolist()
        k = CATEGORIES.index(risk)
        before = scores_for(scorer, texts)[:, k] >= scorer.thresholds[risk]
        after = scores_for(scorer, [f"{t.rstrip()} {sentence}" for t in texts])[:, k] >= scorer.thresholds[risk]
        lines.append(f"| {risk} | \"{sentence}\" | {len(texts)} | {before.mean():.0%} | {after.mean():.0%} |")
        alone = scores_for(scorer, [sentence])[0]
        lines.append(f"| | the sentence alone: {', '.join(f'{c} {alone[j]:.2f}' for j, c in enumerate(CATEGORIES))} | | | |")
    return lines + [""]


#: Harmless sentences joined to test posts: pleasantries a draft may open or close with. Written
#: for this check; no training row holds them (``smrisk.augment.joined_copies`` draws from posts).
HARMLESS_SENTENCES = ("Thanks to the whole team for a busy week.", "Have a great weekend everyone!",
                      "Anyway, back to work.", "Hope you're all keeping well.", "Big thanks to everyone who came by!",
                      "Coffee first though.")


def joined_sentence_section(scorer: smrisk.Scorer, split: str = "test") -> list[str]:
    """Does a friendly sentence before or after a risky post hide its risk? Team posts of ``split``
    scored as written and with each of ``HARMLESS_SENTENCES`` joined; harmless posts show the cost."""
    team = team_corpus()
    test = team[team.split == split]
    lines = [f"## A harmless sentence joined to a post (team {split} split)", "",
             f"Each test post scored as written and with one of {len(HARMLESS_SENTENCES)} pleasantries (\"" +
             "\", \"".join(HARMLESS_SENTENCES[:2]) + "\", ...) put before or after it, every sentence and side "
             "counted once; the sentences were written for this check and are in no training row.", "",
             "| risk | risky posts | flagged as written | flagged with a sentence joined | harmless posts flagged as written | "
             "with a sentence joined |", "|---|---|---|---|---|---|"]
    for k, risk in enumerate(CATEGORIES):
        texts = test[risk].to_numpy()
        rows = {label: test.loc[texts == label, "text"].astype(str).str.strip().tolist() for label in (1, 0)}
        cells = []
        for label in (1, 0):
            alone = scores_for(scorer, rows[label])[:, k] >= scorer.thresholds[risk]
            joined = [f"{t} {s}" for s in HARMLESS_SENTENCES for t in rows[label]] + \
                     [f"{s} {t}" for s in HARMLESS_SENTENCES for t in rows[label]]
            cells += [f"{alone.mean():.1%}", f"{(scores_for(scorer, joined)[:, k] >= scorer.thresholds[risk]).mean():.1%}"]
        lines.append(f"| {risk} | {len(rows[1])} | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} |")
    return lines + [""]


def flagged_without(score: CategoryScore, rule: str, threshold: float) -> bool:
    """Whether the risk would be flagged with ``rule``'s hits taken out of its score: what the rule adds."""
    return combine(score.model_probability, [e for e in score.evidence if e.source != rule]) >= threshold


#: The rule whose effect the accusation drafts measure.
ACCUSATION_RULE = "derogatory.accusation"


def accusation_section(scorer: smrisk.Scorer) -> list[str]:
    """Claims about others against reports, confessions, warnings and harmless uses of the same verbs:
    the share of each group flagged, with and without the accusation rule (its hits taken out of the
    derogatory score), so the rule's gain and its cost show side by side."""
    drafts = accusation_drafts()
    reports = scorer.score_many(drafts["text"].astype(str).tolist())
    threshold = scorer.thresholds["derogatory"]
    lines = ["## Claims about others (held-out drafts)", "",
             f"`data/drafts/accusation_drafts.csv`: {len(drafts)} drafts in six groups of 40, written by a writer who saw "
             f"neither the corpus, the model nor the rules (data/DATA_CARD.md); never trained or tuned on. "
             f"`{ACCUSATION_RULE}` reads a wrongdoing verb after anyone but the poster; \"without\" takes its hits out of "
             "the derogatory score.", "",
             "| group | n | labelled | derogatory flagged | without the rule | illegal flagged | the rule fired |",
             "|---|---|---|---|---|---|---|"]
    for group, rows in drafts.groupby("group", sort=False):
        picked = [reports[i] for i in rows.index]
        derogatory = [r.scores["derogatory"] for r in picked]
        without = [flagged_without(s, ACCUSATION_RULE, threshold) for s in derogatory]
        fired = [any(e.source == ACCUSATION_RULE and e.score > 0 for e in s.evidence) for s in derogatory]
        labelled = ", ".join(r for r in CATEGORIES if rows[r].max() > 0) or "harmless"
        lines.append(f"| {group} | {len(rows)} | {labelled} | {np.mean([s.flagged for s in derogatory]):.0%} | "
                     f"{np.mean(without):.0%} | {np.mean([r.scores['illegal'].flagged for r in picked]):.0%} | {np.mean(fired):.0%} |")
    return lines + [""]


def unaimed_section(scorer: smrisk.Scorer) -> list[str]:
    """Insults the writer aims at themselves, swearing at no one and insult words said of things, against the same
    words aimed at others: the share of each kind flagged derogatory, as shipped and with the three hiding switches
    off (read as written)."""
    as_written = smrisk.Scorer(scorer.bundles, policy=scorer.policy,
                               config=replace(scorer.config, **dict.fromkeys(HIDING_SWITCHES, False)))
    lines = ["## Insults of oneself, swearing at no one, insults of things, and the same words at others", "",
             f"`data/drafts/self_talk_drafts.csv`: {len(self_talk_drafts())} drafts by a writer who saw neither the repository "
             "nor the rules (data/DATA_CARD.md), labelled for derogatory only; never trained on. Measured once as written, "
             "then its misses were read and four forms of self-insult were added (\"an idiot like me\", \"calling myself a "
             "moron\", \"the idiot who ... was me\", \"note to self: you're an idiot\"): a development set since; its thing "
             "complaints were read again while `smrisk.thing_insults` was written. "
             "`data/corpus/pending/w12_profanity.csv`: the corpus wave written against swearing read as insult, waiting "
             "for a retrain (never trained on; read while the swearing clauses were written). "
             f"`data/drafts/unaimed_heldout.csv`: {len(unaimed_heldout())} drafts by another writer, blind to the repository, "
             "written after the code was done: **held out**, measured in aggregate only. "
             f"`data/drafts/thing_drafts.csv`: {len(thing_drafts())} drafts, blind to the repository, read while "
             "`smrisk.thing_insults` was written (development set); "
             f"`data/drafts/thing_heldout.csv`: {len(thing_heldout())} by a third writer at the same time, **held out**, "
             "measured once after the code was done, in aggregate only. \"read as written\": "
             + ", ".join(f"`{switch}`" for switch in HIDING_SWITCHES) + " off.", "",
             "| set | kind | n | labelled | derogatory flagged | read as written |", "|---|---|---|---|---|---|"]
    pending = pd.read_csv(ROOT / "data" / "corpus" / "pending" / "w12_profanity.csv", keep_default_na=False)
    for name, drafts, column in (("self-talk drafts", self_talk_drafts(), "kind"), ("wave 12 (pending)", pending, "subtype"),
                                 ("held out", unaimed_heldout(), "kind"), ("thing drafts", thing_drafts(), "kind"),
                                 ("things, held out", thing_heldout(), "kind")):
        texts = drafts["text"].astype(str).tolist()
        shipped = scorer.score_many(texts, explain=False)
        written = as_written.score_many(texts, explain=False)
        for kind, rows in drafts.groupby(column, sort=False):
            flagged = np.mean([shipped[i].scores["derogatory"].flagged for i in rows.index])
            before = np.mean([written[i].scores["derogatory"].flagged for i in rows.index])
            labelled = "derogatory" if rows["derogatory"].astype(float).max() > 0 else "harmless"
            lines.append(f"| {name} | {kind} | {len(rows)} | {labelled} | {flagged:.0%} | {before:.0%} |")
    return lines + [""]


#: The rule whose effect the identity drafts measure.
STEREOTYPE_RULE = "derogatory.stereotype"


def identity_section(scorer: smrisk.Scorer, peers: list) -> list[str]:
    """Identity-based insults against harmless posts about the same groups, in four sets written by others: the share
    flagged derogatory, with and without the stereotype rule, beside the derogatory peers at their 0.5 cut. Aggregates
    only: the held-out set's rows are never listed (data/DATA_CARD.md)."""
    threshold = scorer.thresholds["derogatory"]
    named = [p for p in peers if p.risk == "derogatory"]
    lines = ["## Identity-based insults (drafts written by others)", "",
             "`data/drafts/identity_drafts.csv`, `_2`, `_3`, `_4`: 160 identity insults or stereotypes, mostly without slurs, "
             "and 160 harmless posts about the same kinds of groups each, written by four writers who saw neither the "
             "repository nor each other's sets (data/DATA_CARD.md). The development sets were read while "
             "`derogatory.stereotype` was written; the held-out one was measured in aggregate only. \"without\" takes the "
             "rule's hits out of the derogatory score.", "",
             "| set | rows | smrisk flagged | without the rule | the rule fired | " + " | ".join(p.name for p in named) + " |",
             "|---|---|---|---|---|" + "---|" * len(named)]
    for number, role in sorted(IDENTITY_DRAFTS.items(), key=lambda item: (item[1] != "held out", item[0])):
        drafts = identity_drafts(number)
        texts = drafts["text"].astype(str).tolist()
        derogatory = [r.scores["derogatory"] for r in scorer.score_many(texts)]
        without = np.array([flagged_without(s, STEREOTYPE_RULE, threshold) for s in derogatory])
        fired = np.array([any(e.source == STEREOTYPE_RULE and e.score > 0 for e in s.evidence) for s in derogatory])
        flagged = np.array([s.flagged for s in derogatory])
        peer_flags = [p.predict(texts) >= 0.5 for p in named]
        for label, title in ((1, "identity insults (caught)"), (0, "harmless look-alikes (flagged)")):
            rows = (drafts["derogatory"] == label).to_numpy()
            lines.append(f"| set {number} ({role}): {title} | {rows.sum()} | {flagged[rows].mean():.1%} | {without[rows].mean():.1%} | "
                         f"{fired[rows].mean():.1%} | " + " | ".join(f"{f[rows].mean():.1%}" for f in peer_flags) + " |")
    return lines + [""]


def explanation_section(scorer: smrisk.Scorer, root: Path) -> list[str]:
    """Derogatory evidence against the words people marked, beside the every-positive-word baseline."""
    lines = ["## Explanations against people", "",
             "Do the spans shown for `derogatory` land on the words people marked as what makes a post toxic? Words "
             "are counted as predicted when a shown evidence span (at most three) overlaps them, gold when an "
             "annotated span does. Per-post F1 is SemEval 2021's measure (averaged over posts); P/R/F1 pool all "
             "words. Baseline: every word the model weighs positively for `derogatory`.", "",
             "| set | posts | method | per-post F1 | precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    for name, posts in (("toxic spans, SemEval 2021 test", toxic_spans_test(root)),
                        ("HateXplain validation (majority rationales)", hatexplain_validation(root))):
        for method, predict in (("smrisk evidence", lambda t: evidence_spans(scorer, t)),
                                ("baseline: every positive-weight word", lambda t: positive_weight_words(scorer, t))):
            a = agreement(posts, predict)
            lines.append(f"| {name} | {a.posts} | {method} | {a.post_f1:.3f} | {a.precision:.3f} | {a.recall:.3f} | {a.f1:.3f} |")
    return lines + [""]


def _false_flags(scorer: smrisk.Scorer, texts: list[str]) -> float:
    reports = scorer.score_many(texts, explain=False)
    return float(np.mean([bool(r.flagged) for r in reports])) if reports else 0.0


if __name__ == "__main__":
    sys.exit(main())
