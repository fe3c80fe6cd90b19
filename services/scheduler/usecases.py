"""Scheduler use cases: one function per RPC (or event), each inside the caller's transaction."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.errors import DomainError
from services.scheduler import store

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
