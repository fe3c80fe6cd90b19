"""Auth's event and timer handlers: its periodic jobs, fired by the scheduler
(services/scheduler/periodic.py); auth consumes no events.

Wiring (services/auth/__main__.py): ``timers=handlers.timer_handlers``; the runtime's timer consumer
applies each firing with its inbox row.

"auth.purge-expired" (every 10 minutes): drop rows no rule can use any more (old login
failures, spent reset and refresh tokens, dead sessions); idempotent, so no run record.

"auth.inactive-players" (daily), seed 000's cleanup_inactive_players: a player who has not
logged in for 7 days is marked inactive (login still works) and, per user,
``auth.user.inactivity_changed`` (``UserInactivityChanged{inactive=true}``) goes into the
outbox in the same transaction; the next login clears the mark and publishes
``inactive=false``. It runs once per period: ``job_runs`` (services/runtime/periodic.py)
refuses a second run of one period.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncConnection

from protos.auth.v1 import auth_pb2
from protos.scheduler.v1 import scheduler_pb2
from services.auth import store, usecases
from services.auth.config import AuthConfig
from services.runtime.events import Outbox
from services.runtime.periodic import record_run, set_detail
from services.runtime.server import Runtime
from services.runtime.timers import TimerHandler, periodic_run

S = "auth"
INACTIVE_AFTER = timedelta(days=7)


INACTIVITY_CHANGED = "auth.user.inactivity_changed"


async def mark_inactive_players(conn: AsyncConnection, fired: scheduler_pb2.TimerFired, *,
                                outbox: Outbox) -> None:
    """Users whose last login (or registration) is older than 7 days at the period start."""
    _, start = periodic_run(fired)
    if not await record_run(conn, S, fired):
        return
    marked = await store.mark_inactive(conn, start, start - INACTIVE_AFTER)
    for user_id in marked:
        await outbox.add(conn, INACTIVITY_CHANGED,
                         auth_pb2.UserInactivityChanged(user_id=user_id, inactive=True),
                         key=user_id)
    await set_detail(conn, S, fired, f"{len(marked)} users marked inactive")


async def purge_expired(conn: AsyncConnection, fired: scheduler_pb2.TimerFired, *,
                        config: AuthConfig) -> None:
    _, start = periodic_run(fired)
    await usecases.purge_expired(conn, config, start)


def timer_handlers(rt: Runtime) -> dict[str, TimerHandler]:
    return {"inactive_players": partial(mark_inactive_players, outbox=rt.outbox),
            "purge_expired": partial(purge_expired, config=AuthConfig.from_settings(rt.settings))}
