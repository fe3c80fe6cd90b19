"""No event is dropped silently: what a consumer gives up on lands on the dead-letter stream
(real PostgreSQL and NATS JetStream), counted and with the consumer, error and deliveries."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from protos.auth.v1 import auth_pb2
from protos.events.v1 import events_pb2
from services.runtime.db import Database
from services.runtime.events import (
    DL_CONSUMER,
    DL_DELIVERIES,
    DL_ERROR,
    DL_EVENT_ID,
    Consumer,
    ConsumerSpec,
    Permanent,
    connect,
    dead_letter_subject,
    dead_letters_stream,
    ensure_streams,
    make_envelope,
)
from services.runtime.tables import runtime_tables
from tests.stack import Servers, delete_streams

pytestmark = pytest.mark.asyncio(loop_scope="session")

SCHEMA = "dltest"


@pytest.fixture(scope="module")
async def env(scratch_db: str, servers: Servers):  # noqa: ANN201
    prefix = f"dl{uuid.uuid4().hex[:8]}"
    db = Database(scratch_db, schema=SCHEMA)
    async with db.transaction() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
        await conn.run_sync(lambda c: _tables(c))
    nc = await connect(servers.nats_url, "dead-letter-test")
    js = nc.jetstream()
    await ensure_streams(js, prefix)
    yield db, js, prefix
    await nc.close()
    await delete_streams(servers.nats_url, prefix)
    await db.close()


def _tables(conn: sa.Connection) -> None:
    metadata = sa.MetaData()
    runtime_tables(metadata, SCHEMA)
    metadata.create_all(conn)


def dead_count(consumer: str) -> float:
    return REGISTRY.get_sample_value("events_dead_lettered_total", {"consumer": consumer}) or 0.0


async def run_until_dead_letter(js, prefix: str, consumer: Consumer, durable: str):  # noqa: ANN001, ANN201
    """Run the consumer until its dead letter is on the stream; that message."""
    sub = await js.pull_subscribe(dead_letter_subject(prefix, durable), durable=None,
                                  stream=dead_letters_stream(prefix))
    task = asyncio.create_task(consumer.run())
    try:
        for _ in range(120):
            try:
                msgs = await sub.fetch(1, timeout=1)
            except (TimeoutError, Exception):  # noqa: BLE001 - nothing yet
                continue
            await msgs[0].ack()
            return msgs[0]
        raise AssertionError("no dead letter within 2 minutes")
    finally:
        consumer.stop()
        await asyncio.wait_for(task, 10)
        await sub.unsubscribe()


async def publish(js, prefix: str, subject: str) -> events_pb2.Envelope:  # noqa: ANN001
    envelope = make_envelope("auth.user.registered", auth_pb2.UserRegistered(user_id="u"))
    await js.publish(f"{prefix}.{subject}", envelope.SerializeToString(),
                     headers={"Nats-Msg-Id": envelope.id})
    return envelope


async def test_handler_that_always_fails_ends_on_the_dead_letter_stream(env) -> None:  # noqa: ANN001
    db, js, prefix = env
    calls: list[str] = []

    async def always_fails(conn, envelope) -> None:  # noqa: ANN001
        calls.append(envelope.id)
        raise RuntimeError("village database is gone\nfor good")

    durable = "dltest-always-fails"
    spec = ConsumerSpec(durable=durable, subject=f"{prefix}.auth.user.registered",
                        handler=always_fails, stream=f"{prefix}_EVENTS", max_deliver=3)
    before = dead_count(durable)
    sent = await publish(js, prefix, "auth.user.registered")
    letter = await run_until_dead_letter(js, prefix, Consumer(spec, db, js, prefix), durable)

    assert events_pb2.Envelope.FromString(letter.data) == sent, "the body is the event itself"
    headers = letter.headers or {}
    assert headers[DL_CONSUMER] == durable
    assert headers[DL_EVENT_ID] == sent.id
    assert headers[DL_DELIVERIES] == "3"
    assert headers[DL_ERROR] == "RuntimeError: village database is gone for good"
    assert calls == [sent.id] * 3
    assert dead_count(durable) == before + 1
    # Terminated on its own stream: the consumer has nothing left to deliver.
    info = await js.consumer_info(f"{prefix}_EVENTS", durable)
    assert info.num_ack_pending == 0 and info.num_pending == 0
    async with db.transaction() as conn:
        inbox = (await conn.execute(sa.text(
            f'SELECT count(*) FROM "{SCHEMA}".inbox WHERE event_id = :e'),
            {"e": sent.id})).scalar_one()
    assert inbox == 0, "the failed handler's inbox row was rolled back"


async def test_permanent_failure_and_unreadable_message_are_dead_lettered_at_once(env) -> None:  # noqa: ANN001
    db, js, prefix = env
    calls: list[str] = []

    async def refuses(conn, envelope) -> None:  # noqa: ANN001
        calls.append(envelope.id)
        raise Permanent("contradicts the contract")

    durable = "dltest-permanent"
    spec = ConsumerSpec(durable=durable, subject=f"{prefix}.auth.user.deleted",
                        handler=refuses, stream=f"{prefix}_EVENTS", max_deliver=20)
    sent = await publish(js, prefix, "auth.user.deleted")
    letter = await run_until_dead_letter(js, prefix, Consumer(spec, db, js, prefix), durable)
    assert letter.headers[DL_EVENT_ID] == sent.id
    assert letter.headers[DL_DELIVERIES] == "1"
    assert letter.headers[DL_ERROR] == "Permanent: contradicts the contract"
    assert calls == [sent.id]

    durable = "dltest-garbage"
    spec = ConsumerSpec(durable=durable, subject=f"{prefix}.auth.user.garbled",
                        handler=refuses, stream=f"{prefix}_EVENTS")
    await js.publish(f"{prefix}.auth.user.garbled", b"\xff\xff not a protobuf",
                     headers={"Nats-Msg-Id": uuid.uuid4().hex})
    letter = await run_until_dead_letter(js, prefix, Consumer(spec, db, js, prefix), durable)
    assert letter.data == b"\xff\xff not a protobuf"
    assert letter.headers[DL_ERROR].startswith("unreadable envelope")
    assert calls == [sent.id], "the handler never saw the unreadable message"
