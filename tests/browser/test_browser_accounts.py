"""Accounts in a real browser: register (tribe), sign out, sign in, the CSRF refusal of a
cookie write without the header, the password reset mail's link opening the reset page,
and a walk over every page with no console error or CSP violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from deploy import local
from deploy.mailsink import SaveToDir
from tests.browser.conftest import PASSWORD, expect, register_in_page
from tests.e2e.test_auth_lockout_and_reset import reset_token_for
from tests.e2e.test_auth_sessions import stop
from tests.stack import Stack


def test_register_sign_out_and_sign_in_through_the_page(web) -> None:  # noqa: ANN001
    name = register_in_page(web, tribe="gauls")
    expect(web.locator("#nav .who")).to_have_text(f"{name} (gauls)")
    expect(web.locator(".facts")).to_contain_text("gauls")

    web.get_by_role("button", name="Sign out").click()
    web.wait_for_selector("text=You are signed out.")
    web.goto("/#/village")  # a signed-out visitor is sent to the sign-in form
    web.wait_for_selector("form >> text=Sign in")

    web.get_by_label("Username").fill(name)
    web.get_by_label("Password").fill("wrong password")
    web.locator("form").get_by_role("button", name="Sign in").click()
    expect(web.locator("#alert")).to_have_text("Wrong username or password.")

    web.get_by_label("Password").fill(PASSWORD)
    web.locator("form").get_by_role("button", name="Sign in").click()
    web.wait_for_selector("#fields")
    web.reload()  # the cookie session survives a reload
    web.wait_for_selector("#fields")
    expect(web.locator("#nav .who")).to_have_text(f"{name} (gauls)")


def test_a_cookie_write_without_the_csrf_header_is_refused_in_the_browser(web) -> None:  # noqa: ANN001
    register_in_page(web)
    refused, allowed = web.evaluate("""async () => {
        const vs = await (await fetch('/api/v1/villages')).json();
        await fetch('/api/v1/auth/csrf');  // as the client does before its first write
        const put = (headers) => fetch(`/api/v1/villages/${vs[0].id}`, {method: 'PUT',
            headers: {'Content-Type': 'application/json', ...headers},
            body: JSON.stringify({name: 'Renamed by script'})});
        const token = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
        const a = await put({});
        const b = await put({'X-XSRF-TOKEN': decodeURIComponent(token.split('=')[1])});
        return [[a.status, (await a.json()).code], [b.status, (await b.json()).name]];
    }""")
    assert refused == [403, "CSRF_FAILED"]
    assert allowed == [200, "Renamed by script"]


def test_every_page_opens_without_console_errors_or_csp_violations(web) -> None:  # noqa: ANN001
    web.goto("/")
    web.wait_for_selector("form >> text=Sign in")
    for route in ("#/register", "#/forgot", "#/login"):
        web.goto(f"/{route}")
        web.wait_for_selector("form")
    register_in_page(web)
    for route, ready in (("#/village", "#fields"), ("#/map", ".map-grid .sq"),
                         ("#/send", "#send-form"), ("#/movements", "#movements > *"),
                         ("#/reports", "#reports > *"), ("#/merchants", "#merchants > *"),
                         ("#/rankings", "h1 >> text=Rankings"), ("#/found", "text=Found a village"),
                         ("#/tactics", "#new-game")):
        web.goto(f"/{route}")
        web.wait_for_selector(ready)
    web.get_by_role("button", name="New game").click()
    web.wait_for_selector(".board .cell.unit")
    web.goto("/reset-password?token=not-a-real-token")
    web.wait_for_selector("text=Choose a new password")


def test_the_watch_catches_a_csp_violation(web) -> None:  # noqa: ANN001
    """The harness itself: an inline script injected into the page is blocked by the CSP
    and reported, so the other tests' clean bill means something."""
    web.goto("/")
    web.wait_for_selector("form")
    web.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.body.append(s); }""")
    assert web.evaluate("window.__ran === undefined")
    assert web.evaluate("window.__cspViolations.length") == 1
    web.evaluate("window.__cspViolations = []")  # seen; do not fail this test for it
    web.watched.errors.clear()


@pytest.fixture(scope="module")
def mail_gateway(fast_stack: Stack,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An auth process that mails through an SMTP sink in this test process, and a gateway
    in front of it whose PUBLIC_BASE_URL is its own address (so the mailed link opens it)."""
    mails = tmp_path_factory.mktemp("browser-mail")
    controller = Controller(SaveToDir(mails), hostname="127.0.0.1", port=local.free_port())
    controller.start()
    grpc_port, port = local.free_port(), local.free_port()
    auth = fast_stack.add_process("auth-browser-mail", "services.auth", {
        "SERVICE_NAME": "auth", "GRPC_LISTEN": f"127.0.0.1:{grpc_port}",
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"})
    try:
        proc = fast_stack.add_process("gateway-browser-mail", "gateway", {
            "AUTH_GRPC_ADDR": f"127.0.0.1:{grpc_port}", "GATEWAY_PORT": str(port)})
        url = f"http://127.0.0.1:{port}"
        local.wait_healthy(url, 60, [proc])
    except Exception:
        stop(auth)
        controller.stop()
        raise
    yield url, mails
    stop(proc)
    stop(auth)
    controller.stop()


def test_password_reset_from_the_request_to_the_mailed_link(mail_gateway, web) -> None:  # noqa: ANN001
    url, mails = mail_gateway
    name = register_in_page(web)
    web.get_by_role("button", name="Sign out").click()
    web.wait_for_selector("text=You are signed out.")

    web.goto(f"{url}/#/forgot")
    web.get_by_label("E-mail of your account").fill(f"{name}@example.com")
    web.get_by_role("button", name="Send me a reset link").click()
    web.wait_for_selector("text=Check your mail")
    token = reset_token_for(mails, f"{name}@example.com")

    web.goto(f"{url}/reset-password?token={token}")
    web.get_by_label("New password").fill("a brand new password")
    web.get_by_role("button", name="Set password").click()
    web.wait_for_selector("text=Your password is changed.")
    expect(web).to_have_url(f"{url}/#/login")

    web.get_by_label("Username").fill(name)
    web.get_by_label("Password").fill("a brand new password")
    web.locator("form").get_by_role("button", name="Sign in").click()
    web.wait_for_selector("#fields")

    web.goto(f"{url}/reset-password?token={token}")  # the link works once
    web.get_by_label("New password").fill("yet another password")
    web.get_by_role("button", name="Set password").click()
    expect(web.locator("#alert")).to_contain_text("invalid, used or expired")
