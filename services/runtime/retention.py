"""Retention of the runtime's own rows: published outbox rows, inbox rows, Idempotency-Key
records (and any rule a service adds), deleted by one loop per process.

Why a runtime loop and not scheduler periodic jobs: every service (combat too, which has no
timer consumer) and the scheduler itself would need a timer consumer just for this, and a
timer handler runs inside one lane transaction, where a large purge does not belong.
Deleting old rows is idempotent, so every replica may run it: batches are taken with
``FOR UPDATE SKIP LOCKED`` (replicas never wait for each other), each batch is its own
short transaction, and one run deletes at most ``max_batches`` batches per table.

Ages: an inbox row must outlive every way its event can come back. JetStream keeps events
7 days (``events.EVENTS_MAX_AGE_S``) and a consumer re-created from the start replays
them, so the inbox is kept longer than that (:func:`check_inbox_age` refuses less).
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass

import sqlalchemy as sa
from prometheus_client import Counter

from services.runtime.config import Settings
from services.runtime.db import Database
from services.runtime.events import EVENTS_MAX_AGE_S
from services.runtime.idempotency import RETENTION as IDEMPOTENCY_RETENTION

log = logging.getLogger(__name__)

ROWS_PURGED = Counter("retention_rows_deleted_total", "Rows deleted by the retention loop",
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
                max_batches: int = 100) -> int:
    """Delete the rule's old rows in batches, each its own transaction; rows deleted."""
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
        if (deleted or 0) < batch:
            break
    if total:
        ROWS_PURGED.labels(f"{db.schema}.{rule.table}").inc(total)
    return total


async def run_once(db: Database, rules: list[RetentionRule], batch: int) -> dict[str, int]:
    return {rule.table: await purge(db, rule, batch) for rule in rules}


async def loop(db: Database, rules: list[RetentionRule], every_s: float, batch: int) -> None:
    """Every ``every_s`` (first run at a random point of the first interval, so replicas
    started together spread out): purge each rule; a failure waits for the next run."""
    await asyncio.sleep(random.uniform(0, every_s))
    while True:
        try:
            removed = await run_once(db, rules, batch)
            log.info("retention", extra={"rows_deleted": removed})
        except Exception:  # the next run tries again
            log.exception("retention failed")
        await asyncio.sleep(every_s)
