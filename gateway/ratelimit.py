"""Request rate limits per client identity (the user when signed in, else the address).

Limits (API.md): 60/min by default; login 5/min, register 3/min, password reset 3/hour,
/villages 30/min, /combat/attack 10/min; each multiplied by RATE_LIMIT_MULTIPLIER.
A request counts against the one rule its path matches (the default rule otherwise).
Fixed windows that start at a client's first request; every answer carries
X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (seconds until the
window resets); over the limit is 429 RATE_LIMIT_EXCEEDED with Retry-After.

Counters live in this process (per replica): no extra hop or shared store on every
request, and a gateway restart forgets them. With N replicas behind a balancer a client
may get up to N times a limit; the security-critical rule (the login lockout) is kept by
auth in PostgreSQL and is shared. /health and /metrics are not limited (probes).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import error_response
from services.runtime.errors import DomainError

EXEMPT = ("/health", "/metrics")


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    period_s: float


DEFAULT = Rule("default", 60, 60)
# Path prefix -> rule; "/api/v1/auth/password-reset" covers both reset routes.
RULES: tuple[tuple[str, Rule], ...] = (
    ("/api/v1/auth/login", Rule("login", 5, 60)),
    ("/api/v1/auth/register", Rule("register", 3, 60)),
    ("/api/v1/auth/password-reset", Rule("password-reset", 3, 3600)),
    ("/api/v1/villages", Rule("villages", 30, 60)),
    ("/api/v1/combat/attack", Rule("attack", 10, 60)),
)


def rule_for(path: str, multiplier: float) -> Rule:
    rule = next((r for prefix, r in RULES if path.startswith(prefix)), DEFAULT)
    return Rule(rule.name, max(1, int(rule.limit * multiplier)), rule.period_s)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_s: int

    def headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit),
                "X-RateLimit-Remaining": str(self.remaining),
                "X-RateLimit-Reset": str(self.reset_s)}


class Counters:
    """(rule, client) -> [window start, count], in memory."""

    def __init__(self) -> None:
        self._windows: dict[tuple[str, str], list[float]] = {}
        self._next_prune = 0.0

    def hit(self, rule: Rule, client: str, now: float) -> Decision:
        if now >= self._next_prune:
            self._windows = {k: w for k, w in self._windows.items() if w[1] > now}
            self._next_prune = now + 60
        window = self._windows.get((rule.name, client))
        if window is None or window[1] <= now:
            window = [now, now + rule.period_s, 0]
            self._windows[(rule.name, client)] = window
        reset = max(1, math.ceil(window[1] - now))
        if window[2] >= rule.limit:
            return Decision(False, rule.limit, 0, reset)
        window[2] += 1
        return Decision(True, rule.limit, rule.limit - int(window[2]), reset)


class RateLimitMiddleware:
    """Pure ASGI middleware (no per-request task or body buffering)."""

    def __init__(self, app: ASGIApp, multiplier: float = 1.0) -> None:
        self.app = app
        self.multiplier = multiplier
        self.counters = Counters()

    async def client(self, request: Request) -> str:
        try:
            principal = await request.app.state.identity.resolve(request)
        except DomainError:  # auth unreachable: count by address; the route will answer 503
            principal = None
        if principal is not None:
            return f"user:{principal.user_id}"
        return f"addr:{request.client.host if request.client else 'unknown'}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        rule = rule_for(scope["path"], self.multiplier)
        decision = self.counters.hit(rule, await self.client(request), time.monotonic())
        headers = decision.headers()
        if not decision.allowed:
            response = error_response(
                429, "RATE_LIMIT_EXCEEDED", "Too many requests; slow down.",
                {"limit": decision.limit, "retry_after": decision.reset_s},
                headers={**headers, "Retry-After": str(decision.reset_s)})
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)
