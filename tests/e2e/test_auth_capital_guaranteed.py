"""A player always has a capital: when village cannot create it, registration fails whole.

A second auth process whose village address has nothing listening, and a gateway in
front of it: registering there is 503 SERVICE_UNAVAILABLE with Retry-After and leaves no
user behind, so the same name registers afterwards through the normal stack, capital
included.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from deploy import local
from tests.conftest import unique_name
from tests.e2e.test_auth_sessions import login, sql, start_gateway, stop
from tests.stack import Stack


@pytest.fixture(scope="module")
def no_village_gw(stack: Stack) -> Iterator[httpx.Client]:
    grpc_port = local.free_port()
    auth = stack.add_process("auth-novillage", "services.auth", {
        "SERVICE_NAME": "auth", "GRPC_LISTEN": f"127.0.0.1:{grpc_port}",
        "VILLAGE_GRPC_ADDR": f"127.0.0.1:{local.free_port()}", "GRPC_DEADLINE_SECONDS": "2"})
    try:
        proc, url = start_gateway(stack, "gateway-novillage",
                                  {"AUTH_GRPC_ADDR": f"127.0.0.1:{grpc_port}"})
    except Exception:
        stop(auth)
        raise
    with httpx.Client(base_url=url, timeout=60) as client:
        yield client
    stop(proc)
    stop(auth)


def test_registration_while_village_is_down_persists_nothing(
        no_village_gw: httpx.Client, client: httpx.Client, stack: Stack) -> None:
    name = unique_name()
    body = {"username": name, "email": f"{name}@example.com",
            "password": "correct horse battery", "tribe": "gauls"}
    resp = no_village_gw.post("/api/v1/auth/register", json=body)
    assert resp.status_code == 503, resp.text
    assert resp.json()["code"] == "SERVICE_UNAVAILABLE" and resp.headers["retry-after"]
    assert sql(stack, "SELECT 1 FROM auth.users WHERE username = $1", name) == []
    # Nothing was kept: the same name registers, and the player has a capital at once.
    resp = client.post("/api/v1/auth/register", json=body)
    assert resp.status_code == 201, resp.text
    tokens = login(client, {"username": name, "password": body["password"]})
    villages = client.get("/api/v1/villages", headers=tokens["bearer"])
    assert villages.status_code == 200, villages.text
    assert [v["is_capital"] for v in villages.json()] == [True]
