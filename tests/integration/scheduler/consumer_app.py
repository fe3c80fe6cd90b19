"""A tiny owner service for the scheduler's tests and bench: ``python -m`` this module.

Built like every service (ServiceSpec + services.runtime.timers). Its handler records
each firing in ``timertest.handled`` (UNIQUE timer_id) and checks per-key order against
``key_state``; a duplicate or an out-of-order firing is written to ``anomalies`` instead of
failing, so a test counts them rather than having them hidden by a retry.
"""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path

import grpc
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.server import Runtime, ServiceSpec, main

NAME = "timertest"
REPLICA = os.environ.get("REPLICA_NAME", str(os.getpid()))


async def anomaly(conn: AsyncConnection, what: str, timer_id: str, detail: str) -> None:
    await conn.execute(sa.text(
        f"INSERT INTO {NAME}.anomalies (what, timer_id, detail) VALUES (:w, :t, :d)"),
        {"w": what, "t": timer_id, "d": detail})


async def record(conn: AsyncConnection, fired: scheduler_pb2.TimerFired) -> None:
    due = fired.due_at.ToDatetime(tzinfo=UTC)
    try:
        async with conn.begin_nested():
            await conn.execute(sa.text(
                f"INSERT INTO {NAME}.handled (timer_id, kind, ordering_key, seq, due_at, "
                "payload, replica) VALUES (:id, :kind, :key, :seq, :due, :payload, :replica)"),
                {"id": fired.timer_id, "kind": fired.kind, "key": fired.ordering_key,
                 "seq": fired.seq, "due": due, "payload": fired.payload, "replica": REPLICA})
    except IntegrityError:
        await anomaly(conn, "duplicate", fired.timer_id, "handled twice")
        return
    if not fired.ordering_key:
        return
    last = (await conn.execute(sa.text(
        f"SELECT last_seq, last_due_at FROM {NAME}.key_state WHERE ordering_key = :k "
        "FOR UPDATE"), {"k": fired.ordering_key})).first()
    last_seq = last.last_seq if last else 0
    if fired.seq != last_seq + 1:
        await anomaly(conn, "seq", fired.timer_id, f"key {fired.ordering_key}: seq "
                      f"{fired.seq} after {last_seq}")
    if last is not None and due < last.last_due_at:
        await anomaly(conn, "due_order", fired.timer_id, f"key {fired.ordering_key}: due "
                      f"{due.isoformat()} after {last.last_due_at.isoformat()}")
    await conn.execute(sa.text(
        f"INSERT INTO {NAME}.key_state (ordering_key, last_seq, last_due_at) "
        "VALUES (:k, :s, :d) ON CONFLICT (ordering_key) DO UPDATE "
        "SET last_seq = EXCLUDED.last_seq, last_due_at = EXCLUDED.last_due_at"),
        {"k": fired.ordering_key, "s": fired.seq, "d": due})


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    return []


SPEC = ServiceSpec(name=NAME, register=register,
                   timers=lambda rt: {"work": record, "probe": record, "tick": record},
                   migrations=Path(__file__).parent / "consumer_migrations")

if __name__ == "__main__":
    main(SPEC)
