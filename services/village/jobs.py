"""Village's periodic jobs, fired by the scheduler (services/scheduler/periodic.py).

Each handler runs once per period: the runtime's timer consumer applies a firing with its
inbox row, and ``job_runs`` (services/runtime/periodic.py) refuses a second run of a
period even if the scheduler ever fired one twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime import periodic
from services.runtime.timers import TimerHandler

S = "village"


async def record_run(conn: AsyncConnection, fired: scheduler_pb2.TimerFired,
                     detail: str = "") -> bool:
    """True the first time a period of a job is applied here, False after."""
    return await periodic.record_run(conn, S, fired, detail)


async def compute_rankings(conn: AsyncConnection, fired: scheduler_pb2.TimerFired) -> None:
    """Players ranked by total population (seed: RANK() OVER population), replaced at once."""
    if not await record_run(conn, fired):
        return
    await conn.execute(sa.text(f"DELETE FROM {S}.rankings"))
    await conn.execute(sa.text(
        f"INSERT INTO {S}.rankings (owner_id, owner_name, rank, population, villages, "
        "computed_at, inactive) SELECT owner_id, max(owner_name), "
        "RANK() OVER (ORDER BY sum(population) DESC), sum(population), count(*), now(), "
        f"bool_and(inactive) FROM {S}.villages WHERE NOT founding GROUP BY owner_id"))


async def respawn_oasis_animals(conn: AsyncConnection, fired: scheduler_pb2.TimerFired) -> None:
    """Hourly. No oases exist until the village economy lands; the run is only recorded."""
    await record_run(conn, fired, "no oases yet")


async def generate_hero_adventures(conn: AsyncConnection,
                                   fired: scheduler_pb2.TimerFired) -> None:
    """Every 6 hours. No heroes exist until the village economy lands; recorded only."""
    await record_run(conn, fired, "no heroes yet")


HANDLERS: dict[str, TimerHandler] = {
    "rankings": compute_rankings,
    "oasis_respawn": respawn_oasis_animals,
    "hero_adventures": generate_hero_adventures,
}

