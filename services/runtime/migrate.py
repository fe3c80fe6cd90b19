"""Alembic migrations per service, applied at start-up under an advisory lock.

Each service keeps its migrations in ``services/<name>/migrations`` (an ``env.py``
that calls :func:`run_env`, and ``versions/``). Two replicas starting at once
serialise on ``pg_advisory_lock``; the second finds the schema at head and does nothing.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from services.runtime.tables import runtime_tables


def _lock_id(schema: str) -> int:
    return zlib.crc32(f"palisade-migrate-{schema}".encode())


def _config(migrations_dir: Path, schema: str, connection: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.attributes["connection"] = connection
    cfg.attributes["schema"] = schema
    return cfg


async def upgrade(engine: AsyncEngine, schema: str, migrations_dir: Path) -> None:
    """Create the schema if missing and bring it to head; safe to run from many replicas."""
    async with engine.connect() as conn:
        await conn.execute(sa.text("SELECT pg_advisory_lock(:id)"), {"id": _lock_id(schema)})
        try:
            # A service's role owns its schema but may not CREATE in the database (the
            # launcher makes the schema), and CREATE SCHEMA IF NOT EXISTS checks that right
            # even when the schema exists: create it only when it is missing.
            exists = (await conn.execute(sa.text(
                "SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema})).first()
            if exists is None:
                await conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            await conn.commit()
            await conn.run_sync(
                lambda sync_conn: command.upgrade(_config(migrations_dir, schema, sync_conn),
                                                  "head"))
            await conn.commit()
        finally:
            await conn.execute(sa.text("SELECT pg_advisory_unlock(:id)"),
                               {"id": _lock_id(schema)})
            await conn.commit()


def run_env() -> None:
    """Body of every service's migrations/env.py (online mode only)."""
    from alembic import context

    connection = context.config.attributes["connection"]
    schema = context.config.attributes["schema"]
    context.configure(connection=connection, version_table_schema=schema,
                      include_schemas=True)
    with context.begin_transaction():
        context.run_migrations()


def create_runtime_tables(op_bind: sa.Connection, schema: str) -> None:
    """Today's outbox, inbox and idempotency tables, for test fixtures' migrations only.

    A service's migrations never call this (nor any other project code): they are frozen,
    with their DDL inline, so changing tables.py cannot rewrite their history
    (tests/contract/test_migrations_match_store.py checks both)."""
    metadata = sa.MetaData()
    runtime_tables(metadata, schema)
    metadata.create_all(op_bind)
