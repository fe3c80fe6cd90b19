"""Auth's own settings: the security rules' numbers, derived from the one ``Settings``.

The contract fixes the defaults (5 failures in 15 minutes lock an account; sessions idle
out after 30 minutes; access 15 minutes, refresh 7 days, reset links 1 hour). Only the
lock durations are tunable, so tests can watch a lock expire in seconds.
RATE_LIMIT_MULTIPLIER deliberately plays no part here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from services.runtime.config import Settings


@dataclass(frozen=True)
class AuthConfig:
    access_ttl: timedelta = timedelta(minutes=15)
    refresh_ttl: timedelta = timedelta(days=7)
    session_idle: timedelta = timedelta(minutes=30)
    # A cookie session's expiry is rewritten at most this often (not on every request).
    session_slide_step: timedelta = timedelta(seconds=60)
    reset_ttl: timedelta = timedelta(hours=1)
    lockout_threshold: int = 5
    lockout_window: timedelta = timedelta(minutes=15)
    # First lock lasts lockout_base; every further failure doubles it, up to lockout_max.
    lockout_base: timedelta = timedelta(seconds=60)
    lockout_max: timedelta = timedelta(hours=1)

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthConfig:
        return cls(lockout_base=timedelta(seconds=settings.lockout_base_s),
                   lockout_max=timedelta(seconds=settings.lockout_max_s))

    def lock_duration(self, failures: int) -> timedelta:
        """How long an account stays locked after `failures` failures in the window."""
        if failures < self.lockout_threshold:
            return timedelta(0)
        return min(self.lockout_max,
                   self.lockout_base * 2 ** min(failures - self.lockout_threshold, 30))
