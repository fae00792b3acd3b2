"""Build the shipped default model, reproducibly, from the public datasets and our corpus.

    python scripts/train_default_model.py [--datasets ../shared/datasets] [--search]

Training rows: the `train` split of every public set marked "yes" in the datasets README and
of data/corpus/corpus.csv (team rows weighted up: they are the posts our users write).
Thresholds: chosen on the team corpus' `validation` split. Metrics: the team `test` split,
the public `test` splits, the separately written `xsource` slice and OLID (never trained on).
--search compares a few feature/regularisation settings on validation before training.
Writes smrisk/model_files/default/ and models/MODEL_CARD.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smrisk.categories import CATEGORIES  # noqa: E402
from smrisk.corpora import olid, public_training_data, shared_datasets_dir, team_corpus  # noqa: E402
from smrisk.evaluation import MIN_RECALL, TARGET_PRECISION, risk_metrics  # noqa: E402
from smrisk.model.store import default_model_dir, save_bundle  # noqa: E402
from smrisk.scorer import Scorer  # noqa: E402
from smrisk.training import evaluate, fit_bundle, scores_for  # noqa: E402

TEAM_WEIGHT = 100.0  # chosen by --search on validation (see models/MODEL_CARD.md)
MAX_TRAIN_CHARS = 1_000  # long public comments are cut to post length for training
PARAMS = dict(word_ngrams=2, char_ngrams=None, min_df=2, max_features=200_000, C=2.0, random_state=0)
GRID = [
    (10.0, dict(PARAMS)),
    (30.0, dict(PARAMS)),
    (100.0, dict(PARAMS)),
    (100.0, dict(PARAMS, C=8.0)),
    (300.0, dict(PARAMS)),
    (100.0, dict(PARAMS, word_ngrams=3, max_features=300_000)),
]


def labels(frame: pd.DataFrame) -> np.ndarray:
    return frame[list(CATEGORIES)].to_numpy(dtype=np.float64)


def metrics_of(scorer: Scorer, frame: pd.DataFrame) -> dict[str, dict]:
    return {r: m.to_dict() for r, m in evaluate(scorer, frame["text"].tolist(), labels(frame), CATEGORIES).items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=None, help="path of shared/datasets")
    parser.add_argument("--search", action="store_true", help="compare settings on validation first")
    args = parser.parse_args()
    started = time.time()
    public = public_training_data(args.datasets)
    team = team_corpus()
    train = pd.concat([public[public.split == "train"], team[team.split == "train"]], ignore_index=True)
    train["text"] = train["text"].str.slice(0, MAX_TRAIN_CHARS)
    is_team = train["source"].str.startswith("team:").to_numpy()
    validation = team[team.split == "validation"]
    print(f"train rows {len(train)} (team {int(is_team.sum())}), validation rows {len(validation)}")

    team_weight, params = TEAM_WEIGHT, PARAMS
    search = []
    if args.search:
        for weight, candidate in GRID:
            weights = np.where(is_team, weight, 1.0)
            t0 = time.time()
            bundle = fit_bundle(train["text"].tolist(), labels(train), CATEGORIES, validation["text"].tolist(),
                                labels(validation), sample_weight=weights, **candidate)
            scores = scores_for(Scorer([bundle]), validation["text"].tolist())
            val = {r: risk_metrics(validation[r].to_numpy(), scores[:, k], bundle.thresholds[r])
                   for k, r in enumerate(CATEGORIES)}
            mean_ap = float(np.mean([m.average_precision for m in val.values()]))
            row = {"params": {k: v for k, v in candidate.items() if k != "random_state"}, "team_weight": weight,
                   "validation_mean_ap": round(mean_ap, 4),
                   "validation_ap": {r: round(m.average_precision, 4) for r, m in val.items()},
                   "fit_seconds": round(time.time() - t0, 1)}
            search.append(row)
            print(json.dumps(row))
        team_weight, params = max(zip(search, GRID, strict=True), key=lambda pair: pair[0]["validation_mean_ap"])[1]
        print("chosen", team_weight, params)

    weights = np.where(is_team, team_weight, 1.0)
    bundle = fit_bundle(train["text"].tolist(), labels(train), CATEGORIES, validation["text"].tolist(),
                        labels(validation), sample_weight=weights, **params)
    scorer = Scorer([bundle])
    public_test = public[public.split == "test"]
    root = shared_datasets_dir(args.datasets)
    evaluation = {
        "team_test": metrics_of(scorer, team[team.split == "test"]),
        "team_xsource": metrics_of(scorer, team[team.split == "xsource"]),
        "public_test": metrics_of(scorer, public_test),
        "olid_train_file": metrics_of(scorer, olid(root)),
    }
    card = {
        "name": "default",
        "description": describe(params),
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()},
        "training_data": {
            "public_sources": sorted(set(public["source"])),
            "team_corpus": "data/corpus/corpus.csv (split=train)",
            "team_weight": team_weight,
            "rows": {"train": len(train), "validation": len(validation)},
            "train_rows_per_source": train["source"].value_counts().to_dict(),
            "corpus_sha256": hashlib.sha256((ROOT / "data/corpus/corpus.csv").read_bytes()).hexdigest(),
        },
        "thresholds_chosen_on": f"team corpus validation split: best recall at precision >= {TARGET_PRECISION} "
                                f"if that recall reaches {MIN_RECALL}, else best F1",
        "metrics": evaluation,
        "search": search,
        "versions": {"python": platform.python_version(), "sklearn": sklearn.__version__, "spacy": spacy.__version__,
                     "numpy": np.__version__, "pandas": pd.__version__},
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "train_seconds": round(time.time() - started, 1),
    }
    bundle = type(bundle)(bundle.estimator, bundle.thresholds, card)
    target = save_bundle(bundle, default_model_dir(), name="default")
    saved = json.loads((target / "card.json").read_text())
    (ROOT / "models" / "MODEL_CARD.md").write_text(render_card(saved), encoding="utf-8")
    print(json.dumps(evaluation["team_test"], indent=1))
    print(f"saved {target} ({saved['size_bytes'] / 1e6:.1f} MB, sha256 {saved['sha256'][:12]}) in {card['train_seconds']} s")
    return 0


def describe(params: dict) -> str:
    """One line saying what the model is, from its parameters."""
    features = f"word 1-{params['word_ngrams']}-grams"
    if params.get("char_ngrams"):
        low, high = params["char_ngrams"]
        features += f" and in-word character {low}-{high}-grams"
    return f"smrisk default model: calibrated logistic regression per risk over {features}, combined with rule detectors"


def render_card(card: dict) -> str:
    """The human-readable model card, from the machine-readable one."""
    lines = [
        "# smrisk default model card",
        "",
        f"- **Model:** {card['description']}.",
        f"- **Parameters:** `{json.dumps(card['params'])}`",
        f"- **File:** `smrisk/model_files/default/model.npz`, {card['size_bytes'] / 1e6:.1f} MB, "
        f"sha256 `{card['sha256']}`",
        f"- **Trained:** {card['trained_at']} in {card['train_seconds']} s; saved {card['saved_at']}",
        f"- **Library versions:** {json.dumps(card['versions'])}",
        f"- **Thresholds** ({card['thresholds_chosen_on']}): "
        + ", ".join(f"{k} {v:.3f}" for k, v in card["thresholds"].items()),
        "",
        "## Training data",
        "",
        f"- Public sets (train split by text hash, 80/10/10): {', '.join(card['training_data']['public_sources'])}.",
        f"- Team corpus: {card['training_data']['team_corpus']}, weight {card['training_data']['team_weight']}; "
        f"corpus sha256 `{card['training_data']['corpus_sha256'][:16]}...`",
        f"- Rows: {card['training_data']['rows']}",
        "- Attribution: Jigsaw comment text is from Wikipedia contributors (CC BY-SA 3.0); see each dataset's SOURCE.md.",
        "",
        "## Metrics (never on data the model was fitted or tuned on)",
        "",
    ]
    names = {"team_test": "Team corpus, test split", "team_xsource": "Team corpus, separately written slice (xsource)",
             "public_test": "Public sets, test split", "olid_train_file": "OLID training file (never trained on)"}
    for key, title in names.items():
        lines += [f"### {title}", "", "| risk | n | positives | ROC-AUC | AP | precision | recall | F1 | ECE |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for risk, m in card["metrics"][key].items():
            cells = [m["n"], m["positives"], m["roc_auc"], m["average_precision"], m["precision"], m["recall"], m["f1"], m["ece"]]
            lines.append(f"| {risk} | " + " | ".join("-" if c is None else str(c) for c in cells) + " |")
        lines.append("")
    if card.get("search"):
        lines += ["## Settings compared on validation", "",
                  "| settings | team weight | mean AP | per risk | fit s |", "|---|---|---|---|---|"]
        for row in card["search"]:
            lines.append(f"| `{json.dumps(row['params'])}` | {row['team_weight']} | {row['validation_mean_ap']} "
                         f"| {row['validation_ap']} | {row['fit_seconds']} |")
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
