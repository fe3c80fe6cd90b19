"""The input boundary: crafted input is a 4xx in the contract's shape with the usual
headers, a huge body is refused while it is read (the gateway's memory measured), and a
true fault is a 500 that still carries the security headers and X-Request-Id."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from gateway.app import create_app
from services.runtime.config import Settings
from tests.e2e.test_auth_sessions import start_gateway, stop
from tests.stack import Stack

JSON = {"Content-Type": "application/json"}


def assert_refused(resp: httpx.Response, status: int = 422) -> None:
    """A 4xx in the contract's shape with the usual headers."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) <= {"code", "message", "details"} and body["code"].isupper()
    for header in ("x-content-type-options", "content-security-policy", "x-request-id",
                   "x-ratelimit-limit", "x-ratelimit-remaining"):
        assert header in resp.headers, header


def test_a_bad_request_id_is_replaced_not_an_error(client: httpx.Client) -> None:
    resp = client.get("/api/v1/unit-definitions", headers={"X-Request-Id": "a\tb"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["x-request-id"] not in ("a\tb", "a b", "")
    kept = client.get("/api/v1/unit-definitions", headers={"X-Request-Id": "trace-42"})
    assert kept.headers["x-request-id"] == "trace-42"


def test_nul_in_a_path_segment_is_422(client: httpx.Client, player: dict) -> None:
    assert_refused(client.get("/api/v1/maps/%00", headers=player["headers"]))
    assert_refused(client.get("/api/v1/games?status=%00", headers=player["headers"]))


def test_a_unit_named_with_a_superscript_digit_is_422(client: httpx.Client) -> None:
    resp = client.post("/api/v1/combat/simulate", json={
        "attacker": {"tribe": "romans", "units": {"²": 5}},
        "defender": {"tribe": "gauls", "units": {}}})
    assert_refused(resp)
    assert resp.json()["code"] == "INVALID_INPUT"


def test_nul_in_a_string_field_is_422(client: httpx.Client) -> None:
    assert_refused(client.post("/api/v1/auth/login",
                               json={"username": "a\u0000b", "password": "secret123"}))
    assert_refused(client.post("/api/v1/auth/login",
                               data={"username": "a\u0000b", "password": "secret123"}))


@pytest.mark.parametrize("settings", [
    b'{"settings": {"x": NaN}}', b'{"settings": {"x": Infinity}}',
    b'{"settings": {"x": 1e999}}', b'{"settings": {"x": "\\ud800"}}',
    b'{"settings": {"\\udfff": 1}}', b'{"settings": {"x": 123456789012345678901234567890}}',
    b'{"settings": {"x": 1' + b"0" * 5000 + b'}}',
    b'{"settings": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001,
    b'{"settings": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
])
def test_crafted_free_form_json_is_422(client: httpx.Client, player: dict,
                                       settings: bytes) -> None:
    resp = client.post("/api/v1/games", content=settings, headers={**player["headers"], **JSON})
    assert_refused(resp)


@pytest.mark.parametrize("event", [
    b'{"eventType": "game_start", "payload": {"x": NaN}}',
    b'{"eventType": "game_start", "payload": {"x": "\\udc00"}}',
    b'{"eventType": "game_start", "occurredAt": "0001-01-01T00:00:00+01:00"}',
    b'{"eventType": "game_start", "occurredAt": "9999-12-31T23:59:59-01:00"}',
])
def test_crafted_analytics_events_are_422(client: httpx.Client, player: dict,
                                          event: bytes) -> None:
    resp = client.post("/api/v1/analytics/batch", content=b'{"events": [' + event + b"]}",
                       headers={**player["headers"], **JSON})
    assert_refused(resp)


def test_a_bad_idempotency_key_is_422(client: httpx.Client, player: dict) -> None:
    resp = client.post("/api/v1/games", json={},
                       headers={**player["headers"], "Idempotency-Key": "a\tb"})
    assert_refused(resp)


def test_a_declared_oversized_body_is_413(client: httpx.Client) -> None:
    resp = client.post("/api/v1/auth/login", content=b"x" * (1 << 20 | 1), headers=JSON)
    assert_refused(resp, 413)
    assert resp.json()["code"] == "PAYLOAD_TOO_LARGE"


def test_a_true_fault_is_a_500_with_the_usual_headers() -> None:
    app = create_app(Settings())

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a fault")

    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as c:
            return await c.get("/boom", headers={"X-Request-Id": "fault-1"})

    resp = asyncio.run(run())
    assert resp.status_code == 500
    assert resp.json() == {"code": "INTERNAL_ERROR", "message": "Internal error."}
    assert resp.headers["x-request-id"] == "fault-1"
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert "x-ratelimit-limit" in resp.headers


# --- a 300 MB body, streamed, a few at once: the gateway's memory stays bounded ---

BIG = 300 << 20
CHUNK = 1 << 20


@pytest.fixture(scope="module")
def small_gateway(stack: Stack) -> Iterator[tuple[int, int]]:
    proc, url = start_gateway(stack, "gateway-bodies", {})
    yield proc.popen.pid, int(url.rsplit(":", 1)[1])
    stop(proc)


def memory_kb(pid: int) -> dict[str, int]:
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f)
    return {k: int(fields[k].split()[0]) for k in ("VmRSS", "VmHWM")}


async def stream(port: int, total: int, declare: bool) -> tuple[int, int]:
    """POST `total` bytes to /auth/login, chunked (or with Content-Length), stopping as
    soon as the gateway answers; the status (0: connection reset) and bytes sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    framing = f"Content-Length: {total}" if declare else "Transfer-Encoding: chunked"
    writer.write(f"POST /api/v1/auth/login HTTP/1.1\r\nHost: gw\r\n"
                 f"Content-Type: application/json\r\n{framing}\r\n\r\n".encode())
    status = asyncio.create_task(reader.readline())
    payload = b"a" * CHUNK
    block = payload if declare else b"%x\r\n%s\r\n" % (CHUNK, payload)
    sent = 0
    try:
        while sent < total and not status.done():
            writer.write(block)
            await writer.drain()
            sent += CHUNK
            await asyncio.sleep(0)
        if not declare and not status.done():
            writer.write(b"0\r\n\r\n")
            await writer.drain()
    except OSError:  # the gateway answered and closed while we were still sending
        pass
    try:
        line = await asyncio.wait_for(status, 300)
    except ConnectionResetError:
        # The kernel answered our still-arriving bytes with a reset after the gateway
        # closed, which can discard its 413 before we read it: refused, status unseen.
        line = b"HTTP/1.1 0 reset"
    writer.close()
    return int(line.split()[1]), sent


def test_300_mb_bodies_are_refused_while_read_and_memory_stays_bounded(
        small_gateway: tuple[int, int]) -> None:
    pid, port = small_gateway
    before = memory_kb(pid)

    async def flood() -> list[tuple[int, int]]:
        return await asyncio.gather(*(stream(port, BIG, declare=i % 2 == 1) for i in range(4)))

    results = asyncio.run(flood())
    after = memory_kb(pid)
    assert {status for status, _ in results} <= {413, 0}, results
    # The gateway stopped reading each body long before its end.
    assert all(sent < BIG // 2 for _, sent in results), results
    # Peak resident memory grew by far less than one body (300 MB), let alone four.
    assert after["VmHWM"] - before["VmHWM"] < 64 * 1024, (before, after)
