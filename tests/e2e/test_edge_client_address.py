"""Client address and rate limits: X-Forwarded-For counts only from TRUSTED_PROXIES, and
limits are counted before identity lookups.

Two extra gateways of the stack with the contract's own limits (RATE_LIMIT_MULTIPLIER=1):
one with no trusted proxy (the default), one trusting loopback and 10.0.0.0/8 as if it
stood behind an ingress.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import unique_name
from tests.e2e.test_auth_sessions import start_gateway, stop
from tests.stack import Stack


@pytest.fixture(scope="module")
def untrusted(stack: Stack) -> Iterator[httpx.Client]:
    proc, url = start_gateway(stack, "gateway-untrusted", {"RATE_LIMIT_MULTIPLIER": "1"})
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client
    stop(proc)


@pytest.fixture(scope="module")
def behind_proxy(stack: Stack) -> Iterator[httpx.Client]:
    proc, url = start_gateway(stack, "gateway-proxied", {
        "RATE_LIMIT_MULTIPLIER": "1", "TRUSTED_PROXIES": "127.0.0.0/8, 10.0.0.0/8"})
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client
    stop(proc)


def bad_login(client: httpx.Client, xff: str) -> httpx.Response:
    return client.post("/api/v1/auth/login", headers={"X-Forwarded-For": xff},
                       json={"username": unique_name(), "password": "wrong password"})


def test_spoofed_forwarded_for_does_not_escape_the_login_limit(untrusted: httpx.Client) -> None:
    statuses = [bad_login(untrusted, f"198.51.100.{i}").status_code for i in range(10)]
    assert statuses == [401] * 5 + [429] * 5


def test_behind_a_trusted_proxy_each_client_has_its_own_bucket(
        behind_proxy: httpx.Client) -> None:
    first = [bad_login(behind_proxy, "203.0.113.1") for _ in range(5)]
    assert [r.status_code for r in first] == [401] * 5
    assert bad_login(behind_proxy, "203.0.113.1").status_code == 429
    # Another client behind the same proxy is untouched.
    other = bad_login(behind_proxy, "203.0.113.2")
    assert other.status_code == 401 and other.headers["x-ratelimit-remaining"] == "4"
    # The right-most untrusted hop counts: what the client wrote to the left is ignored,
    # and the trusted inner proxy 10.0.0.7 is skipped.
    for i in range(3):
        spoof = bad_login(behind_proxy, f"192.0.2.{i}, 203.0.113.1, 10.0.0.7")
        assert spoof.status_code == 429
    assert bad_login(behind_proxy, "203.0.113.3, 10.0.0.7").status_code == 401


def verify_session_calls(client: httpx.Client) -> float:
    text = client.get("/metrics").text
    return sum(float(m.group(1)) for m in re.finditer(
        r'^grpc_client_handling_seconds_count\{[^}]*method="[^"]*VerifySession"[^}]*\} (\S+)$',
        text, re.M))


def test_a_flood_of_random_cookies_is_refused_before_auth_is_asked(
        behind_proxy: httpx.Client) -> None:
    headers = {"X-Forwarded-For": "203.0.113.50"}
    before = verify_session_calls(behind_proxy)
    statuses = [behind_proxy.get("/api/v1/auth/me", headers={
        **headers, "Cookie": f"session={secrets.token_urlsafe(16)}"}).status_code
        for _ in range(90)]
    assert statuses == [401] * 60 + [429] * 30
    assert verify_session_calls(behind_proxy) - before <= 60


def test_health_and_metrics_carry_rate_limit_headers_and_status_labels(
        untrusted: httpx.Client) -> None:
    for path in ("/health", "/metrics"):
        resp = untrusted.get(path)
        assert resp.status_code == 200
        assert int(resp.headers["x-ratelimit-limit"]) >= 60
        assert int(resp.headers["x-ratelimit-reset"]) >= 1
    text = untrusted.get("/metrics").text
    assert re.search(r'^http_request_duration_seconds_count\{[^}]*route="/health"[^}]*'
                     r'status="200"', text, re.M)
