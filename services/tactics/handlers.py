"""Tactics' timer handlers: its periodic job, fired daily by the scheduler
("tactics.save-retention"); tactics consumes no events.

Seed 004: "saves older than 3 months eligible for background purge (analytics retained by
design)". The handler runs once per period (the timer consumer's inbox row), and purging
saves older than a cutoff is idempotent anyway. This is the only way saves are purged.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.timers import TimerHandler, periodic_run
from services.tactics import usecases

RETENTION = usecases.SAVE_RETENTION  # "3 months"


async def purge_old_saves(conn: AsyncConnection, fired: scheduler_pb2.TimerFired) -> None:
    _, start = periodic_run(fired)
    await usecases.purge_saves_before(conn, start - RETENTION)


HANDLERS: dict[str, TimerHandler] = {"purge_old_saves": purge_old_saves}
