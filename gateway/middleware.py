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
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import Counter, Histogram
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import Message, Send

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


def security_headers(response: Response, tls: bool) -> None:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    page = response.headers.get("content-type", "").startswith("text/html")
    response.headers.setdefault("Content-Security-Policy", PAGE_CSP if page else CSP)
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if tls:
        response.headers.setdefault("Strict-Transport-Security",
                                    "max-age=31536000; includeSubDomains")


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

    @app.middleware("http")
    async def observe(request: Request,
                      call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        rid = request_id(request.headers.get("x-request-id", ""))
        context.request_id.set(rid)
        context.user_id.set("")
        request.state.replayed = False
        try:
            response = await call_next(request)
        except Exception as exc:  # a fault in a middleware below: still a 500 with headers
            log.error("unhandled error", exc_info=exc, extra={"path": request.url.path})
            response = error_response(500, "INTERNAL_ERROR", "Internal error.")
        elapsed = time.perf_counter() - started
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        status = str(response.status_code)
        REQUESTS.labels(request.method, template, status).inc()
        LATENCY.labels(request.method, template, status).observe(elapsed)
        response.headers["X-Request-Id"] = rid
        response.headers["X-Process-Time"] = f"{elapsed:.6f}"
        if getattr(request.state, "replayed", False):
            response.headers["Idempotent-Replayed"] = "true"
        security_headers(response, app.state.settings.tls)
        log.info("http", extra={"method": request.method, "route": template,
                                "status": response.status_code,
                                "ms": round(elapsed * 1000, 2)})
        return response

    # Only configured origins get CORS headers, and only they may send credentials.
    app.add_middleware(StrictCORSMiddleware, allow_origins=list(settings.cors_origins),
                       allow_credentials=True,
                       allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                       allow_headers=CORS_HEADERS, expose_headers=CORS_EXPOSED, max_age=600)
    # Outermost: the client address every layer below sees.
    app.add_middleware(ClientAddressMiddleware,
                       trusted=parse_networks(settings.trusted_proxies))
