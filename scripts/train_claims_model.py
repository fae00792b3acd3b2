"""Train the claims model (smrisk/model_files/claims) from the team-written posts about named businesses.

    python scripts/train_claims_model.py [--claims data/disparagement/claims.csv] [--out smrisk/model_files/claims]

Fits on the `train` split with each candidate setting, picks the one with the best average precision
on the `validation` split (held out by party: no business of it is in train), refits it on train and
saves it with a card. The policy evaluation sets (data/policy) are not read here: `claim_threshold`'s
default is chosen on the development companies by scripts/evaluate_policy.py's figures.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from smrisk.categories import DEROGATORY  # noqa: E402
from smrisk.claims_model import PARTY, party_view  # noqa: E402
from smrisk.evaluation import risk_metrics  # noqa: E402
from smrisk.model.estimator import RiskModel, model_view  # noqa: E402
from smrisk.model.store import ModelBundle, save_bundle  # noqa: E402

#: Settings compared on validation (word n-grams only: the phrases a reviewer reads in the reason).
CANDIDATES = [
    {"word_ngrams": 2, "C": 1.0}, {"word_ngrams": 2, "C": 4.0}, {"word_ngrams": 3, "C": 1.0},
    {"word_ngrams": 3, "C": 4.0}, {"word_ngrams": 3, "C": 16.0},
]


def with_party(frame: pd.DataFrame) -> list[str]:
    """Each text as ``party_view`` shows it when scoring: its party's mentions (as written, or as an
    @handle) replaced by ``PARTY``, a possessive included."""
    out = []
    for text, party in zip(frame["text"], frame["party"], strict=True):
        words = re.sub(r"['’]s$", "", str(party).lstrip("@")).split()
        pattern = re.compile(r"(?i)@?" + r"[\s_-]?".join(re.escape(w) for w in words) + r"(?=\W|$)")
        out.append(party_view(str(text), [m.span() for m in pattern.finditer(str(text))]))
    return out


def fit(frame: pd.DataFrame, settings: dict) -> RiskModel:
    model = RiskModel(risks=(DEROGATORY,), char_ngrams=None, min_df=1, max_features=None, **settings)
    return model.fit(with_party(frame), frame[["claim"]].to_numpy(float))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default=str(ROOT / "data" / "disparagement" / "claims.csv"))
    parser.add_argument("--out", default=str(ROOT / "smrisk" / "model_files" / "claims"))
    args = parser.parse_args()
    rows = pd.read_csv(args.claims)
    train, validation = rows[rows["split"] == "train"], rows[rows["split"] == "validation"]
    labels = validation["claim"].to_numpy(int)
    results = []
    for settings in CANDIDATES:
        scores = fit(train, settings).to_linear().predict_proba(model_view(with_party(validation)))[:, 0]
        metrics = risk_metrics(labels, scores, 0.5)
        results.append((metrics.average_precision, settings, metrics))
        print(f"  {settings}: validation AP {metrics.average_precision:.3f}, ROC-AUC {metrics.roc_auc:.3f}")
    best_ap, best, metrics = max(results, key=lambda r: r[0])
    model = fit(train, best).to_linear()
    card = {
        "description": "smrisk claims model: does a post that names a business say something negative about it "
                       f"(the business's name replaced by {PARTY!r}); read only for terms of a policy lexicon with "
                       "disparagement = true",
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": {"file": "data/disparagement/claims.csv", "train_rows": len(train), "validation_rows": len(validation),
                 "validation_parties": int(validation["party"].nunique())},
        "settings": best,
        "compared": [{"settings": s, "validation_ap": round(ap, 4), "validation_roc_auc": round(m.roc_auc, 4)}
                     for ap, s, m in results],
        "validation": {"average_precision": round(best_ap, 4), "roc_auc": round(metrics.roc_auc, 4)},
    }
    path = save_bundle(ModelBundle(model, {DEROGATORY: 0.5}, card), args.out, "claims")
    print(f"wrote {path}: {best}, validation AP {best_ap:.3f}, ROC-AUC {metrics.roc_auc:.3f}")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    raise SystemExit(main())
