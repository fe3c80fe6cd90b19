"""The one way a service handles its timers (and asks for them through its outbox).

A service registers ``{kind: handler}``; :func:`timer_consumer` gives the runtime a durable
pull consumer on ``<prefix>.timers.<service>.>`` (stream TIMERS, work-queue retention:
one replica takes each firing). Each handler runs with the inbox row of the timer id (the
firing's ``Nats-Msg-Id``) in one savepoint of its lane's transaction, so a re-delivered or
re-published firing is applied once. A batch is split into ``parallel_keys`` lanes (a key
always in the same lane), each lane one transaction and one commit: the commit, not the
statements, is what a consumer of many small firings waits on.

Order per ordering key (e.g. a village id): the scheduler numbers a key's firings
1, 2, 3, ... and gives each the id of the one before (``prev_timer_id``). A firing is
applied only when its predecessor's inbox row is committed (waiting up to 250 ms for a
predecessor being applied elsewhere); otherwise the handler raises :class:`RetryLater`
and JetStream brings it back in a moment. This holds across replicas and batches (the
inbox is shared) and needs no table beyond the inbox: the inbox is the "last applied"
record. Inside one batch, firings are sorted by (seq, due_at) and a key stays in one
lane, so a key's firings that arrive together are applied in order in one pass;
different lanes run concurrently.

Handlers must not be able to fail forever: a key waits behind its failing firing
(delivery is unlimited, with backoff), which is the price of strict per-key order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from prometheus_client import Counter, Histogram
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.events.v1 import events_pb2
from protos.scheduler.v1 import scheduler_pb2
from services.runtime.events import ConsumerSpec, Outbox, RetryLater, timers_stream

if TYPE_CHECKING:  # the server builds every service's timer consumer with this module
    from services.runtime.server import Runtime

log = logging.getLogger(__name__)

TimerFired = scheduler_pb2.TimerFired
TimerHandler = Callable[[AsyncConnection, scheduler_pb2.TimerFired], Awaitable[None]]

HANDLED_LATENESS = Histogram(
    "timer_handled_lateness_seconds",
    "From a timer's due time to its handler finishing in the owner service",
    ["owner", "kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300))
HANDLED = Counter("timer_handled_total", "Timer firings applied by their owner",
                  ["owner", "kind"])
HANDED_BACK = Counter("timer_handed_back_total",
                      "Firings handed back to JetStream because the one before them on their "
                      "key was not applied yet", ["owner"])

# A firing whose predecessor is being applied elsewhere waits this long for its commit,
# then goes back to JetStream for WAIT_FOR_PREDECESSOR_S.
PREDECESSOR_WAIT_MS = 250
WAIT_FOR_PREDECESSOR_S = 0.05


def _fired(env: events_pb2.Envelope) -> scheduler_pb2.TimerFired:
    fired = scheduler_pb2.TimerFired()
    env.payload.Unpack(fired)
    return fired


def _batch_order(env: events_pb2.Envelope) -> tuple[int, float]:
    fired = _fired(env)
    return fired.seq, fired.due_at.ToMicroseconds() / 1e6


async def wait_for_predecessor(conn: AsyncConnection, schema: str, durable: str,
                               prev_timer_id: str, owner: str) -> None:
    """Return once the key's previous firing is applied, else raise RetryLater.

    Usually it is being applied by another replica right now. An insert of its inbox key
    waits for that transaction to end (a unique-index wait), so probe with one, in a
    savepoint that is always rolled back: a conflict means the predecessor committed. The
    wait is bounded by ``lock_timeout`` (which also breaks a wait cycle between two
    replicas quickly)."""
    key = {"c": durable, "e": prev_timer_id}
    inbox = f'"{schema}".inbox'
    if (await conn.execute(sa.text(
            f"SELECT 1 FROM {inbox} WHERE consumer = :c AND event_id = :e"), key)).first():
        return
    try:
        async with conn.begin_nested() as probe:
            await conn.execute(sa.text(f"SET LOCAL lock_timeout = '{PREDECESSOR_WAIT_MS}ms'"))
            free = (await conn.execute(sa.text(
                f"INSERT INTO {inbox} (consumer, event_id) VALUES (:c, :e) "
                "ON CONFLICT DO NOTHING RETURNING event_id"), key)).first()
            await probe.rollback()
        if free is None:
            return
    except DBAPIError:  # lock_timeout: still not committed
        pass
    HANDED_BACK.labels(owner).inc()
    raise RetryLater(WAIT_FOR_PREDECESSOR_S)


def timer_consumer(rt: Runtime, handlers: dict[str, TimerHandler], *, batch: int = 256,
                   parallel_keys: int = 8) -> ConsumerSpec:
    """The consumer of this service's timers, dispatching by kind to ``handlers``."""
    service, prefix, schema = rt.settings.service, rt.settings.nats_prefix, rt.db.schema
    durable = f"{service}-timers"

    async def dispatch(conn: AsyncConnection, env: events_pb2.Envelope) -> None:
        fired = _fired(env)
        if fired.prev_timer_id:
            await wait_for_predecessor(conn, schema, durable, fired.prev_timer_id, service)
        handler = handlers.get(fired.kind)
        if handler is None:
            log.warning("no handler for timer kind %s (timer %s); dropped", fired.kind,
                        fired.timer_id)
            return
        await handler(conn, fired)
        HANDLED.labels(service, fired.kind).inc()
        HANDLED_LATENESS.labels(service, fired.kind).observe(
            max(0.0, time.time() - fired.due_at.ToMicroseconds() / 1e6))

    return ConsumerSpec(
        durable=durable, subject=f"{prefix}.timers.{service}.>", handler=dispatch,
        stream=timers_stream(prefix), batch=batch, ack_wait_s=rt.settings.timer_ack_wait_s,
        # Never give up on a timer: its key's later timers wait behind it.
        max_deliver=1_000_000, sort_key=_batch_order, parallel_keys=parallel_keys,
        transaction_per_batch=True)


def periodic_run(fired: scheduler_pb2.TimerFired) -> tuple[str, datetime]:
    """(job, period start) of a periodic job's firing."""
    run = scheduler_pb2.PeriodicRun.FromString(fired.payload)
    return run.job, run.period_start.ToDatetime(tzinfo=UTC)


async def request_timer(conn: AsyncConnection, outbox: Outbox, kind: str, due_at: datetime,
                        payload: bytes = b"", dedupe_key: str = "",
                        ordering_key: str = "") -> str:
    """Ask the scheduler for a timer in the caller's transaction (event, not RPC)."""
    due = timestamp_pb2.Timestamp()
    due.FromDatetime(due_at)
    return await outbox.add(conn, f"{outbox.schema}.timer.requested",
                            scheduler_pb2.TimerRequested(
                                kind=kind, due_at=due, payload=payload,
                                dedupe_key=dedupe_key, ordering_key=ordering_key),
                            key=ordering_key)


async def cancel_timer(conn: AsyncConnection, outbox: Outbox, dedupe_key: str) -> str:
    """Cancel, in the caller's transaction, a timer requested with ``dedupe_key``."""
    return await outbox.add(conn, f"{outbox.schema}.timer.cancelled",
                            scheduler_pb2.TimerCancelRequested(dedupe_key=dedupe_key))
