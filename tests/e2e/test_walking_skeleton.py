"""The platform's walking skeleton through the real stack: gateway -> gRPC -> PostgreSQL."""

from __future__ import annotations

import httpx

from tests.conftest import unique_name


def test_health_reports_every_service_serving(client: httpx.Client) -> None:
    resp = client.get("/health")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "healthy"
    assert body["services"] == {name: "serving" for name in
                                ("auth", "village", "combat", "tactics", "scheduler")}
    assert body["version"] and body["timestamp"].endswith("Z")


def test_register_answers_201_with_the_user(client: httpx.Client) -> None:
    name = unique_name()
    resp = client.post("/api/v1/auth/register", json={
        "username": name, "email": f"{name}@example.com", "password": "secret123",
        "tribe": 2})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert set(body) == {"id", "username", "email", "tribe", "created_at"}
    assert body["username"] == name and body["tribe"] == "teutons"


def test_login_with_form_and_json_returns_bearer_tokens_and_cookie(client: httpx.Client,
                                                                   player: dict) -> None:
    for kwargs in ({"data": {"username": player["username"], "password": player["password"]}},
                   {"json": {"username": player["username"], "password": player["password"]}}):
        resp = client.post("/api/v1/auth/login", **kwargs)
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["token_type"] == "bearer" and body["expires_in"] == 900
        assert body["access_token"] and body["refresh_token"]
        cookie = resp.headers["set-cookie"]
        assert cookie.startswith("session=") and "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower() and "Path=/" in cookie


def test_wrong_password_and_unknown_user_answer_the_same_401(client: httpx.Client,
                                                             player: dict) -> None:
    wrong = client.post("/api/v1/auth/login", json={"username": player["username"],
                                                     "password": "nope-nope"})
    unknown = client.post("/api/v1/auth/login", json={"username": unique_name(),
                                                       "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "INVALID_CREDENTIALS"


def test_malformed_register_body_is_422_invalid_input_in_contract_shape(
        client: httpx.Client) -> None:
    resp = client.post("/api/v1/auth/register", content=b"{not json",
                       headers={"content-type": "application/json"})
    assert resp.status_code == 422
    assert resp.json()["code"] == "INVALID_INPUT"
    resp = client.post("/api/v1/auth/register", json={"username": "x", "tribe": "elves"})
    assert resp.status_code == 422
    body = resp.json()
    assert body["code"] == "INVALID_INPUT" and body["message"]
    assert {"username", "email", "password", "tribe"} <= set(body["details"]["fields"])


def test_duplicate_username_is_409_case_insensitively(client: httpx.Client,
                                                      player: dict) -> None:
    resp = client.post("/api/v1/auth/register", json={
        "username": player["username"].upper(), "email": f"{unique_name()}@example.com",
        "password": "secret123", "tribe": "gauls"})
    assert resp.status_code == 409 and resp.json()["code"] == "USERNAME_TAKEN"


def test_unknown_route_is_404_not_found(client: httpx.Client) -> None:
    resp = client.get("/api/v1/no/such/route")
    assert resp.status_code == 404 and resp.json()["code"] == "NOT_FOUND"


def test_metrics_serve_prometheus_text(client: httpx.Client) -> None:
    client.get("/health")
    resp = client.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    assert "http_requests_total" in resp.text and "grpc_client_handling_seconds" in resp.text


def test_every_answer_carries_request_id_and_process_time(client: httpx.Client) -> None:
    resp = client.get("/health", headers={"X-Request-Id": "abc123"})
    assert resp.headers["x-request-id"] == "abc123"
    assert float(resp.headers["x-process-time"]) >= 0
    assert resp.headers["x-content-type-options"] == "nosniff"
