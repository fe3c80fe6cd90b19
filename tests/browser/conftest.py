"""Browser tests: Playwright for Python driving headless Chromium against the real stack.

Chromium is Debian's ``/usr/bin/chromium`` when present, else Playwright's own download.
Without either (or without the ``playwright`` package) every test here is skipped and the
run says so in one line. Every page a test opens is watched: a console error, an uncaught
exception or a Content-Security-Policy violation fails the test at teardown. The only
console errors allowed are the browser's own "Failed to load resource" lines for API
answers with a 4xx status (the client shows those to the player as messages).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the tests are skipped then (see pytest_collection_modifyitems)
    expect = None

from tests.conftest import unique_name
from tests.stack import Stack

DEBIAN_CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
API_4XX = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")
# Collects CSP violations on every page (init scripts run outside the page's CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""


def _executable() -> str | None:
    if os.path.exists(DEBIAN_CHROMIUM):
        return DEBIAN_CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _find_browser() -> tuple[str | None, str]:
    """(executable or "" for Playwright's own, reason when none can be launched)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "the playwright package is not installed"
    exe = _executable()
    with sync_playwright() as p:
        try:
            p.chromium.launch(executable_path=exe).close() if exe else p.chromium.launch().close()
        except Exception as err:  # noqa: BLE001 - any launch failure means "no browser"
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            return None, f"Chromium could not be launched ({first[:120]})"
    return exe or "", ""


_BROWSER: tuple[str | None, str] | None = None


def browser_available() -> tuple[str | None, str]:
    global _BROWSER
    if _BROWSER is None:
        _BROWSER = _find_browser()
    return _BROWSER


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    ours = [i for i in items if "tests/browser/" in i.nodeid.replace("\\", "/")]
    if not ours:
        return
    exe, reason = browser_available()
    if exe is None:
        line = (f"browser tests skipped: {reason}; install Debian's chromium "
                "(apt-get install chromium) or run `playwright install chromium`")
        config.pluginmanager.get_plugin("terminalreporter").write_line(line)
        for item in ours:
            item.add_marker(pytest.mark.skip(reason=line))


@pytest.fixture
def browser(fast_stack: Stack) -> Iterator:
    """One Chromium per test. Playwright's sync API keeps an event loop running in this
    thread while it is open, and the stack fixtures (and asyncio tests) need asyncio.run:
    so the browser lives only within a test, and a test lists every other fixture before
    ``web``."""
    from playwright.sync_api import sync_playwright

    exe, _ = browser_available()
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=exe) if exe else p.chromium.launch()
        yield launched
        launched.close()


@dataclass
class Watched:
    """What went wrong on the pages of one test."""

    errors: list[str] = field(default_factory=list)

    def console(self, msg) -> None:  # noqa: ANN001 - playwright ConsoleMessage
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if API_4XX.search(msg.text) and "/api/v1/" in url:
            return
        self.errors.append(f"console error: {msg.text} ({url})")


@pytest.fixture
def web(fast_stack: Stack, browser) -> Iterator:
    """A fresh browser context on the GAME_SPEED-1000 stack; fails the test on any console
    error, page exception or CSP violation."""
    context = browser.new_context(base_url=fast_stack.gateway_url,
                                  viewport={"width": 1200, "height": 900})
    context.add_init_script(WATCH_CSP)
    context.set_default_timeout(15_000)
    watched = Watched()
    pages = []

    def on_page(page) -> None:  # noqa: ANN001
        pages.append(page)
        page.on("console", watched.console)
        page.on("pageerror", lambda exc: watched.errors.append(f"page error: {exc}"))

    context.on("page", on_page)
    page = context.new_page()
    page.watched = watched
    yield page
    for p in pages:
        if not p.is_closed():
            found = p.evaluate("window.__cspViolations || []")
            watched.errors += [f"CSP violation: {v}" for v in found]
    context.close()
    assert not watched.errors, "\n".join(watched.errors)


@pytest.fixture
def api(fast_stack: Stack) -> Iterator[httpx.Client]:
    """A plain HTTP client on the same stack (setup and cross-checks only)."""
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def register_in_page(page, tribe: str = "romans") -> str:  # noqa: ANN001
    """Register through the page (which also signs in); returns the username."""
    name = unique_name("b")
    page.goto("/#/register")
    page.get_by_label("Username").fill(name)
    page.get_by_label("E-mail").fill(f"{name}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label(tribe.capitalize()).check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_selector("#fields")
    return name


def bearer(api: httpx.Client, username: str) -> dict[str, str]:
    """A second session of the same player, for the test's own look at the server."""
    login = api.post("/api/v1/auth/login", data={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def accepted(send) -> httpx.Response:  # noqa: ANN001 - a callable making one request
    """Setup: repeat a write until the stock (produced at speed 1000) and queue allow it."""
    deadline = time.monotonic() + 120
    while True:
        resp = send()
        if resp.status_code == 200 or time.monotonic() > deadline:
            return resp
        assert resp.json()["code"] in ("INSUFFICIENT_RESOURCES", "QUEUE_FULL"), resp.text
        time.sleep(0.3)


def build(api: httpx.Client, headers: dict, village: str, building: str, position: int,
          level: int) -> None:
    """Setup: queue a level (waiting for resources) and wait until it is done."""
    resp = accepted(lambda: api.post(f"/api/v1/villages/{village}/buildings/{building}/upgrade",
                                     params={"position": position}, headers=headers))
    assert resp.status_code == 200, resp.text
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        v = api.get(f"/api/v1/villages/{village}", headers=headers).json()
        if any(b["position"] == position and b["level"] >= level for b in v["buildings"]):
            return
        time.sleep(0.2)
    raise AssertionError(f"{building} never reached level {level}")
