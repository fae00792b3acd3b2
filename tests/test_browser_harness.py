"""The browser harness itself: a local page renders, scripts run, and a request off this machine is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_local_page_renders_and_foreign_requests_are_recorded(page, tmp_path: Path) -> None:
    opened, log = page
    html = tmp_path / "probe.html"
    html.write_text(
        "<html><body><p id='out'>before</p>"
        "<img src='https://example.invalid/pixel.png'>"
        "<script>document.getElementById('out').textContent = 'after';</script></body></html>",
        encoding="utf-8",
    )
    opened.goto(html.as_uri())
    assert opened.text_content("#out") == "after"
    assert log.foreign_requests == ["https://example.invalid/pixel.png"]
    assert log.page_errors == []
