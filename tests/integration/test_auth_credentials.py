"""Auth's credential checks on real PostgreSQL, with the races made deterministic.

A login whose password check overlaps a password reset must not create a live session;
a reset with a bad token must be refused before any argon2 hash is computed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from services.auth import keys, passwords, usecases
from services.auth.config import AuthConfig
from services.auth.store import sessions
from services.runtime import migrate
from services.runtime.db import Database
from services.runtime.errors import DomainError
from services.runtime.events import Outbox

pytestmark = pytest.mark.asyncio(loop_scope="session")

MIGRATIONS = Path(__file__).resolve().parents[2] / "services" / "auth" / "migrations"
PASSWORD = "correct horse battery"


@pytest.fixture
async def db(scratch_db: str):  # noqa: ANN201
    database = Database(scratch_db, schema="auth")
    await migrate.upgrade(database.engine, "auth", MIGRATIONS)
    yield database
    await database.close()


async def new_user(db: Database, outbox: Outbox, name: str) -> None:
    await usecases.register(db, outbox, name, f"{name}@example.com", PASSWORD, 1)


async def test_a_login_overlapping_a_password_reset_creates_no_live_session(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    outbox = Outbox("auth", "credtest")
    config = AuthConfig()
    await new_user(db, outbox, "racer1")
    _, token = await usecases.request_password_reset(db, config, "racer1@example.com")
    async with db.transaction() as conn:
        signer = usecases.Signer(*await keys.load_or_create(conn))
    verify = passwords.verify_password

    async def verify_then_reset(stored: str | None, password: str) -> bool:
        ok = await verify(stored, password)
        # The reset commits after the old password was verified, before the session exists.
        await usecases.reset_password(db, outbox, token, "a brand new password")
        return ok

    monkeypatch.setattr(passwords, "verify_password", verify_then_reset)
    with pytest.raises(DomainError) as err:
        await usecases.login(db, signer, config, "racer1", PASSWORD)
    assert err.value.code == "INVALID_CREDENTIALS"
    async with db.transaction() as conn:
        live = (await conn.execute(sa.select(sa.func.count()).select_from(sessions).where(
            sessions.c.revoked_at.is_(None)))).scalar_one()
    assert live == 0
    monkeypatch.setattr(passwords, "verify_password", verify)
    await usecases.login(db, signer, config, "racer1", "a brand new password")


async def test_a_bad_reset_token_is_refused_before_hashing(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    outbox = Outbox("auth", "credtest")
    hashed: list[str] = []
    real_hash = passwords.hash_password

    async def counting_hash(password: str) -> str:
        hashed.append(password)
        return await real_hash(password)

    monkeypatch.setattr(passwords, "hash_password", counting_hash)
    with pytest.raises(DomainError) as err:
        await usecases.reset_password(db, outbox, "not-a-real-token", "a brand new password")
    assert err.value.code == "INVALID_RESET_TOKEN"
    assert hashed == []
