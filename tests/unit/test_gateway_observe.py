"""The gateway's observe middleware (pure ASGI): every answer carries the request id, the
timing and the security headers, also a 500 made of a fault below it."""

from __future__ import annotations

import asyncio

import httpx
from starlette.responses import PlainTextResponse

from gateway.middleware import ObserveMiddleware


def _get(inner, headers: dict | None = None) -> httpx.Response:  # noqa: ANN001
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=ObserveMiddleware(inner),
                                        raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get("/x", headers=headers or {})

    return asyncio.run(go())


def test_a_fault_below_is_a_500_in_the_contract_shape_with_every_header() -> None:
    async def broken(scope, receive, send) -> None:  # noqa: ANN001
        raise RuntimeError("boom")

    resp = _get(broken, {"X-Request-Id": "abc-1"})
    assert resp.status_code == 500
    assert resp.json() == {"code": "INTERNAL_ERROR", "message": "Internal error."}
    assert resp.headers["x-request-id"] == "abc-1"
    for header in ("x-content-type-options", "x-frame-options", "content-security-policy",
                   "referrer-policy", "x-process-time"):
        assert header in resp.headers


def test_a_route_keeps_its_own_policy_and_a_replay_is_marked() -> None:
    async def page(scope, receive, send) -> None:  # noqa: ANN001
        scope["state"]["replayed"] = True
        await PlainTextResponse("hi", headers={"Content-Security-Policy": "mine",
                                               "X-Request-Id": "spoofed"})(scope, receive, send)

    resp = _get(page, {"X-Request-Id": "bad id with spaces"})
    assert resp.headers["content-security-policy"] == "mine"
    assert resp.headers["idempotent-replayed"] == "true"
    assert resp.headers["x-request-id"] not in ("spoofed", "bad id with spaces")
