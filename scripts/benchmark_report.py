"""How long does `smrisk report` take on 100,000 scored rows, and how big is the page?

    python scripts/benchmark_report.py --rows 100000
    python scripts/benchmark_report.py --rows 3000 --screenshot docs/images/audit-report.png

Scores a sample of the team corpus (data/corpus/corpus.csv: posts written like company posts, about
half of them risky, so this is a heavy case for the report: many flagged posts, much evidence)
once with the shipped model, then copies the scored rows up to ``--rows``, each copy with a tag
appended to its text and a made-up author, channel and date, so the file has the shape of an
archive without minutes of scoring. Then runs `smrisk report` on it in a fresh process (model
loading and imports included) and prints the wall time, the page's size and what it holds.
``--screenshot`` also saves a picture of the page's top (Playwright and Debian's chromium).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus" / "corpus.csv"
_FIRST = ["ana", "ben", "chen", "dara", "eli", "fay", "gus", "hana", "ivo", "jo", "kai", "lea", "mo", "nia", "omar", "pia"]
_LAST = ["ortiz", "kim", "novak", "reed", "sato", "berg", "diaz", "lund", "shah", "moss"]
CHANNELS = ["@acme", "acme-linkedin", "support-replies", "personal-linkedin", "careers", "investor-news"]
TAGS = ["", " #team", " #news", " 🙂", " (update)", " #hiring", " fyi", " #friday"]


def scored_sample(sample: int, workdir: Path) -> pd.DataFrame:
    """``sample`` corpus posts scored once by `smrisk batch` with the shipped model (its output, as read back)."""
    corpus = pd.read_csv(CORPUS, keep_default_na=False)
    texts = corpus["text"].sample(n=min(sample, len(corpus)), random_state=3).tolist()
    source, scored = workdir / "sample.csv", workdir / "sample_scored.csv"
    pd.DataFrame({"text": texts}).to_csv(source, index=False)
    subprocess.run([sys.executable, "-m", "smrisk", "batch", str(source), "-o", str(scored), "--no-progress"], check=True)
    return pd.read_csv(scored, dtype=str, keep_default_na=False)


def archive(scored: pd.DataFrame, rows: int, seed: int = 0) -> pd.DataFrame:
    """``rows`` rows copied from ``scored``: ids, authors (a few post most), channels and dates over two years."""
    rng = np.random.default_rng(seed)
    picks = random.Random(seed)
    authors = [f"{first}.{last}" for first in _FIRST for last in _LAST[: 1 + len(first) % 4]]
    weights = 1.0 / np.arange(1, len(authors) + 1)
    frame = scored.iloc[np.arange(rows) % len(scored)].reset_index(drop=True)
    copy = np.arange(rows) // len(scored)
    frame["text"] = [text + (picks.choice(TAGS) if k else "") for text, k in zip(frame["text"], copy, strict=True)]
    start = pd.Timestamp("2023-01-01")
    dates = start + pd.to_timedelta(np.sort(rng.integers(0, 730 * 24 * 3600, rows)), unit="s")
    meta = pd.DataFrame({
        "post_id": [f"P{i:07d}" for i in range(rows)],
        "date": dates.strftime("%Y-%m-%d %H:%M"),
        "author": rng.choice(authors, size=rows, p=weights / weights.sum()),
        "channel": rng.choice(CHANNELS, size=rows, p=[0.3, 0.2, 0.25, 0.1, 0.05, 0.1]),
    })
    return pd.concat([meta, frame], axis=1)


def screenshot(page: Path, image: Path, height: int) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("--screenshot needs chromium (apt-get install chromium)")
    image.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        opened = browser.new_page(viewport={"width": 1400, "height": height})
        opened.goto(page.as_uri())
        opened.screenshot(path=str(image))
        browser.close()
    print(f"screenshot: {image} (1400x{height})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="corpus posts scored once, then copied")
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the page's top here")
    parser.add_argument("--height", type=int, default=2000, help="screenshot height in pixels")
    parser.add_argument("--keep", type=Path, help="keep the report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        sample = scored_sample(args.sample, work)
        scored = work / "scored.csv"
        archive(sample, args.rows).to_csv(scored, index=False)
        print(f"scored file: {args.rows:,} rows, {scored.stat().st_size / 1e6:.1f} MB "
              f"(built in {time.perf_counter() - started:.1f} s from {len(sample):,} scored posts)")
        output = args.keep or work / "audit.html"
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "smrisk", "report", str(scored), "-o", str(output)],
                             capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        print(run.stderr.strip())
        if run.returncode:
            sys.exit(run.returncode)
        print(f"smrisk report: {seconds:.1f} s wall (a fresh process: imports and model load included), "
              f"{output.stat().st_size / 1e6:.2f} MB")
        if args.screenshot:
            screenshot(output, args.screenshot, args.height)


if __name__ == "__main__":
    main()
