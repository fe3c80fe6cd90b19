"""Tactics' periodic job, fired daily by the scheduler ("tactics.save-retention").

Seed 004: "saves older than 3 months eligible for background purge (analytics retained by
design)". The scheduler side is done; the tactics service fills :func:`purge_saves_before`
(it owns the saves table) and wires the consumer in services/tactics/__main__.py:

    consumers=lambda rt: [*jobs.consumers(rt)]

The handler runs once per period (the timer consumer's inbox row), and purging saves
older than a cutoff is idempotent anyway. The PurgeOldSaves RPC can call the same function.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.events import ConsumerSpec
from services.runtime.server import Runtime
from services.runtime.timers import TimerHandler, periodic_run, timer_consumer

RETENTION = timedelta(days=90)  # "3 months"


async def purge_saves_before(conn: AsyncConnection, cutoff: datetime) -> int:
    """Delete saves last written before ``cutoff``; returns how many. Filled by tactics:
    e.g. DELETE FROM tactics.saves WHERE updated_at < :cutoff (analytics stay)."""
    return 0


async def purge_old_saves(conn: AsyncConnection, fired: scheduler_pb2.TimerFired) -> None:
    _, start = periodic_run(fired)
    await purge_saves_before(conn, start - RETENTION)


HANDLERS: dict[str, TimerHandler] = {"purge_old_saves": purge_old_saves}


def consumers(rt: Runtime) -> list[ConsumerSpec]:
    return [timer_consumer(rt, HANDLERS)]
