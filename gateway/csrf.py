"""CSRF double-submit for cookie-authenticated writes.

GET /auth/csrf sets a random XSRF-TOKEN cookie that page scripts can read; a
cookie-authenticated POST/PUT/PATCH/DELETE must echo it in X-XSRF-TOKEN. Another site
can make the browser send our cookies but can neither read the cookie nor set the
header, so a forged write fails. Bearer requests carry no ambient credential and need none.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

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
