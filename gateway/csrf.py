"""CSRF double-submit for cookie-authenticated writes.

GET /auth/csrf sets a random XSRF-TOKEN cookie that page scripts can read; a
cookie-authenticated POST/PUT/PATCH/DELETE must echo it in X-XSRF-TOKEN. Another site
can make the browser send our cookies but can neither read the cookie nor set the
header, so a forged write fails. Bearer requests carry no ambient credential and need none.
OriginCheckMiddleware adds the browser's own word (Origin, Sec-Fetch-Site) for every
cookie-carrying request and for login, which sets the cookie (login CSRF).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.errors import error_response
from services.runtime.errors import DomainError

COOKIE = "XSRF-TOKEN"
HEADER = "x-xsrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def issue(response: Response, tls: bool) -> str:
    token = secrets.token_urlsafe(32)
    response.set_cookie(COOKIE, token, path="/", samesite="Lax", secure=tls, httponly=False)
    return token


def check(request: Request) -> None:
    """Raise 403 CSRF_FAILED unless the header equals the cookie (compared in constant time)."""
    if request.method not in UNSAFE_METHODS:
        return
    cookie = request.cookies.get(COOKIE, "")
    header = request.headers.get(HEADER, "")
    if not cookie or not header or not hmac.compare_digest(cookie.encode(), header.encode()):
        raise DomainError("CSRF_FAILED", "Missing or wrong X-XSRF-TOKEN header.")


LOGIN_PATH = "/api/v1/auth/login"
SESSION_COOKIE = "session"
CROSS = frozenset({"cross-site", "same-site"})


def _origin_of(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/')[0]}".lower() if rest else ""


def ambient(method: str, path: str, headers: Headers) -> bool:
    """A request whose credential the browser adds by itself (the session cookie, no bearer),
    or one that would set that cookie (login)."""
    if method == "POST" and path.rstrip("/") == LOGIN_PATH:
        return True
    has_cookie = any(part.strip().startswith(f"{SESSION_COOKIE}=")
                     for part in headers.get("cookie", "").split(";"))
    return has_cookie and not headers.get("authorization", "").lower().startswith("bearer ")


def foreign(headers: Headers, allowed: frozenset[str], own: frozenset[str], tls: bool) -> bool:
    """True when a browser says the request comes from another site that is not allowed."""
    origin = headers.get("origin", "").strip().lower()
    host = headers.get("host", "").strip().lower()
    own_here = own | {f"{'https' if tls else 'http'}://{host}"} if host else own
    if origin:
        return origin not in allowed and origin not in own_here  # includes "null"
    return headers.get("sec-fetch-site", "").strip().lower() in CROSS


class OriginCheckMiddleware:
    """Login CSRF and cross-site use of the cookie: a browser request that carries (or would
    receive) the session cookie from a foreign Origin, or marked Sec-Fetch-Site cross-site
    without an allowed Origin, is refused 403 FORBIDDEN. Origins in CORS_ORIGINS and the
    gateway's own origin pass; clients that send neither header (non-browsers) pass."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...] = (), public_base_url: str = "",
                 tls: bool = False) -> None:
        self.app = app
        self.allowed = frozenset(o.lower().rstrip("/") for o in allowed)
        self.own = frozenset({_origin_of(public_base_url)} - {""})
        self.tls = tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            if (ambient(scope["method"], scope["path"], headers)
                    and foreign(headers, self.allowed, self.own, self.tls)):
                response = error_response(403, "FORBIDDEN",
                                          "Cross-site requests may not use the session cookie.",
                                          {"origin": headers.get("origin", "")[:200]})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
