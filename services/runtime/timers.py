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

import asyncio
import logging
import time
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from prometheus_client import Counter, Histogram
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.events.v1 import events_pb2
from protos.scheduler.v1 import scheduler_pb2
from services.runtime.events import Consumer, ConsumerSpec, Outbox, RetryLater, timers_stream
from services.runtime.server import Runtime

log = logging.getLogger(__name__)

TimerFired = scheduler_pb2.TimerFired
TimerHandler = Callable[[AsyncConnection, scheduler_pb2.TimerFired], Awaitable[None]]
# Many firings of one kind, in firing order, in one call (e.g. one INSERT for all of them).
BatchHandler = Callable[[AsyncConnection, list[scheduler_pb2.TimerFired]], Awaitable[None]]

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
                   parallel_keys: int = 8,
                   batch_handlers: dict[str, BatchHandler] | None = None) -> ConsumerSpec:
    """The consumer of this service's timers, dispatching by kind to ``handlers`` (one
    firing per call) or ``batch_handlers`` (many firings of one kind per call, in order)."""
    service, prefix, schema = rt.settings.service, rt.settings.nats_prefix, rt.db.schema
    durable = f"{service}-timers"
    batch_handlers = dict(batch_handlers or {})

    async def dispatch(conn: AsyncConnection, env: events_pb2.Envelope) -> None:
        """One firing (the careful path: one savepoint per firing, see apply_batch)."""
        fired = _fired(env)
        if fired.prev_timer_id:
            await wait_for_predecessor(conn, schema, durable, fired.prev_timer_id, service)
        if fired.kind in batch_handlers:
            await batch_handlers[fired.kind](conn, [fired])
        elif fired.kind in handlers:
            await handlers[fired.kind](conn, fired)
        else:
            log.warning("no handler for timer kind %s (timer %s); dropped", fired.kind,
                        fired.timer_id)
            return
        _count(service, fired, time.time())

    applier = BatchApplier(service, schema, durable, handlers, batch_handlers, parallel_keys)
    return ConsumerSpec(
        durable=durable, subject=f"{prefix}.timers.{service}.>", handler=dispatch,
        stream=timers_stream(prefix), batch=batch, ack_wait_s=rt.settings.timer_ack_wait_s,
        # Never give up on a timer: its key's later timers wait behind it.
        max_deliver=1_000_000, parallel_keys=parallel_keys,
        transaction_per_batch=True, apply_batch=applier.apply)


def _count(service: str, fired: scheduler_pb2.TimerFired, now: float) -> None:
    HANDLED.labels(service, fired.kind).inc()
    HANDLED_LATENESS.labels(service, fired.kind).observe(
        max(0.0, now - fired.due_at.ToMicroseconds() / 1e6))


def _count_many(service: str, fired: list[scheduler_pb2.TimerFired]) -> None:
    """:func:`_count` for a lane, one metric child per kind."""
    now = time.time()
    by_kind: dict[str, list[scheduler_pb2.TimerFired]] = {}
    for f in fired:
        by_kind.setdefault(f.kind, []).append(f)
    for kind, group in by_kind.items():
        HANDLED.labels(service, kind).inc(len(group))
        late = HANDLED_LATENESS.labels(service, kind)
        for f in group:
            late.observe(max(0.0, now - f.due_at.ToMicroseconds() / 1e6))


class BatchApplier:
    """A fetched batch of firings applied with one inbox statement per lane.

    The batch is split into lanes (a key always in the same lane; firings without a key
    spread so that each lane has at least ``MIN_LANE``: fewer commits, and the CPU of
one process is the limit before the database is), each lane one transaction:

    1. one ``INSERT INTO inbox ... SELECT unnest(ids) ON CONFLICT DO NOTHING RETURNING``
       tells which firings are new (the others were applied before: acked, not applied);
    2. one ``SELECT`` tells which predecessors (``prev_timer_id``) are already applied;
    3. the handlers run in firing order, no savepoints; consecutive firings of a kind in
       ``batch_handlers`` go to one call;
    4. a firing whose predecessor is neither applied nor earlier in the lane (after
       :func:`wait_for_predecessor`) is held with the rest of its key: one ``DELETE``
       takes back their inbox rows before the commit, and they are naked after it.

    After the commit the lane's firings are acked (a crash before the ack re-delivers
    them and step 1 drops them). If anything fails, the transaction rolls back and the
    lane is applied again the careful way (``Consumer.handle_in_one_transaction``: one
    savepoint per firing, so only the failing one waits, with the runtime's backoff).
    """

    MIN_LANE = 64

    def __init__(self, service: str, schema: str, durable: str,
                 handlers: dict[str, TimerHandler], batch_handlers: dict[str, BatchHandler],
                 parallel_keys: int) -> None:
        self.service = service
        self.inbox = f'"{schema}".inbox'
        self.schema = schema
        self.durable = durable
        self.handlers = handlers
        self.batch_handlers = batch_handlers
        self.parallel = max(1, parallel_keys)

    async def apply(self, consumer: Consumer, items: list) -> None:
        """Decode each firing once, sort by (seq, due_at), split into lanes, apply."""
        decoded = sorted(((msg, env, _fired(env)) for msg, env in items),
                         key=lambda t: (t[2].seq, t[2].due_at.ToMicroseconds()))
        n = max(1, min(self.parallel, len(decoded) // self.MIN_LANE))
        lanes: list[list] = [[] for _ in range(n)]
        for i, item in enumerate(decoded):
            lane = zlib.crc32(item[1].key.encode()) if item[1].key else i
            lanes[lane % n].append(item)
        await asyncio.gather(*(self.apply_lane(consumer, lane) for lane in lanes if lane))

    async def apply_lane(self, consumer: Consumer, items: list) -> None:
        lane = [(msg, env) for msg, env, _ in items]
        fired = [f for _, _, f in items]
        try:
            async with consumer.db.transaction() as conn:
                held, applied = await self._apply(conn, fired)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - retried the careful way, which logs the cause
            log.info("timer batch of %d failed; applying it one by one", len(lane),
                     exc_info=log.isEnabledFor(logging.DEBUG))
            await consumer.handle_in_one_transaction(lane)
            return
        for (msg, _), f in zip(lane, fired, strict=True):
            if f.timer_id in held:
                await msg.nak(delay=consumer._retry_delay(msg, RetryLater(WAIT_FOR_PREDECESSOR_S)))
            else:
                await msg.ack()
        _count_many(self.service, [f for f in fired if f.timer_id in applied])

    async def _apply(self, conn: AsyncConnection, fired: list[scheduler_pb2.TimerFired]
                     ) -> tuple[set[str], set[str]]:
        """Apply the lane's new firings in order; (ids held back for their key, ids
        applied)."""
        ids = sorted({f.timer_id for f in fired})  # one order: no deadlock between replicas
        new = {r[0] for r in (await conn.execute(sa.text(
            f"INSERT INTO {self.inbox} (consumer, event_id) "
            "SELECT :c, unnest(CAST(:ids AS text[])) ON CONFLICT DO NOTHING "
            "RETURNING event_id"), {"c": self.durable, "ids": ids})).all()}
        prevs = sorted({f.prev_timer_id for f in fired if f.prev_timer_id} - set(ids))
        done = {r[0] for r in (await conn.execute(sa.text(
            f"SELECT event_id FROM {self.inbox} WHERE consumer = :c "
            "AND event_id = ANY(CAST(:ids AS text[]))"), {"c": self.durable, "ids": prevs})
        ).all()} if prevs else set()
        held: set[str] = set()
        held_keys: set[str] = set()
        applied: set[str] = set()
        run: list[scheduler_pb2.TimerFired] = []  # consecutive firings of one batch kind

        async def flush() -> None:
            if run:
                await self.batch_handlers[run[0].kind](conn, list(run))
                run.clear()

        for f in fired:
            if f.timer_id not in new or f.timer_id in applied:
                continue  # applied before (a re-delivery), or twice in one fetch
            if f.ordering_key and f.ordering_key in held_keys:
                held.add(f.timer_id)
                continue
            if f.prev_timer_id and f.prev_timer_id not in done and f.prev_timer_id not in applied:
                try:
                    await wait_for_predecessor(conn, self.schema, self.durable,
                                               f.prev_timer_id, self.service)
                except RetryLater:
                    held.add(f.timer_id)
                    held_keys.add(f.ordering_key)
                    continue
            applied.add(f.timer_id)
            if f.kind in self.batch_handlers:
                if run and run[0].kind != f.kind:
                    await flush()
                run.append(f)
                continue
            await flush()
            handler = self.handlers.get(f.kind)
            if handler is None:
                log.warning("no handler for timer kind %s (timer %s); dropped", f.kind,
                            f.timer_id)
                applied.discard(f.timer_id)
                continue
            await handler(conn, f)
        await flush()
        if held:
            await conn.execute(sa.text(
                f"DELETE FROM {self.inbox} WHERE consumer = :c "
                "AND event_id = ANY(CAST(:ids AS text[]))"),
                {"c": self.durable, "ids": sorted(held)})
        return held, applied


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
