"""Auth use cases: one function per use case, one transaction each."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from protos.auth.v1 import auth_pb2
from services.auth import passwords
from services.auth.store import refresh_tokens, sessions, users
from services.runtime.db import Database
from services.runtime.errors import DomainError
from services.runtime.events import Outbox
from services.runtime.tokens import ALGORITHM, ISSUER

ACCESS_TTL = timedelta(minutes=15)
REFRESH_TTL = timedelta(days=7)
SESSION_IDLE = timedelta(minutes=30)

USERNAME_RE = re.compile(r"^[A-Za-z0-9_]{3,32}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Signer:
    kid: str
    private_pem: str
    public_keys: dict[str, str]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_message(row: sa.Row) -> auth_pb2.User:
    msg = auth_pb2.User(id=str(row.id), username=row.username, email=row.email, tribe=row.tribe)
    msg.created_at.FromDatetime(row.created_at)
    return msg


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


async def register(db: Database, outbox: Outbox, username: str, email: str, password: str,
                   tribe: int) -> auth_pb2.User:
    validate_registration(username, email, password, tribe)
    password_hash = await passwords.hash_password(password)
    user_id = uuid.uuid4()
    try:
        async with db.transaction() as conn:
            taken = (await conn.execute(sa.select(
                sa.func.bool_or(sa.func.lower(users.c.username) == username.lower()),
                sa.func.bool_or(sa.func.lower(users.c.email) == email.lower()),
            ).where(sa.or_(sa.func.lower(users.c.username) == username.lower(),
                           sa.func.lower(users.c.email) == email.lower())))).one()
            if taken[0]:
                raise DomainError("USERNAME_TAKEN", "That username is taken.")
            if taken[1]:
                raise DomainError("EMAIL_TAKEN", "That email is already registered.")
            row = (await conn.execute(users.insert().values(
                id=user_id, username=username, email=email, password_hash=password_hash,
                tribe=tribe).returning(users))).one()
            await outbox.add(conn, "auth.user.registered", auth_pb2.UserRegistered(
                user_id=str(user_id), username=username, tribe=tribe), key=str(user_id))
    except IntegrityError as err:
        # Two registrations raced past the check: the unique index decides.
        text = str(err.orig)
        code = "EMAIL_TAKEN" if "users_email_ci" in text else "USERNAME_TAKEN"
        raise DomainError(code, "That username or email is taken.") from None
    return user_message(row)


def _access_token(signer: Signer, user_id: str, session_id: str, now: datetime) -> str:
    claims = {
        "iss": ISSUER, "sub": user_id, "sid": session_id, "typ": "access",
        "iat": int(now.timestamp()), "exp": int((now + ACCESS_TTL).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, signer.private_pem, algorithm=ALGORITHM,
                      headers={"kid": signer.kid})


async def login(db: Database, signer: Signer, username: str, password: str) -> auth_pb2.TokenPair:
    async with db.transaction() as conn:
        row = (await conn.execute(sa.select(users).where(
            sa.func.lower(users.c.username) == username.lower()))).first()
    ok = await passwords.verify_password(row.password_hash if row else None, password)
    if row is None or not ok:
        raise DomainError("INVALID_CREDENTIALS", "Invalid username or password.")
    now = datetime.now(UTC)
    session_token = secrets.token_urlsafe(32)
    refresh_token = secrets.token_urlsafe(32)
    session_id = uuid.uuid4()
    async with db.transaction() as conn:
        await conn.execute(sessions.insert().values(
            id=session_id, user_id=row.id, token_hash=token_hash(session_token),
            idle_expires_at=now + SESSION_IDLE))
        await conn.execute(refresh_tokens.insert().values(
            token_hash=token_hash(refresh_token), session_id=session_id,
            expires_at=now + REFRESH_TTL))
        await conn.execute(users.update().where(users.c.id == row.id).values(last_login_at=now))
    return auth_pb2.TokenPair(
        access_token=_access_token(signer, str(row.id), str(session_id), now),
        refresh_token=refresh_token, token_type="bearer",
        expires_in=int(ACCESS_TTL.total_seconds()), session_token=session_token,
        session_idle_seconds=int(SESSION_IDLE.total_seconds()))


async def get_user(db: Database, user_id: str) -> auth_pb2.User:
    try:
        uid = uuid.UUID(user_id)
    except ValueError:
        raise DomainError("NOT_FOUND", "No such user.") from None
    async with db.transaction() as conn:
        row = (await conn.execute(sa.select(users).where(users.c.id == uid))).first()
    if row is None:
        raise DomainError("NOT_FOUND", "No such user.")
    return user_message(row)
