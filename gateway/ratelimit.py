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
auth in PostgreSQL and is shared. /health and /metrics have their own generous
per-address rule (probes), so they carry the headers too; CORS preflights are answered
before this middleware.

Limits are counted before identity lookups: a session cookie this replica has not seen
valid in the last minute first costs its address one request of the rule, so a flood of
random cookies is refused 429 by address without a VerifySession call per request. A
bearer token is verified locally and costs no lookup.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.csrf import SESSION_COOKIE
from gateway.errors import error_response
from services.runtime.errors import DomainError

OPERATIONS = ("/health", "/metrics")
KNOWN_COOKIE_S = 60.0
KNOWN_COOKIES_MAX = 50_000


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


OPERATIONS_RULE = Rule("operations", 600, 60)
# The browser client's page and assets (webclient.py): a page load is a dozen files, which
# must not eat the player's API budget; per address, like the probes.
CLIENT_RULE = Rule("client", 600, 60)


def rule_for(path: str, multiplier: float) -> Rule:
    if path in OPERATIONS:
        rule = OPERATIONS_RULE
    elif not path.startswith("/api/"):
        rule = CLIENT_RULE
    else:
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
        # sha256(session cookie) -> until when it counts as recently seen valid
        self._known: dict[str, float] = {}

    def _known_cookie(self, digest: str, now: float) -> bool:
        return self._known.get(digest, 0.0) > now

    def _remember(self, digest: str, now: float) -> None:
        if len(self._known) >= KNOWN_COOKIES_MAX:
            self._known = {k: t for k, t in self._known.items() if t > now}
            if len(self._known) >= KNOWN_COOKIES_MAX:
                self._known.clear()
        self._known[digest] = now + KNOWN_COOKIE_S

    async def decide(self, request: Request, rule: Rule) -> Decision:
        """Count the request against the one bucket it belongs to; a lookup of an
        unfamiliar cookie is paid for by the address first."""
        now = time.monotonic()
        address = f"addr:{request.client.host if request.client else 'unknown'}"
        if rule.name in (OPERATIONS_RULE.name, CLIENT_RULE.name):
            return self.counters.hit(rule, address, now)
        cookie = request.cookies.get(SESSION_COOKIE, "")
        bearer = request.headers.get("authorization", "").lower().startswith("bearer ")
        if not cookie and not bearer:
            return self.counters.hit(rule, address, now)
        prepaid: Decision | None = None
        digest = hashlib.sha256(cookie.encode()).hexdigest() if cookie and not bearer else ""
        if digest and not self._known_cookie(digest, now):
            prepaid = self.counters.hit(rule, address, now)
            if not prepaid.allowed:
                return prepaid
        try:
            principal = await request.app.state.identity.resolve(request)
        except DomainError:  # auth unreachable: count by address; the route will answer 503
            principal = None
        if principal is None:
            return prepaid or self.counters.hit(rule, address, now)
        if digest:
            self._remember(digest, now)
        return self.counters.hit(rule, f"user:{principal.user_id}", now)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        decision = await self.decide(request, rule_for(scope["path"], self.multiplier))
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
