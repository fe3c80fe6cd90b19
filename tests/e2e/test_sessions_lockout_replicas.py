"""The login lockout holds across auth replicas: it is decided atomically per account.

A second auth process (same database) and a second gateway in front of it; 30 concurrent
wrong passwords for one account go half through each. At most lockout_threshold (5)
passwords are checked (401); every other attempt is 429 LOGIN_LOCKED.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from deploy import local
from tests.e2e.test_auth_sessions import register, start_gateway, stop
from tests.stack import Stack

ATTEMPTS = 30
THRESHOLD = 5


@pytest.fixture(scope="module")
def second_gw(stack: Stack) -> Iterator[str]:
    grpc_port = local.free_port()
    auth = stack.add_process("auth-replica2", "services.auth", {
        "SERVICE_NAME": "auth", "GRPC_LISTEN": f"127.0.0.1:{grpc_port}"})
    try:
        proc, url = start_gateway(stack, "gateway-replica2",
                                  {"AUTH_GRPC_ADDR": f"127.0.0.1:{grpc_port}"})
    except Exception:
        stop(auth)
        raise
    yield url
    stop(proc)
    stop(auth)


def test_concurrent_wrong_passwords_through_two_replicas_check_at_most_five(
        stack: Stack, second_gw: str, client: httpx.Client) -> None:
    user = register(client)
    urls = [stack.gateway_url, second_gw]

    def attempt(i: int) -> tuple[int, str]:
        with httpx.Client(base_url=urls[i % 2], timeout=60) as c:
            resp = c.post("/api/v1/auth/login",
                          json={"username": user["username"], "password": "wrong-pass"})
        return resp.status_code, resp.json().get("code", "")

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        answers = list(pool.map(attempt, range(ATTEMPTS)))
    checked = [a for a in answers if a == (401, "INVALID_CREDENTIALS")]
    locked = [a for a in answers if a == (429, "LOGIN_LOCKED")]
    assert len(checked) <= THRESHOLD, answers
    assert len(checked) + len(locked) == ATTEMPTS, answers
    # The right password is refused too while the lock lasts.
    resp = client.post("/api/v1/auth/login",
                       json={"username": user["username"], "password": user["password"]})
    assert resp.status_code == 429, resp.text
