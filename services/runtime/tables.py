"""Tables every service has in its own schema: outbox, inbox and idempotency records."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def required(name: str, type_: Any, *args: Any, **kw: Any) -> sa.Column:
    """A NOT NULL column, the usual kind in the services' declarations."""
    return sa.Column(name, type_, *args, nullable=False, **kw)


def runtime_tables(metadata: sa.MetaData, schema: str) -> dict[str, sa.Table]:
    outbox = sa.Table(
        "outbox", metadata,
        sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Index("outbox_unpublished", "seq", postgresql_where=sa.text("published_at IS NULL")),
        schema=schema,
    )
    inbox = sa.Table(
        "inbox", metadata,
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        schema=schema,
    )
    idempotency = sa.Table(
        "idempotency", metadata,
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("request_hash", sa.Text, nullable=False),
        sa.Column("response", sa.LargeBinary),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        schema=schema,
    )
    return {"outbox": outbox, "inbox": inbox, "idempotency": idempotency}
