"""Auth's use cases on the real schema, each test rolled back (conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.auth import usecases
from services.auth.config import AuthConfig
from services.auth.store import login_failures, sessions, users
from services.runtime.errors import DomainError
from services.runtime.events import Outbox

PASSWORD = "correct horse battery"
OUTBOX = Outbox("auth", "usecases")
CONFIG = AuthConfig()


async def test_register_then_login_opens_a_session(conn: AsyncConnection,
                                                   uow: Callable) -> None:
    db = uow("auth")
    user = await usecases.register(db, OUTBOX, "alice", "alice@example.com", PASSWORD, 3)
    assert (user.username, user.tribe) == ("alice", 3)
    events = (await conn.execute(sa.text("SELECT subject FROM auth.outbox"))).scalars().all()
    assert events == [f"{OUTBOX.prefix}.auth.user.registered"]

    pair = await usecases.login(db, await usecases.load_signer(db), CONFIG, "ALICE", PASSWORD)
    assert pair.access_token and pair.session_token
    live = await usecases.verify_session(db, CONFIG, pair.session_token, "", slide=False)
    assert live.user_id == user.id
    assert (await conn.execute(sa.select(sa.func.count()).select_from(sessions))).scalar() == 1


async def test_a_taken_name_is_refused_and_nothing_is_written(conn: AsyncConnection,
                                                              uow: Callable) -> None:
    db = uow("auth")
    await usecases.register(db, OUTBOX, "bob", "bob@example.com", PASSWORD, 1)
    with pytest.raises(DomainError) as err:
        await usecases.register(db, OUTBOX, "BOB", "other@example.com", PASSWORD, 1)
    assert err.value.code == "USERNAME_TAKEN"
    assert (await conn.execute(sa.select(sa.func.count()).select_from(users))).scalar() == 1


async def test_a_failed_capital_rolls_the_registration_back(conn: AsyncConnection,
                                                            uow: Callable) -> None:
    async def village_down(user: object) -> None:
        raise DomainError("SERVICE_UNAVAILABLE", "down")

    with pytest.raises(DomainError):
        await usecases.register(uow("auth"), OUTBOX, "carol", "carol@example.com", PASSWORD,
                                2, before_commit=village_down)
    assert (await conn.execute(sa.select(sa.func.count()).select_from(users))).scalar() == 0
    assert (await conn.execute(sa.text("SELECT count(*) FROM auth.outbox"))).scalar() == 0


async def test_wrong_passwords_lock_the_account_even_for_the_right_one(
        conn: AsyncConnection, uow: Callable) -> None:
    db = uow("auth")
    await usecases.register(db, OUTBOX, "dave", "dave@example.com", PASSWORD, 1)
    sign = await usecases.load_signer(db)
    for _ in range(CONFIG.lockout_threshold):
        with pytest.raises(DomainError) as err:
            await usecases.login(db, sign, CONFIG, "dave", "not the password")
        assert err.value.code == "INVALID_CREDENTIALS"
    with pytest.raises(DomainError) as err:
        await usecases.login(db, sign, CONFIG, "dave", PASSWORD)
    assert err.value.code == "LOGIN_LOCKED"
    assert err.value.details["retry_after"] > 0
    failures = (await conn.execute(sa.select(sa.func.count()).select_from(login_failures))
                ).scalar()
    assert failures == CONFIG.lockout_threshold


async def test_get_user_answers_by_id_and_not_found_otherwise(uow: Callable) -> None:
    db = uow("auth")
    user = await usecases.register(db, OUTBOX, "erin", "erin@example.com", PASSWORD, 1)
    assert (await usecases.get_user(db, user.id)).username == "erin"
    for missing in ("00000000-0000-0000-0000-000000000000", "not-an-id"):
        with pytest.raises(DomainError) as err:
            await usecases.get_user(db, missing)
        assert err.value.code == "NOT_FOUND"
