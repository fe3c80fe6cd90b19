"""The one Idempotency-Key mechanism end to end: the gateway's call helper
(gateway.backends.call) -> real gRPC over a socket -> ContextInterceptor ->
run_idempotent -> real PostgreSQL.

A test-only servicer inserts a row per applied request into a scratch schema, so
"applied once" is counted, not assumed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import SimpleNamespace

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf.wrappers_pb2 import StringValue
from starlette.requests import Request

from gateway.backends import call
from services.runtime import context
from services.runtime.config import Settings
from services.runtime.db import Database
from services.runtime.errors import HTTP_STATUS, DomainError
from services.runtime.idempotency import run_idempotent
from services.runtime.server import ContextInterceptor
from services.runtime.tables import runtime_tables

SCHEMA = "idem_test"
SERVICE = "palisade.test.v1.Idempotent"


class Applier:
    """Apply(body) inserts one row and answers with its id; can crash before commit."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.crash_next = False

    async def apply(self, request: StringValue, ctx: grpc.aio.ServicerContext) -> StringValue:
        async def work(conn: sa.ext.asyncio.AsyncConnection) -> StringValue:
            row_id = (await conn.execute(sa.text(
                f"INSERT INTO {SCHEMA}.applied (body) VALUES (:b) RETURNING id"),
                {"b": request.value})).scalar_one()
            await asyncio.sleep(0.2)  # hold the transaction open: concurrent retries overlap
            if self.crash_next:
                self.crash_next = False
                raise RuntimeError("crash before commit")
            return StringValue(value=f"applied #{row_id}: {request.value}")

        return await run_idempotent(self.db, ctx, "Apply", StringValue, work)


@dataclass
class Harness:
    db: Database
    applier: Applier
    method: grpc.aio.UnaryUnaryMultiCallable

    async def applied(self, body: str) -> int:
        async with self.db.transaction() as conn:
            return (await conn.execute(sa.text(
                f"SELECT count(*) FROM {SCHEMA}.applied WHERE body = :b"),
                {"b": body})).scalar_one()

    async def records(self, key: str) -> int:
        async with self.db.transaction() as conn:
            return (await conn.execute(sa.text(
                f"SELECT count(*) FROM {SCHEMA}.idempotency WHERE key = :k"),
                {"k": key})).scalar_one()


@pytest.fixture(scope="module")
async def harness(scratch_db: str) -> AsyncIterator[Harness]:
    db = Database(scratch_db, SCHEMA, pool_size=4)
    metadata = sa.MetaData()
    runtime_tables(metadata, SCHEMA)
    sa.Table("applied", metadata, sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
             sa.Column("body", sa.Text, nullable=False), schema=SCHEMA)
    async with db.transaction() as conn:
        await conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
        await conn.run_sync(metadata.create_all)

    applier = Applier(db)
    server = grpc.aio.server(interceptors=[ContextInterceptor()])
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, {
        "Apply": grpc.unary_unary_rpc_method_handler(
            applier.apply, request_deserializer=StringValue.FromString,
            response_serializer=StringValue.SerializeToString)}),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    method = channel.unary_unary(f"/{SERVICE}/Apply",
                                 request_serializer=StringValue.SerializeToString,
                                 response_deserializer=StringValue.FromString)
    yield Harness(db, applier, method)
    await channel.close()
    await server.stop(1)
    await db.close()


def http_request(body: str, key: str) -> Request:
    """What FastAPI hands a route: a POST with a JSON body and an Idempotency-Key."""
    payload = body.encode()

    async def receive() -> dict:
        return {"type": "http.request", "body": payload, "more_body": False}

    app = SimpleNamespace(state=SimpleNamespace(settings=Settings()))
    scope = {"type": "http", "method": "POST", "path": "/api/v1/things", "raw_path": b"",
             "query_string": b"", "scheme": "http", "server": ("127.0.0.1", 8080),
             "root_path": "", "app": app, "state": {"replayed": False},  # as middleware sets
             "headers": [(b"idempotency-key", key.encode()),
                         (b"content-type", b"application/json")]}
    return Request(scope, receive)


async def send(h: Harness, body: str, key: str, user: str = "user-1") -> tuple[str, bool]:
    """(answer, replayed) of one HTTP request through gateway.backends.call."""
    token = context.user_id.set(user)
    try:
        request = http_request(body, key)
        reply = await call(request, h.method, StringValue(value=body), idempotent=True,
                           timeout=10)
        return reply.message.value, request.state.replayed
    finally:
        context.user_id.reset(token)


async def test_same_key_and_body_replays_the_first_answer_and_applies_once(
        harness: Harness) -> None:
    first, replayed_first = await send(harness, '{"n": 1}', "key-replay")
    second, replayed_second = await send(harness, '{"n": 1}', "key-replay")
    assert (replayed_first, replayed_second) == (False, True)
    assert second == first
    assert await harness.applied('{"n": 1}') == 1


async def test_same_key_with_another_body_is_idempotency_key_reused(harness: Harness) -> None:
    await send(harness, '{"n": 2}', "key-reused")
    with pytest.raises(DomainError) as err:
        await send(harness, '{"n": 3}', "key-reused")
    assert err.value.code == "IDEMPOTENCY_KEY_REUSED"
    assert HTTP_STATUS[err.value.code] == 422
    assert await harness.applied('{"n": 3}') == 0


async def test_two_concurrent_requests_with_one_key_apply_once(harness: Harness) -> None:
    answers = await asyncio.gather(*(send(harness, '{"n": 4}', "key-race") for _ in range(2)))
    assert answers[0][0] == answers[1][0]
    assert sorted(replayed for _, replayed in answers) == [False, True]
    assert await harness.applied('{"n": 4}') == 1


async def test_a_crash_before_commit_leaves_no_record_so_a_retry_applies(
        harness: Harness) -> None:
    harness.applier.crash_next = True
    with pytest.raises(DomainError) as err:
        await send(harness, '{"n": 5}', "key-crash")
    assert err.value.code == "INTERNAL_ERROR"
    assert await harness.records("key-crash") == 0
    assert await harness.applied('{"n": 5}') == 0
    answer, replayed = await send(harness, '{"n": 5}', "key-crash")
    assert not replayed and answer.endswith('{"n": 5}')
    assert await harness.applied('{"n": 5}') == 1


async def test_keys_belong_to_one_user(harness: Harness) -> None:
    mine, _ = await send(harness, '{"n": 6}', "key-users", user="user-a")
    theirs, replayed = await send(harness, '{"n": 6}', "key-users", user="user-b")
    assert not replayed and mine != theirs
    assert await harness.applied('{"n": 6}') == 2
