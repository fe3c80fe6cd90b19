"""Access-token verification tolerates clock skew between auth and verifiers (pure unit)."""

from __future__ import annotations

import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.runtime.tokens import ALGORITHM, ISSUER, LEEWAY_SECONDS, TokenVerifier


def _keys() -> tuple[str, str]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def _token(private: str, iat: int, exp: int, nbf: int | None = None) -> str:
    claims = {"iss": ISSUER, "sub": "u", "sid": "s", "typ": "access", "iat": iat, "exp": exp}
    if nbf is not None:
        claims["nbf"] = nbf
    return jwt.encode(claims, private, algorithm=ALGORITHM, headers={"kid": "k"})


def test_token_from_a_clock_slightly_ahead_verifies() -> None:
    private, public = _keys()
    verifier = TokenVerifier({"k": public})
    now = int(time.time())
    ahead = now + 10
    assert verifier.verify(_token(private, ahead, ahead + 900)) is not None
    assert verifier.verify(_token(private, ahead, ahead + 900, nbf=ahead)) is not None


def test_leeway_is_bounded() -> None:
    private, public = _keys()
    verifier = TokenVerifier({"k": public})
    now = int(time.time())
    far = now + LEEWAY_SECONDS + 120
    assert verifier.verify(_token(private, far, far + 900)) is None
    assert verifier.verify(_token(private, now, now + 900, nbf=far)) is None
    assert verifier.verify(_token(private, now - 2000, now - LEEWAY_SECONDS - 120)) is None
