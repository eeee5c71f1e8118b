"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

pytest-playwright's `playwright`, `browser` and context fixtures are redefined here with
package scope. Playwright's sync API keeps an asyncio loop marked as running in the main
thread for as long as it is started, and Django refuses ORM calls from a thread with a running
loop; the tests of this package need the ORM (users, records to assert on), so they run with
DJANGO_ALLOW_ASYNC_UNSAFE, and both the loop and that permission end with this package
instead of leaking into the rest of the test session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
STAFF_PASSWORD = "staff-pass-123"  # the one tests/conftest.py's staff_user is created with


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package", autouse=True)
def _flush_postgresql_by_delete() -> Iterator[None]:
    """Empty PostgreSQL's tables with DELETE, not TRUNCATE, after each live-server test.

    The live server's tests cannot run inside a rolled-back transaction (the server has its
    own connection), so pytest-django empties every table after each. TRUNCATE of the ~50
    tables costs about 2 s on PostgreSQL, DELETE of the few rows a test wrote about 20 ms;
    Django's foreign keys are deferred, so the order of the DELETEs does not matter.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(
        self: DatabaseOperations,
        style: Any,
        tables: Any,
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium package")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts: Any) -> Iterator[Playwright]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        pw = sync_playwright().start()
        if _pw_api_request_contexts:
            _pw_api_request_contexts.instrument(pw)
        yield pw
        pw.stop()


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright, browser_name: str) -> BrowserType:
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def launch_browser(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> Callable[..., Browser]:
    def launch(**kwargs: Any) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args(live_server: Any) -> dict[str, Any]:
    # English unless a test switches: the server picks the language from Accept-Language.
    return {
        "base_url": live_server.url,
        "locale": "en-US",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> Iterator[BrowserContext]:
    context = new_context()
    # A missing element fails in seconds, not after Playwright's default 30 s.
    context.set_default_timeout(8_000)
    # A script error on any page fails the test that met it, even if what it checks passed.
    errors: list[str] = []
    context.on(
        "weberror", lambda error: errors.append(f"{error.page and error.page.url}: {error.error}")
    )

    # So does anything the Content Security Policy (settings/base.py) refused: the browser
    # blocks the script or style, and says so only on the console.
    def refused_by_policy(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(f"{message.page and message.page.url}: {message.text}")

    context.on("console", refused_by_policy)
    yield context
    assert not errors, "script errors or refusals of the policy on the pages:\n" + "\n".join(errors)


def log_in(context: BrowserContext, user: Any, url: str) -> None:
    """Give the context a session of `user` on the server at `url`, as the login page would."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}])


@pytest.fixture
def staff_page(page: Page, staff_user: Any, live_server: Any) -> Page:
    """A page of a browser whose person is logged in as a member of the office's staff."""
    log_in(page.context, staff_user, live_server.url)
    return page


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page under test-artifacts/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def axe_js() -> str:
    from .axe import axe_source

    return axe_source()
