"""Periodic jobs (the seed's Celery beat schedule), fired once per period across replicas.

Each job belongs to the service whose data it touches; the scheduler only turns each
period into one timer for that service (``timers.<owner>.<kind>``, payload PeriodicRun).
Every replica tries at each period boundary; ``periodic_runs`` has a primary key
(job, period_start) and the insert is ON CONFLICT DO NOTHING, so one wins (procrastinate's
``procrastinate_periodic_defers``). Periods are aligned on the UTC epoch (hourly at :00,
daily at 00:00, six-hourly at 00/06/12/18). Catch-up is bounded: after downtime only the
current period runs, plus ``catch_up`` earlier ones for jobs that ask for it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.db import Database
from services.runtime.retention import HOUSEKEEPING
from services.scheduler import store
from services.scheduler.usecases import ts

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_SLEEP_S = 30.0


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    owner: str
    kind: str
    every: timedelta
    # Missed earlier periods still run after downtime (0: only the current one).
    catch_up: int = 0


# Every service with a database: the runtime's retention of its outbox, inbox and
# Idempotency-Key rows (services/runtime/retention.py), handled by its timer consumer.
SERVICES_WITH_DATABASE = ("auth", "village", "combat", "tactics", "scheduler")

# From seeds/000's beat_schedule (the per-minute/-second sweeps there are replaced by
# per-event timers, principle 5), seeds/004's save retention, auth's purge of expired
# rows and every service's housekeeping: the house's only periodic work.
JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob("village.rankings", "village", "rankings", timedelta(hours=1)),
    PeriodicJob("auth.inactive-players", "auth", "inactive_players", timedelta(days=1)),
    PeriodicJob("village.hero-adventures", "village", "hero_adventures", timedelta(hours=6)),
    PeriodicJob("tactics.save-retention", "tactics", "purge_old_saves", timedelta(days=1)),
    PeriodicJob("auth.purge-expired", "auth", "purge_expired", timedelta(minutes=10)),
    *(PeriodicJob(f"{service}.housekeeping", service, HOUSEKEEPING, timedelta(hours=1))
      for service in SERVICES_WITH_DATABASE),
)


def parse_jobs(text: str) -> tuple[PeriodicJob, ...]:
    """"name:owner:kind:seconds,..." -> jobs (SCHEDULER_EXTRA_JOBS)."""
    jobs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, owner, kind, seconds = part.split(":")
        jobs.append(PeriodicJob(name, owner, kind, timedelta(seconds=float(seconds))))
    return tuple(jobs)


def period_start(now: datetime, every: timedelta) -> datetime:
    return EPOCH + ((now - EPOCH) // every) * every


def periods_due(job: PeriodicJob, now: datetime) -> list[datetime]:
    """The current period first, then up to ``catch_up`` earlier ones."""
    current = period_start(now, job.every)
    return [current - i * job.every for i in range(job.catch_up + 1)]


async def trigger(db: Database, job: PeriodicJob, start: datetime) -> bool:
    """Record the period and schedule its timer in one transaction; False if already done."""
    timer_id = uuid.uuid4().hex
    async with db.transaction() as conn:
        if not await store.record_period(conn, job.name, start, timer_id):
            return False
        payload = scheduler_pb2.PeriodicRun(job=job.name, period_start=ts(start))
        await store.insert_timers(conn, [store.NewTimer(
            job.owner, job.kind, datetime.now(UTC), payload.SerializeToString(),
            f"periodic:{job.name}:{start.isoformat()}", id=timer_id)])
    log.info("periodic job %s: period %s triggered", job.name, start.isoformat())
    return True


class Periodic:
    """Each replica: at every period boundary, try to record the period (one wins)."""

    def __init__(self, db: Database, jobs: tuple[PeriodicJob, ...]) -> None:
        self.db = db
        self.jobs = jobs
        self._done: dict[str, datetime] = {}
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("periodic tick failed; retrying")
            try:
                await asyncio.wait_for(self._stop.wait(), self._seconds_to_next())
            except TimeoutError:
                pass

    async def tick(self) -> None:
        now = datetime.now(UTC)
        for job in self.jobs:
            for start in reversed(periods_due(job, now)):
                if self._done.get(job.name, EPOCH) >= start:
                    continue
                await trigger(self.db, job, start)
                self._done[job.name] = start

    def _seconds_to_next(self) -> float:
        now = time.time()
        nearest = MAX_SLEEP_S
        for job in self.jobs:
            every = job.every.total_seconds()
            nearest = min(nearest, every - (now % every))
        return max(0.01, nearest + 0.005)
