"""The one way a service handles its timers (and asks for them through its outbox).

A service registers ``{kind: handler}`` (one firing per call) and optionally
``batch_handlers={kind: handler}`` (many firings of one kind per call);
:func:`timer_consumer` gives the runtime a durable pull consumer on
``<prefix>.timers.<service>.>`` (stream TIMERS, work-queue retention: one replica takes
each message, replicas never hand firings to each other). The scheduler publishes up to
100 firings per message (``TimerFiredBatch``); :class:`BatchApplier` applies a whole
fetch in a few lanes, each one transaction with one inbox statement for all its firings,
so a re-delivered or re-published firing is applied once, and acks each message after
the commit.

Order per ordering key (optional, e.g. a village id): the scheduler numbers a key's
firings 1, 2, 3, ... and gives each the id of the one before (``prev_timer_id``). A
firing is applied only when its predecessor's inbox row is committed or earlier in the
same lane (waiting up to 250 ms for a predecessor being applied elsewhere); otherwise it
is held and its message comes back in a moment. This holds across replicas and batches
(the inbox is shared) and needs no table beyond the inbox. Owners that need no order
(the village's wake-ups) give no key and pay none of this.

Handlers must not be able to fail forever: a key waits behind its failing firing
(delivery is unlimited, with backoff), which is the price of strict per-key order.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import asyncpg
import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.events.v1 import events_pb2
from protos.scheduler.v1 import scheduler_pb2
from services.runtime.events import (
    Consumer,
    ConsumerSpec,
    Outbox,
    RetryLater,
    keyed_timer_subject,
    timers_stream,
)

if TYPE_CHECKING:  # the server builds every service's timer consumer with this module
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

# Keyed firings travel on KEY_PARTITIONS subjects per owner (the scheduler picks one by
# key_partition); each partition's durable is bound by one replica of the owner at a time
# (KeyPartitions), so a key's firings reach one replica. Fixed: the scheduler and every
# owner must agree, and 16 is more replicas than an owner runs here.
KEY_PARTITIONS = 16
# Advisory lock classes (two-int form) in the owner's database: one lock per partition
# held by the replica that consumes it; a shared one per replica alive.
PARTITION_LOCK_CLASS = 4213
PRESENCE_LOCK_CLASS = 4214
PARTITIONS_CHECK_S = 1.0

PARTITIONS_HELD = Gauge("timer_key_partitions_held",
                        "Key partitions of this service's timers this replica consumes",
                        ["owner"])


def partition_lock_key(service: str, partition: int | None) -> int:
    """The advisory lock key of a partition of ``service`` (None: its presence lock)."""
    name = service if partition is None else f"{service}/{partition}"
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def key_partition(ordering_key: str) -> int:
    """The partition of a key's firings (the scheduler publishes them there)."""
    return zlib.crc32(ordering_key.encode()) % KEY_PARTITIONS


def _fired(env: events_pb2.Envelope) -> scheduler_pb2.TimerFired:
    fired = scheduler_pb2.TimerFired()
    env.payload.Unpack(fired)
    return fired


def firings_of(env: events_pb2.Envelope) -> list[scheduler_pb2.TimerFired]:
    """The firings a message carries: a ``TimerFiredBatch`` or one ``TimerFired``."""
    if env.payload.Is(scheduler_pb2.TimerFiredBatch.DESCRIPTOR):
        batch = scheduler_pb2.TimerFiredBatch()
        env.payload.Unpack(batch)
        return list(batch.firings)
    return [_fired(env)]


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

    applier = BatchApplier(service, schema, durable, handlers, batch_handlers, parallel_keys)

    async def dispatch(conn: AsyncConnection, env: events_pb2.Envelope) -> None:
        """One message in the caller's transaction (the runtime's one-by-one path; the
        consumer itself applies whole fetches, :class:`BatchApplier`)."""
        held, _ = await applier._apply(conn, firings_of(env))
        if held:
            raise RetryLater(WAIT_FOR_PREDECESSOR_S)

    return ConsumerSpec(
        durable=durable, subject=f"{prefix}.timers.{service}.>", handler=dispatch,
        stream=timers_stream(prefix),
        # Messages per fetch: the scheduler publishes up to 100 firings per message.
        batch=max(1, batch // 16), ack_wait_s=rt.settings.timer_ack_wait_s,
        # Never give up on a timer: its key's later timers wait behind it.
        max_deliver=1_000_000, parallel_keys=parallel_keys,
        transaction_per_batch=True, apply_batch=applier.apply)


def _count_many(service: str, fired: list[scheduler_pb2.TimerFired]) -> None:
    """The handled counter and lateness of applied firings, one metric child per kind."""
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
    """A fetch of firing messages applied with one inbox statement per lane.

    A message holds one firing (``scheduler.timer.fired``) or many
    (``scheduler.timers.fired``, a ``TimerFiredBatch``: how the scheduler publishes).
    The fetch's firings are sorted by (seq, due_at) and split into lanes (a key always in
    the same lane; firings without a key spread so that each lane has at least
    ``MIN_LANE``: fewer commits, since the CPU of one process is the limit before the
    database is), each lane one transaction:

    1. one ``INSERT INTO inbox ... SELECT unnest(ids) ON CONFLICT DO NOTHING RETURNING``
       tells which firings are new (the others were applied before: not applied again);
    2. one ``SELECT`` tells which predecessors (``prev_timer_id``) are already applied;
    3. the handlers run in firing order, no savepoints; consecutive firings of a kind in
       ``batch_handlers`` go to one call;
    4. a firing whose predecessor is neither applied nor earlier in the lane (after
       :func:`wait_for_predecessor`) is held with the rest of its key: one ``DELETE``
       takes back their inbox rows before the commit.

    If anything fails, the lane's transaction rolls back and its firings are applied
    again the careful way, one transaction each, so only the failing one waits. After
    every lane is done, a message whose firings are all applied (or were before) is
    acked; one with a held or failed firing is naked (its applied firings are dropped
    by step 1 when it comes back). A crash before the ack re-delivers the message.
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
        self._queue: list[tuple[Consumer, list, asyncio.Future]] = []
        self._draining: asyncio.Task | None = None

    async def apply(self, consumer: Consumer, items: list) -> None:
        """Apply one consumer's fetch; returns once it is applied and acked (or naked).

        The fetches that this service's other timer consumers (the key partitions) hand
        in while one is being applied are applied together next, as one fetch: at low
        rates each of the 17 consumers fetches a message or two, and applying each
        fetch in its own transactions multiplied the commits (keyed lateness at 100/s
        went from 40 ms to 750 ms on a busy box). The first fetch waits for nothing."""
        done = asyncio.get_running_loop().create_future()
        self._queue.append((consumer, items, done))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        await done

    async def _drain(self) -> None:
        while self._queue:
            taken, self._queue = self._queue, []
            try:
                await self.apply_fetches([(c, items) for c, items, _ in taken])
                outcome: BaseException | None = None
            except BaseException as err:  # noqa: BLE001 - handed to every waiting consumer
                outcome = err
            for *_, done in taken:
                if not done.done():
                    if outcome is None:
                        done.set_result(None)
                    else:
                        done.set_exception(outcome)
            if isinstance(outcome, asyncio.CancelledError):
                raise outcome

    async def apply_fetches(self, fetches: list[tuple[Consumer, list]]) -> None:
        """Decode every firing once, apply them in lanes, then ack or nak each message
        (a message's own consumer dead-letters it, when it comes to that)."""
        owners = [consumer for consumer, items in fetches for _ in items]
        items = [item for _, fetched in fetches for item in fetched]
        delays: list[list[float]] = [[] for _ in items]  # per message: its firings' delays
        firings: list[tuple[int, scheduler_pb2.TimerFired]] = []
        seen: set[str] = set()
        sizes = []
        for m, (_, env) in enumerate(items):
            carried = firings_of(env)
            sizes.append(len(carried))
            for f in carried:
                if f.timer_id not in seen:  # the same timer twice in one fetch: once
                    seen.add(f.timer_id)
                    firings.append((m, f))
        firings.sort(key=lambda t: (t[1].seq, t[1].due_at.ToMicroseconds()))
        n = max(1, min(self.parallel, len(firings) // self.MIN_LANE))
        lanes: list[list] = [[] for _ in range(n)]
        for i, (m, f) in enumerate(firings):
            lane = zlib.crc32(f.ordering_key.encode()) if f.ordering_key else i
            lanes[lane % n].append((m, f))
        outcomes = await asyncio.gather(*(self.apply_lane(owners, items, lane)
                                          for lane in lanes if lane))
        for outcome in outcomes:
            for m, delay in outcome:
                if delay is not None:
                    delays[m].append(delay)
        for (msg, env), waits, size, owner in zip(items, delays, sizes, owners, strict=True):
            if not waits:
                await msg.ack()
            elif min(waits) < 0 and size == 1:
                await owner._give_up(msg, env, "the handler refused it (Permanent)")
            else:  # a batch is never given up: its other firings may not be applied yet
                await msg.nak(delay=max(w if w >= 0 else 30.0 for w in waits))

    async def apply_lane(self, owners: list[Consumer], items: list,
                         lane: list[tuple[int, scheduler_pb2.TimerFired]]
                         ) -> list[tuple[int, float | None]]:
        """(message index, None if applied or applied before, else its retry delay);
        ``owners[m]`` is the consumer of message m (all share the service's database)."""
        fired = [f for _, f in lane]
        try:
            async with owners[lane[0][0]].db.transaction() as conn:
                held, applied = await self._apply(conn, fired)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - retried the careful way, which logs the cause
            log.info("timer batch of %d failed; applying it one by one", len(lane),
                     exc_info=log.isEnabledFor(logging.DEBUG))
            return await self.apply_one_by_one(owners, items, lane)
        _count_many(self.service, [f for f in fired if f.timer_id in applied])
        return [(m, self._held_delay(items[m][0]) if f.timer_id in held else None)
                for m, f in lane]

    async def apply_one_by_one(self, owners: list[Consumer], items: list,
                               lane: list[tuple[int, scheduler_pb2.TimerFired]]
                               ) -> list[tuple[int, float | None]]:
        """The careful path: one transaction per firing; a key stops at its first firing
        that is not applied (its later ones wait with it)."""
        out: list[tuple[int, float | None]] = []
        stopped: set[str] = set()
        for m, f in lane:
            msg, env = items[m]
            if f.ordering_key and f.ordering_key in stopped:
                out.append((m, self._held_delay(msg)))
                continue
            delay: float | None = None
            try:
                async with owners[m].db.transaction() as conn:
                    held, applied = await self._apply(conn, [f])
                if held:
                    delay = self._held_delay(msg)
                _count_many(self.service, [f] if applied else [])
            except asyncio.CancelledError:
                raise
            except Exception as err:  # noqa: BLE001 - logged with the event by the runtime
                delay = owners[m]._failure_delay(msg, env, err)
            if delay is not None and f.ordering_key:
                stopped.add(f.ordering_key)
            out.append((m, delay))
        return out

    @staticmethod
    def _held_delay(msg: object) -> float:
        return Consumer._retry_delay(msg, RetryLater(WAIT_FOR_PREDECESSOR_S))

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
            if f.timer_id not in new:
                continue  # applied before (a re-delivery or a re-publication)
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


class KeyPartitions:
    """The keyed half of a service's timer consumer: one durable per key partition
    (``<service>-timers-k<p>`` on ``<prefix>.timerkeys.<service>.<p>.>``), each consumed
    by the replica that holds the partition's advisory lock.

    Every ``PARTITIONS_CHECK_S`` a replica counts the replicas alive (holders of the
    shared presence lock, in ``pg_locks``), stops and unlocks the partitions beyond its
    share (``ceil(16 / alive)``; a consumer is stopped and its fetch applied before the
    unlock), and locks free ones up to its share. The locks live on one session of its
    own: a replica killed with -9 loses them with its connection, and the others take its
    partitions within a second; what it had fetched and not acked comes back after
    ``ack_wait``. Two replicas never consume one partition at the same time (outside a
    hand-over the lock says so), so a key's firings are not handed back and forth; if
    they ever were (e.g. a lock session lost while its consumer still runs), the inbox
    and the predecessor check still apply each once and in order.
    """

    def __init__(self, rt: Runtime, spec: ConsumerSpec, dsn: str) -> None:
        self.rt = rt
        self.dsn = dsn
        self.service = rt.settings.service
        prefix = rt.settings.nats_prefix
        self.specs = [dataclasses.replace(
            spec, durable=f"{spec.durable}-k{p}",
            subject=keyed_timer_subject(prefix, self.service, p, ">"))
            for p in range(KEY_PARTITIONS)]
        self.running: dict[int, tuple[Consumer, asyncio.Task]] = {}
        self._stopping = asyncio.Event()

    def _key(self, partition: int | None) -> int:
        return partition_lock_key(self.service, partition)

    async def close(self) -> None:
        """Stop balancing and every partition's consumer (each applies and acks what it
        fetched), before the process closes NATS: their tasks are this object's, not the
        runtime's, so nothing else waits for them."""
        self._stopping.set()
        await self._stop_all()

    async def run(self) -> None:
        conn: asyncpg.Connection | None = None
        try:
            while not self._stopping.is_set():
                try:
                    if conn is None or conn.is_closed():
                        await self._stop_all()  # the locks went with the old session
                        conn = await asyncpg.connect(self.dsn)
                        await conn.execute("SELECT pg_advisory_lock_shared($1, $2)",
                                           PRESENCE_LOCK_CLASS, self._key(None))
                    await self.balance(conn)
                except Exception:  # noqa: BLE001 - a DB hiccup: a fresh session next time
                    log.warning("timer key partitions of %s: balancing failed", self.service,
                                exc_info=True)
                    if conn is not None:
                        conn.terminate()
                try:
                    await asyncio.wait_for(self._stopping.wait(), PARTITIONS_CHECK_S)
                except TimeoutError:
                    pass
        finally:
            await self._stop_all()
            if conn is not None and not conn.is_closed():
                await conn.close()  # unlocks everything

    async def balance(self, conn: asyncpg.Connection) -> None:
        """Give back the partitions beyond this replica's share, take free ones up to it."""
        alive = await conn.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid = $1 AND objid = $2 AND objsubid = 2 AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            PRESENCE_LOCK_CLASS, self._key(None))
        share = -(-KEY_PARTITIONS // max(1, alive))
        extra = sorted(self.running, reverse=True)[:max(0, len(self.running) - share)]
        await self._stop(extra)
        for p in extra:
            await conn.execute("SELECT pg_advisory_unlock($1, $2)", PARTITION_LOCK_CLASS,
                               self._key(p))
        for p in range(KEY_PARTITIONS):
            if len(self.running) >= share:
                break
            if p not in self.running and await conn.fetchval(
                    "SELECT pg_try_advisory_lock($1, $2)", PARTITION_LOCK_CLASS, self._key(p)):
                consumer = Consumer(self.specs[p], self.rt.db, self.rt.js,
                                    self.rt.settings.nats_prefix)
                self.running[p] = (consumer, asyncio.create_task(
                    consumer.run(), name=f"consumer-{self.specs[p].durable}"))
        PARTITIONS_HELD.labels(self.service).set(len(self.running))

    async def _stop(self, partitions: list[int]) -> None:
        """Stop these partitions' consumers; each applies and acks what it fetched first
        (its fetch waits at most a second for messages)."""
        stopped = [self.running.pop(p) for p in partitions]
        for consumer, _ in stopped:
            consumer.stop()
        tasks = [task for _, task in stopped]
        if tasks:
            await asyncio.wait(tasks, timeout=self.rt.settings.shutdown_grace_s)
        for task in tasks:
            task.cancel()

    async def _stop_all(self) -> None:
        await self._stop(list(self.running))
        PARTITIONS_HELD.labels(self.service).set(0)


def periodic_run(fired: scheduler_pb2.TimerFired) -> tuple[str, datetime]:
    """(job, period start) of a periodic job's firing."""
    run = scheduler_pb2.PeriodicRun.FromString(fired.payload)
    return run.job, run.period_start.ToDatetime(tzinfo=UTC)


async def request_timer(conn: AsyncConnection, outbox: Outbox, kind: str, due_at: datetime,
                        payload: bytes = b"", dedupe_key: str = "",
                        ordering_key: str = "") -> str:
    """Ask the scheduler for a timer in the caller's transaction (event, not RPC).
    An ``ordering_key`` needs ``ServiceSpec.keyed_timers`` (its firings come back on the
    key partitions' consumers)."""
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
