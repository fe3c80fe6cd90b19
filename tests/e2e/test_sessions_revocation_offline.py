"""Revocation holds without NATS and with a window larger than one message.

60,000 other sessions were revoked in the keep window (one ListRevokedSessions answer
with all of them would pass gRPC's 4 MB message limit), a player logs out, and then a
fresh gateway replica starts whose NATS_URL has nothing listening. Before it serves an
authenticated request it has read every revocation page by page, so the logged-out token
is refused on its very first request while a live one is served.
"""

from __future__ import annotations

import httpx

from deploy import local
from tests.e2e.test_auth_sessions import login, register, sql, start_gateway, stop
from tests.stack import Stack

OTHERS = 60_000


def test_a_fresh_replica_without_nats_refuses_a_logout_among_many(
        stack: Stack, client: httpx.Client) -> None:
    user = register(client)
    gone = login(client, user)
    live = login(client, register(client))
    assert client.post("/api/v1/auth/logout", headers=gone["bearer"]).status_code == 204
    sql(stack, "INSERT INTO auth.sessions (id, user_id, token_hash, idle_expires_at, revoked_at)"
               " SELECT gen_random_uuid(), $2::uuid, 'synthetic-' || i,"
               " now(), now() - interval '1 minute' FROM generate_series(1, $1) i", OTHERS,
        user["id"])
    try:
        proc, url = start_gateway(stack, "gateway-no-nats",
                                  {"NATS_URL": f"nats://127.0.0.1:{local.free_port()}"})
        try:
            with httpx.Client(base_url=url, timeout=30) as fresh:
                first = fresh.get("/api/v1/auth/me", headers=gone["bearer"])
                assert first.status_code == 401, first.text
                assert fresh.get("/api/v1/auth/me", headers=gone["cookie"]).status_code == 401
                assert fresh.get("/api/v1/auth/me", headers=live["bearer"]).status_code == 200
        finally:
            stop(proc)
    finally:
        sql(stack, "DELETE FROM auth.sessions WHERE token_hash LIKE 'synthetic-%'")


def test_refresh_reuse_kills_the_rotations_access_token_at_once_without_nats(
        stack: Stack, client: httpx.Client) -> None:
    """The replica that answers a reused refresh token records the session as revoked
    before answering (as logout does), so no NATS event is needed on that replica."""
    proc, url = start_gateway(stack, "gateway-reuse-no-nats",
                              {"NATS_URL": f"nats://127.0.0.1:{local.free_port()}"})
    try:
        with httpx.Client(base_url=url, timeout=30) as lone:
            first = login(lone, register(lone))
            rotated = lone.post("/api/v1/auth/refresh",
                                json={"refresh_token": first["refresh"]})
            assert rotated.status_code == 200, rotated.text
            bearer = {"Authorization": f"Bearer {rotated.json()['access_token']}"}
            assert lone.get("/api/v1/auth/me", headers=bearer).status_code == 200
            reused = lone.post("/api/v1/auth/refresh",
                               json={"refresh_token": first["refresh"]})
            assert reused.status_code == 401
            assert "details" not in reused.json()  # the ended session's id stays inside
            assert lone.get("/api/v1/auth/me", headers=bearer).status_code == 401
    finally:
        stop(proc)
