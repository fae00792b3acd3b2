"""How well a company policy works on posts about that company: writes the measured part of docs/policy.md.

    python scripts/evaluate_policy.py [--policy data/policy/acme_policy.toml] [--posts data/policy/acme_posts.csv]

Scores every post with the default model under the policy, with its author and channel, and
reports: code-name recall (plain and disguised), flags caused by an allow-listed name, routing
exact-match accuracy, speaker-verdict accuracy, and the risk flags against the labels, with the
misses listed so a reviewer can judge them. The posts are team-written (data/DATA_CARD.md) and
were never used to train or tune the model.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARKER = "<!-- measured: written by scripts/evaluate_policy.py below this line -->"
TARGETS = {"code-name recall": 1.0, "routing exact match": 0.95, "speaker accuracy": 0.95}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default=str(ROOT / "data" / "policy" / "acme_policy.toml"))
    parser.add_argument("--posts", default=str(ROOT / "data" / "policy" / "acme_posts.csv"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "policy.md"))
    args = parser.parse_args()

    import smrisk
    from smrisk.phrases import phrase_pattern

    policy = smrisk.load_policy(args.policy)
    posts = pd.read_csv(args.posts, dtype=str, keep_default_na=False)
    started = time.perf_counter()
    reports = smrisk.score_many(posts["text"].tolist(), policy=policy, authors=posts["author"].tolist(),
                                channels=posts["channel"].tolist())
    seconds = time.perf_counter() - started
    codename_sources = {lexicon.source for lexicon in policy.lexicons if lexicon.risk == "confidential" and not lexicon.context_only}
    allowed = phrase_pattern(policy.allow)

    rows = []
    for post, report in zip(posts.itertuples(), reports, strict=True):
        route = ";".join(r.owner for r in report.route)
        speaker = report.speaker.status if report.speaker else ""
        caught = report.scores["confidential"].flagged and any(
            e.source in codename_sources and e.score > 0 for e in report.scores["confidential"].evidence)
        allowed_spans = [m.span() for m in allowed.finditer(post.text.lower())] if allowed else []
        caused = [e for risk in report.flagged for e in report.scores[risk].top_evidence()
                  if any(a < e.end and e.start < b for a, b in allowed_spans)]
        rows.append({"id": post.id, "kind": post.kind, "codename": post.codename, "text": post.text,
                     "flagged": ";".join(report.flagged), "expected_risks": post.expected_risks,
                     "route": route, "expected_route": post.expected_route, "speaker": speaker,
                     "expected_speaker": post.expected_speaker, "codename_caught": caught,
                     "allow_caused": bool(caused), "has_allowed": bool(allowed_spans)})
    table = pd.DataFrame(rows)
    named = table[table["codename"] != ""]
    plain = named[named["kind"] != "codename_obfuscated"]
    disguised = named[named["kind"] == "codename_obfuscated"]
    with_allowed = table[table["has_allowed"]]
    figures = {
        "code-name recall": named["codename_caught"].mean(),
        "routing exact match": (table["route"] == table["expected_route"]).mean(),
        "speaker accuracy": (table["speaker"] == table["expected_speaker"]).mean(),
    }
    lines = [
        "## Measured", "",
        f"Produced by `python scripts/evaluate_policy.py` on {time.strftime('%Y-%m-%d')}: the default model "
        f"({reports[0].model_id}) under `{Path(args.policy).relative_to(ROOT) if Path(args.policy).is_relative_to(ROOT) else args.policy}` "
        f"(sha256 `{policy.digest[:12]}`), on {len(table)} team-written posts about the fictional Acme Robotics "
        f"(`data/policy/acme_posts.csv`, see data/DATA_CARD.md), scored in {seconds:.1f} s with their authors and channels.", "",
        "| figure | value | target |", "|---|---|---|",
        f"| code-name recall, all | {figures['code-name recall']:.1%} ({int(named['codename_caught'].sum())}/{len(named)}) | 100% |",
        f"| code-name recall, written plainly | {plain['codename_caught'].mean():.1%} "
        f"({int(plain['codename_caught'].sum())}/{len(plain)}) | |",
        f"| code-name recall, disguised (leet, spacing, homoglyphs, joined, repeated letters) | "
        f"{disguised['codename_caught'].mean():.1%} ({int(disguised['codename_caught'].sum())}/{len(disguised)}) | |",
        f"| flags caused by an allow-listed name ({len(with_allowed)} posts hold one) | {int(with_allowed['allow_caused'].sum())} | 0 |",
        f"| posts holding an allow-listed name flagged for any reason | {(with_allowed['flagged'] != '').sum()} | |",
        f"| routing exact match (owners and order) | {figures['routing exact match']:.1%} | >= 95% |",
        f"| speaker verdict accuracy | {figures['speaker accuracy']:.1%} | >= 95% |",
        f"| risk flags equal to the labels | {(table['flagged'] == table['expected_risks']).mean():.1%} | |", "",
        "Speaker verdicts by expected value: " + ", ".join(
            f"{k} {(g['speaker'] == k).mean():.0%} of {len(g)}" for k, g in table.groupby("expected_speaker")) + ".", "",
        "## Misses", "",
        "Every post whose route, speaker verdict or code-name catch differs from its label, with what smrisk flagged:", "",
        "| id | kind | flagged / expected | route / expected | speaker / expected | text |", "|---|---|---|---|---|---|",
    ]
    misses = table[(table["route"] != table["expected_route"]) | (table["speaker"] != table["expected_speaker"])
                   | ((table["codename"] != "") & ~table["codename_caught"]) | table["allow_caused"]]
    for row in misses.itertuples():
        text = " ".join(row.text.split()).replace("|", "\\|")
        lines.append(f"| {row.id} | {row.kind} | {row.flagged or '-'} / {row.expected_risks or '-'} | {row.route or '-'} / "
                     f"{row.expected_route or '-'} | {row.speaker} / {row.expected_speaker} | {text[:110]} |")
    causes = Counter()
    for row in misses.itertuples():
        got, want = set(row.flagged.split(";")) - {""}, set(row.expected_risks.split(";")) - {""}
        causes["model or rules flag differs from the label"] += got != want
    lines += ["", f"{len(misses)} posts listed; in {causes['model or rules flag differs from the label']} of them the risk flags "
              "themselves differ from the label (a model or rule miss, not a routing one).", ""]
    out = Path(args.out)
    kept = out.read_text(encoding="utf-8").split(MARKER)[0] if out.exists() else ""
    out.write_text(kept + MARKER + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:18]))
    met = all(figures[k] >= v for k, v in TARGETS.items()) and not with_allowed["allow_caused"].any()
    print("targets met" if met else "targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
