"""Auth's tables (schema "auth") as SQLAlchemy Core objects."""

from __future__ import annotations

import sqlalchemy as sa

S = "auth"
metadata = sa.MetaData(schema=S)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("username", sa.Text),
    sa.Column("email", sa.Text),
    sa.Column("password_hash", sa.Text),
    sa.Column("tribe", sa.SmallInteger),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("last_login_at", sa.DateTime(timezone=True)),
)

signing_keys = sa.Table(
    "signing_keys", metadata,
    sa.Column("kid", sa.Text, primary_key=True),
    sa.Column("private_pem", sa.Text),
    sa.Column("public_pem", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True)),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid),
    sa.Column("token_hash", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("idle_expires_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

refresh_tokens = sa.Table(
    "refresh_tokens", metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("session_id", sa.Uuid),
    sa.Column("expires_at", sa.DateTime(timezone=True)),
    sa.Column("used_at", sa.DateTime(timezone=True)),
)

login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("account", sa.Text),
    sa.Column("failed_at", sa.DateTime(timezone=True)),
)

reset_tokens = sa.Table(
    "reset_tokens", metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Uuid),
    sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("expires_at", sa.DateTime(timezone=True)),
    sa.Column("used_at", sa.DateTime(timezone=True)),
)
