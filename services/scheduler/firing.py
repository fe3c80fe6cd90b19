"""The firing loop: claim due timers, publish them to JetStream, mark them fired.

Every replica runs one. It claims with ``FOR UPDATE SKIP LOCKED`` under a lease
(store.claim_free, one autocommit statement for timers without a key), publishes the
batch as ``TimerFiredBatch`` messages of up to ``PER_MESSAGE`` firings whose id and
``Nats-Msg-Id`` are a digest of their timer ids (a re-publish of the same claim is
dropped by JetStream's duplicate window, anything else by the owner's inbox per timer),
then marks the published ones fired. Publishing happens outside the claim's transaction,
so no row lock is held across the network.

Wake-up: LISTEN on ``scheduler_timers`` (Schedule and Reschedule NOTIFY with the due
time), an in-memory sleep until the next due time or lease expiry (at least
``COALESCE_S`` after a cycle that fired something), and a slow poll fallback.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable

import asyncpg
from google.protobuf import timestamp_pb2
from prometheus_client import Counter, Gauge, Histogram

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.config import Settings
from services.runtime.db import Database
from services.runtime.events import keyed_timer_subject, make_envelope, timer_subject
from services.runtime.timers import key_partition
from services.scheduler import store

log = logging.getLogger(__name__)

LATENESS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)

TIMERS_PENDING = Gauge("scheduler_timers_pending",
                       "Timers not fired yet (pending or claimed), all owners, per shard",
                       ["shard"])
TIMERS_FIRED = Counter("scheduler_timers_fired_total",
                       "Timers published to JetStream (rate() = fired per second)", ["owner"])
PUBLISH_LATENESS = Histogram("scheduler_timer_publish_lateness_seconds",
                             "From a timer's due time to JetStream's ack of its publication",
                             buckets=LATENESS_BUCKETS)
PUBLISH_FAILURES = Counter("scheduler_timer_publish_failures_total",
                           "Publications that failed; the timer was released and is retried")

STATS_EVERY_S = 1.0
# How soon to look again when due timers are held by another replica.
BLOCKED_RETRY_S = 0.02
# Firings per published message, and their payloads' bytes (NATS refuses > 1 MiB).
PER_MESSAGE = 100
MESSAGE_BYTES = 512 * 1024
BATCH_EVENT = "scheduler.timers.fired"
# Shortest sleep after a cycle that fired timers (see Firing._sleep).
COALESCE_S = 0.01
PURGE_EVERY_S = 60.0


def _fired(c: store.Claimed) -> scheduler_pb2.TimerFired:
    due = timestamp_pb2.Timestamp()
    due.FromMicroseconds(round(c.due_at.timestamp() * 1e6))
    fired_at = timestamp_pb2.Timestamp()
    fired_at.FromNanoseconds(time.time_ns())
    return scheduler_pb2.TimerFired(
        timer_id=c.id, owner=c.owner, kind=c.kind, due_at=due, fired_at=fired_at,
        payload=bytes(c.payload), ordering_key=c.ordering_key, seq=c.key_seq or 0,
        prev_timer_id=c.prev_timer_id or "")


def chunks(prefix: str, claimed: list[store.Claimed]) -> list[tuple[str, bytes, str, list[int]]]:
    """The messages of a claimed batch (already in firing order).

    Per (owner, kind, ordering key), runs of at most ``PER_MESSAGE`` firings and
    ``MESSAGE_BYTES`` of payload, each an Envelope ``scheduler.timers.fired`` of a
    ``TimerFiredBatch`` whose id and ``Nats-Msg-Id`` are a digest of its timer ids (the
    same claim published twice is dropped by JetStream; any other re-publication by the
    owner's inbox, per timer). Returns (subject, data, message id, indexes into
    ``claimed``)."""
    runs: dict[tuple[str, str, str], list[list[int]]] = {}
    sizes: dict[tuple[str, str, str], int] = {}
    for i, c in enumerate(claimed):
        # A key's firings travel together and apart from other keys: a firing held for
        # its predecessor sends back its own key's message only.
        key = (c.owner, c.kind, c.ordering_key)
        group = runs.setdefault(key, [[]])
        if len(group[-1]) >= PER_MESSAGE or (
                group[-1] and sizes[key] + len(c.payload) > MESSAGE_BYTES):
            group.append([])
            sizes[key] = 0
        group[-1].append(i)
        sizes[key] = sizes.get(key, 0) + len(c.payload)
    out = []
    for (owner, kind, key), members_list in runs.items():
        # A key's firings go to its partition's subject: one owner replica consumes it.
        subject = (keyed_timer_subject(prefix, owner, key_partition(key), kind) if key
                   else timer_subject(prefix, owner, kind))
        for members in members_list:
            ids = [claimed[i].id for i in members]
            msg_id = hashlib.sha256(" ".join(ids).encode()).hexdigest()[:32]
            batch = scheduler_pb2.TimerFiredBatch(firings=[_fired(claimed[i]) for i in members])
            env = make_envelope(BATCH_EVENT, batch, event_id=msg_id)
            out.append((subject, env.SerializeToString(), msg_id, members))
    return out


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Firing:
    """One replica's loop; many replicas share the timers through SKIP LOCKED."""

    def __init__(self, db: Database, js: object, prefix: str, listen_dsn: str,
                 settings: Settings, shard: int = 0,
                 ready: Callable[[], Awaitable[None]] | None = None) -> None:
        self.db = db  # the shard's database (shards.py; 0 = the scheduler's own)
        self.shard = shard
        self._ready = ready
        self.js = js
        self.prefix = prefix
        self.listen_dsn = listen_dsn
        self.settings = settings  # the one Settings: its scheduler_* fields
        self.worker = worker_id()
        self._wake = asyncio.Event()
        self._wake_at = math.inf  # wall-clock time of the planned wake-up
        self._stopping = False
        self._listener: asyncpg.Connection | None = None
        self._next_wait: float | None = None
        self._wait_read_at = 0.0  # monotonic time _next_wait was read at
        self._claimed_at = 0.0  # monotonic time of the last claim's start

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        last_stats = last_purge = 0.0
        try:
            while not self._stopping:
                # Any NOTIFY from here on cuts the coming sleep short.
                self._wake.clear()
                self._wake_at = math.inf
                try:
                    if self._ready is not None:
                        await self._ready()  # the shard's schema is migrated (once)
                    fired = await self.fire_once()
                    now = time.monotonic()
                    if now - last_stats >= STATS_EVERY_S:
                        last_stats = now
                        async with self.db.transaction() as conn:
                            TIMERS_PENDING.labels(str(self.shard)).set(
                                await store.count_pending(conn))
                    if now - last_purge >= PURGE_EVERY_S:
                        last_purge = now
                        async with self.db.transaction() as conn:
                            await store.purge_finished(conn, self.settings.scheduler_retention_s)
                except Exception:  # a DB or NATS hiccup must not stop the loop
                    log.exception("firing failed; retrying")
                    await asyncio.sleep(0.5)
                    continue
                if fired >= self.settings.scheduler_batch:
                    continue  # a backlog: claim the next batch at once
                await self._sleep(self._next_wait, coalesce=fired > 0)
        finally:
            if self._listener is not None and not self._listener.is_closed():
                await self._listener.close()

    async def fire_once(self) -> int:
        """Claim one batch, publish it, mark it fired; returns how many were claimed.

        The claim and the mark are one autocommit statement each on the loop's own
        connection (store.claim_free, store.mark_and_release); keyed timers, when the
        claim says some are due, are claimed in a transaction of their own
        (store.claim_keyed). When to look again (``_next_wait``) comes with the claim when
        it found nothing, else with the mark (after the publication, off the due ->
        published path)."""
        self._claimed_at = time.monotonic()
        conn = await self._connection()
        claimed, keyed_due, wait = await store.claim_free(
            conn, self.worker, self.settings.scheduler_lease_s, self.settings.scheduler_batch)
        if keyed_due:
            async with self.db.transaction() as tx:
                claimed += await store.claim_keyed(
                    tx, self.worker, self.settings.scheduler_lease_s,
                    self.settings.scheduler_batch)
        if not claimed:
            self._plan(wait)
            return 0
        claimed.sort(key=lambda c: (c.due_at, c.seq))
        timeout = max(1.0, min(5.0, self.settings.scheduler_lease_s / 2))
        results = await self._publish_all(claimed, timeout)
        done = [c for c, r in zip(claimed, results, strict=True) if r is None]
        failed = [c for c, r in zip(claimed, results, strict=True) if r is not None]
        self._plan(await store.mark_and_release(
            conn, self.worker, [c.id for c in done], [c.id for c in failed]))
        now = time.time()
        for c in done:
            PUBLISH_LATENESS.observe(max(0.0, now - c.due_at.timestamp()))
            TIMERS_FIRED.labels(c.owner).inc()
        if failed:
            PUBLISH_FAILURES.inc(len(failed))
            log.warning("%d of %d timers not published; released for retry: %s",
                        len(failed), len(claimed), results[claimed.index(failed[0])])
            if not done:
                raise RuntimeError("JetStream unavailable")
        return len(claimed)

    async def _publish_all(self, claimed: list[store.Claimed],
                           timeout: float) -> list[BaseException | None]:
        """Publish a claimed batch as a few messages (:func:`chunks`: up to
        ``PER_MESSAGE`` firings of one owner and kind each), pipelined; per timer None or
        why its message failed. A duplicate ack (published before a crash) is success.

        ``publish_async`` sends every message before the first ack is awaited, with no
        task per message. No ``wait_stall``: with one, nats-py yields to the event loop
        after every message and its flusher writes each with its own ``send()``. Futures
        not acked in time are cancelled (their timers are released)."""
        groups = chunks(self.prefix, claimed)
        sent: list[asyncio.Future | BaseException] = []
        for subject, data, msg_id, _ in groups:
            try:
                sent.append(await self.js.publish_async(subject, data,
                                                        headers={"Nats-Msg-Id": msg_id}))
            except Exception as err:  # noqa: BLE001 - released for retry below
                sent.append(err)
        waiting = [f for f in sent if isinstance(f, asyncio.Future)]
        if waiting:
            await asyncio.wait(waiting, timeout=timeout)
        results: list[BaseException | None] = [None] * len(claimed)
        for (_, _, _, members), f in zip(groups, sent, strict=True):
            if not isinstance(f, asyncio.Future):
                outcome: BaseException | None = f
            elif not f.done() or f.cancelled():
                f.cancel()  # NATS down or slow: no ack in time, the timers are released
                outcome = TimeoutError("no JetStream ack in time")
            else:
                outcome = f.exception()
            for index in members:
                results[index] = outcome
        return results

    def _plan(self, wait: float | None) -> None:
        """When to look again: seconds from now, as the database just said."""
        self._next_wait = wait
        self._wait_read_at = time.monotonic()

    async def _sleep(self, wait: float | None, coalesce: bool) -> None:
        """Sleep until the next due time or lease expiry (``wait`` seconds; None: nothing
        waits), at most ``poll_s``, cut short by a NOTIFY of an earlier timer.

        After a cycle that fired something, claim again ``COALESCE_S`` after that cycle's
        claim began at the earliest: at 1,000 timers/s a loop that woke for every due
        instant would pay a claim and a mark (two transactions) per few timers; gathering
        them costs at most that much lateness. (Counted from the end of the cycle, as it
        was, the 10 ms came on top of the cycle's own time: at 100/s, one timer every
        10 ms, each wake-up then came later than the one before until two were due.)"""
        poll = self.settings.scheduler_poll_s
        if wait is None:
            wait = poll
        elif wait <= 0:  # due but not ours to claim right now (see store.claim_free)
            wait = min(poll, BLOCKED_RETRY_S)
        else:  # the time since it was read (the commit) is already spent
            wait = min(poll, max(0.0, wait - (time.monotonic() - self._wait_read_at)) + 0.001)
        if coalesce:  # counted from the last claim's start, not from the cycle's end
            wait = max(wait, COALESCE_S - (time.monotonic() - self._claimed_at), 0.0)
        self._wake_at = time.time() + wait
        try:
            await asyncio.wait_for(self._wake.wait(), wait)
        except TimeoutError:
            pass

    def _on_notify(self, conn: object, pid: int, channel: str, payload: str) -> None:
        """A timer was (re)scheduled: wake up now if it is due before the planned wake-up."""
        try:
            due = float(payload)
        except ValueError:
            due = 0.0
        if due < self._wake_at:
            self._wake.set()

    async def _connection(self) -> asyncpg.Connection:
        """The loop's own connection: it LISTENs and runs the claim and the mark
        (autocommit). Re-opened after a failure (the loop retries the cycle)."""
        if self._listener is None or self._listener.is_closed():
            self._listener = await asyncpg.connect(self.listen_dsn)
            await self._listener.add_listener(store.CHANNEL, self._on_notify)
        return self._listener
