"""Auth use cases: one function per use case, taking the unit of work and opening its one
transaction (``login`` and ``reset_password`` two, so the argon2 work holds none); the
queries are ``store.py``'s."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import jwt
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.auth.v1 import auth_pb2
from services.auth import keys, passwords, store
from services.auth.config import AuthConfig
from services.runtime.db import UnitOfWork
from services.runtime.errors import DomainError
from services.runtime.events import Outbox
from services.runtime.tokens import ALGORITHM, ISSUER

USERNAME_RE = re.compile(r"^[A-Za-z0-9_]{3,32}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Signer:
    kid: str
    private_pem: str
    public_keys: dict[str, str]


async def load_signer(db: UnitOfWork) -> Signer:
    """The signing key every replica shares (the first one to start creates it)."""
    async with db.transaction() as conn:
        return Signer(*await keys.load_or_create(conn))


def unauthenticated() -> DomainError:
    return DomainError("UNAUTHENTICATED", "Sign in first.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class User:
    id: str
    username: str
    email: str
    tribe: int
    created_at: datetime


@dataclass(frozen=True)
class Tokens:
    """A sign-in's (or a rotation's) tokens; a rotation has no new cookie session."""

    access_token: str
    refresh_token: str
    expires_in: int
    session_token: str = ""
    session_idle_seconds: int = 0


@dataclass(frozen=True)
class Session:
    user_id: str
    session_id: str
    idle_expires_at: datetime


@dataclass(frozen=True)
class Revoked:
    session_id: str
    user_id: str
    revoked_at: datetime


@dataclass(frozen=True)
class RevokedPage:
    """Revoked sessions in (revoked_at, id) order; ``more``: continue after the last."""

    revoked: list[Revoked]
    more: bool


def user_of(row: sa.Row) -> User:
    return User(id=str(row.id), username=row.username, email=row.email, tribe=row.tribe,
                created_at=row.created_at)


def validate_registration(username: str, email: str, password: str, tribe: int) -> None:
    """The contract's field rules; the gateway checks them too, this keeps the service honest."""
    fields: dict[str, str] = {}
    if not USERNAME_RE.match(username):
        fields["username"] = "3-32 characters of A-Z, a-z, 0-9 and _"
    if not EMAIL_RE.match(email) or len(email) > 254:
        fields["email"] = "a valid email address"
    if len(password) < 8:
        fields["password"] = "at least 8 characters"
    if tribe not in (1, 2, 3):
        fields["tribe"] = "romans, teutons or gauls (1, 2 or 3)"
    if fields:
        raise DomainError("INVALID_INPUT", "Invalid registration.", {"fields": fields})


async def register(db: UnitOfWork, outbox: Outbox, username: str, email: str, password: str,
                   tribe: int,
                   before_commit: Callable[[User], Awaitable[None]] | None = None,
                   ) -> User:
    """A new user and its auth.user.registered event, in one transaction.

    before_commit runs inside that transaction once the user row exists (the servicer
    creates the capital there): if it raises, nothing is persisted.
    """
    validate_registration(username, email, password, tribe)
    password_hash = await passwords.hash_password(password)
    user_id = uuid.uuid4()
    try:
        async with db.transaction() as conn:
            name_taken, email_taken = await store.name_or_email_taken(conn, username, email)
            if name_taken:
                raise DomainError("USERNAME_TAKEN", "That username is taken.")
            if email_taken:
                raise DomainError("EMAIL_TAKEN", "That email is already registered.")
            row = await store.insert_user(conn, id=user_id, username=username, email=email,
                                          password_hash=password_hash, tribe=tribe)
            await outbox.add(conn, "auth.user.registered", auth_pb2.UserRegistered(
                user_id=str(user_id), username=username, tribe=tribe), key=str(user_id))
            if before_commit is not None:
                await before_commit(user_of(row))
    except IntegrityError as err:
        # Two registrations raced past the check: the unique index decides.
        text = str(err.orig)
        code = "EMAIL_TAKEN" if "users_email_ci" in text else "USERNAME_TAKEN"
        raise DomainError(code, "That username or email is taken.") from None
    return user_of(row)


def _access_token(signer: Signer, config: AuthConfig, user_id: str, session_id: str,
                  now: datetime) -> str:
    claims = {
        "iss": ISSUER, "sub": user_id, "sid": session_id, "typ": "access",
        "iat": int(now.timestamp()), "exp": int((now + config.access_ttl).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, signer.private_pem, algorithm=ALGORITHM,
                      headers={"kid": signer.kid})


async def _new_refresh_token(conn: AsyncConnection, config: AuthConfig, session_id: uuid.UUID,
                             now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    await store.insert_refresh_token(conn, token_hash(token), session_id,
                                     now + config.refresh_ttl)
    return token


async def _lock_remaining(conn: AsyncConnection, config: AuthConfig, account: str,
                          now: datetime) -> int:
    """Whole seconds the account stays locked (0: not locked)."""
    count, last = await store.failures_since(conn, account, now - config.lockout_window)
    if count < config.lockout_threshold:
        return 0
    remaining = (last + config.lock_duration(count) - now).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0


async def login(db: UnitOfWork, signer: Signer, config: AuthConfig, username: str,
                password: str, outbox: Outbox | None = None) -> Tokens:
    """Password sign-in with a per-account lockout.

    The lockout is keyed by the name as typed (lower-cased), so an unknown name locks
    exactly like a real one and the answers never tell which accounts exist.
    """
    account = username.lower()
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        # Decide atomically per account across replicas: under a per-account lock, count
        # the failures and, when not locked, record this attempt as a failure up front
        # (a success deletes it). So at most lockout_threshold passwords are ever checked
        # inside a window, however many attempts race through however many replicas.
        await store.lock_account(conn, account)
        locked_for = await _lock_remaining(conn, config, account, now)
        if not locked_for:
            await store.record_failure(conn, account, now)
        row = await store.user_by_name(conn, account)
    if locked_for:
        raise DomainError("LOGIN_LOCKED", "Too many failed sign-ins; try again later.",
                          {"retry_after": locked_for})
    ok = await passwords.verify_password(row.password_hash if row else None, password)
    if row is None or not ok:
        # The failure was recorded before the check.
        raise DomainError("INVALID_CREDENTIALS", "Invalid username or password.")
    session_token = secrets.token_urlsafe(32)
    session_id = uuid.uuid4()
    async with db.transaction() as conn:
        # The credential checked must still be the user's: a password reset that committed
        # while the password was being verified ends every session, so this one must not
        # be created after it. The row lock orders this against the reset's update.
        if await store.password_hash_locked(conn, row.id) != row.password_hash:
            raise DomainError("INVALID_CREDENTIALS", "Invalid username or password.")
        await store.clear_failures(conn, account)
        await store.insert_session(conn, session_id, row.id, token_hash(session_token),
                                   now + config.session_idle)
        refresh_token = await _new_refresh_token(conn, config, session_id, now)
        await _note_login(conn, outbox, row.id, now)
    return Tokens(
        access_token=_access_token(signer, config, str(row.id), str(session_id), now),
        refresh_token=refresh_token, expires_in=int(config.access_ttl.total_seconds()),
        session_token=session_token,
        session_idle_seconds=int(config.session_idle.total_seconds()))


async def _note_login(conn: AsyncConnection, outbox: Outbox | None, user_id: uuid.UUID,
                      now: datetime) -> None:
    """Last login = now; a user the daily job marked inactive is active again, and the
    villages hear it (auth.user.inactivity_changed, inactive=false) in this transaction."""
    was = await store.note_login(conn, user_id, now)
    if was is False and outbox is not None:
        await outbox.add(conn, "auth.user.inactivity_changed",
                         auth_pb2.UserInactivityChanged(user_id=str(user_id), inactive=False),
                         key=str(user_id))


async def revoke_sessions(conn: AsyncConnection, outbox: Outbox, user_id: uuid.UUID,
                          where: sa.ColumnElement[bool], now: datetime) -> list[str]:
    """End the matching live sessions of one user and announce it (auth.session.revoked).

    Ending a session kills its refresh tokens (they check the session) and its access
    tokens (every verifier keeps the revoked session ids until those tokens expire).
    """
    ids = await store.revoke_sessions(conn, user_id, where, now)
    if ids:
        event = auth_pb2.SessionRevoked(session_ids=ids, user_id=str(user_id))
        event.revoked_at.FromDatetime(now)
        await outbox.add(conn, "auth.session.revoked", event, key=str(user_id))
    return ids


async def refresh(db: UnitOfWork, outbox: Outbox, signer: Signer, config: AuthConfig,
                  presented: str) -> Tokens:
    """Rotate a refresh token; a token presented twice ends its whole session."""
    now = datetime.now(UTC)
    reused = False
    async with db.transaction() as conn:
        row = await store.refresh_token_locked(conn, token_hash(presented))
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise unauthenticated()
        if row.used_at is not None:
            # Someone holds a copy of a spent token: end the family (committed, then 401).
            await revoke_sessions(conn, outbox, row.user_id,
                                  store.session_match(None, row.session_id), now)
            reused = True
        else:
            await store.spend_refresh_token(conn, row.token_hash, now)
            new_refresh = await _new_refresh_token(conn, config, row.session_id, now)
    if reused:
        # The gateway records the session as revoked before answering (as on logout), so
        # the rotation's access token dies at once there; it strips this detail.
        raise DomainError("UNAUTHENTICATED", "Sign in first.",
                          {"ended_session_id": str(row.session_id)})
    return Tokens(
        access_token=_access_token(signer, config, str(row.user_id), str(row.session_id), now),
        refresh_token=new_refresh, expires_in=int(config.access_ttl.total_seconds()))


def _session_filter(session_token: str, session_id: str) -> sa.ColumnElement[bool]:
    if session_token:
        return store.session_match(token_hash(session_token), None)
    try:
        return store.session_match(None, uuid.UUID(session_id))
    except ValueError:
        raise unauthenticated() from None


async def verify_session(db: UnitOfWork, config: AuthConfig, session_token: str, session_id: str,
                         slide: bool) -> Session:
    """A live session (not ended, not idle for 30 minutes), its idle expiry slid forward.

    With slide=False the expiry is rewritten at most once per slide step, so ordinary
    requests cost one read; keepalive (slide=True) always writes.
    """
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        row = await store.live_session(conn, _session_filter(session_token, session_id), now)
        if row is None:
            raise unauthenticated()
        expires = row.idle_expires_at
        if slide or expires < now + config.session_idle - config.session_slide_step:
            expires = now + config.session_idle
            await store.slide_session(conn, row.id, expires)
    return Session(user_id=str(row.user_id), session_id=str(row.id), idle_expires_at=expires)


async def logout(db: UnitOfWork, outbox: Outbox, session_token: str,
                 session_id: str) -> str:
    """End one session (idempotent: ending an ended session is fine); its id."""
    now = datetime.now(UTC)
    async with db.transaction() as conn:
        row = await store.session_of(conn, _session_filter(session_token, session_id))
        if row is None:
            raise unauthenticated()
        await revoke_sessions(conn, outbox, row.user_id, store.session_match(None, row.id), now)
    return str(row.id)


REVOKED_PAGE_MAX = 1000


async def list_revoked(db: UnitOfWork, since: datetime, after_id: str,
                       page_size: int) -> RevokedPage:
    """One page of sessions revoked at or after `since`, keyset-paged by (revoked_at, id)
    so a large window never needs more than one bounded message per page."""
    limit = min(page_size, REVOKED_PAGE_MAX) if page_size > 0 else REVOKED_PAGE_MAX
    after = None
    if after_id:
        try:
            after = uuid.UUID(after_id)
        except ValueError:
            raise DomainError("INVALID_INPUT", "Invalid cursor.") from None
    async with db.transaction() as conn:
        rows = await store.revoked_page(conn, since, after, limit + 1)
    return RevokedPage(revoked=[Revoked(str(r.id), str(r.user_id), r.revoked_at)
                                for r in rows[:limit]], more=len(rows) > limit)


async def request_password_reset(db: UnitOfWork, config: AuthConfig,
                                 email: str) -> tuple[str, str] | None:
    """(address, token) to mail when the address belongs to a user, else None.

    The caller answers the same either way and mails in the background, so neither the
    answer nor its timing tells whether the address is registered.
    """
    now = datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    async with db.transaction() as conn:
        row = await store.user_by_email(conn, email.strip())
        if row is None:
            return None
        await store.insert_reset_token(conn, token_hash(token), row.id, now + config.reset_ttl)
    return row.email, token


async def reset_password(db: UnitOfWork, outbox: Outbox, token: str, new_password: str) -> None:
    """Set a new password with a single-use token and end every session of the user."""
    if len(new_password) < 8:
        raise DomainError("INVALID_INPUT", "Invalid password.",
                          {"fields": {"new_password": "at least 8 characters"}})
    now = datetime.now(UTC)
    # Check the token before hashing: a bad token must not cost an argon2 hash (CPU).
    async with db.transaction() as conn:
        found = await store.reset_token(conn, token_hash(token))
    if found is None or found.used_at is not None or found.expires_at <= now:
        raise DomainError("INVALID_RESET_TOKEN", "This reset link is invalid or expired.")
    new_hash = await passwords.hash_password(new_password)
    async with db.transaction() as conn:
        # Checked again under the row lock: the token may have been spent meanwhile.
        row = await store.reset_token(conn, token_hash(token), lock=True)
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise DomainError("INVALID_RESET_TOKEN", "This reset link is invalid or expired.")
        await store.spend_reset_tokens(conn, row.user_id, now)
        username = await store.set_password(conn, row.user_id, new_hash)
        await store.clear_failures(conn, username.lower())
        await revoke_sessions(conn, outbox, row.user_id, sa.true(), now)


async def purge_expired(conn: AsyncConnection, config: AuthConfig, now: datetime) -> None:
    """Drop rows no rule can use any more at ``now`` (old failures, spent tokens, dead
    sessions), in the caller's transaction (the "auth.purge-expired" job's)."""
    await store.purge_expired(conn, now, config.lockout_window)


async def get_user(db: UnitOfWork, user_id: str) -> User:
    try:
        uid = uuid.UUID(user_id)
    except ValueError:
        raise DomainError("NOT_FOUND", "No such user.") from None
    async with db.transaction() as conn:
        row = await store.user_by_id(conn, uid)
    if row is None:
        raise DomainError("NOT_FOUND", "No such user.")
    return user_of(row)
