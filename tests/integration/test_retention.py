"""Retention of outbox, inbox and Idempotency-Key rows on real PostgreSQL: old rows go,
fresh (and unpublished) rows stay, in bounded batches, idempotently, replicas side by side."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
import sqlalchemy as sa

from services.runtime import retention
from services.runtime.config import Settings
from services.runtime.db import Database
from services.runtime.tables import runtime_tables

pytestmark = pytest.mark.asyncio(loop_scope="session")

SCHEMA = "rettest"


@pytest.fixture
async def db(scratch_db: str):  # noqa: ANN201
    database = Database(scratch_db, schema=SCHEMA)

    def create(conn: sa.Connection) -> None:
        metadata = sa.MetaData()
        runtime_tables(metadata, SCHEMA)
        metadata.drop_all(conn)
        metadata.create_all(conn)

    async with database.transaction() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
        await conn.run_sync(create)
    yield database
    await database.close()


async def seed(db: Database, old_inbox: int = 1) -> None:
    async with db.transaction() as conn:
        await conn.execute(sa.text(
            f'INSERT INTO "{SCHEMA}".outbox (id, subject, data, created_at, published_at) VALUES '
            "('old-published', 's', '', now() - interval '3 days', now() - interval '2 days'), "
            "('old-unpublished', 's', '', now() - interval '3 days', NULL), "
            "('fresh-published', 's', '', now(), now() - interval '1 hour')"))
        await conn.execute(sa.text(
            f'INSERT INTO "{SCHEMA}".inbox (consumer, event_id, handled_at) '
            "SELECT 'c', 'old-' || i, now() - interval '15 days' FROM generate_series(1, :n) i"),
            {"n": old_inbox})
        await conn.execute(sa.text(
            f'INSERT INTO "{SCHEMA}".inbox (consumer, event_id, handled_at) VALUES '
            "('c', 'fresh', now() - interval '8 days')"))
        await conn.execute(sa.text(
            f'INSERT INTO "{SCHEMA}".idempotency (user_id, key, method, request_hash, '
            "created_at) VALUES ('u', 'old', 'm', 'h', now() - interval '25 hours'), "
            "('u', 'fresh', 'm', 'h', now() - interval '23 hours')"))


async def ids(db: Database) -> dict[str, list[str]]:
    async with db.transaction() as conn:
        return {
            "outbox": sorted((await conn.execute(sa.text(
                f'SELECT id FROM "{SCHEMA}".outbox'))).scalars()),
            "inbox": sorted((await conn.execute(sa.text(
                f'SELECT event_id FROM "{SCHEMA}".inbox'))).scalars()),
            "idempotency": sorted((await conn.execute(sa.text(
                f'SELECT key FROM "{SCHEMA}".idempotency'))).scalars()),
        }


async def test_old_rows_go_and_fresh_rows_stay(db: Database) -> None:
    await seed(db)
    rules = retention.runtime_rules(Settings())  # defaults: 24 h, 14 days, 24 h
    assert await retention.run_once(db, rules, batch=100) == {
        "outbox": 1, "inbox": 1, "idempotency": 1}
    assert await ids(db) == {"outbox": ["fresh-published", "old-unpublished"],
                             "inbox": ["fresh"], "idempotency": ["fresh"]}
    # Idempotent: a second run (another replica, the next hour) finds nothing.
    assert await retention.run_once(db, rules, batch=100) == {
        "outbox": 0, "inbox": 0, "idempotency": 0}


async def test_batches_are_bounded_and_replicas_do_not_collide(db: Database) -> None:
    await seed(db, old_inbox=50)
    rule = next(r for r in retention.runtime_rules(Settings()) if r.table == "inbox")
    # One run deletes at most batch x max_batches rows.
    assert await retention.purge(db, rule, batch=7, max_batches=2) == 14
    # Two replicas at once: SKIP LOCKED, no row deleted twice, none left behind.
    done = await asyncio.gather(retention.purge(db, rule, batch=5),
                                retention.purge(db, rule, batch=5))
    assert sum(done) == 36
    assert (await ids(db))["inbox"] == ["fresh"]


async def test_configured_ages_are_used_and_the_inbox_outlives_the_stream(db: Database) -> None:
    await seed(db)
    settings = replace(Settings(), inbox_retention_s=7.5 * 86400, outbox_retention_s=600.0)
    removed = await retention.run_once(db, retention.runtime_rules(settings), batch=100)
    assert removed["inbox"] == 2 and removed["outbox"] == 2
    assert (await ids(db))["outbox"] == ["old-unpublished"]
    with pytest.raises(SystemExit):
        retention.check_inbox_age(replace(Settings(), inbox_retention_s=7 * 86400))
    retention.check_inbox_age(Settings())
