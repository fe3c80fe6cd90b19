"""The scheduler's own settings (environment variables, read once at start-up)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from services.runtime.config import env_float


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

    @classmethod
    def from_env(cls) -> SchedulerSettings:
        return cls(
            lease_s=env_float("SCHEDULER_LEASE_SECONDS", 10.0),
            poll_s=env_float("SCHEDULER_POLL_SECONDS", 1.0),
            batch=int(env_float("SCHEDULER_BATCH", 500)),
            retention_s=env_float("SCHEDULER_RETENTION_DAYS", 7.0) * 24 * 3600,
            extra_jobs=os.environ.get("SCHEDULER_EXTRA_JOBS", ""),
        )
