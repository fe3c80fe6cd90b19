"""Cross-cutting HTTP behaviour: request id, timing, security headers, metrics."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import Counter, Histogram

from services.runtime import context

REQUESTS = Counter("http_requests_total", "HTTP requests by method, route and status",
                   ["method", "route", "status"])
LATENCY = Histogram("http_request_duration_seconds", "HTTP request latency by method and route",
                    ["method", "route"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))

CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"


def security_headers(response: Response, tls: bool) -> None:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if tls:
        response.headers.setdefault("Strict-Transport-Security",
                                    "max-age=31536000; includeSubDomains")


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def observe(request: Request,
                      call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        rid = request.headers.get("x-request-id", "")[:64] or context.new_request_id()
        context.request_id.set(rid)
        context.user_id.set("")
        request.state.replayed = False
        response = await call_next(request)
        elapsed = time.perf_counter() - started
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        REQUESTS.labels(request.method, template, str(response.status_code)).inc()
        LATENCY.labels(request.method, template).observe(elapsed)
        response.headers["X-Request-Id"] = rid
        response.headers["X-Process-Time"] = f"{elapsed:.6f}"
        if getattr(request.state, "replayed", False):
            response.headers["Idempotent-Replayed"] = "true"
        security_headers(response, app.state.settings.tls)
        return response
