"""Screenshot of the review page for the README: the example posts scored with the shipped model,
served by ``smrisk review``, photographed by Debian's Chromium through Playwright.

    python scripts/screenshot_review.py            # -> docs/images/review-page.png
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.browser: where Chromium is


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", default=str(ROOT / "docs" / "images" / "review-page.png"))
    parser.add_argument("--post", default="1008", help="post_id of the post to show")
    args = parser.parse_args()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from tests.browser import chromium_path

    with tempfile.TemporaryDirectory() as work:
        scored = Path(work) / "scored.csv"
        subprocess.run([sys.executable, "-m", "smrisk", "batch", str(ROOT / "data/examples/posts.csv"), "-o", str(scored),
                        "--no-progress"], check=True)
        server = subprocess.Popen([sys.executable, "-m", "smrisk", "review", str(scored), "--decisions",
                                   str(Path(work) / "decisions.jsonl"), "--no-browser", "--id-column", "post_id",
                                   "--reviewer", "ann"], stdout=subprocess.PIPE, text=True)
        try:
            url = next(line.split()[1] for line in server.stdout if line.startswith("open "))  # type: ignore[union-attr]
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=chromium_path(), headless=True, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1280, "height": 760})
                page.goto(url)
                for _ in range(3):  # the worst post accepted, one flagged risk per key, so the queue shows a decision
                    page.keyboard.press("a")
                    try:
                        page.wait_for_url("**/post/1", timeout=5000)
                        break
                    except PlaywrightTimeout:
                        continue
                target = page.locator("nav.queue a", has_text=args.post).get_attribute("href")
                page.goto(url.rstrip("/") + str(target))
                page.screenshot(path=args.output)
                browser.close()
        finally:
            server.kill()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
