"""Who is calling: a bearer access token (verified locally) or the `session` cookie.

A request is resolved once (the rate limiter needs the user too) and the answer is
kept on request.state. Bearer tokens are checked with auth's public keys and the
revoked-session set (a token whose signature checked out is remembered until its exp, so
a replica verifies each token once; the revoked set is still asked every request).
Cookie sessions are checked by auth's VerifySession, with a few-seconds cache that also
consults the revoked-session set, so a logout anywhere still ends the session on this
replica at once. Unknown cookies are not worth a query each: a cookie that cannot be a
session token (43 URL-safe characters) is refused without asking auth, and one auth
refused is remembered for a few seconds.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass

from fastapi import Request

from gateway import csrf
from gateway.revocations import RevokedSessions
from protos.auth.v1 import auth_pb2
from services.runtime import context
from services.runtime.clients import invoke
from services.runtime.errors import DomainError
from services.runtime.tokens import LEEWAY_SECONDS, AccessClaims, TokenVerifier

SESSION_COOKIE = "session"
COOKIE_CACHE_S = 5.0
COOKIE_CACHE_MAX = 50_000
# auth's session tokens are secrets.token_urlsafe(32).
SESSION_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class Principal:
    user_id: str
    session_id: str
    via_cookie: bool


class Identity:
    """Holds auth's public keys (fetched once, refreshed on an unknown key id)."""

    def __init__(self, backends, revoked: RevokedSessions) -> None:  # noqa: ANN001
        self.backends = backends
        self.revoked = revoked
        self.verifier = TokenVerifier({})
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()
        # session token -> (principal, cached until monotonic time)
        self._cookies: dict[str, tuple[Principal, float]] = {}
        # session token auth refused -> refused until monotonic time (negative cache)
        self._unknown: dict[str, float] = {}
        # access token -> its claims, once its signature checked out (the costly part of a
        # request); still refused after its exp and once its session is revoked, and
        # forgotten whenever the keys are refreshed (a withdrawn key signs nothing).
        self._verified: dict[str, AccessClaims] = {}

    async def refresh_keys(self, deadline: float) -> None:
        async with self._lock:
            if time.monotonic() - self._fetched_at < 5:
                return
            reply = await invoke(self.backends.auth.GetPublicKeys, auth_pb2.GetPublicKeysRequest(),
                                 timeout=deadline)
            self.verifier = TokenVerifier({k.kid: k.pem for k in reply.message.keys})
            self._verified = {}
            self._fetched_at = time.monotonic()

    async def verify_bearer(self, token: str, deadline: float) -> AccessClaims | None:
        """Claims of a valid access token whose session has not been revoked."""
        claims = self._verified.get(token)
        if claims is not None and time.time() > claims.expires_at + LEEWAY_SECONDS:
            del self._verified[token]
            claims = None
        if claims is None:
            claims = self.verifier.verify(token)
            if claims is None and time.monotonic() - self._fetched_at >= 5:
                await self.refresh_keys(deadline)
                claims = self.verifier.verify(token)
            if claims is not None:
                self._remember_verified(token, claims)
        if claims is None or claims.session_id in self.revoked:
            return None
        return claims

    def _remember_verified(self, token: str, claims: AccessClaims) -> None:
        if len(self._verified) >= COOKIE_CACHE_MAX:
            now = time.time()
            self._verified = {t: c for t, c in self._verified.items()
                              if c.expires_at + LEEWAY_SECONDS >= now}
            if len(self._verified) >= COOKIE_CACHE_MAX:
                self._verified.clear()
        self._verified[token] = claims

    async def verify_cookie(self, session_token: str, deadline: float) -> Principal | None:
        now = time.monotonic()
        if not SESSION_TOKEN_RE.fullmatch(session_token):
            return None
        if self._unknown.get(session_token, 0.0) > now:
            return None
        cached = self._cookies.get(session_token)
        if cached is not None and cached[1] > now:
            principal = cached[0]
        else:
            try:
                reply = await invoke(self.backends.auth.VerifySession,
                                     auth_pb2.VerifySessionRequest(session_token=session_token),
                                     timeout=deadline)
            except DomainError as err:
                if err.code == "UNAUTHENTICATED":
                    self._cookies.pop(session_token, None)
                    self._remember_unknown(session_token, now)
                    return None
                raise
            principal = Principal(reply.message.user_id, reply.message.session_id, True)
            if len(self._cookies) >= COOKIE_CACHE_MAX:
                self._cookies = {k: v for k, v in self._cookies.items() if v[1] > now}
            self._cookies[session_token] = (principal, now + COOKIE_CACHE_S)
        if principal.session_id in self.revoked:
            return None
        return principal

    def _remember_unknown(self, session_token: str, now: float) -> None:
        if len(self._unknown) >= COOKIE_CACHE_MAX:
            self._unknown = {k: t for k, t in self._unknown.items() if t > now}
            if len(self._unknown) >= COOKIE_CACHE_MAX:
                self._unknown.clear()
        self._unknown[session_token] = now + COOKIE_CACHE_S

    def ended(self, session_id: str, session_token: str = "") -> None:
        """This replica ended a session: refuse its tokens and cookie from now on."""
        self.revoked.add(session_id)
        self._cookies.pop(session_token, None)

    async def resolve(self, request: Request) -> Principal | None:
        """The caller, or None; computed once per request. A bearer header wins over a
        cookie, and a bad bearer token is not rescued by a cookie."""
        if getattr(request.state, "principal_resolved", False):
            return request.state.principal
        deadline = request.app.state.settings.grpc_deadline_s
        principal: Principal | None = None
        token = bearer_token(request)
        if (token or request.cookies.get(SESSION_COOKIE)) and not self.revoked.ready:
            # Not caught up with past revocations yet: a logged-out token might pass.
            raise DomainError("SERVICE_UNAVAILABLE", "Starting up; retry shortly.",
                              {"retry_after": 1})
        if token:
            claims = await self.verify_bearer(token, deadline)
            if claims is not None:
                principal = Principal(claims.user_id, claims.session_id, False)
        elif request.cookies.get(SESSION_COOKIE):
            principal = await self.verify_cookie(request.cookies[SESSION_COOKIE], deadline)
        request.state.principal = principal
        request.state.principal_resolved = True
        return principal


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def current_principal(request: Request) -> Principal:
    """FastAPI dependency: the signed-in caller, or 401 UNAUTHENTICATED; cookie-authenticated
    writes must also pass the CSRF check (403 CSRF_FAILED)."""
    identity: Identity = request.app.state.identity
    principal = await identity.resolve(request)
    if principal is None:
        raise DomainError("UNAUTHENTICATED", "Sign in first.")
    if principal.via_cookie:
        csrf.check(request)
    request.state.user_id = principal.user_id
    context.user_id.set(principal.user_id)
    return principal


async def current_user(request: Request) -> str:
    """FastAPI dependency: the caller's user id (see current_principal)."""
    return (await current_principal(request)).user_id
