"""The audit report in a real Chromium: charts drawn, the post table filters and sorts, the page
makes no request off this machine, logs no error, and a post holding a script does not run it."""

from __future__ import annotations

from pathlib import Path

import pytest

from smrisk.audit.page import build_report
from smrisk.audit.scored import read_scored
from tests.audit_files import ROWS, write_scored

pytestmark = pytest.mark.browser

SCRIPT_POST = ("<script>window.pwned = 1; document.title = 'pwned'</script> you idiot <img src=x onerror=\"window.pwned = 2\">",
               "mallory", "x", "2024-01-02", (0.1, 0.9, 0.1), (0, 1, 0), 'derogatory: "idiot" (model, strong)', "ok")
OFFSITE_POST = ('see <img src="https://example.com/pixel.png"> and <link rel=stylesheet href="https://example.com/a.css">',
                "mallory", "y", "2024-01-02", (0.8, 0.1, 0.1), (1, 0, 0), 'confidential: "see" (model, weak)', "ok")


def _visible_rows(opened) -> list[int]:
    return opened.eval_on_selector_all("#posts tbody tr:not([hidden])", "rows => rows.map(r => Number(r.cells[0].textContent))")


def test_report_renders_filters_sorts_and_stays_offline(page, tmp_path: Path, tiny_scorer) -> None:
    opened, log = page
    scored = read_scored(str(write_scored(tmp_path / "scored.csv", [*ROWS, SCRIPT_POST, OFFSITE_POST])))
    report = build_report(scored, tmp_path / "audit.html", tiny_scorer).path
    opened.goto(report.as_uri())

    charts = opened.eval_on_selector_all("figure.chart svg", "svgs => svgs.map(s => s.getBoundingClientRect().width)")
    assert len(charts) == 4 and all(width > 200 for width in charts)  # over time, authors, channels, scores
    assert opened.locator("figure.chart svg path").count() > 20

    assert opened.evaluate("window.pwned") is None and opened.title() != "pwned"
    assert "<script>window.pwned = 1;" in opened.text_content("#posts")  # shown as text

    assert _visible_rows(opened) == [1, 7, 2, 8, 4, 3]  # worst flagged score first (0.9, 0.9, 0.8, 0.8, 0.75, 0.7)
    assert opened.text_content("#post-count") == "6 of 6 shown"
    opened.fill("#post-search", "weed")
    assert _visible_rows(opened) == [2, 3]
    assert opened.text_content("#post-count") == "2 of 6 shown"
    opened.fill("#post-search", "")
    opened.select_option("#post-risk", "derogatory")
    assert _visible_rows(opened) == [7, 2, 4]
    opened.select_option("#post-risk", "")

    row_header = opened.locator("#posts thead th").nth(0)
    row_header.locator("button").click()
    assert _visible_rows(opened) == [8, 7, 4, 3, 2, 1] and row_header.get_attribute("aria-sort") == "descending"
    row_header.locator("button").click()
    assert _visible_rows(opened) == [1, 2, 3, 4, 7, 8] and row_header.get_attribute("aria-sort") == "ascending"
    author_header = opened.locator("#posts thead th", has_text="author")
    author_header.locator("button").click()
    column = author_header.evaluate("th => th.cellIndex")
    authors = opened.eval_on_selector_all("#posts tbody tr", f"rows => rows.map(r => r.cells[{column}].textContent)")
    assert authors == ["ann", "ann", "bob", "bob", "mallory", "mallory"]

    assert log.foreign_requests == []
    assert log.console_errors == [] and log.page_errors == []
