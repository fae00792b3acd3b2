"""A real headless Chromium for page tests: Debian's ``chromium`` driven by Playwright.

Tests that use the ``page`` fixture are marked ``browser``. Where Chromium or Playwright is
missing they skip, except under ``CI=true``, where a missing browser is a failure: CI installs
it (``.ci/run``), so a skip there would hide a page nobody tested. Every page records the
requests it makes to hosts other than 127.0.0.1 and the console errors it logs, so a test
can assert a page is offline and clean.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}


def chromium_path() -> str | None:
    """Where Chromium is installed, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests need {reason}; .ci/run installs it")
    pytest.skip(f"browser tests need {reason}")


@dataclass
class PageLog:
    """What a page did that a test may forbid: requests off this machine and console errors."""

    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright (pip install playwright)")
    executable = chromium_path()
    if executable is None:
        _unavailable("chromium (apt-get install chromium)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, PageLog]]:
    """A fresh page and the log of what it did; requests to other hosts are recorded and aborted."""
    context = browser.new_context()
    opened = context.new_page()
    log = PageLog()

    def guard(route: Any) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and host not in LOCAL_HOSTS:
            log.foreign_requests.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    opened.on("console", lambda message: log.console_errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: log.page_errors.append(str(error)))
    yield opened, log
    context.close()
