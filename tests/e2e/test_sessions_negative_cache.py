"""Unknown `session` cookies do not cost auth a query per request.

A cookie that cannot be a session token is refused without asking auth; one that auth
refused is remembered for a few seconds, so repeating it asks auth once.
"""

from __future__ import annotations

import re
import secrets

import httpx

from tests.e2e.test_auth_sessions import login, register


def verify_session_calls(client: httpx.Client) -> float:
    text = client.get("/metrics").text
    return sum(float(m.group(1)) for m in re.finditer(
        r'^grpc_client_handling_seconds_count\{[^}]*method="[^"]*VerifySession"[^}]*\} (\S+)$',
        text, re.M))


def me_with_cookie(client: httpx.Client, cookie: str) -> int:
    return client.get("/api/v1/auth/me", headers={"Cookie": f"session={cookie}"}).status_code


def test_a_repeated_unknown_session_cookie_asks_auth_once(client: httpx.Client) -> None:
    cookie = secrets.token_urlsafe(32)
    before = verify_session_calls(client)
    assert [me_with_cookie(client, cookie) for _ in range(20)] == [401] * 20
    assert verify_session_calls(client) - before <= 1


def test_a_malformed_session_cookie_never_asks_auth(client: httpx.Client) -> None:
    before = verify_session_calls(client)
    assert me_with_cookie(client, "x" * 200) == 401
    assert me_with_cookie(client, secrets.token_urlsafe(16)) == 401
    assert verify_session_calls(client) - before == 0


def test_a_real_session_cookie_still_works(client: httpx.Client) -> None:
    session = login(client, register(client))["session"]
    assert me_with_cookie(client, session) == 200
