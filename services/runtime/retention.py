"""Retention of the runtime's own rows: published outbox rows, inbox rows, Idempotency-Key
records (and any rule a service adds), deleted by the ``housekeeping`` periodic job.

The scheduler fires ``<service>.housekeeping`` hourly for every service (one period, one
firing, taken by one replica: services/scheduler/periodic.py), and ``serve()`` gives every
service with a database a timer consumer that handles it (:func:`housekeeping`), so this is
a periodic job like the others, not a loop of its own. The purge does not run in the
firing's transaction (where a large delete does not belong): batches are taken with
``FOR UPDATE SKIP LOCKED``, each batch is its own short transaction, and one run deletes at
most ``max_batches`` batches per table. Deleting old rows is idempotent, so a repeated or
overlapping firing is harmless and needs no ``job_runs`` record.

Ages: an inbox row must outlive every way its event can come back. JetStream keeps events
7 days (``events.EVENTS_MAX_AGE_S``) and a consumer re-created from the start replays
them, so the inbox is kept longer than that (:func:`check_inbox_age` refuses less).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import sqlalchemy as sa
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.config import Settings
from services.runtime.db import Database
from services.runtime.events import EVENTS_MAX_AGE_S
from services.runtime.idempotency import RETENTION as IDEMPOTENCY_RETENTION
from services.runtime.timers import TimerHandler

log = logging.getLogger(__name__)

ROWS_PURGED = Counter("retention_rows_deleted_total", "Rows deleted by the housekeeping job",
                      ["table"])


@dataclass(frozen=True)
class RetentionRule:
    """Rows of ``table`` whose ``column`` is older than ``age`` (a PostgreSQL interval,
    e.g. "24 hours") and that match ``where``."""

    table: str
    column: str
    age: str
    where: str = "true"


def runtime_rules(settings: Settings) -> list[RetentionRule]:
    return [
        RetentionRule("outbox", "published_at", f"{settings.outbox_retention_s} seconds",
                      "published_at IS NOT NULL"),
        RetentionRule("inbox", "handled_at", f"{settings.inbox_retention_s} seconds"),
        RetentionRule("idempotency", "created_at", IDEMPOTENCY_RETENTION),
    ]


def check_inbox_age(settings: Settings) -> None:
    """An inbox purged before its events leave the stream lets a replay apply them twice."""
    if settings.inbox_retention_s <= EVENTS_MAX_AGE_S:
        raise SystemExit(
            f"INBOX_RETENTION_DAYS must be longer than the events stream's "
            f"{EVENTS_MAX_AGE_S / 86400:g} days")


async def purge(db: Database, rule: RetentionRule, batch: int = 5000,
                max_batches: int = 100, until: float | None = None) -> int:
    """Delete the rule's old rows in batches, each its own transaction; rows deleted.
    Stops early at ``until`` (time.monotonic()); the next run goes on from there."""
    table = f'"{db.schema}"."{rule.table}"'
    statement = sa.text(
        f"DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} "
        f'WHERE ({rule.where}) AND "{rule.column}" < now() - CAST(CAST(:age AS text) AS interval) '
        "LIMIT :n FOR UPDATE SKIP LOCKED))")
    total = 0
    for _ in range(max_batches):
        async with db.transaction() as conn:
            deleted = (await conn.execute(statement, {"age": rule.age, "n": batch})).rowcount
        total += deleted or 0
        if (deleted or 0) < batch or (until is not None and time.monotonic() >= until):
            break
    if total:
        ROWS_PURGED.labels(f"{db.schema}.{rule.table}").inc(total)
    return total


async def run_once(db: Database, rules: list[RetentionRule], batch: int,
                   budget_s: float | None = None) -> dict[str, int]:
    until = None if budget_s is None else time.monotonic() + budget_s
    return {rule.table: await purge(db, rule, batch, until=until) for rule in rules}


HOUSEKEEPING = "housekeeping"  # the timer kind of every service's housekeeping job


def housekeeping(db: Database, rules: list[RetentionRule], batch: int,
                 budget_s: float) -> TimerHandler:
    """The handler of the ``housekeeping`` firing: purge each rule's old rows, for at most
    about ``budget_s`` (well inside the timer's ack wait, so JetStream does not hand the
    firing to another replica meanwhile); a backlog is worked off over several runs."""

    async def purge_old_rows(conn: AsyncConnection, fired: scheduler_pb2.TimerFired) -> None:
        removed = await run_once(db, rules, batch, budget_s)
        log.info("retention", extra={"rows_deleted": removed})

    return purge_old_rows
