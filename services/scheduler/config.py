"""The scheduler's own settings, derived from the one ``Settings`` (runtime/config.py)."""

from __future__ import annotations

from dataclasses import dataclass

from services.runtime.config import Settings


@dataclass(frozen=True)
class SchedulerSettings:
    # How long a claim holds a timer; after that another replica may fire it (kill -9).
    lease_s: float = 10.0
    # Longest sleep without a NOTIFY (a lost notification costs at most this much latency).
    poll_s: float = 1.0
    # Most timers one claim takes.
    batch: int = 500
    # How long fired/cancelled timers (and so their dedupe keys) are kept.
    retention_s: float = 7 * 24 * 3600.0
    # Extra periodic jobs, "name:owner:kind:seconds[,...]" (tests, operators).
    extra_jobs: str = ""
    # Databases of shards 1..N-1 (services/scheduler/shards.py) and the shards fired here.
    shard_urls: tuple[str, ...] = ()
    fire_shards: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> SchedulerSettings:
        return cls(lease_s=settings.scheduler_lease_s, poll_s=settings.scheduler_poll_s,
                   batch=settings.scheduler_batch, retention_s=settings.scheduler_retention_s,
                   extra_jobs=settings.scheduler_extra_jobs,
                   shard_urls=settings.scheduler_shards,
                   fire_shards=settings.scheduler_fire_shards)
