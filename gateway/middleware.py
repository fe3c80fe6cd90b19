"""Cross-cutting HTTP behaviour: CORS, client address, request id, timing, security
headers, metrics, rate limits, origin check, the input boundary, faults.

Order, outermost first: client address (TRUSTED_PROXIES), CORS (answers preflights,
marks every answer for allowed origins), observe (request id, timing, security headers
on everything below it), rate limits (before any identity lookup), origin check (login
CSRF, cross-site cookie use), input boundary (body cap, JSON/URL rules), faults (an
unexpected exception becomes a 500 inside all of the above), then FastAPI's routing and
error handlers.
"""

from __future__ import annotations

import logging
import re
import time

from fastapi import FastAPI, Response
from prometheus_client import Counter, Histogram
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.clientaddr import ClientAddressMiddleware, parse_networks
from gateway.csrf import OriginCheckMiddleware
from gateway.errors import FaultMiddleware, error_response
from gateway.inputs import InputBoundaryMiddleware
from gateway.ratelimit import RateLimitMiddleware
from services.runtime import context

log = logging.getLogger("gateway.access")

REQUESTS = Counter("http_requests_total", "HTTP requests by method, route and status",
                   ["method", "route", "status"])
LATENCY = Histogram("http_request_duration_seconds",
                    "HTTP request latency by method, route and status",
                    ["method", "route", "status"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))

# A client's X-Request-Id is kept only if it is safe in logs and gRPC metadata.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:/+=-]{1,64}$")

CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# Pages (the browser client, webclient.py): scripts, styles, images and API/WebSocket
# connections from this origin only; nothing inline, no eval, no plugins, no framing.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")

CORS_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "X-XSRF-TOKEN",
                "X-Request-Id", "If-None-Match"]
CORS_EXPOSED = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                "Retry-After", "Idempotent-Replayed", "X-Request-Id", "X-Process-Time", "ETag",
                "Last-Modified"]


class StrictCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, except that an origin not configured gets no CORS header at all
    (Starlette sends Allow-Credentials to everyone), and a refused preflight answers in
    the contract's error shape."""

    async def send(self, message: Message, send: Send, request_headers: Headers) -> None:
        origin = request_headers.get("Origin")
        if (message["type"] == "http.response.start" and origin is not None
                and not self.is_allowed_origin(origin=origin)):
            message.setdefault("headers", [])
            headers = MutableHeaders(scope=message)
            headers["Vary"] = ", ".join([*headers.getlist("Vary"), "Origin"])
            await send(message)
            return
        await super().send(message, send, request_headers)

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        refused = error_response(403, "FORBIDDEN", "This cross-origin request is not allowed.",
                                 {"cors": response.body.decode(errors="replace")})
        refused.headers["Vary"] = response.headers.get("vary", "Origin")
        return refused


def security_headers(headers: MutableHeaders, tls: bool) -> None:
    """The headers every answer carries (kept when a route set its own)."""
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    page = headers.get("content-type", "").startswith("text/html")
    headers.setdefault("Content-Security-Policy", PAGE_CSP if page else CSP)
    headers.setdefault("Referrer-Policy", "no-referrer")
    if tls:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def request_id(raw: str) -> str:
    """The caller's request id when it is safe to log and forward, else a fresh one."""
    return raw if REQUEST_ID.match(raw) else context.new_request_id()


def install(app: FastAPI) -> None:
    settings = app.state.settings
    # add_middleware wraps what is already there: innermost first.
    app.add_middleware(FaultMiddleware)
    app.add_middleware(InputBoundaryMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(OriginCheckMiddleware, allowed=settings.cors_origins,
                       public_base_url=settings.public_base_url, tls=settings.tls)
    app.add_middleware(RateLimitMiddleware, multiplier=settings.rate_limit_multiplier)

    app.add_middleware(ObserveMiddleware, tls=settings.tls)

    # Only configured origins get CORS headers, and only they may send credentials.
    app.add_middleware(StrictCORSMiddleware, allow_origins=list(settings.cors_origins),
                       allow_credentials=True,
                       allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                       allow_headers=CORS_HEADERS, expose_headers=CORS_EXPOSED, max_age=600)
    # Outermost: the client address every layer below sees.
    app.add_middleware(ClientAddressMiddleware,
                       trusted=parse_networks(settings.trusted_proxies))


class ObserveMiddleware:
    """Request id, timing, metrics, access log and the security headers of every answer.

    Pure ASGI (Starlette's ``@app.middleware("http")`` runs each request in a task group
    with a streamed response: a large share of the gateway's CPU per request). A fault in a
    middleware below is still a 500 with these headers when nothing was sent yet."""

    def __init__(self, app: ASGIApp, tls: bool = False) -> None:
        self.app = app
        self.tls = tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = request_id(Headers(scope=scope).get("x-request-id", ""))
        context.request_id.set(rid)
        context.user_id.set("")
        state = scope.setdefault("state", {})
        state["replayed"] = False
        status = 0  # 0 until the answer starts

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-Id"] = rid
                headers["X-Process-Time"] = f"{time.perf_counter() - started:.6f}"
                if state.get("replayed"):
                    headers["Idempotent-Replayed"] = "true"
                security_headers(headers, self.tls)
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        except Exception as exc:  # a fault in a middleware below: still a 500 with headers
            log.error("unhandled error", exc_info=exc, extra={"path": scope.get("path")})
            if status:
                raise
            await error_response(500, "INTERNAL_ERROR", "Internal error.")(
                scope, receive, observed_send)
        finally:
            elapsed = time.perf_counter() - started
            template = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            REQUESTS.labels(method, template, str(status)).inc()
            LATENCY.labels(method, template, str(status)).observe(elapsed)
            log.info("http", extra={"method": method, "route": template, "status": status,
                                    "ms": round(elapsed * 1000, 2)})
