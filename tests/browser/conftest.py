"""Browser tests: Debian's chromium driven by Playwright, at a phone's size.

Chromium that cannot start skips these tests on a developer's machine and
fails them in CI (where CI is set). Screenshots go to SCREENSHOT_DIR, outside
the repository, for a person to look at.
"""

import os
import re
import tempfile
from pathlib import Path

import pytest

from django.db import connections

from benchmarks.browser import PHONE_CONTEXT, launch_chromium

SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "eagle-screenshots"


def _cannot_run(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"Browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture
def browser():
    """Chromium for one test.

    Playwright's sync API runs an event loop in this thread while it is open,
    so it is closed after each test rather than kept for the session: the
    tests that run later (pytest-django runs tests without a database last)
    must not find a loop running. It is closed before the test's database is
    emptied, too: emptied while the loop ran, the database was not refilled
    for the next test with serialized_rollback (it found no locales). While
    it runs, Django is told that the test's own database calls are not calls
    from async code.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as error:
        _cannot_run(f"playwright is not installed ({error})")
    serialized = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # Under Playwright's sync API the tests run in a context of their own, where Django
        # opens connection objects of its own: hand them the database's contents as migrated,
        # or a serialized rollback would leave the database empty for the tests after these.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        try:
            chromium = launch_chromium(playwright)
        except Error as error:
            _cannot_run(f"chromium did not start ({str(error).splitlines()[0]})")
        yield chromium
        chromium.close()
        # Close the connections opened in Playwright's context too: left open, PostgreSQL
        # refuses to drop the test database at the end of the run.
        connections.close_all()


@pytest.fixture
def browser_site(settings, live_server):
    """The live server, serving uploaded images too; its base URL."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    return live_server.url


@pytest.fixture
def phone_page(browser, browser_site):
    """A fresh page (empty cache, no cookies) in a 390x844 phone browser, at the live site."""
    context = browser.new_context(**PHONE_CONTEXT, base_url=browser_site)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "name") saves the whole page as a PNG and returns its path."""
    folder = SCREENSHOT_DIR / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    taken = []

    def take(page, name: str) -> Path:
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        return path

    take.folder = folder  # for other pictures of the test, such as a rendered PDF
    return take


def page_width(page) -> int:
    """The page's scrollable width in CSS pixels; wider than the screen scrolls sideways."""
    return page.evaluate("document.scrollingElement.scrollWidth")
