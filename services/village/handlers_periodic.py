"""Village's periodic-job handlers (handlers.py split by area, as store.py is), fired by
the scheduler (services/scheduler/periodic.py).

Each handler runs once per period: the runtime's timer consumer applies a firing with its
inbox row, and ``job_runs`` (services/runtime/periodic.py) refuses a second run of a
period even if the scheduler ever fired one twice.

Oases' animals respawn lazily (computed when an oasis is looked at, rules/travian/oases.py),
so there is no respawn job any more.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime import periodic
from services.runtime.server import Runtime
from services.runtime.timers import TimerHandler
from services.village import store, usecases_hero
from services.village.usecases import Config, Unit, now_s

S = "village"


async def record_run(conn: AsyncConnection, fired: scheduler_pb2.TimerFired,
                     detail: str = "") -> bool:
    """True the first time a period of a job is applied here, False after."""
    return await periodic.record_run(conn, S, fired, detail)


async def compute_rankings(conn: AsyncConnection, fired: scheduler_pb2.TimerFired) -> None:
    """The hourly ranking (``store.replace_rankings``), once per period."""
    if not await record_run(conn, fired):
        return
    await store.replace_rankings(conn)


def hero_handlers(rt: Runtime) -> dict[str, TimerHandler]:
    """The ``hero_adventures`` job and the heroes' adventure-arrival wake-ups."""
    config = Config.from_settings(rt.settings)

    async def generate_hero_adventures(conn: AsyncConnection,
                                       fired: scheduler_pb2.TimerFired) -> None:
        """Every 6 hours: each hero with fewer than 3 open offers gets one more."""
        if await record_run(conn, fired):
            await usecases_hero.offer_adventures(conn, config, now_s())

    async def on_hero(conn: AsyncConnection, fired: scheduler_pb2.TimerFired) -> None:
        """A wake-up only: store a due adventure outcome (idempotent by state)."""
        try:
            owner = uuid.UUID(fired.payload.decode())
        except ValueError:
            return
        await usecases_hero.on_hero_timer(Unit(conn, rt.outbox, config), owner, now_s())

    return {"hero_adventures": generate_hero_adventures, usecases_hero.TIMER_KIND: on_hero}


HANDLERS: dict[str, TimerHandler] = {
    "rankings": compute_rankings,
}
