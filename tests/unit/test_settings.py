"""The one settings object: every service's tunables come from ``Settings.from_env`` and
each service's own shape is derived from it (never from the environment directly)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rules.travian.war import BEGINNER_PROTECTION_HOURS
from rules.travian.world import DEFAULT_WORLD_SEED
from services.auth.config import AuthConfig
from services.runtime.config import Settings
from services.tactics.usecases import Limits
from services.village.usecases import Config

ENV = {"LOGIN_LOCKOUT_BASE_SECONDS": "2", "LOGIN_LOCKOUT_MAX_SECONDS": "8",
       "WORLD_SEED": "42", "BEGINNER_PROTECTION_HOURS": "0", "GAME_SPEED": "1000",
       "AI_TURN_BUDGET_MS": "5", "TACTICS_MAX_ACTIVE_GAMES": "3",
       "SCHEDULER_LEASE_SECONDS": "4", "SCHEDULER_POLL_SECONDS": "0.5",
       "SCHEDULER_BATCH": "7", "SCHEDULER_RETENTION_DAYS": "1",
       "SCHEDULER_EXTRA_JOBS": "t:village:rankings:2", "WS_QUEUE_FRAMES": "9",
       "SCHEDULER_SHARDS": "postgresql://h1/db1, postgresql://h2/db2",
       "SCHEDULER_FIRE_SHARDS": "0,2"}


def scheduler(settings: Settings) -> tuple[object, ...]:
    """The scheduler's fields (it reads them from the one Settings, no shape of its own)."""
    return (settings.scheduler_lease_s, settings.scheduler_poll_s, settings.scheduler_batch,
            settings.scheduler_retention_s, settings.scheduler_extra_jobs,
            settings.scheduler_shards, settings.scheduler_fire_shards)


def test_each_services_settings_come_from_the_one_object(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env("village")
    auth = AuthConfig.from_settings(settings)
    assert (auth.lockout_base, auth.lockout_max) == (timedelta(seconds=2), timedelta(seconds=8))
    village = Config.from_settings(settings)
    # 0 hours is a setting (the tests' "no protection"), not "unset".
    assert (village.world_seed, village.protection_hours, village.speed) == (42, 0.0, 1000.0)
    assert Limits.from_settings(settings) == Limits(max_active_games=3, ai_budget_ms=5.0)
    assert scheduler(settings) == (
        4.0, 0.5, 7, 86400.0, "t:village:rankings:2",
        ("postgresql+asyncpg://h1/db1", "postgresql+asyncpg://h2/db2"), "0,2")
    assert settings.ws_queue_frames == 9


def test_unset_means_the_rules_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env("village")
    village = Config.from_settings(settings)
    assert (village.world_seed, village.protection_hours) == (DEFAULT_WORLD_SEED,
                                                              BEGINNER_PROTECTION_HOURS)
    assert Limits.from_settings(settings) == Limits()
    assert AuthConfig.from_settings(settings) == AuthConfig()
    assert scheduler(settings) == scheduler(Settings())
