"""The event layer on real PostgreSQL and NATS JetStream: outbox, relay, consumer, inbox."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import sqlalchemy as sa

from protos.auth.v1 import auth_pb2
from protos.events.v1 import events_pb2
from services.runtime import migrate
from services.runtime.db import Database
from services.runtime.events import (
    Consumer,
    ConsumerSpec,
    Outbox,
    OutboxRelay,
    connect,
    dead_letters_stream,
    ensure_streams,
    events_stream,
    timers_stream,
)
from services.runtime.server import asyncpg_dsn
from services.runtime.tables import runtime_tables
from tests.stack import Servers

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def make_schema(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{db.schema}"'))
        await conn.run_sync(lambda c: migrate_all(c, db.schema))
        await conn.execute(sa.text(
            f'CREATE TABLE IF NOT EXISTS "{db.schema}".applied (event_id text, user_id text)'))


def migrate_all(conn: sa.Connection, schema: str) -> None:
    metadata = sa.MetaData()
    runtime_tables(metadata, schema)
    metadata.create_all(conn)


@pytest.fixture(scope="module")
async def env(scratch_db: str, servers: Servers):  # noqa: ANN201
    prefix = f"ev{uuid.uuid4().hex[:8]}"
    db = Database(scratch_db, schema="evtest")
    await make_schema(db)
    nc = await connect(servers.nats_url, "events-test")
    js = nc.jetstream()
    await ensure_streams(js, prefix)
    yield db, js, prefix, scratch_db
    for name in (events_stream(prefix), timers_stream(prefix), dead_letters_stream(prefix)):
        await js.delete_stream(name)
    await nc.close()
    await db.close()


async def applied_count(db: Database) -> dict[str, int]:
    async with db.transaction() as conn:
        rows = (await conn.execute(sa.text(
            'SELECT event_id, count(*) AS n FROM "evtest".applied GROUP BY event_id'))).all()
    return {r.event_id: r.n for r in rows}


async def test_streams_are_created_idempotently(env) -> None:  # noqa: ANN001
    db, js, prefix, _ = env
    await ensure_streams(js, prefix)
    info = await js.stream_info(timers_stream(prefix))
    assert str(getattr(info.config.retention, "value", info.config.retention)) == "workqueue"


async def test_rolled_back_transaction_publishes_nothing(env) -> None:  # noqa: ANN001
    db, js, prefix, url = env
    outbox = Outbox("evtest", prefix)
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await outbox.add(conn, "auth.user.registered", auth_pb2.UserRegistered(user_id="x"))
            raise RuntimeError("crash before commit")
    relay = OutboxRelay(db, js, outbox, asyncpg_dsn(url))
    assert await relay.relay_once() == 0


async def test_event_is_applied_once_despite_double_publish_and_redelivery(env) -> None:  # noqa: ANN001
    db, js, prefix, url = env
    outbox = Outbox("evtest", prefix)
    async with db.transaction() as conn:
        event_id = await outbox.add(conn, "auth.user.registered",
                                    auth_pb2.UserRegistered(user_id="u1", username="ann"))
    relay = OutboxRelay(db, js, outbox, asyncpg_dsn(url))
    assert await relay.relay_once() == 1
    assert await relay.relay_once() == 0
    # A relay that crashed after publishing but before marking the row sends it again:
    async with db.transaction() as conn:
        await conn.execute(sa.text('UPDATE "evtest".outbox SET published_at = NULL'))
    assert await relay.relay_once() == 1
    info = await js.stream_info(events_stream(prefix))
    assert info.state.messages == 1, "JetStream must drop the re-sent copy (Nats-Msg-Id)"

    async def handler(conn, envelope: events_pb2.Envelope) -> None:  # noqa: ANN001
        msg = auth_pb2.UserRegistered()
        envelope.payload.Unpack(msg)
        await conn.execute(sa.text('INSERT INTO "evtest".applied VALUES (:e, :u)'),
                           {"e": envelope.id, "u": msg.user_id})

    spec = ConsumerSpec(durable="evtest-registered", subject=f"{prefix}.auth.user.registered",
                        handler=handler, stream=events_stream(prefix))
    consumer = Consumer(spec, db, js)
    task = asyncio.create_task(consumer.run())
    for _ in range(100):
        if (await applied_count(db)).get(event_id) == 1:
            break
        await asyncio.sleep(0.05)
    consumer.stop()
    await asyncio.wait_for(task, 5)
    # The same envelope delivered again (e.g. an ack lost) is not applied twice.
    async with db.transaction() as conn:
        data = (await conn.execute(sa.text('SELECT data FROM "evtest".outbox'))).scalar_one()
    assert await consumer.handle(events_pb2.Envelope.FromString(data)) is False
    assert await applied_count(db) == {event_id: 1}


async def test_failing_handler_rolls_back_its_inbox_row(env) -> None:  # noqa: ANN001
    db, js, prefix, _ = env
    calls = []

    async def flaky(conn, envelope) -> None:  # noqa: ANN001
        calls.append(envelope.id)
        await conn.execute(sa.text('INSERT INTO "evtest".applied VALUES (:e, :u)'),
                           {"e": envelope.id, "u": "flaky"})
        if len(calls) == 1:
            raise RuntimeError("transient failure")

    spec = ConsumerSpec(durable="evtest-flaky", subject=f"{prefix}.auth.x", handler=flaky,
                        stream=events_stream(prefix))
    consumer = Consumer(spec, db, js)
    envelope = events_pb2.Envelope(id="fixed-id", type="auth.x")
    with pytest.raises(RuntimeError):
        await consumer.handle(envelope)
    assert await consumer.handle(envelope) is True
    assert await consumer.handle(envelope) is False
    assert (await applied_count(db))["fixed-id"] == 1


async def test_two_replicas_migrating_at_once_both_succeed(scratch_db: str) -> None:
    from pathlib import Path

    import services.village as village

    migrations = Path(village.__file__).parent / "migrations"
    engines = [Database(scratch_db, schema="village") for _ in range(2)]
    await asyncio.gather(*(migrate.upgrade(d.engine, "village", migrations) for d in engines))
    async with engines[0].transaction() as conn:
        version = (await conn.execute(sa.text(
            "SELECT version_num FROM village.alembic_version"))).scalar_one()
    assert version
    for d in engines:
        await d.close()


async def test_expired_idempotency_records_are_purged(env) -> None:  # noqa: ANN001
    from services.runtime.idempotency import purge_expired

    db = env[0]
    async with db.transaction() as conn:
        await conn.execute(sa.text(
            'INSERT INTO "evtest".idempotency (user_id, key, method, request_hash, created_at) '
            "VALUES ('u', 'old', 'm', 'h', now() - interval '25 hours'), "
            "('u', 'new', 'm', 'h', now())"))
        assert await purge_expired(conn, "evtest") == 1
        left = (await conn.execute(sa.text(
            'SELECT key FROM "evtest".idempotency'))).scalars().all()
    assert left == ["new"]
