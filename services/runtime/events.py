"""The one event layer over NATS JetStream.

- Every event is a ``palisade.events.v1.Envelope`` on ``<prefix>.<service>.<entity>.<verb>``.
- Producers write events to their outbox in the same transaction as the state change
  (:func:`add_event`); :class:`OutboxRelay` publishes them afterwards with
  ``Nats-Msg-Id`` = event id, so a crash between commit and publish loses nothing and a
  re-publish is dropped by JetStream's duplicate window.
- Consumers are durable pull consumers with explicit ack (:class:`Consumer`); each
  handler runs in a transaction that also records the event id in the inbox, so
  at-least-once delivery gives exactly-once effects.
- No event is dropped silently: when a consumer gives up on one (``max_deliver``
  failures, a handler raising :class:`Permanent`, an unreadable message) it is published
  to ``<prefix>_DEAD_LETTERS`` on ``<prefix>.dead.<consumer>`` with the consumer, the
  error and the delivery count in headers, counted in ``events_dead_lettered_total`` and
  logged, and only then terminated. If that publish fails the event is retried instead.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import nats
import sqlalchemy as sa
from google.protobuf import any_pb2, timestamp_pb2
from google.protobuf.message import DecodeError, Message
from nats.js import api as js_api
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.events.v1 import events_pb2
from services.runtime import context
from services.runtime.db import Database

log = logging.getLogger(__name__)

EVENT_SERVICES = ("auth", "village", "combat", "tactics", "scheduler")
DUPLICATE_WINDOW_S = 120.0
RETRY_LATER_MAX_S = 0.5
# How long the events stream keeps an event (the inbox must be kept longer: a consumer
# re-created from the start replays the stream).
EVENTS_MAX_AGE_S = 7 * 24 * 3600
DEAD_LETTER_MAX_AGE_S = 30 * 24 * 3600
# Headers of a dead letter (its body is the original message, byte for byte).
DL_CONSUMER, DL_ERROR, DL_DELIVERIES = "Palisade-Consumer", "Palisade-Error", "Palisade-Deliveries"
DL_SUBJECT, DL_EVENT_ID, DL_STREAM_SEQ = "Palisade-Subject", "Palisade-Event-Id", "Palisade-Seq"

DEAD_LETTERED = Counter("events_dead_lettered_total",
                        "Events a consumer gave up on, published to the dead-letter stream",
                        ["consumer"])


def events_stream(prefix: str) -> str:
    return f"{prefix}_EVENTS".replace(".", "_").replace("-", "_")


def timers_stream(prefix: str) -> str:
    return f"{prefix}_TIMERS".replace(".", "_").replace("-", "_")


def dead_letters_stream(prefix: str) -> str:
    return f"{prefix}_DEAD_LETTERS".replace(".", "_").replace("-", "_")


def dead_letter_subject(prefix: str, consumer: str) -> str:
    return f"{prefix}.dead.{consumer}"


def event_subject(prefix: str, event_type: str) -> str:
    return f"{prefix}.{event_type}"


def timer_subject(prefix: str, owner: str, kind: str) -> str:
    return f"{prefix}.timers.{owner}.{kind}"


def keyed_timer_subject(prefix: str, owner: str, partition: int | str, kind: str) -> str:
    """Firings with an ordering key, by key partition (services/runtime/timers.py): a
    subject space apart from ``timer_subject``'s, because consumers of a work-queue stream
    may not overlap."""
    return f"{prefix}.timerkeys.{owner}.{partition}.{kind}"


def now_ts() -> timestamp_pb2.Timestamp:
    ts = timestamp_pb2.Timestamp()
    ts.FromDatetime(datetime.now(UTC))
    return ts


def make_envelope(event_type: str, payload: Message, key: str = "", version: int = 1,
                  event_id: str | None = None) -> events_pb2.Envelope:
    packed = any_pb2.Any()
    packed.Pack(payload)
    return events_pb2.Envelope(
        id=event_id or uuid.uuid4().hex, type=event_type, version=version,
        occurred_at=now_ts(), request_id=context.request_id.get(), key=key, payload=packed)


async def connect(url: str, name: str) -> nats.NATS:
    """A NATS connection that reconnects forever (a NATS restart must not kill a service)."""
    return await nats.connect(url, name=name, max_reconnect_attempts=-1,
                              reconnect_time_wait=0.25, connect_timeout=5,
                              allow_reconnect=True)


async def ensure_streams(js: nats.js.JetStreamContext, prefix: str) -> None:
    """Create or update both streams; idempotent, safe from many replicas at once."""
    wanted = [
        js_api.StreamConfig(
            name=events_stream(prefix),
            subjects=[f"{prefix}.{svc}.>" for svc in EVENT_SERVICES],
            retention=js_api.RetentionPolicy.LIMITS, max_age=EVENTS_MAX_AGE_S,
            duplicate_window=DUPLICATE_WINDOW_S, storage=js_api.StorageType.FILE),
        js_api.StreamConfig(
            name=timers_stream(prefix), subjects=[f"{prefix}.timers.>", f"{prefix}.timerkeys.>"],
            retention=js_api.RetentionPolicy.WORK_QUEUE,
            duplicate_window=DUPLICATE_WINDOW_S, storage=js_api.StorageType.FILE),
        # Kept 30 days for an operator to read and replay (nothing consumes it).
        js_api.StreamConfig(
            name=dead_letters_stream(prefix), subjects=[f"{prefix}.dead.>"],
            retention=js_api.RetentionPolicy.LIMITS, max_age=DEAD_LETTER_MAX_AGE_S,
            duplicate_window=DUPLICATE_WINDOW_S, storage=js_api.StorageType.FILE),
    ]
    for config in wanted:
        try:
            await js.add_stream(config)
        except nats.js.errors.BadRequestError:
            await js.update_stream(config)


class Outbox:
    """Writes events into a service's outbox table inside the caller's transaction."""

    def __init__(self, schema: str, prefix: str) -> None:
        self.schema = schema
        self.prefix = prefix
        self.table = sa.table("outbox", sa.column("id"), sa.column("subject"),
                              sa.column("data"), schema=schema)

    async def add(self, conn: AsyncConnection, event_type: str, payload: Message,
                  key: str = "", subject: str | None = None, event_id: str | None = None,
                  version: int = 1) -> str:
        env = make_envelope(event_type, payload, key=key, version=version, event_id=event_id)
        await conn.execute(sa.insert(self.table).values(
            id=env.id, subject=subject or event_subject(self.prefix, event_type),
            data=env.SerializeToString()))
        # Delivered at commit only, so the relay wakes when the row is visible.
        await conn.execute(sa.text(f"NOTIFY {self.channel}"))
        return env.id

    @property
    def channel(self) -> str:
        return f"{self.schema}_outbox"


class BufferedOutbox:
    """An Outbox for a unit of work that emits many events (a village's arrivals): ``add``
    keeps them in memory, ``flush`` writes them in the caller's transaction with one INSERT
    and one NOTIFY instead of two statements each, in the order they were added. The caller
    flushes before its transaction commits; nothing reaches the table before that."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self.schema = outbox.schema
        self.prefix = outbox.prefix
        self.rows: list[dict] = []

    async def add(self, conn: AsyncConnection, event_type: str, payload: Message,
                  key: str = "", subject: str | None = None, event_id: str | None = None,
                  version: int = 1) -> str:
        env = make_envelope(event_type, payload, key=key, version=version, event_id=event_id)
        self.rows.append({"id": env.id,
                          "subject": subject or event_subject(self.prefix, event_type),
                          "data": env.SerializeToString()})
        return env.id

    async def flush(self, conn: AsyncConnection) -> None:
        rows, self.rows = self.rows, []
        for start in range(0, len(rows), 1000):  # bound a statement's parameters
            await conn.execute(sa.insert(self.outbox.table).values(rows[start:start + 1000]))
        if rows:
            await conn.execute(sa.text(f"NOTIFY {self.outbox.channel}"))


class OutboxRelay:
    """Publishes committed outbox rows in order; many replicas share the work via SKIP LOCKED."""

    def __init__(self, db: Database, js: nats.js.JetStreamContext, outbox: Outbox,
                 listen_dsn: str, batch: int = 200, poll_s: float = 1.0) -> None:
        self.db = db
        self.js = js
        self.outbox = outbox
        self.listen_dsn = listen_dsn
        self.batch = batch
        self.poll_s = poll_s
        self._wake = asyncio.Event()
        self._stopping = False

    async def run(self) -> None:
        listener = await self._listen()
        try:
            while not self._stopping:
                # Cleared before the round, not after: a NOTIFY that arrives while the
                # round runs (another transaction committed) must wake the next one, not
                # be lost until the poll (seen as ~1 s lateness for some events).
                self._wake.clear()
                try:
                    sent = await self.relay_once()
                except Exception:  # keep relaying after NATS or DB hiccups
                    log.exception("outbox relay failed; retrying")
                    sent = 0
                    await asyncio.sleep(0.5)
                if sent < self.batch:
                    try:
                        await asyncio.wait_for(self._wake.wait(), self.poll_s)
                    except TimeoutError:
                        pass
        finally:
            if listener is not None:
                await listener.close()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def _listen(self) -> asyncpg.Connection | None:
        try:
            conn = await asyncpg.connect(self.listen_dsn)
            await conn.add_listener(self.outbox.channel, lambda *_: self._wake.set())
            return conn
        except Exception:
            log.warning("outbox LISTEN unavailable; polling only", exc_info=True)
            return None

    async def relay_once(self) -> int:
        schema = self.outbox.schema
        async with self.db.transaction() as conn:
            rows = (await conn.execute(sa.text(
                f'SELECT seq, id, subject, data FROM "{schema}".outbox '
                "WHERE published_at IS NULL ORDER BY seq LIMIT :n FOR UPDATE SKIP LOCKED"),
                {"n": self.batch})).all()
            # Sent back to back in seq order, then every ack awaited at once: one round
            # trip per batch, not one per event (each await gave the busy event loop away,
            # ~100 ms for a second's 100 completions). If any ack fails or is late, the
            # whole batch stays unpublished and is sent again; Nats-Msg-Id makes the
            # stream keep the copies that went through once.
            pending = [await self.js.publish_async(row.subject, bytes(row.data),
                                                   headers={"Nats-Msg-Id": row.id})
                       for row in rows]
            acks = await asyncio.wait_for(asyncio.gather(*pending), timeout=5)
            for row, ack in zip(rows, acks, strict=True):
                if ack.duplicate:
                    log.debug("event %s was already published", row.id)
            if rows:
                await conn.execute(sa.text(
                    f'UPDATE "{schema}".outbox SET published_at = now() WHERE seq = ANY(:s)'),
                    {"s": [r.seq for r in rows]})
        return len(rows)


Handler = Callable[[AsyncConnection, events_pb2.Envelope], Awaitable[None]]


@dataclass
class ConsumerSpec:
    """A durable pull consumer: ``durable`` names it, ``subject`` filters it."""

    durable: str
    subject: str
    handler: Handler
    stream: str
    batch: int = 50
    ack_wait_s: float = 30.0
    max_deliver: int = 20
    # Order of a batch before handling (default: arrival order), e.g. a per-key sequence.
    sort_key: Callable[[events_pb2.Envelope], Any] | None = None
    # False: one event after another, one transaction each. True: the batch is split into
    # ``parallel_keys`` lanes (one ordering key, Envelope.key, always in the same lane)
    # handled concurrently, each lane one transaction with a savepoint per event, acked
    # after the commit.
    transaction_per_batch: bool = False
    parallel_keys: int = 1
    # Applies a whole fetched batch instead (the timer consumer's one-statement-per-batch
    # path, services/runtime/timers.py): gets the consumer and the decoded, sorted
    # (msg, envelope) pairs, and acks or naks every one of them.
    apply_batch: Callable[[Consumer, list], Awaitable[None]] | None = None


class RetryLater(Exception):  # noqa: N818 - a signal, not an error
    """A handler cannot apply the event yet (e.g. the one before it on its key is not
    applied): the transaction rolls back and the message comes back after ``delay``
    seconds (doubled per delivery after the fourth, at most 2 s), without being logged as
    a failure."""

    def __init__(self, delay: float = 0.05) -> None:
        super().__init__(f"retry in {delay} s")
        self.delay = delay


class Permanent(Exception):  # noqa: N818 - a signal, not an error
    """A handler can never apply this event (e.g. it contradicts the handler's contract):
    the transaction rolls back and the event goes to the dead letters at once."""


class Consumer:
    """Fetch, handle in a transaction with an inbox row, ack; re-bind after NATS restarts."""

    def __init__(self, spec: ConsumerSpec, db: Database, js: nats.js.JetStreamContext,
                 prefix: str | None = None) -> None:
        self.spec = spec
        self.db = db
        self.js = js
        # The dead-letter subject's prefix: the consumed stream's, unless given.
        self.prefix = prefix or spec.subject.split(".", 1)[0]
        self._stopping = False
        self.inbox = sa.table("inbox", sa.column("consumer"), sa.column("event_id"),
                              schema=db.schema)

    def stop(self) -> None:
        self._stopping = True

    async def _bind(self):  # noqa: ANN202 - nats-py's PullSubscription
        config = js_api.ConsumerConfig(
            durable_name=self.spec.durable, ack_policy=js_api.AckPolicy.EXPLICIT,
            # Unlimited here: JetStream would stop a message silently after max_deliver
            # (e.g. a handler that hangs past ack_wait each time); this class dead-letters it.
            ack_wait=self.spec.ack_wait_s, max_deliver=-1,
            filter_subject=self.spec.subject, max_ack_pending=10_000)
        return await self.js.pull_subscribe(self.spec.subject, durable=self.spec.durable,
                                            stream=self.spec.stream, config=config)

    def _reconnects(self) -> int:
        nc = getattr(self.js, "_nc", None)  # nats-py keeps the connection there
        return int(nc.stats.get("reconnects", 0)) if nc is not None else 0

    async def run(self) -> None:
        sub = None
        bound_at = 0
        while not self._stopping:
            try:
                if sub is not None and self._reconnects() != bound_at:
                    # nats-io/nats.py#504: a pull subscription can go deaf after a server
                    # restart without raising; bind afresh after every reconnect.
                    log.info("consumer %s re-binding after a reconnect", self.spec.durable)
                    try:
                        await sub.unsubscribe()
                    except Exception:  # noqa: BLE001 - the old one may be gone already
                        pass
                    sub = None
                if sub is None:
                    bound_at = self._reconnects()
                    sub = await self._bind()
                try:
                    msgs = await sub.fetch(self.spec.batch, timeout=1)
                except (TimeoutError, nats.errors.TimeoutError):
                    continue
                await self.handle_batch(msgs)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("consumer %s lost its subscription; re-binding",
                            self.spec.durable, exc_info=True)
                sub = None
                await asyncio.sleep(0.5)
        if sub is not None:  # stopped (e.g. a key partition handed over): let it go
            try:
                await sub.unsubscribe()
            except Exception:  # noqa: BLE001 - the connection may be gone already
                pass

    async def handle_batch(self, msgs: list) -> None:
        items = []
        for msg in msgs:
            try:
                items.append((msg, events_pb2.Envelope.FromString(msg.data)))
            except DecodeError as err:
                await self._give_up(msg, None, f"unreadable envelope: {err}")
        kept = []
        for msg, env in items:
            if self._delivered(msg) > self.spec.max_deliver:
                # Earlier deliveries ended without an outcome (a crash, a hang past ack_wait).
                await self._give_up(msg, env, f"delivered {self._delivered(msg)} times "
                                               "without an outcome")
            else:
                kept.append((msg, env))
        items = kept
        if self.spec.sort_key is not None:
            items.sort(key=lambda item: self.spec.sort_key(item[1]))
        if self.spec.apply_batch is not None:
            await self.spec.apply_batch(self, items)
            return
        if self.spec.transaction_per_batch:
            # parallel_keys lanes, a key always in the same lane (its order is kept).
            lanes: list[list] = [[] for _ in range(max(1, self.spec.parallel_keys))]
            for i, (msg, env) in enumerate(items):
                lane = zlib.crc32(env.key.encode()) if env.key else i
                lanes[lane % len(lanes)].append((msg, env))
            await asyncio.gather(*(self.handle_in_one_transaction(lane)
                                   for lane in lanes if lane))
            return
        for msg, env in items:
            await self.handle_message(msg, env)

    async def handle_message(self, msg: Any, env: events_pb2.Envelope) -> None:
        """Handle one message in its own transaction, then ack (or nak, or term)."""
        token = context.request_id.set(env.request_id)
        try:
            await self.handle(env)
            await msg.ack()
        except RetryLater as later:
            await msg.nak(delay=self._retry_delay(msg, later))
        except Exception as err:
            delay = self._failure_delay(msg, env, err)
            if delay < 0:
                await self._give_up(msg, env, _describe(err))
            else:
                await msg.nak(delay=delay)
        finally:
            context.request_id.reset(token)

    async def handle(self, env: events_pb2.Envelope) -> bool:
        """Apply one event exactly once; False when the inbox says it was already applied."""
        async with self.db.transaction() as conn:
            return await self.apply(conn, env)

    async def apply(self, conn: AsyncConnection, env: events_pb2.Envelope) -> bool:
        """The inbox row and the handler, in the caller's transaction."""
        inserted = (await conn.execute(
            sa.text(f'INSERT INTO "{self.db.schema}".inbox (consumer, event_id) '
                    "VALUES (:c, :e) ON CONFLICT DO NOTHING RETURNING event_id"),
            {"c": self.spec.durable, "e": env.id})).first()
        if inserted is None:
            return False
        await self.spec.handler(conn, env)
        return True

    async def handle_in_one_transaction(self, items: list) -> None:
        """Apply several events in one transaction, each in its own savepoint, then ack.

        One commit for many events (the commit, not the statements, is what a busy
        consumer waits on). A failing or not-yet-applicable event rolls back only its
        savepoint; the later events of its key are not tried in this batch. If the commit
        fails, every event comes back."""
        delays: list[float | None] = []
        errors: dict[int, str] = {}
        held: set[str] = set()  # keys whose earlier event was not applied
        try:
            async with self.db.transaction() as conn:
                for msg, env in items:
                    if env.key and env.key in held:
                        delays.append(self._retry_delay(msg, RetryLater()))
                        continue
                    token = context.request_id.set(env.request_id)
                    try:
                        async with conn.begin_nested():
                            await self.apply(conn, env)
                        delays.append(None)
                    except RetryLater as later:
                        delays.append(self._retry_delay(msg, later))
                    except Exception as err:
                        delays.append(self._failure_delay(msg, env, err))
                        errors[len(delays) - 1] = _describe(err)
                    finally:
                        context.request_id.reset(token)
                    if delays[-1] is not None and env.key:
                        held.add(env.key)
        except Exception:
            log.exception("consumer %s: batch transaction failed", self.spec.durable)
            delays = [1.0] * len(items)
        for i, ((msg, env), delay) in enumerate(zip(items, delays, strict=True)):
            if delay is None:
                await msg.ack()
            elif delay < 0:
                await self._give_up(msg, env, errors.get(i, "failed"))
            else:
                await msg.nak(delay=delay)

    @staticmethod
    def _retry_delay(msg: Any, later: RetryLater) -> float:
        """RetryLater's delay, doubled per delivery after the fourth, up to 0.5 s: JetStream
        redelivers naked messages before new ones, so many waiting messages retried at a
        fixed short delay would keep the very message they wait for from being delivered."""
        delivered = msg.metadata.num_delivered if msg.metadata else 1
        return min(RETRY_LATER_MAX_S, later.delay * 2 ** min(max(delivered - 4, 0), 10))

    @staticmethod
    def _delivered(msg: Any) -> int:
        return msg.metadata.num_delivered if getattr(msg, "metadata", None) else 1

    def _failure_delay(self, msg: Any, env: events_pb2.Envelope, err: Exception) -> float:
        """Log a failed event; its redelivery delay, or -1 to give up on it (dead letter)."""
        delivered = self._delivered(msg)
        log.exception("handler %s failed on event %s (delivery %s)",
                      self.spec.durable, env.id, delivered)
        if isinstance(err, Permanent) or delivered >= self.spec.max_deliver:
            return -1.0
        return min(30.0, 0.2 * 2 ** delivered)

    async def _give_up(self, msg: Any, env: events_pb2.Envelope | None, error: str) -> None:
        """Publish the message to the dead letters, then terminate it; if the publish
        fails, the message comes back later instead (never dropped)."""
        delivered = self._delivered(msg)
        event_id = env.id if env is not None else ""
        headers = {DL_CONSUMER: self.spec.durable, DL_ERROR: " ".join(error.split())[:1000],
                   DL_DELIVERIES: str(delivered), DL_SUBJECT: getattr(msg, "subject", ""),
                   DL_EVENT_ID: event_id,
                   "Nats-Msg-Id": f"dead:{self.spec.durable}:{event_id or _seq(msg)}"}
        seq = _seq(msg)
        if seq:
            headers[DL_STREAM_SEQ] = seq
        try:
            await self.js.publish(dead_letter_subject(self.prefix, self.spec.durable),
                                  bytes(msg.data), headers=headers, timeout=5)
        except Exception:
            log.exception("consumer %s: dead letter of event %s not published; retrying",
                          self.spec.durable, event_id)
            await msg.nak(delay=5.0)
            return
        DEAD_LETTERED.labels(self.spec.durable).inc()
        log.error("consumer %s gave up on event %s after %s deliveries: %s; sent to %s",
                  self.spec.durable, event_id, delivered, error,
                  dead_letters_stream(self.prefix))
        await msg.term()


def _describe(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"


def _seq(msg: Any) -> str:
    meta = getattr(msg, "metadata", None)
    return str(meta.sequence.stream) if meta is not None and meta.sequence else ""
