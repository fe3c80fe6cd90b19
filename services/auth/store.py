"""Auth's tables (schema "auth") as SQLAlchemy Core objects: the whole schema, as the
migrations build it (tests/contract/test_migrations_match_store.py holds them equal)."""

from __future__ import annotations

import sqlalchemy as sa

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
