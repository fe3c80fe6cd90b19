"""The gateway remembers access tokens whose signature it checked (the costly part of a
request), without letting the cache outlive what the token allows: a revoked session or an
expired token ends the cached answer."""

from __future__ import annotations

import asyncio
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway import identity as identity_module
from gateway.identity import Identity
from gateway.revocations import RevokedSessions
from services.runtime.tokens import ALGORITHM, ISSUER, LEEWAY_SECONDS, TokenVerifier


def signed(key: Ed25519PrivateKey, session: str, expires_in: int) -> str:
    now = int(time.time())
    return jwt.encode({"sub": "user-1", "sid": session, "iat": now, "exp": now + expires_in,
                       "iss": ISSUER, "typ": "access"},
                      key.private_bytes(serialization.Encoding.PEM,
                                        serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()),
                      algorithm=ALGORITHM, headers={"kid": "k1"})


@pytest.fixture
def identity() -> tuple[Identity, Ed25519PrivateKey]:
    key = Ed25519PrivateKey.generate()
    pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    ident = Identity(backends=None, revoked=RevokedSessions())
    ident.verifier = TokenVerifier({"k1": pem.decode()})
    ident._fetched_at = time.monotonic()  # keys just fetched: no refresh (no backend here)
    return ident, key


def test_a_cached_token_is_refused_once_its_session_is_revoked(identity) -> None:  # noqa: ANN001
    ident, key = identity
    token = signed(key, "s1", 600)
    assert asyncio.run(ident.verify_bearer(token, 1.0)).session_id == "s1"
    assert token in ident._verified
    ident.revoked.add("s1")
    assert asyncio.run(ident.verify_bearer(token, 1.0)) is None


def test_a_cached_token_is_refused_after_its_expiry(identity, monkeypatch) -> None:  # noqa: ANN001
    ident, key = identity
    token = signed(key, "s2", 60)
    assert asyncio.run(ident.verify_bearer(token, 1.0)) is not None
    ident.verifier = TokenVerifier({})  # checked again, the token would be refused
    later = time.time() + 60 + LEEWAY_SECONDS + 5
    monkeypatch.setattr(identity_module.time, "time", lambda: later)
    assert asyncio.run(ident.verify_bearer(token, 1.0)) is None
    assert token not in ident._verified
