"""Draw the posts for the blind benign-label judgement (data/judged/): 200 HateXplain validation posts
whose annotator majority is "normal" and 200 Davidson "neither" tweets from our loader's test part.

    PYTHONPATH=. python scripts/sample_judged.py [--datasets PATH] [--out FILE] [--n 200] [--seed 20261206]

Writes `source, text_sha1, text` (HateXplain first, then Davidson, each in sampled order); the judged
file keeps `source, text_sha1` and the judgements, not the text (`smrisk.corpora.judged_benign` looks it up). Texts are
de-duplicated before sampling, so no text is judged twice. The judgements are added by hand afterwards;
re-running this script reproduces the same rows, in the same order, as data/judged/real_benign_judged.csv.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from smrisk.corpora import JUDGED_POOLS, shared_datasets_dir, text_sha1

SEED = 20261206


def sample(texts: list[str], n: int, seed: int) -> list[str]:
    """n distinct texts, drawn without replacement with a fixed seed."""
    pool = pd.Series(list(dict.fromkeys(texts)))
    return pool.sample(n=n, replace=False, random_state=seed).tolist()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=None, help="the shared datasets folder")
    parser.add_argument("--out", default="-", help="CSV to write, '-' for stdout")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    root = shared_datasets_dir(args.datasets)
    rows = []
    for source, pool in JUDGED_POOLS.items():
        texts = pool(root)
        print(f"{source}: {len(texts)} posts, {len(set(texts))} distinct", file=sys.stderr)
        rows += [{"source": source, "text_sha1": text_sha1(t), "text": t} for t in sample(texts, args.n, args.seed)]
    pd.DataFrame(rows).to_csv(sys.stdout if args.out == "-" else args.out, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
