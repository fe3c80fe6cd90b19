"""The gateway's request id travels in gRPC metadata through every hop and every log line."""

from __future__ import annotations

import json
import time

import httpx

from tests.conftest import unique_name
from tests.stack import Stack


def log_lines(stack: Stack, prefix: str) -> list[dict]:
    lines = []
    for path in stack.log_dir.glob(f"{prefix}*.log"):
        for raw in path.read_text(errors="replace").splitlines():
            if raw.startswith("{"):
                try:
                    lines.append(json.loads(raw))
                except ValueError:
                    pass
    return lines


def test_request_id_reaches_auth_and_village_logs(stack: Stack, client: httpx.Client) -> None:
    rid = unique_name("trace")
    name = unique_name()
    resp = client.post("/api/v1/auth/register", headers={"X-Request-Id": rid}, json={
        "username": name, "email": f"{name}@example.com", "password": "secret123",
        "tribe": "romans"})
    assert resp.status_code == 201 and resp.headers["x-request-id"] == rid
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        auth = [line for line in log_lines(stack, "auth") if line.get("request_id") == rid]
        village = [line for line in log_lines(stack, "village")
                   if line.get("request_id") == rid]
        if auth and village:
            break
        time.sleep(0.1)
    assert any(line.get("method", "").endswith("/Register") for line in auth)
    assert any(line.get("method", "").endswith("/CreateCapital") for line in village), \
        "the auth -> village hop must carry the same request id"
    assert all(line["service"] in ("auth", "village") for line in auth + village)
    gateway = [line for line in log_lines(stack, "gateway") if line.get("request_id") == rid]
    assert any(line.get("route") == "/api/v1/auth/register" and line.get("status") == 201
               for line in gateway), "the gateway logs each request with its id"
