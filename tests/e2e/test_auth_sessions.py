"""Identity through the real stack: tokens, refresh rotation, cookie sessions, logout
across gateway replicas, CSRF, and the capital visible right after registration."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import asyncpg
import httpx
import pytest

from deploy import local
from tests.conftest import unique_name
from tests.stack import Stack


def start_gateway(stack: Stack, name: str, env: dict[str, str]) -> tuple[local.Proc, str]:
    """Another gateway process of the running stack (its own port and settings)."""
    port = local.free_port()
    proc = stack.add_process(name, "gateway", {"GATEWAY_PORT": str(port), **env})
    url = f"http://127.0.0.1:{port}"
    local.wait_healthy(url, 60, [proc])
    return proc, url


def stop(proc: local.Proc) -> None:
    local.stop_all([proc], grace=10)


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    """True as soon as check() is; revocations travel through the outbox and NATS."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def sql(stack: Stack, query: str, *args: object) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(stack.database_url)
        try:
            return await conn.fetch(query, *args)
        finally:
            await conn.close()

    return asyncio.run(run())


def register(client: httpx.Client, password: str = "correct horse battery") -> dict:
    name = unique_name()
    resp = client.post("/api/v1/auth/register", json={
        "username": name, "email": f"{name}@example.com", "password": password,
        "tribe": "gauls"})
    assert resp.status_code == 201, resp.text
    return {"id": resp.json()["id"], "username": name, "email": f"{name}@example.com",
            "password": password}


def login(client: httpx.Client, user: dict) -> dict:
    """{access, refresh, session, bearer headers, cookie headers} of a fresh sign-in."""
    resp = client.post("/api/v1/auth/login", json={"username": user["username"],
                                                    "password": user["password"]})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    session = resp.cookies["session"]
    return {"access": body["access_token"], "refresh": body["refresh_token"],
            "session": session, "bearer": {"Authorization": f"Bearer {body['access_token']}"},
            "cookie": {"Cookie": f"session={session}"}}


@pytest.fixture(scope="module")
def gateway2(stack: Stack) -> Iterator[str]:
    proc, url = start_gateway(stack, "gateway-2", {})
    yield url
    stop(proc)


def test_villages_list_shows_the_capital_right_after_register(client: httpx.Client,
                                                              player: dict) -> None:
    resp = client.get("/api/v1/villages", headers=player["headers"])
    assert resp.status_code == 200, resp.text
    villages = resp.json()
    assert len(villages) == 1
    capital = villages[0]
    assert set(capital) == {"id", "name", "x", "y", "is_capital", "tribe", "population",
                            "loyalty"}
    assert capital["is_capital"] is True and capital["tribe"] == "romans"
    assert -400 <= capital["x"] <= 400 and -400 <= capital["y"] <= 400


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/v1/auth/me"), ("GET", "/api/v1/villages"), ("POST", "/api/v1/auth/logout"),
    ("GET", "/api/v1/auth/keepalive")])
def test_protected_routes_without_credentials_are_401(client: httpx.Client, method: str,
                                                      path: str) -> None:
    resp = client.request(method, path)
    assert resp.status_code == 401, resp.text
    assert resp.json()["code"] == "UNAUTHENTICATED"


def test_a_forged_or_garbage_bearer_token_is_401(client: httpx.Client, player: dict) -> None:
    header, payload, _ = player["token"].split(".")
    for token in ("garbage", f"{header}.{payload}.AAAA"):
        resp = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 401 and resp.json()["code"] == "UNAUTHENTICATED"


def test_refresh_rotates_and_a_reused_refresh_token_ends_the_session(
        client: httpx.Client) -> None:
    user = register(client)
    first = login(client, user)
    resp = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh"]})
    assert resp.status_code == 200, resp.text
    pair = resp.json()
    assert pair["token_type"] == "bearer" and pair["expires_in"] == 900
    assert pair["refresh_token"] != first["refresh"]
    new_bearer = {"Authorization": f"Bearer {pair['access_token']}"}
    assert client.get("/api/v1/auth/me", headers=new_bearer).status_code == 200

    reused = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh"]})
    assert reused.status_code == 401 and reused.json()["code"] == "UNAUTHENTICATED"
    assert "details" not in reused.json()  # the ended session's id stays inside
    # At once, not when the NATS event arrives: the rotation's access token is dead.
    assert client.get("/api/v1/auth/me", headers=new_bearer).status_code == 401
    # The whole family is dead: the newest refresh token and every access token.
    newest = client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert newest.status_code == 401
    for headers in (first["bearer"], new_bearer, first["cookie"]):
        assert eventually(lambda h=headers: client.get(
            "/api/v1/auth/me", headers=h).status_code == 401)


def test_unknown_refresh_token_is_401(client: httpx.Client) -> None:
    resp = client.post("/api/v1/auth/refresh", json={"refresh_token": "not-a-token"})
    assert resp.status_code == 401 and resp.json()["code"] == "UNAUTHENTICATED"


def test_refresh_tokens_live_seven_days(client: httpx.Client, stack: Stack) -> None:
    tokens = login(client, register(client))
    rows = sql(stack, "SELECT r.expires_at - s.created_at AS ttl FROM auth.refresh_tokens r "
                      "JOIN auth.sessions s ON s.id = r.session_id WHERE s.token_hash = "
                      "encode(sha256($1::bytea), 'hex')", tokens["session"].encode())
    assert abs(rows[0]["ttl"].total_seconds() - 7 * 86400) < 60


def test_logout_with_bearer_ends_access_refresh_and_cookie_at_once(
        client: httpx.Client) -> None:
    tokens = login(client, register(client))
    resp = client.post("/api/v1/auth/logout", headers=tokens["bearer"])
    assert resp.status_code == 204
    assert "session=" in resp.headers.get("set-cookie", "")
    me = client.get("/api/v1/auth/me", headers=tokens["bearer"])
    assert me.status_code == 401 and me.json()["code"] == "UNAUTHENTICATED"
    assert client.get("/api/v1/auth/me", headers=tokens["cookie"]).status_code == 401
    refresh = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh"]})
    assert refresh.status_code == 401


def test_logout_on_one_gateway_replica_is_seen_by_another(client: httpx.Client,
                                                          gateway2: str) -> None:
    tokens = login(client, register(client))
    with httpx.Client(base_url=gateway2, timeout=30) as other:
        assert other.get("/api/v1/auth/me", headers=tokens["bearer"]).status_code == 200
        assert other.get("/api/v1/auth/me", headers=tokens["cookie"]).status_code == 200
        assert client.post("/api/v1/auth/logout", headers=tokens["bearer"]).status_code == 204
        assert eventually(lambda: other.get("/api/v1/auth/me",
                                            headers=tokens["bearer"]).status_code == 401)
        assert eventually(lambda: other.get("/api/v1/auth/me",
                                            headers=tokens["cookie"]).status_code == 401)


def test_a_gateway_started_after_a_logout_still_refuses_the_token(stack: Stack,
                                                                  client: httpx.Client) -> None:
    tokens = login(client, register(client))
    assert client.post("/api/v1/auth/logout", headers=tokens["bearer"]).status_code == 204
    proc, url = start_gateway(stack, "gateway-late", {})
    try:
        with httpx.Client(base_url=url, timeout=30) as late:
            assert eventually(lambda: late.get("/api/v1/auth/me",
                                               headers=tokens["bearer"]).status_code == 401)
    finally:
        stop(proc)


def test_cookie_session_authenticates_and_idles_out_after_30_minutes(
        client: httpx.Client, stack: Stack) -> None:
    tokens = login(client, register(client))
    rows = sql(stack, "SELECT idle_expires_at - created_at AS idle FROM auth.sessions "
                      "WHERE token_hash = encode(sha256($1::bytea), 'hex')",
               tokens["session"].encode())
    assert abs(rows[0]["idle"].total_seconds() - 1800) < 60
    # Pretend 30 idle minutes went by (before this gateway ever saw the cookie).
    sql(stack, "UPDATE auth.sessions SET idle_expires_at = now() - interval '1 second' "
               "WHERE token_hash = encode(sha256($1::bytea), 'hex')", tokens["session"].encode())
    resp = client.get("/api/v1/auth/me", headers=tokens["cookie"])
    assert resp.status_code == 401 and resp.json()["code"] == "UNAUTHENTICATED"


def test_keepalive_slides_the_idle_expiry(client: httpx.Client, stack: Stack) -> None:
    tokens = login(client, register(client))
    me = client.get("/api/v1/auth/me", headers=tokens["cookie"])
    assert me.status_code == 200, me.text
    sql(stack, "UPDATE auth.sessions SET idle_expires_at = now() + interval '2 minutes' "
               "WHERE token_hash = encode(sha256($1::bytea), 'hex')", tokens["session"].encode())
    resp = client.get("/api/v1/auth/keepalive", headers=tokens["cookie"])
    assert resp.status_code == 204, resp.text
    rows = sql(stack, "SELECT idle_expires_at - now() AS left FROM auth.sessions "
                      "WHERE token_hash = encode(sha256($1::bytea), 'hex')",
               tokens["session"].encode())
    assert rows[0]["left"].total_seconds() > 29 * 60
    assert client.get("/api/v1/auth/keepalive", headers=tokens["bearer"]).status_code == 204


def test_csrf_is_required_for_cookie_writes_only(client: httpx.Client) -> None:
    tokens = login(client, register(client))
    issued = client.get("/api/v1/auth/csrf")
    assert issued.status_code == 204
    set_cookie = issued.headers["set-cookie"]
    assert set_cookie.startswith("XSRF-TOKEN=") and "Path=/" in set_cookie
    assert "SameSite=Lax" in set_cookie and "HttpOnly" not in set_cookie
    xsrf = issued.cookies["XSRF-TOKEN"]
    cookies = f"session={tokens['session']}; XSRF-TOKEN={xsrf}"

    missing = client.post("/api/v1/auth/logout", headers={"Cookie": cookies})
    wrong = client.post("/api/v1/auth/logout", headers={"Cookie": cookies,
                                                         "X-XSRF-TOKEN": xsrf + "x"})
    no_cookie = client.post("/api/v1/auth/logout", headers={
        "Cookie": f"session={tokens['session']}", "X-XSRF-TOKEN": xsrf})
    for resp in (missing, wrong, no_cookie):
        assert resp.status_code == 403 and resp.json()["code"] == "CSRF_FAILED"
    # Reads need no token; the session is still alive after the refused writes.
    assert client.get("/api/v1/auth/me", headers={"Cookie": cookies}).status_code == 200
    right = client.post("/api/v1/auth/logout", headers={"Cookie": cookies,
                                                         "X-XSRF-TOKEN": xsrf})
    assert right.status_code == 204
    assert client.get("/api/v1/auth/me", headers={"Cookie": cookies}).status_code == 401


def test_bearer_writes_need_no_csrf_token(client: httpx.Client) -> None:
    tokens = login(client, register(client))
    resp = client.post("/api/v1/auth/logout", headers=tokens["bearer"])
    assert resp.status_code == 204
