"""Is `smrisk batch` memory flat on a very large CSV? Writes one, scores it, samples RSS as it goes.

    pip install '.[bench]'
    python scripts/batch_memory.py --rows 1000000 --pad-bytes 2000 [--keep]

The CSV has an id, a text (drawn from the benchmark workload) and a `notes` column of
``--pad-bytes`` filler, so a file of many gigabytes can be made without scoring for days: the
batch job must read and write every byte but scores only the text. RSS of the `smrisk batch`
process is sampled every few seconds together with how far through the input it is; the
figures are printed as a Markdown table (append them to docs/benchmarks.md by hand).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def write_csv(path: Path, rows: int, pad_bytes: int) -> None:
    """A reproducible CSV of ``rows`` rows, each with ``pad_bytes`` of filler beside the text."""
    from benchmark import workload

    texts = workload(20_000, None)
    rng = random.Random(7)
    filler = "".join(rng.choice("abcdefghij ") for _ in range(pad_bytes))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "notes"])
        for i in range(rows):
            writer.writerow([i, texts[i % len(texts)], filler])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pad-bytes", type=int, default=2_000)
    parser.add_argument("--every", type=float, default=10.0, help="seconds between RSS samples")
    parser.add_argument("--folder", help="where to write the CSVs (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the input and output files")
    args = parser.parse_args()

    folder = Path(args.folder or tempfile.mkdtemp(prefix="smrisk_batch_memory_"))
    source, target = folder / "large.csv", folder / "large_scored.csv"
    start = time.perf_counter()
    write_csv(source, args.rows, args.pad_bytes)
    size = source.stat().st_size
    print(f"wrote {source} ({size / 1e9:.2f} GB, {args.rows:,} rows) in {time.perf_counter() - start:.0f} s", flush=True)

    command = [sys.executable, "-m", "smrisk", "batch", str(source), "-o", str(target), "--no-progress"]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(process.pid)
    samples: list[tuple[float, float, float]] = []  # seconds, share of input read, RSS MB
    while process.poll() is None:
        try:
            rss = watched.memory_info().rss / 1e6
            read = sum(f.position for f in watched.open_files() if f.path == str(source))
        except psutil.Error:
            break
        samples.append((time.perf_counter() - start, read / size, rss))
        time.sleep(args.every)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    with target.open(encoding="utf-8", newline="") as handle:
        rows_out = sum(1 for _ in csv.reader(handle)) - 1

    print(f"\nexit {process.returncode}; {err.strip()}")
    print(f"input {size / 1e9:.2f} GB, {args.rows:,} rows in, {rows_out:,} rows out, {seconds:.0f} s "
          f"({args.rows / seconds:,.0f} rows/s), peak RSS sampled {max(s[2] for s in samples):.0f} MB\n")
    print("| elapsed | input read | RSS |\n|---|---|---|")
    step = max(1, len(samples) // 12)
    for elapsed, share, rss in samples[::step] + samples[-1:]:
        print(f"| {elapsed:,.0f} s | {100 * share:.0f}% | {rss:.0f} MB |")
    if not args.keep:
        source.unlink()
        target.unlink()
    return 0 if process.returncode == 0 and rows_out == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())
