"""Auth's periodic job, fired daily by the scheduler ("auth.inactive-players").

Wiring (services/auth/__main__.py):
    consumers=lambda rt: [*jobs.consumers(rt)]   # plus any event consumers auth has

Seed 000's cleanup_inactive_players: a player who has not logged in for 7 days is marked
inactive (login still works) and, per user, ``auth.user.inactivity_changed``
(``UserInactivityChanged{inactive=true}``) goes into the outbox in the same transaction;
the next login clears the mark and publishes ``inactive=false``. It runs once per
period: the timer consumer applies the firing with its inbox row, and ``job_runs``
(PRIMARY KEY job, period_start) refuses a second run of one period.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.auth.v1 import auth_pb2
from protos.scheduler.v1 import scheduler_pb2
from services.runtime.events import ConsumerSpec, Outbox
from services.runtime.server import Runtime
from services.runtime.timers import TimerHandler, periodic_run, timer_consumer

S = "auth"
INACTIVE_AFTER = timedelta(days=7)
job_runs = sa.table("job_runs", sa.column("job"), sa.column("period_start"),
                    sa.column("detail"), schema=S)


INACTIVITY_CHANGED = "auth.user.inactivity_changed"


async def mark_inactive_players(conn: AsyncConnection, fired: scheduler_pb2.TimerFired, *,
                                outbox: Outbox) -> None:
    """Users whose last login (or registration) is older than 7 days at the period start."""
    job, start = periodic_run(fired)
    first = (await conn.execute(insert(job_runs).values(job=job, period_start=start)
                                .on_conflict_do_nothing().returning(job_runs.c.job))).first()
    if first is None:
        return
    result = await conn.execute(sa.text(
        f"UPDATE {S}.users SET is_active = false, inactive_since = :start "
        "WHERE is_active AND coalesce(last_login_at, created_at) < :cutoff RETURNING id"),
        {"start": start, "cutoff": start - INACTIVE_AFTER})
    marked = [str(row.id) for row in result]
    for user_id in marked:
        await outbox.add(conn, INACTIVITY_CHANGED,
                         auth_pb2.UserInactivityChanged(user_id=user_id, inactive=True),
                         key=user_id)
    await conn.execute(sa.text(
        f"UPDATE {S}.job_runs SET detail = :d WHERE job = :job AND period_start = :start"),
        {"d": f"{len(marked)} users marked inactive", "job": job, "start": start})


def handlers(outbox: Outbox) -> dict[str, TimerHandler]:
    return {"inactive_players": partial(mark_inactive_players, outbox=outbox)}


def consumers(rt: Runtime) -> list[ConsumerSpec]:
    return [timer_consumer(rt, handlers(rt.outbox))]
