"""The review page in a real Chromium against the real server (``smrisk review`` in a subprocess):
reviewed with the keyboard, decisions on disk, resumed after a kill, a ``<script>`` post inert,
nothing fetched from another host."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from smrisk.decisions import read_decisions
from tests.review_data import scored_csv

pytestmark = pytest.mark.browser


@contextmanager
def review_server(scored: Path, decisions: Path, model: Path) -> Iterator[str]:
    """``smrisk review`` as a user runs it; yields the address it prints, kills it (SIGKILL) on exit."""
    command = [sys.executable, "-m", "smrisk", "review", str(scored), "--decisions", str(decisions), "--no-browser",
               "--id-column", "post_id", "--reviewer", "ann", "--model", str(model)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    try:
        seen = []
        while True:
            line = lines.get(timeout=60)
            seen.append(line)
            if line.startswith("open http://127.0.0.1:"):
                yield line.split()[1]
                break
            assert process.poll() is None, "".join(seen)
    finally:
        process.kill()
        process.wait(timeout=10)


def test_review_three_posts_with_the_keyboard_then_resume(page, tmp_path, tiny_model_dir) -> None:
    opened, log = page
    scored, decisions = scored_csv(tmp_path / "scored.csv"), tmp_path / "decisions.jsonl"
    with review_server(scored, decisions, tiny_model_dir) as url:
        opened.goto(url)
        opened.wait_for_url("**/post/0")
        assert opened.text_content("#progress") == "0 of 4 reviewed"
        assert "Project Falcon" in opened.text_content("#text")
        opened.keyboard.press("a")  # P1: accept its one risk; the page moves on by itself
        opened.wait_for_url("**/post/1")
        assert opened.text_content("#progress") == "1 of 4 reviewed"
        opened.keyboard.press("n")  # P2 (the <script> post): a note, then reject
        opened.keyboard.type("quoting a customer, not us")
        opened.keyboard.press("Escape")
        opened.keyboard.press("r")
        opened.wait_for_url("**/post/2")
        opened.keyboard.press("k")  # back and forth with j / k
        opened.wait_for_url("**/post/1")
        opened.keyboard.press("j")
        opened.wait_for_url("**/post/2")
        opened.keyboard.press("u")  # P3: not sure
        opened.wait_for_url("**/post/3")
        assert opened.text_content("#progress") == "3 of 4 reviewed"

    made = read_decisions(decisions)
    assert [(d.id, d.risk, d.decision, d.note, d.reviewer) for d in made] == [
        ("P1", "confidential", "accept", "", "ann"),
        ("P2", "derogatory", "reject", "quoting a customer, not us", "ann"),
        ("P3", "illegal", "unsure", "", "ann"),
    ]
    with review_server(scored, decisions, tiny_model_dir) as url:  # the first server was killed, not stopped
        opened.goto(url)
        opened.wait_for_url("**/post/3")
        assert opened.text_content("#progress") == "3 of 4 reviewed"
        assert "merger" in opened.text_content("#text")
    assert log.foreign_requests == []
    assert log.page_errors == [] and log.console_errors == []


def test_a_script_in_a_post_is_shown_not_run(page, tmp_path, tiny_model_dir) -> None:
    opened, log = page
    scored, decisions = scored_csv(tmp_path / "scored.csv"), tmp_path / "decisions.jsonl"
    with review_server(scored, decisions, tiny_model_dir) as url:
        opened.goto(url + "post/1")
        assert opened.locator("#text").inner_text().startswith('<script>window.__pwned = 1; document.title = "pwned";</script>')
        assert opened.evaluate("window.__pwned") is None
        assert opened.title() != "pwned"
        assert opened.locator("#text mark.r-derogatory").inner_text() == "you idiot"
        assert opened.locator("#text mark.r-derogatory").get_attribute("title") == (
            "derogatory: an insult aimed at the person addressed (rule derogatory.insult_at_reader, 0.85)")
    assert log.foreign_requests == [] and log.page_errors == []


def test_a_decision_the_server_refuses_is_shown_not_lost_silently(page, tmp_path, tiny_model_dir) -> None:
    """A page whose token is not this server's (an old tab after a restart) says so and saves nothing."""
    opened, log = page
    scored, decisions = scored_csv(tmp_path / "scored.csv"), tmp_path / "decisions.jsonl"
    with review_server(scored, decisions, tiny_model_dir) as url:
        opened.goto(url + "post/0")
    with review_server(scored, decisions, tiny_model_dir) as second:
        opened.route("**/decide", lambda route: route.continue_(url=second + "decide"))
        opened.keyboard.press("a")
        opened.wait_for_selector("#status.bad")
        assert "Not saved: missing or wrong X-Smrisk-Token" in opened.text_content("#status")
    assert read_decisions(decisions) == []
    assert log.foreign_requests == []


def test_a_secret_in_a_post_is_masked_on_the_served_page(page, tmp_path, tiny_model_dir) -> None:
    """P1 ends "Door code 4471": the page, as the browser gets it, shows the code masked and marked."""
    opened, log = page
    scored, decisions = scored_csv(tmp_path / "scored.csv"), tmp_path / "decisions.jsonl"
    with review_server(scored, decisions, tiny_model_dir) as url:
        opened.goto(url + "post/0")
        assert "4471" not in opened.content()
        assert opened.locator("#text").inner_text().endswith("don't tell anyone. Door code ••••")
        assert "••••" in opened.locator("#text mark.r-confidential").all_inner_texts()
    assert log.foreign_requests == [] and log.page_errors == []
