"""Auth's tables (schema "auth") as SQLAlchemy Core objects: the whole schema, as the
migrations build it (tests/contract/test_migrations_match_store.py holds them equal), and
every query auth makes (the use cases and handlers call these, in their transaction)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.runtime.periodic import job_runs_table
from services.runtime.tables import runtime_tables

S = "auth"
TS = sa.DateTime(timezone=True)
metadata = sa.MetaData(schema=S)
runtime = runtime_tables(metadata, S)  # outbox, inbox, idempotency

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("tribe", sa.SmallInteger, nullable=False),
    sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
    sa.Column("last_login_at", TS),
    sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("inactive_since", TS),
    sa.CheckConstraint("tribe BETWEEN 1 AND 3", name="users_tribe"),
    # Case-insensitive uniqueness: "Alice" and "alice" are one user.
    sa.Index("users_username_ci", sa.text("lower(username)"), unique=True),
    sa.Index("users_email_ci", sa.text("lower(email)"), unique=True),
    # The inactive-players job's scan: active users by last activity.
    sa.Index("users_active_last_login", "last_login_at", postgresql_where=sa.text("is_active")),
)

signing_keys = sa.Table(
    "signing_keys", metadata,
    sa.Column("kid", sa.Text, primary_key=True),
    sa.Column("private_pem", sa.Text, nullable=False),
    sa.Column("public_pem", sa.Text, nullable=False),
    sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey(f"{S}.users.id", ondelete="CASCADE"),
              nullable=False, index=True),
    # sha256 of the opaque cookie token; the token itself is never stored.
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),
    sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
    sa.Column("idle_expires_at", TS, nullable=False),
    sa.Column("revoked_at", TS),
    sa.Index("sessions_revoked_at", "revoked_at",
             postgresql_where=sa.text("revoked_at IS NOT NULL")),
)

refresh_tokens = sa.Table(
    "refresh_tokens", metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("session_id", sa.Uuid, sa.ForeignKey(f"{S}.sessions.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("expires_at", TS, nullable=False),
    sa.Column("used_at", TS),
)

login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    # lower(username) as typed: unknown names lock exactly like real ones (no enumeration).
    sa.Column("account", sa.Text, nullable=False),
    sa.Column("failed_at", TS, nullable=False),
    sa.Index("login_failures_account", "account", "failed_at"),
)

reset_tokens = sa.Table(
    "reset_tokens", metadata,
    # sha256 of the token mailed to the user; the token itself is never stored.
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey(f"{S}.users.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
    sa.Column("expires_at", TS, nullable=False),
    sa.Column("used_at", TS),
)

# One row per period of a periodic job applied here (services/auth/handlers.py).
job_runs = job_runs_table(metadata, S)


# ---- queries (the use cases' and handlers' only SQL) -------------------------------------

def _lower(column: sa.Column, value: str) -> sa.ColumnElement[bool]:
    return sa.func.lower(column) == value.lower()


async def name_or_email_taken(conn: AsyncConnection, username: str, email: str
                              ) -> tuple[bool, bool]:
    """(username taken, email taken), case-insensitively."""
    row = (await conn.execute(sa.select(
        sa.func.bool_or(_lower(users.c.username, username)),
        sa.func.bool_or(_lower(users.c.email, email)),
    ).where(sa.or_(_lower(users.c.username, username), _lower(users.c.email, email))))).one()
    return bool(row[0]), bool(row[1])


async def insert_user(conn: AsyncConnection, **values: object) -> sa.Row:
    return (await conn.execute(users.insert().values(**values).returning(users))).one()


async def user_by_id(conn: AsyncConnection, user_id: uuid.UUID) -> sa.Row | None:
    return (await conn.execute(sa.select(users).where(users.c.id == user_id))).first()


async def user_by_name(conn: AsyncConnection, account: str) -> sa.Row | None:
    return (await conn.execute(sa.select(users).where(_lower(users.c.username, account)))
            ).first()


async def user_by_email(conn: AsyncConnection, email: str) -> sa.Row | None:
    return (await conn.execute(sa.select(users.c.id, users.c.email).where(
        _lower(users.c.email, email)))).first()


async def password_hash_locked(conn: AsyncConnection, user_id: uuid.UUID) -> str | None:
    """The user's current hash, its row locked (orders a login against a reset)."""
    return (await conn.execute(sa.select(users.c.password_hash).where(
        users.c.id == user_id).with_for_update())).scalar_one_or_none()


async def set_password(conn: AsyncConnection, user_id: uuid.UUID, password_hash: str) -> str:
    """The new hash; returns the username."""
    return (await conn.execute(users.update().where(users.c.id == user_id)
                               .values(password_hash=password_hash)
                               .returning(users.c.username))).scalar_one()


async def note_login(conn: AsyncConnection, user_id: uuid.UUID, now: datetime) -> bool | None:
    """Last login = now and active again; returns whether the user WAS active."""
    return (await conn.execute(sa.text(
        f"UPDATE {S}.users u SET last_login_at = :now, is_active = true, inactive_since = NULL "
        f"FROM (SELECT id, is_active FROM {S}.users WHERE id = :id FOR UPDATE) old "
        "WHERE u.id = old.id RETURNING old.is_active"), {"now": now, "id": user_id})).scalar()


async def mark_inactive(conn: AsyncConnection, since: datetime, cutoff: datetime) -> list[str]:
    """Active users whose last login (or registration) is before ``cutoff``, now inactive."""
    result = await conn.execute(sa.text(
        f"UPDATE {S}.users SET is_active = false, inactive_since = :start "
        "WHERE is_active AND coalesce(last_login_at, created_at) < :cutoff RETURNING id"),
        {"start": since, "cutoff": cutoff})
    return [str(row.id) for row in result]


async def lock_account(conn: AsyncConnection, account: str) -> None:
    """Serialise the sign-ins of one account (as typed) until the transaction ends."""
    await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(
        sa.func.hashtextextended("auth.login:" + account, 0))))


async def failures_since(conn: AsyncConnection, account: str, since: datetime
                         ) -> tuple[int, datetime | None]:
    """(count, latest) of the account's failures after ``since``."""
    count, last = (await conn.execute(sa.select(
        sa.func.count(), sa.func.max(login_failures.c.failed_at)).where(
        login_failures.c.account == account, login_failures.c.failed_at > since))).one()
    return count, last


async def record_failure(conn: AsyncConnection, account: str, at: datetime) -> None:
    await conn.execute(login_failures.insert().values(account=account, failed_at=at))


async def clear_failures(conn: AsyncConnection, account: str) -> None:
    await conn.execute(login_failures.delete().where(login_failures.c.account == account))


async def insert_session(conn: AsyncConnection, session_id: uuid.UUID, user_id: uuid.UUID,
                         token_hash: str, idle_expires_at: datetime) -> None:
    await conn.execute(sessions.insert().values(
        id=session_id, user_id=user_id, token_hash=token_hash,
        idle_expires_at=idle_expires_at))


def session_match(token_hash: str | None, session_id: uuid.UUID | None
                  ) -> sa.ColumnElement[bool]:
    """The session by its cookie token's hash, else by its id."""
    if token_hash is not None:
        return sessions.c.token_hash == token_hash
    return sessions.c.id == session_id


async def live_session(conn: AsyncConnection, match: sa.ColumnElement[bool],
                       now: datetime) -> sa.Row | None:
    return (await conn.execute(sa.select(sessions).where(
        match, sessions.c.revoked_at.is_(None), sessions.c.idle_expires_at > now))).first()


async def session_of(conn: AsyncConnection, match: sa.ColumnElement[bool]) -> sa.Row | None:
    return (await conn.execute(sa.select(sessions.c.id, sessions.c.user_id).where(match))
            ).first()


async def slide_session(conn: AsyncConnection, session_id: uuid.UUID,
                        idle_expires_at: datetime) -> None:
    await conn.execute(sessions.update().where(sessions.c.id == session_id)
                       .values(idle_expires_at=idle_expires_at))


async def revoke_sessions(conn: AsyncConnection, user_id: uuid.UUID,
                          match: sa.ColumnElement[bool], now: datetime) -> list[str]:
    """End the user's matching live sessions; their ids."""
    return [str(r.id) for r in (await conn.execute(
        sessions.update().where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None),
                                match).values(revoked_at=now).returning(sessions.c.id))).all()]


async def revoked_page(conn: AsyncConnection, since: datetime, after: uuid.UUID | None,
                       limit: int) -> list[sa.Row]:
    """Sessions revoked at or after ``since``, after the (since, after) cursor, in
    (revoked_at, id) order."""
    cursor = sessions.c.revoked_at >= since
    if after is not None:
        cursor = sa.or_(sessions.c.revoked_at > since,
                        sa.and_(sessions.c.revoked_at == since, sessions.c.id > after))
    return list((await conn.execute(
        sa.select(sessions.c.id, sessions.c.user_id, sessions.c.revoked_at)
        .where(sessions.c.revoked_at.is_not(None), cursor)
        .order_by(sessions.c.revoked_at, sessions.c.id).limit(limit))).all())


async def insert_refresh_token(conn: AsyncConnection, token_hash: str, session_id: uuid.UUID,
                               expires_at: datetime) -> None:
    await conn.execute(refresh_tokens.insert().values(
        token_hash=token_hash, session_id=session_id, expires_at=expires_at))


async def refresh_token_locked(conn: AsyncConnection, token_hash: str) -> sa.Row | None:
    """The refresh token with its session's user and end, the token's row locked."""
    return (await conn.execute(
        sa.select(refresh_tokens, sessions.c.user_id, sessions.c.revoked_at)
        .join(sessions, sessions.c.id == refresh_tokens.c.session_id)
        .where(refresh_tokens.c.token_hash == token_hash)
        .with_for_update(of=refresh_tokens))).first()


async def spend_refresh_token(conn: AsyncConnection, token_hash: str, now: datetime) -> None:
    await conn.execute(refresh_tokens.update().where(
        refresh_tokens.c.token_hash == token_hash).values(used_at=now))


async def insert_reset_token(conn: AsyncConnection, token_hash: str, user_id: uuid.UUID,
                             expires_at: datetime) -> None:
    await conn.execute(reset_tokens.insert().values(
        token_hash=token_hash, user_id=user_id, expires_at=expires_at))


async def reset_token(conn: AsyncConnection, token_hash: str, *,
                      lock: bool = False) -> sa.Row | None:
    query = sa.select(reset_tokens).where(reset_tokens.c.token_hash == token_hash)
    return (await conn.execute(query.with_for_update() if lock else query)).first()


async def spend_reset_tokens(conn: AsyncConnection, user_id: uuid.UUID, now: datetime) -> None:
    """Every open reset token of the user is used up."""
    await conn.execute(reset_tokens.update().where(
        reset_tokens.c.user_id == user_id, reset_tokens.c.used_at.is_(None)).values(used_at=now))


async def purge_expired(conn: AsyncConnection, now: datetime, lockout_window: timedelta
                        ) -> None:
    """Rows no rule can use at ``now``: old failures, spent tokens, dead sessions."""
    day = timedelta(days=1)
    await conn.execute(login_failures.delete().where(
        login_failures.c.failed_at < now - lockout_window))
    await conn.execute(reset_tokens.delete().where(reset_tokens.c.expires_at < now - day))
    await conn.execute(refresh_tokens.delete().where(refresh_tokens.c.expires_at < now))
    live_refresh = sa.exists().where(refresh_tokens.c.session_id == sessions.c.id)
    await conn.execute(sessions.delete().where(sa.or_(
        sessions.c.revoked_at < now - day,
        sa.and_(sessions.c.idle_expires_at < now - day, ~live_refresh))))
