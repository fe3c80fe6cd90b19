"""The gateway's edge: rate limits, CORS, security headers, error shapes, OpenAPI. (The
fuzz of every route, headers and cookies included, is tests/e2e/test_edge_fuzz.py.)

Rate limits and CORS are checked on an extra gateway process of the stack that runs
with RATE_LIMIT_MULTIPLIER=1 (the contract's own numbers), one allowed origin, and TLS=1
(as behind a TLS-terminating edge).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gateway.ratelimit import Rule, rule_for
from tests.conftest import unique_name
from tests.e2e.test_auth_sessions import login, register, start_gateway, stop
from tests.stack import Stack

ORIGIN = "https://play.example"


@pytest.fixture(scope="module")
def edge(stack: Stack) -> Iterator[httpx.Client]:
    proc, url = start_gateway(stack, "gateway-edge",
                              {"RATE_LIMIT_MULTIPLIER": "1", "CORS_ORIGINS": ORIGIN,
                               "TLS": "1"})
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client
    stop(proc)


def limits(resp: httpx.Response) -> tuple[int, int, int]:
    return (int(resp.headers["x-ratelimit-limit"]), int(resp.headers["x-ratelimit-remaining"]),
            int(resp.headers["x-ratelimit-reset"]))


def assert_limited(resp: httpx.Response, limit: int) -> None:
    assert resp.status_code == 429, resp.text
    assert resp.json()["code"] == "RATE_LIMIT_EXCEEDED"
    assert int(resp.headers["retry-after"]) >= 1
    assert limits(resp)[:2] == (limit, 0)
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_every_answer_carries_rate_limit_headers(edge: httpx.Client) -> None:
    answers = [edge.get("/api/v1/auth/csrf"), edge.get("/api/v1/auth/me"),
               edge.get("/api/v1/no/such/route"),
               edge.post("/api/v1/auth/register", json={"username": "x"})]
    assert [r.status_code for r in answers] == [204, 401, 404, 422]
    for resp in answers:
        limit, remaining, reset = limits(resp)
        assert 0 <= remaining < limit and 1 <= reset <= 60


def test_register_is_limited_to_3_per_minute_per_address(edge: httpx.Client) -> None:
    seen = [edge.post("/api/v1/auth/register", json={}) for _ in range(3)]
    # test_every_answer_carries_rate_limit_headers may have spent one already.
    assert all(r.status_code in (422, 429) for r in seen)
    assert_limited(edge.post("/api/v1/auth/register", json={}), 3)


def test_login_is_limited_to_5_per_minute_before_any_lockout(edge: httpx.Client) -> None:
    for i in range(5):
        resp = edge.post("/api/v1/auth/login", json={"username": unique_name(),
                                                     "password": "whatever"})
        assert resp.status_code == 401 and limits(resp)[:2] == (5, 4 - i)
    assert_limited(edge.post("/api/v1/auth/login", json={"username": unique_name(),
                                                         "password": "whatever"}), 5)


def test_password_reset_is_limited_to_3_per_hour(edge: httpx.Client) -> None:
    for _ in range(3):
        resp = edge.post("/api/v1/auth/password-reset-request",
                         json={"email": f"{unique_name()}@example.com"})
        assert resp.status_code == 202
    resp = edge.post("/api/v1/auth/password-reset",
                     json={"token": "t", "new_password": "long enough"})
    assert_limited(resp, 3)
    assert int(resp.headers["retry-after"]) > 3000


def test_the_default_limit_is_60_per_minute_per_signed_in_user(client: httpx.Client,
                                                               edge: httpx.Client) -> None:
    busy, calm = login(client, register(client)), login(client, register(client))
    for _ in range(60):
        assert edge.get("/api/v1/auth/me", headers=busy["bearer"]).status_code == 200
    assert_limited(edge.get("/api/v1/auth/me", headers=busy["bearer"]), 60)
    # Another user (and this address without credentials) still has its own budget.
    resp = edge.get("/api/v1/auth/me", headers=calm["bearer"])
    assert resp.status_code == 200 and limits(resp)[:2] == (60, 59)
    assert edge.get("/api/v1/auth/csrf").status_code == 204


def test_villages_have_their_own_limit_apart_from_the_default(client: httpx.Client,
                                                              edge: httpx.Client) -> None:
    tokens = login(client, register(client))
    for remaining in (29, 28):
        villages = edge.get("/api/v1/villages", headers=tokens["bearer"])
        assert villages.status_code == 200 and limits(villages)[:2] == (30, remaining)
    # The same user's default budget (60/min) is untouched by the villages requests.
    me = edge.get("/api/v1/auth/me", headers=tokens["bearer"])
    assert me.status_code == 200 and limits(me)[:2] == (60, 59)
    # A combat route that is not the attack counts against the default budget, not attack's.
    simulate = edge.post("/api/v1/combat/simulate", headers=tokens["bearer"], json={})
    assert simulate.status_code != 404 and limits(simulate)[:2] == (60, 58)


def test_the_attack_route_has_its_own_limit_of_10_per_minute() -> None:
    """API.md: /combat/attack 10/min. Its route arrives with issue 10; the rule is here."""
    assert rule_for("/api/v1/combat/attack", 1.0) == Rule("attack", 10, 60)
    assert rule_for("/api/v1/combat/attack", 1000.0).limit == 10_000
    assert rule_for("/api/v1/combat/simulate", 1.0).name == "default"


def test_rate_limit_multiplier_scales_every_limit(client: httpx.Client) -> None:
    resp = client.post("/api/v1/auth/login", json={"username": unique_name(), "password": "x"})
    assert limits(resp)[0] == 5 * 1000  # the test stack runs with RATE_LIMIT_MULTIPLIER=1000


def test_cors_answers_configured_origins_only(edge: httpx.Client) -> None:
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type, x-xsrf-token"}
    allowed = edge.options("/api/v1/auth/logout", headers={"Origin": ORIGIN, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert "x-xsrf-token" in allowed.headers["access-control-allow-headers"].lower()

    denied = edge.options("/api/v1/auth/logout",
                          headers={"Origin": "https://evil.example", **preflight})
    assert denied.status_code == 403 and denied.json()["code"] == "FORBIDDEN"
    assert "access-control-allow-origin" not in denied.headers
    assert "access-control-allow-credentials" not in denied.headers

    simple = edge.get("/api/v1/auth/csrf", headers={"Origin": ORIGIN})
    assert simple.headers["access-control-allow-origin"] == ORIGIN
    assert simple.headers["access-control-allow-credentials"] == "true"
    other = edge.get("/api/v1/auth/csrf", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    assert "access-control-allow-credentials" not in other.headers


def test_security_headers_and_error_shape_on_failures(client: httpx.Client) -> None:
    for resp in (client.get("/api/v1/nope"), client.get("/api/v1/auth/me"),
                 client.post("/api/v1/auth/refresh", json={"refresh_token": 7})):
        assert resp.status_code in (404, 401, 422)
        body = resp.json()
        assert set(body) <= {"code", "message", "details"} and body["code"].isupper()
        assert "Traceback" not in resp.text
        for header in ("x-content-type-options", "x-frame-options", "content-security-policy",
                       "referrer-policy", "x-process-time"):
            assert header in resp.headers
    invalid = client.post("/api/v1/auth/refresh", json={"refresh_token": 7})
    assert list(invalid.json()["details"]["fields"]) == ["refresh_token"]


def test_behind_tls_cookies_are_secure_and_hsts_is_sent(edge: httpx.Client,
                                                       client: httpx.Client) -> None:
    secure = edge.get("/api/v1/auth/csrf")
    assert "Secure" in secure.headers["set-cookie"]
    assert secure.headers["strict-transport-security"].startswith("max-age=")
    plain = client.get("/api/v1/auth/csrf")
    assert "Secure" not in plain.headers["set-cookie"]
    assert "strict-transport-security" not in plain.headers


def test_openapi_describes_every_identity_route_and_the_error_body(client: httpx.Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    wanted = {("post", "/api/v1/auth/register"), ("post", "/api/v1/auth/login"),
              ("post", "/api/v1/auth/refresh"), ("post", "/api/v1/auth/logout"),
              ("post", "/api/v1/auth/password-reset-request"),
              ("post", "/api/v1/auth/password-reset"), ("get", "/api/v1/auth/me"),
              ("get", "/api/v1/auth/csrf"), ("get", "/api/v1/auth/keepalive"),
              ("get", "/api/v1/villages")}
    have = {(m, p) for p, item in doc["paths"].items() for m in item}
    assert wanted <= have
    error = {"$ref": "#/components/schemas/Error"}
    for method, path in wanted:
        responses = doc["paths"][path][method]["responses"]
        assert responses["4XX"]["content"]["application/json"]["schema"] == error
    assert "HTTPValidationError" not in doc["components"]["schemas"]
