"""Scheduler use cases: one function per RPC (or event), each inside the caller's transaction."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.errors import DomainError
from services.scheduler import store

if TYPE_CHECKING:
    from services.scheduler.shards import Shards

T = TypeVar("T")

# The owner and kind become NATS subject tokens: "<prefix>.timers.<owner>.<kind>".
OWNER = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
KIND = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
MAX_PAYLOAD = 64 * 1024
MAX_BATCH = 5000


def ts(value: datetime | None) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    out = timestamp_pb2.Timestamp()
    out.FromDatetime(value)
    return out


def timer_message(row: sa.Row) -> scheduler_pb2.Timer:
    return scheduler_pb2.Timer(
        id=row.id, owner=row.owner, kind=row.kind, due_at=ts(row.due_at),
        payload=bytes(row.payload), dedupe_key=row.dedupe_key or "",
        ordering_key=row.ordering_key, state=row.state, fired_at=ts(row.fired_at))


def _due(value: timestamp_pb2.Timestamp, has: bool) -> datetime:
    if not has:
        raise DomainError("INVALID_INPUT", "due_at is required.")
    return value.ToDatetime(tzinfo=UTC)


def _locate(timer_id: str, owner: str, dedupe_key: str) -> None:
    if not timer_id and not (owner and dedupe_key):
        raise DomainError("INVALID_INPUT", "Give the timer id, or owner and dedupe_key.")


def new_timer(req: scheduler_pb2.ScheduleRequest) -> store.NewTimer:
    """A validated timer from a request."""
    if not OWNER.match(req.owner):
        raise DomainError("INVALID_INPUT", "owner must be a service name.")
    if not KIND.match(req.kind):
        raise DomainError("INVALID_INPUT", "kind must be dot-separated words.")
    if len(req.payload) > MAX_PAYLOAD:
        raise DomainError("INVALID_INPUT", "payload is larger than 64 KiB.")
    return store.NewTimer(req.owner, req.kind, _due(req.due_at, req.HasField("due_at")),
                          req.payload, req.dedupe_key or None, req.ordering_key)


async def schedule(conn: AsyncConnection,
                   reqs: list[scheduler_pb2.ScheduleRequest]) -> list[scheduler_pb2.Timer]:
    """Idempotent per (owner, dedupe_key): a second request returns the first timer."""
    if len(reqs) > MAX_BATCH:
        raise DomainError("INVALID_INPUT", f"At most {MAX_BATCH} timers per call.")
    rows = await store.insert_timers(conn, [new_timer(r) for r in reqs])
    return [timer_message(r) for r in rows]


async def cancel(conn: AsyncConnection, req: scheduler_pb2.CancelRequest) -> bool:
    _locate(req.id, req.owner, req.dedupe_key)
    return await store.cancel_timer(conn, req.id, req.owner, req.dedupe_key)


async def reschedule(conn: AsyncConnection,
                     req: scheduler_pb2.RescheduleRequest) -> scheduler_pb2.Timer:
    _locate(req.id, req.owner, req.dedupe_key)
    due_at = _due(req.due_at, req.HasField("due_at"))
    row = await store.reschedule_timer(conn, req.id, req.owner, req.dedupe_key, due_at)
    if row is not None:
        return timer_message(row)
    if await store.get_timer(conn, req.id, req.owner, req.dedupe_key) is None:
        raise DomainError("NOT_FOUND", "Timer not found.")
    raise DomainError("FAILED_PRECONDITION", "Only a pending timer can be rescheduled.")


async def get_timer(conn: AsyncConnection, timer_id: str) -> scheduler_pb2.Timer:
    row = await store.get_timer(conn, timer_id) if timer_id else None
    if row is None:
        raise DomainError("NOT_FOUND", "Timer not found.")
    return timer_message(row)


# Several shards (shards.py): each request goes to the shard of its timer. ``conn0`` is
# a transaction the caller already holds on shard 0 (the timer-request consumer's inbox
# transaction), used for shard 0's share so that share commits with the inbox row.


@asynccontextmanager
async def _on(shards: Shards, shard: int, conn0: AsyncConnection | None
              ) -> AsyncIterator[AsyncConnection]:
    if shard == 0 and conn0 is not None:
        yield conn0
    else:
        async with shards.transaction(shard) as conn:
            yield conn


async def schedule_sharded(shards: Shards, reqs: list[scheduler_pb2.ScheduleRequest],
                           conn0: AsyncConnection | None = None) -> list[scheduler_pb2.Timer]:
    """:func:`schedule` with each timer on its shard: every request is validated first,
    then one transaction per shard (a batch over several shards is not atomic; a retry
    completes it, deduplicated per (owner, dedupe_key))."""
    if len(reqs) > MAX_BATCH:
        raise DomainError("INVALID_INPUT", f"At most {MAX_BATCH} timers per call.")
    timers = [new_timer(r) for r in reqs]
    by_shard: dict[int, list[int]] = {}
    for i, t in enumerate(timers):
        by_shard.setdefault(shards.of(t), []).append(i)
    out: list[scheduler_pb2.Timer | None] = [None] * len(timers)
    for shard, members in sorted(by_shard.items()):
        async with _on(shards, shard, conn0) as conn:
            rows = await store.insert_timers(conn, [timers[i] for i in members])
        for i, row in zip(members, rows, strict=True):
            out[i] = timer_message(row)
    return out


async def on_timer_shard(shards: Shards, timer_id: str, owner: str, dedupe_key: str,
                         op: Callable[[AsyncConnection], Awaitable[T]],
                         conn0: AsyncConnection | None = None) -> T | None:
    """``op`` on the shard holding the timer (by id, or by owner and dedupe key: the
    shards are asked in turn); None when no shard has it."""
    _locate(timer_id, owner, dedupe_key)
    if shards.n == 1:
        async with _on(shards, 0, conn0) as conn:
            return await op(conn)
    for shard in range(shards.n):
        async with _on(shards, shard, conn0) as conn:
            if await store.get_timer(conn, timer_id, owner, dedupe_key) is not None:
                return await op(conn)
    return None


async def cancel_sharded(shards: Shards, req: scheduler_pb2.CancelRequest,
                         conn0: AsyncConnection | None = None) -> bool:
    done = await on_timer_shard(shards, req.id, req.owner, req.dedupe_key,
                                lambda conn: cancel(conn, req), conn0)
    return bool(done)


async def reschedule_sharded(shards: Shards, req: scheduler_pb2.RescheduleRequest,
                             conn0: AsyncConnection | None = None) -> scheduler_pb2.Timer:
    timer = await on_timer_shard(shards, req.id, req.owner, req.dedupe_key,
                                 lambda conn: reschedule(conn, req), conn0)
    if timer is None:
        raise DomainError("NOT_FOUND", "Timer not found.")
    return timer


async def get_timer_sharded(shards: Shards, timer_id: str) -> scheduler_pb2.Timer:
    if not timer_id:
        raise DomainError("NOT_FOUND", "Timer not found.")
    timer = await on_timer_shard(shards, timer_id, "", "",
                                 lambda conn: get_timer(conn, timer_id))
    if timer is None:
        raise DomainError("NOT_FOUND", "Timer not found.")
    return timer
