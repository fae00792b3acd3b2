"""Rebuild the reply-in-context model (smrisk/model_files/context/model.json) from the team-written pairs.

    python scripts/train_context_model.py [--pairs data/threads/pairs.csv] [--out smrisk/model_files/context/model.json]

Reads every pair with the shipped default model (run it again whenever that model is retrained:
the features are its scores), fits one logistic regression per risk on the train split, picks
each threshold on the val split (no lower than keeps real customer-care replies in their conversations
quiet: the closing replies of ``care_closing_replies_in_context``) and switches context scoring on for a
risk only where it helped there. The held-out splits (test, fresh, fresh2) are not read here: scripts/evaluate_context.py reports on them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default=str(ROOT / "data" / "threads" / "pairs.csv"))
    parser.add_argument("--out", default=str(ROOT / "smrisk" / "model_files" / "context" / "model.json"))
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength of each logistic regression")
    parser.add_argument("--datasets", default=None, help="path of shared/datasets (real care conversations kept quiet)")
    args = parser.parse_args()

    from smrisk.api import default_scorer
    from smrisk.corpora import care_closing_replies_in_context, shared_datasets_dir
    from smrisk.reply_model import save_context_model
    from smrisk.reply_training import fit_context_model, load_pairs

    pairs = load_pairs(args.pairs)
    pairs = pairs[pairs["split"].isin(["train", "val"])].reset_index(drop=True)  # never the held-out test, fresh and fresh2 splits
    root = shared_datasets_dir(args.datasets)
    quiet = care_closing_replies_in_context(root) if (root / "ibm_twitter_customer_care").is_dir() else []
    if not quiet:
        print("no real care conversations found: thresholds chosen on the pairs alone")
    model = fit_context_model(pairs, default_scorer(), c=args.c, quiet=quiet)
    path = save_context_model(model, args.out)
    print(f"wrote {path} (base model {model.base_model_id})")
    for risk, weights in model.risks.items():
        numbers = ", ".join(f"{k} {v:.3f}" for k, v in model.card["validation"][risk].items())
        print(f"  {risk:<13} threshold {weights.threshold:.3f}  context {'on ' if weights.use else 'off'}  val F1: {numbers}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
