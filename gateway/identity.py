"""Who is calling: a bearer access token (verified locally) or the `session` cookie."""

from __future__ import annotations

import asyncio
import time

from fastapi import Request

from protos.auth.v1 import auth_pb2
from services.runtime import context
from services.runtime.clients import invoke
from services.runtime.errors import DomainError
from services.runtime.tokens import AccessClaims, TokenVerifier

SESSION_COOKIE = "session"


class Identity:
    """Holds auth's public keys (fetched once, refreshed on an unknown key id)."""

    def __init__(self, backends) -> None:  # noqa: ANN001
        self.backends = backends
        self.verifier = TokenVerifier({})
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def refresh_keys(self, deadline: float) -> None:
        async with self._lock:
            if time.monotonic() - self._fetched_at < 5:
                return
            reply = await invoke(self.backends.auth.GetPublicKeys, auth_pb2.GetPublicKeysRequest(),
                                 timeout=deadline)
            self.verifier = TokenVerifier({k.kid: k.pem for k in reply.message.keys})
            self._fetched_at = time.monotonic()

    async def verify_bearer(self, token: str, deadline: float) -> AccessClaims | None:
        claims = self.verifier.verify(token)
        if claims is None and time.monotonic() - self._fetched_at >= 5:
            await self.refresh_keys(deadline)
            claims = self.verifier.verify(token)
        return claims


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def current_user(request: Request) -> str:
    """FastAPI dependency: the caller's user id, or 401 UNAUTHENTICATED."""
    identity: Identity = request.app.state.identity
    deadline = request.app.state.settings.grpc_deadline_s
    token = bearer_token(request)
    user_id = ""
    if token:
        claims = await identity.verify_bearer(token, deadline)
        if claims is not None:
            user_id = claims.user_id
            request.state.session_id = claims.session_id
    if not user_id:
        raise DomainError("UNAUTHENTICATED", "Sign in first.")
    request.state.user_id = user_id
    context.user_id.set(user_id)
    return user_id
