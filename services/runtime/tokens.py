"""Access tokens: short-lived JWTs signed by auth with Ed25519.

Verifiers (the gateway, any service) hold only the public keys, fetched once from
auth's GetPublicKeys, so verifying a request never calls auth.
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt

ALGORITHM = "EdDSA"
ISSUER = "palisade-auth"
# Clocks of auth and the verifiers may differ a little: a token whose iat/nbf is up to
# this many seconds in the future (or exp this far past) still verifies.
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    session_id: str
    issued_at: int
    expires_at: int


class TokenVerifier:
    def __init__(self, public_keys: dict[str, str]) -> None:
        """public_keys: kid -> PEM."""
        self.keys = dict(public_keys)

    def verify(self, token: str) -> AccessClaims | None:
        """Claims of a valid, unexpired access token; None for anything else."""
        try:
            kid = jwt.get_unverified_header(token).get("kid", "")
            pem = self.keys.get(kid)
            if pem is None:
                return None
            data = jwt.decode(token, pem, algorithms=[ALGORITHM], issuer=ISSUER,
                              leeway=LEEWAY_SECONDS,
                              options={"require": ["exp", "iat", "sub", "sid"]})
        except jwt.PyJWTError:
            return None
        if data.get("typ") != "access":
            return None
        return AccessClaims(str(data["sub"]), str(data["sid"]), int(data["iat"]),
                            int(data["exp"]))
