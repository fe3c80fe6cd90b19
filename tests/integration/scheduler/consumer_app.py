"""A tiny owner service for the scheduler's tests and bench: ``python -m`` this module.

Built like every service (ServiceSpec + services.runtime.timers). Its handlers record
each firing (one by one, or a batch in a few statements) in ``timertest.handled``
(UNIQUE timer_id) and check per-key order against ``key_state``; a duplicate or an
out-of-order firing is written to ``anomalies`` instead of failing, so a test counts
them rather than having them hidden by a retry.
"""

from __future__ import annotations

import os
import zlib
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
# TIMERTEST_MARK_BATCHES=1: each batch call takes a shared transaction-level advisory lock
# (BATCH_LOCK_CLASS, replica_lock_key(REPLICA)), so a test can see in pg_locks which replica
# is inside a batch's transaction right now (the tests freeze it there and kill it).
MARK_BATCHES = os.environ.get("TIMERTEST_MARK_BATCHES") == "1"
BATCH_LOCK_CLASS = 4212


def replica_lock_key(replica: str) -> int:
    return zlib.crc32(replica.encode()) & 0x7FFFFFFF


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


async def record_batch(conn: AsyncConnection, batch: list[scheduler_pb2.TimerFired]) -> None:
    """The same checks as :func:`record` for many firings (in firing order) in four
    statements: insert them all (a timer id already there is a duplicate), lock their
    keys' state, compare each firing with the one before on its key, store the keys."""
    if MARK_BATCHES:
        await conn.execute(sa.text("SELECT pg_advisory_xact_lock_shared(:c, :k)"),
                           {"c": BATCH_LOCK_CLASS, "k": replica_lock_key(REPLICA)})
    rows = [{"id": f.timer_id, "kind": f.kind, "key": f.ordering_key, "seq": f.seq,
             "due": f.due_at.ToDatetime(tzinfo=UTC), "payload": f.payload} for f in batch]
    inserted = {r[0] for r in (await conn.execute(sa.text(
        f"INSERT INTO {NAME}.handled (timer_id, kind, ordering_key, seq, due_at, payload, "
        "replica) SELECT *, :replica FROM unnest(CAST(:ids AS text[]), CAST(:kinds AS text[]), "
        "CAST(:keys AS text[]), CAST(:seqs AS bigint[]), CAST(:dues AS timestamptz[]), "
        "CAST(:payloads AS bytea[])) ON CONFLICT (timer_id) DO NOTHING RETURNING timer_id"),
        {"replica": REPLICA, **{name: [r[col] for r in rows] for name, col in (
            ("ids", "id"), ("kinds", "kind"), ("keys", "key"), ("seqs", "seq"),
            ("dues", "due"), ("payloads", "payload"))}})).all()}
    problems = [("duplicate", r["id"], "handled twice") for r in rows if r["id"] not in inserted]
    keyed = [r for r in rows if r["key"] and r["id"] in inserted]
    if keyed:
        keys = sorted({r["key"] for r in keyed})
        state = {k.ordering_key: (k.last_seq, k.last_due_at) for k in (await conn.execute(
            sa.text(f"SELECT ordering_key, last_seq, last_due_at FROM {NAME}.key_state "
                    "WHERE ordering_key = ANY(CAST(:keys AS text[])) ORDER BY ordering_key "
                    "FOR UPDATE"), {"keys": keys})).all()}
        for r in keyed:
            last_seq, last_due = state.get(r["key"], (0, None))
            if r["seq"] != last_seq + 1:
                problems.append(("seq", r["id"], f"key {r['key']}: seq {r['seq']} after "
                                 f"{last_seq}"))
            if last_due is not None and r["due"] < last_due:
                problems.append(("due_order", r["id"], f"key {r['key']}: due "
                                 f"{r['due'].isoformat()} after {last_due.isoformat()}"))
            state[r["key"]] = (r["seq"], r["due"])
        await conn.execute(sa.text(
            f"INSERT INTO {NAME}.key_state (ordering_key, last_seq, last_due_at) "
            "SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:seqs AS bigint[]), "
            "CAST(:dues AS timestamptz[])) ON CONFLICT (ordering_key) DO UPDATE "
            "SET last_seq = EXCLUDED.last_seq, last_due_at = EXCLUDED.last_due_at"),
            {"keys": keys, "seqs": [state[k][0] for k in keys],
             "dues": [state[k][1] for k in keys]})
    if problems:
        await conn.execute(sa.text(
            f"INSERT INTO {NAME}.anomalies (what, timer_id, detail) SELECT * FROM "
            "unnest(CAST(:w AS text[]), CAST(:t AS text[]), CAST(:d AS text[]))"),
            {"w": [p[0] for p in problems], "t": [p[1] for p in problems],
             "d": [p[2] for p in problems]})


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    return []


# "work" (the load of the tests and the bench) goes through the batch handler unless
# TIMERTEST_HANDLER=each; "probe" and "tick" always one firing per call.
EACH = os.environ.get("TIMERTEST_HANDLER", "batch") == "each"

SPEC = ServiceSpec(name=NAME, register=register,
                   timers=lambda rt: {"probe": record, "tick": record,
                                      **({"work": record} if EACH else {})},
                   batch_timers=lambda rt: {} if EACH else {"work": record_batch},
                   migrations=Path(__file__).parent / "consumer_migrations",
                   keyed_timers=True)

if __name__ == "__main__":
    main(SPEC)
