"""Origin check: a browser request from another site may neither get a session cookie
(login CSRF) nor use one, unless its origin is in CORS_ORIGINS."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.test_auth_sessions import start_gateway, stop
from tests.stack import Stack

ALLOWED = "https://play.example"
EVIL = "https://evil.example"


@pytest.fixture(scope="module")
def gateway(stack: Stack) -> Iterator[str]:
    proc, url = start_gateway(stack, "gateway-origin", {"CORS_ORIGINS": ALLOWED})
    yield url
    stop(proc)


def form_login(url: str, player: dict, headers: dict[str, str]) -> httpx.Response:
    with httpx.Client(base_url=url, timeout=30) as browser:
        return browser.post("/api/v1/auth/login", headers=headers,
                            data={"username": player["username"],
                                  "password": player["password"]})


@pytest.mark.parametrize("headers", [
    {"Origin": EVIL, "Sec-Fetch-Site": "cross-site"},
    {"Origin": EVIL},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
])
def test_a_cross_site_form_post_to_login_sets_no_session(gateway: str, player: dict,
                                                         headers: dict[str, str]) -> None:
    resp = form_login(gateway, player, headers)
    assert resp.status_code == 403, resp.text
    assert resp.json()["code"] == "FORBIDDEN"
    assert "set-cookie" not in resp.headers and "access_token" not in resp.text
    assert "x-request-id" in resp.headers and "x-ratelimit-limit" in resp.headers


@pytest.mark.parametrize("headers", [
    {"Origin": ALLOWED, "Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-origin"},
    {},  # not a browser
])
def test_allowed_and_same_origin_logins_work(gateway: str, player: dict,
                                             headers: dict[str, str]) -> None:
    resp = form_login(gateway, player, headers)
    assert resp.status_code == 200, resp.text
    assert "session=" in resp.headers["set-cookie"]


def test_the_session_cookie_is_refused_cross_site_but_a_bearer_token_is_not(
        gateway: str, player: dict) -> None:
    session = form_login(gateway, player, {}).cookies["session"]
    with httpx.Client(base_url=gateway, timeout=30) as c:
        cookie = {"Cookie": f"session={session}"}
        assert c.get("/api/v1/auth/me", headers=cookie).status_code == 200
        refused = c.get("/api/v1/auth/me", headers={**cookie, "Sec-Fetch-Site": "cross-site"})
        assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
        assert c.get("/api/v1/auth/me", headers={**cookie, "Origin": EVIL}).status_code == 403
        allowed = c.get("/api/v1/auth/me", headers={**cookie, "Origin": ALLOWED})
        assert allowed.status_code == 200
        bearer = c.get("/api/v1/auth/me", headers={**player["headers"], "Origin": EVIL})
        assert bearer.status_code == 200
