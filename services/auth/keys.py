"""The Ed25519 signing key pair, kept in auth's schema so every auth replica signs alike."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.auth.store import signing_keys


def _new_pair() -> tuple[str, str]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


async def load_or_create(conn: AsyncConnection) -> tuple[str, str, dict[str, str]]:
    """(kid, private PEM, {kid: public PEM}); the first replica to start creates the key."""
    private, public = _new_pair()
    await conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('palisade-auth-keys'))"))
    rows = (await conn.execute(sa.select(signing_keys).order_by(
        signing_keys.c.created_at.desc()))).all()
    if not rows:
        kid = uuid.uuid4().hex
        await conn.execute(insert(signing_keys).values(kid=kid, private_pem=private,
                                                       public_pem=public))
        return kid, private, {kid: public}
    newest = rows[0]
    return newest.kid, newest.private_pem, {r.kid: r.public_pem for r in rows}
