"""How well a company policy works on posts about that company: writes the measured part of docs/policy.md.

    python scripts/evaluate_policy.py                       # every fictional company shipped in data/policy
    python scripts/evaluate_policy.py --policy P.toml --posts P.csv --name "Your company" --out report.md

Scores every post with the default model under its company's policy, with its author and channel,
and reports per company: code-name recall (plain and disguised), flags caused by an allow-listed
name, routing exact-match accuracy, speaker-verdict accuracy, and the risk flags against the labels,
with the misses listed so a reviewer can judge them. The posts are team-written (data/DATA_CARD.md)
and were never used to train or tune the model; what each set was used for besides is in
``COMPANIES`` and the data card.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARKER = "<!-- measured: written by scripts/evaluate_policy.py below this line -->"
TARGETS = {"code-name recall": 1.0, "routing exact match": 0.95, "speaker accuracy": 0.95}


@dataclass(frozen=True)
class Company:
    """One fictional company's policy and labelled posts, and how far the set is still held out."""

    name: str
    policy: Path
    posts: Path
    use: str


POLICY_DIR = ROOT / "data" / "policy"
#: What the routing round of 2026-12-06 did with the development sets' misses.
_READ_AGAIN = ", its misses read again in the routing round (credential rules, claims about rivals, disparagement cues)"
COMPANIES = (
    Company("Skyward Air", POLICY_DIR / "skyward_policy.toml", POLICY_DIR / "skyward_posts.csv",
            "written blind by a helper after `disparagement` was built; scored once (routing 76.0%, 72.7% without "
            "`disparagement`), then its misses were read and led to a second round of rule changes: a development set since" + _READ_AGAIN),
    Company("Tidewell", POLICY_DIR / "tidewell_policy.toml", POLICY_DIR / "tidewell_posts.csv",
            "written blind by a helper; scored as written (routing 76.2%, 81.6% with `disparagement`), then its misses "
            "were read and led to rule changes (credentials, disparagement cues): a development set since" + _READ_AGAIN),
    Company("Fernhill Market", POLICY_DIR / "fernhill_policy.toml", POLICY_DIR / "fernhill_posts.csv",
            "written blind by a helper; scored once as written (routing 68.0%, with claims read by the general model; "
            "67.0% without), then its misses were read while the claims model was built, whose threshold was chosen on "
            "the other three companies: a development set since" + _READ_AGAIN),
    Company("Cobbleridge Credit Union", POLICY_DIR / "cobbleridge_policy.toml", POLICY_DIR / "cobbleridge_posts.csv",
            "written blind by a helper while the rules were changed for the other four; first scored after those changes "
            "(routing 83.7% with default@f4323ade320b), then again for each later change, none chosen on it: held out"),
    Company("Acme Robotics", POLICY_DIR / "acme_policy.toml", POLICY_DIR / "acme_posts.csv",
            "the first set; its misses were read in several sessions (the routing round too) and shaped rules and corpus waves: "
            "optimistic"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", help="one policy file (with --posts) instead of the shipped companies")
    parser.add_argument("--posts", help="its labelled posts (columns as data/policy/acme_posts.csv)")
    parser.add_argument("--name", default="your company", help="the company's name in the report")
    parser.add_argument("--out", default=str(ROOT / "docs" / "policy.md"))
    args = parser.parse_args()
    if bool(args.policy) != bool(args.posts):
        parser.error("--policy and --posts go together")
    companies = ([Company(args.name, Path(args.policy), Path(args.posts), "given on the command line")] if args.policy
                 else [c for c in COMPANIES if c.policy.exists()])

    if not companies:
        parser.error(f"no company policy files in {POLICY_DIR}; pass --policy and --posts")
    measured = [measure(company) for company in companies]
    lines = ["## Measured", "",
             f"Produced by `python scripts/evaluate_policy.py` on {time.strftime('%Y-%m-%d')} with the default model "
             f"({measured[0][2]}): each company's posts scored under its own policy, with their authors and channels.", "",
             "| company | posts | code-name recall | flags caused by an allow-listed name | routing exact match | "
             "speaker accuracy | risk flags equal to the labels | how the set was used |",
             "|---|---|---|---|---|---|---|---|"]
    for company, (figures, _, _) in zip(companies, measured, strict=True):
        lines.append(f"| {company.name} | {figures['posts']} | {figures['code-name recall']:.1%} | {figures['allow flags']} | "
                     f"{figures['routing exact match']:.1%} | {figures['speaker accuracy']:.1%} | {figures['flags equal']:.1%} | "
                     f"{company.use} |")
    lines += ["", "Targets (issue 11): code-name recall 100%, routing and speaker accuracy at least 95%, no flag caused by an "
              "allow-listed name.", ""]
    for _, section, _ in measured:
        lines += section
    out = Path(args.out)
    kept = out.read_text(encoding="utf-8").split(MARKER)[0] if out.exists() else ""
    out.write_text(kept + MARKER + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:8 + len(companies)]))
    met = all(figures[k] >= v for figures, _, _ in measured for k, v in TARGETS.items()) and not any(
        figures["allow flags"] for figures, _, _ in measured)
    print("targets met" if met else "targets NOT met")
    return 0


def measure(company: Company) -> tuple[dict[str, float], list[str], str]:
    """Figures, the report section and the model id for one company."""
    import smrisk
    from smrisk.phrases import phrase_pattern

    policy = smrisk.load_policy(company.policy)
    posts = pd.read_csv(company.posts, dtype=str, keep_default_na=False)
    started = time.perf_counter()
    reports = smrisk.score_many(posts["text"].tolist(), policy=policy, authors=posts["author"].tolist(),
                                channels=posts["channel"].tolist())
    seconds = time.perf_counter() - started
    codename_sources = {lexicon.source for lexicon in policy.lexicons if lexicon.risk == "confidential" and not lexicon.context_only}
    allowed = phrase_pattern(policy.allow)

    rows = []
    for post, report in zip(posts.itertuples(), reports, strict=True):
        caught = report.scores["confidential"].flagged and any(
            e.source in codename_sources and e.score > 0 for e in report.scores["confidential"].evidence)
        allowed_spans = [m.span() for m in allowed.finditer(post.text.lower())] if allowed else []
        caused = [e for risk in report.flagged for e in report.scores[risk].top_evidence()
                  if any(a < e.end and e.start < b for a, b in allowed_spans)]
        rows.append({"id": post.id, "kind": post.kind, "codename": post.codename, "text": post.text,
                     "flagged": ";".join(report.flagged), "expected_risks": post.expected_risks,
                     "route": ";".join(r.owner for r in report.route), "expected_route": post.expected_route,
                     "speaker": report.speaker.status if report.speaker else "",
                     "expected_speaker": post.expected_speaker, "codename_caught": caught,
                     "allow_caused": bool(caused), "has_allowed": bool(allowed_spans)})
    table = pd.DataFrame(rows)
    named = table[table["codename"] != ""]
    plain = named[named["kind"] != "codename_obfuscated"]
    disguised = named[named["kind"] == "codename_obfuscated"]
    with_allowed = table[table["has_allowed"]]
    figures = {
        "posts": len(table),
        "code-name recall": named["codename_caught"].mean(),
        "routing exact match": (table["route"] == table["expected_route"]).mean(),
        "speaker accuracy": (table["speaker"] == table["expected_speaker"]).mean(),
        "flags equal": (table["flagged"] == table["expected_risks"]).mean(),
        "allow flags": int(with_allowed["allow_caused"].sum()),
    }
    section = [
        f"## {company.name}", "",
        f"`{_shown(company.policy)}` (sha256 `{policy.digest[:12]}`), {len(table)} posts in `{_shown(company.posts)}` "
        f"(see data/DATA_CARD.md), scored in {seconds:.1f} s. The set: {company.use}.", "",
        "| figure | value | target |", "|---|---|---|",
        f"| code-name recall, all | {figures['code-name recall']:.1%} ({int(named['codename_caught'].sum())}/{len(named)}) | 100% |",
        f"| code-name recall, written plainly | {plain['codename_caught'].mean():.1%} "
        f"({int(plain['codename_caught'].sum())}/{len(plain)}) | |",
        f"| code-name recall, disguised (leet, spacing, homoglyphs, joined, repeated letters) | "
        f"{disguised['codename_caught'].mean():.1%} ({int(disguised['codename_caught'].sum())}/{len(disguised)}) | |",
        f"| flags caused by an allow-listed name ({len(with_allowed)} posts hold one) | {figures['allow flags']} | 0 |",
        f"| posts holding an allow-listed name flagged for any reason | {(with_allowed['flagged'] != '').sum()} | |",
        f"| routing exact match (owners and order) | {figures['routing exact match']:.1%} | >= 95% |",
        f"| speaker verdict accuracy | {figures['speaker accuracy']:.1%} | >= 95% |",
        f"| risk flags equal to the labels | {figures['flags equal']:.1%} | |", "",
        "Routing by kind of post: " + ", ".join(
            f"{kind} {(g['route'] == g['expected_route']).mean():.0%} of {len(g)}" for kind, g in table.groupby("kind")) + ".", "",
        "Speaker verdicts by expected value: " + ", ".join(
            f"{k} {(g['speaker'] == k).mean():.0%} of {len(g)}" for k, g in table.groupby("expected_speaker")) + ".", "",
        f"### Misses ({company.name})", "",
        "Every post whose route, speaker verdict or code-name catch differs from its label, with what smrisk flagged:", "",
        "| id | kind | flagged / expected | route / expected | speaker / expected | text |", "|---|---|---|---|---|---|",
    ]
    misses = table[(table["route"] != table["expected_route"]) | (table["speaker"] != table["expected_speaker"])
                   | ((table["codename"] != "") & ~table["codename_caught"]) | table["allow_caused"]]
    for row in misses.itertuples():
        text = " ".join(row.text.split()).replace("|", "\\|")
        section.append(f"| {row.id} | {row.kind} | {row.flagged or '-'} / {row.expected_risks or '-'} | {row.route or '-'} / "
                       f"{row.expected_route or '-'} | {row.speaker} / {row.expected_speaker} | {text[:110]} |")
    differ = sum(set(r.flagged.split(";")) - {""} != set(r.expected_risks.split(";")) - {""} for r in misses.itertuples())
    section += ["", f"{len(misses)} posts listed; in {differ} of them the risk flags themselves differ from the label "
                "(a model or rule miss, not a routing one).", ""]
    return figures, section, reports[0].model_id


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


if __name__ == "__main__":
    sys.exit(main())
