"""Does `smrisk batch` scale across cores? `--workers 1` vs `--workers 2`, and `--scheduler`, in one run.

    pip install '.[dask]'
    python scripts/benchmark_scale.py [--rows 200000] [--chunk-rows 2000] [--datasets ../shared/datasets]

Writes a CSV of ``--rows`` rows (id, text; texts from scripts/benchmark.py's ``workload()``), then
scores it in a fresh process with a ``LocalCluster`` of 1 and of 2 worker processes (the code path
of ``smrisk batch --workers N``): wall time, rows/s, speed-up, peak RSS of every worker (asked of
the workers themselves: VmHWM from /proc/self/status) and of the driver. Then it starts a
2-worker ``LocalCluster`` itself and runs ``smrisk batch --scheduler ADDRESS`` against it, and
checks that every output is byte-identical. The driver's CPU time while scoring gives how many
rows/s one driver can feed. It prints a Markdown table and the 100-million-post plan worked from these
figures, and writes both into the "Measured" section of docs/scaling.md. Targets are reported,
never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

TARGET_SPEED_UP = 1.6
PLAN_POSTS = 100_000_000
PLAN_WORKERS = (8, 32, 128)
START, END = "<!-- measured:start -->", "<!-- measured:end -->"


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return float("nan")


def write_csv(path: Path, rows: int, datasets: str | None) -> float:
    """The benchmark CSV; returns the mean text length in characters."""
    from benchmark import workload

    texts = workload(rows, datasets)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([i, text] for i, text in enumerate(texts))
    return sum(map(len, texts)) / max(1, len(texts))


def child(workers: int, source: str, output: str, chunk_rows: int) -> None:
    """One measured run (in a fresh process): start the cluster, score, ask the workers their peak RSS."""
    import resource

    from smrisk.batch import score_file
    from smrisk.cluster import DaskRunner

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    began = time.perf_counter()
    with DaskRunner(workers=workers) as runner:
        runner.client.wait_for_workers(workers)
        started, cpu_started = time.perf_counter(), cpu()
        summary = score_file(source, output, runner, chunk_rows=chunk_rows, progress=False)
        scored, cpu_scored = time.perf_counter(), cpu()
        worker_rss = sorted(runner.client.run(peak_rss_mb).values())
    print(json.dumps({
        "workers": workers, "rows": summary.rows, "start_s": started - began, "score_s": scored - started,
        "worker_rss_mb": worker_rss, "driver_rss_mb": peak_rss_mb(), "driver_cpu_s": cpu_scored - cpu_started,
    }))


def measure(workers: int, source: Path, output: Path, chunk_rows: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(workers), "--source", str(source), "--output", str(output),
         "--chunk-rows", str(chunk_rows)],
        capture_output=True, text=True, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def through_scheduler(source: Path, output: Path, chunk_rows: int) -> float:
    """Wall time of `smrisk batch --scheduler` (the CLI, start-up included) against a 2-worker LocalCluster started here."""
    from smrisk.cluster import local_cluster

    with local_cluster(2) as cluster:  # set up as docs/scaling.md advises for a cluster of your own
        command = [sys.executable, "-m", "smrisk", "batch", str(source), "-o", str(output), "--chunk-rows", str(chunk_rows),
                   "--no-progress", "--scheduler", cluster.scheduler_address]
        began = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
        seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"smrisk batch --scheduler failed: {done.stderr}")
    return seconds


def plan(per_worker: float, efficiency: float, driver_rate: float, worker_mb: float, driver_mb: float,
         in_bytes: float, out_bytes: float) -> list[dict]:
    """The 100-million-post arithmetic for a few cluster sizes (see docs/scaling.md for the formulas)."""
    rows = []
    for workers in PLAN_WORKERS:
        rate = workers * per_worker * efficiency
        drivers = math.ceil(rate / driver_rate)
        rows.append({
            "workers": workers, "rows_per_s": rate, "hours": PLAN_POSTS / rate / 3600, "drivers": drivers,
            "memory_gb": (workers * worker_mb + drivers * driver_mb) / 1024,
            "input_gb": PLAN_POSTS * in_bytes / 1e9, "output_gb": PLAN_POSTS * out_bytes / 1e9,
        })
    return rows


def report(args: argparse.Namespace, runs: dict[int, dict], scheduler_s: float, identical: bool, sizes: tuple[int, int],
           mean_chars: float) -> str:
    one, two = runs[1], runs[2]
    rate = {n: run["rows"] / run["score_s"] for n, run in runs.items()}
    speed_up = one["score_s"] / two["score_s"]
    per_worker = rate[2] / 2
    efficiency = 1.0  # per_worker is measured with two workers sharing the machine, so it already carries their contention
    driver_rate = args.rows / max(two["driver_cpu_s"], 1e-3)
    worker_mb = max(max(run["worker_rss_mb"]) for run in runs.values())
    in_bytes, out_bytes = sizes[0] / args.rows, sizes[1] / args.rows
    driver_mb = max(run["driver_rss_mb"] for run in runs.values())  # VmHWM of the --workers drivers (with their scheduler)
    planned = plan(per_worker, efficiency, driver_rate, worker_mb, driver_mb, in_bytes, out_bytes)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    command = f"python scripts/benchmark_scale.py --rows {args.rows} --chunk-rows {args.chunk_rows}" + (
        f" --datasets {args.datasets}" if args.datasets else "")
    chunks = math.ceil(args.rows / args.chunk_rows)
    lines = [
        f"Produced by `{command}` on "
        f"{time.strftime('%Y-%m-%d')}: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"{args.rows:,} rows (mean text {mean_chars:.0f} characters, {sizes[0] / 1e6:.1f} MB of CSV in, "
        f"{sizes[1] / 1e6:.1f} MB out); each run in a fresh process.",
        "",
        "| run | cluster start | scoring wall time | rows/s | speed-up | peak RSS per worker | driver peak RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, run in runs.items():
        lines.append(
            f"| `--workers {n}` | {run['start_s']:.1f} s | {run['score_s']:.1f} s | {rate[n]:,.0f} | "
            f"{one['score_s'] / run['score_s']:.2f}x | {' / '.join(f'{m:.0f}' for m in run['worker_rss_mb'])} MB | "
            f"{run['driver_rss_mb']:.0f} MB |")
    lines += [
        f"| `--scheduler` (2-worker LocalCluster started by the script) | | {scheduler_s:.1f} s (with CLI start-up) | "
        f"{args.rows / scheduler_s:,.0f} | | | |",
        "",
        f"- Speed-up of `--workers 2` over `--workers 1`: **{speed_up:.2f}x** (target >= {TARGET_SPEED_UP}x: "
        f"{'met' if speed_up >= TARGET_SPEED_UP else 'not met'}). Scoring wall time starts once the workers are up and "
        "includes each worker loading the model on its first chunk.",
        *([f"- Only {chunks} chunks of {args.chunk_rows:,} rows: too few for a fair speed-up or per-worker rate (each "
           "worker's model load and the last, unshared chunk weigh heavily); the full run is `--rows 200000`."]
          if chunks < 50 else []),
        f"- Outputs of `--workers 1`, `--workers 2` and `--scheduler`: {'byte-identical' if identical else 'DIFFERENT'}.",
        f"- Per-worker rate r = rows/s with 2 workers / 2 = **{per_worker:,.0f} rows/s**. While scoring, the `--workers 2` "
        f"driver process (reading, sending, receiving and writing rows, and the scheduler it hosts) used "
        f"{two['driver_cpu_s']:.2f} s of CPU for {args.rows:,} rows, so one driver can feed d = **{driver_rate:,.0f} rows/s**.",
        f"- Bytes per row: {in_bytes:.0f} in (CSV), {out_bytes:.0f} out (CSV with the added columns).",
        "",
        f"Plan for {PLAN_POSTS:,} posts from these figures (P / (W x r); drivers = ceil(W x r / d); memory = W x "
        f"{worker_mb:.0f} MB + drivers x {driver_mb:.0f} MB):",
        "",
        "| workers W | rows/s | wall time | drivers (files scored at once) | cluster memory | data in / out (CSV) |",
        "|---|---|---|---|---|---|",
        *[f"| {p['workers']} | {p['rows_per_s']:,.0f} | {p['hours']:.1f} h | {p['drivers']} | {p['memory_gb']:.1f} GB | "
          f"{p['input_gb']:.0f} GB / {p['output_gb']:.0f} GB |" for p in planned],
    ]
    return "\n".join(lines)


def write_doc(section: str, doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{doc} has no {START} ... {END} markers; not written")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{section}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--chunk-rows", type=int, default=2000)
    parser.add_argument("--datasets", help="the public datasets folder (default: ../shared/datasets)")
    parser.add_argument("--folder", help="where to write the CSVs (default: a temporary folder)")
    parser.add_argument("--doc", default=str(ROOT / "docs" / "scaling.md"), help="the doc whose Measured section is rewritten")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.source, args.output, args.chunk_rows)
        return 0

    folder = Path(args.folder or tempfile.mkdtemp(prefix="smrisk_scale_"))
    source = folder / "posts.csv"
    mean_chars = write_csv(source, args.rows, args.datasets)
    print(f"wrote {source}: {args.rows:,} rows", flush=True)
    runs = {}
    for workers in (1, 2):
        runs[workers] = measure(workers, source, folder / f"out_{workers}.csv", args.chunk_rows)
        print(f"--workers {workers}: {runs[workers]['score_s']:.1f} s", flush=True)
    scheduler_s = through_scheduler(source, folder / "out_scheduler.csv", args.chunk_rows)
    print(f"--scheduler: {scheduler_s:.1f} s", flush=True)
    outputs = [(folder / name).read_bytes() for name in ("out_1.csv", "out_2.csv", "out_scheduler.csv")]
    identical = outputs[0] == outputs[1] == outputs[2]
    section = report(args, runs, scheduler_s, identical, (source.stat().st_size, len(outputs[0])), mean_chars)
    print()
    print(section)
    if not args.no_doc:
        write_doc(section, Path(args.doc))
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
