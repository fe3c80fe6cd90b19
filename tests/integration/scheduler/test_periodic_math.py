"""Periodic job arithmetic (pure; lives beside the scheduler's integration tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.scheduler.periodic import JOBS, PeriodicJob, parse_jobs, period_start, periods_due


def test_periods_are_aligned_on_the_utc_epoch() -> None:
    now = datetime(2026, 11, 23, 13, 47, 5, tzinfo=UTC)
    assert period_start(now, timedelta(hours=1)) == datetime(2026, 11, 23, 13, tzinfo=UTC)
    assert period_start(now, timedelta(hours=6)) == datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert period_start(now, timedelta(days=1)) == datetime(2026, 11, 23, tzinfo=UTC)


def test_catch_up_is_bounded_to_the_current_period_unless_asked() -> None:
    now = datetime(2026, 11, 23, 13, 47, tzinfo=UTC)
    hourly = PeriodicJob("j", "village", "k", timedelta(hours=1))
    assert periods_due(hourly, now) == [datetime(2026, 11, 23, 13, tzinfo=UTC)]
    two = PeriodicJob("j", "village", "k", timedelta(hours=1), catch_up=2)
    assert [p.hour for p in periods_due(two, now)] == [13, 12, 11]


def test_the_seed_schedule_is_owned_by_the_services_whose_data_it_touches() -> None:
    assert {(j.owner, j.kind, j.every) for j in JOBS} == {
        ("village", "rankings", timedelta(hours=1)),
        ("auth", "inactive_players", timedelta(days=1)),
        ("village", "hero_adventures", timedelta(hours=6)),
        ("tactics", "purge_old_saves", timedelta(days=1)),
        ("auth", "purge_expired", timedelta(minutes=10)),
        *((s, "housekeeping", timedelta(hours=1))
          for s in ("auth", "village", "combat", "tactics", "scheduler")),
    }


def test_extra_jobs_parse() -> None:
    assert parse_jobs("t.tick:timertest:tick:2, a:b:c.d:0.5") == (
        PeriodicJob("t.tick", "timertest", "tick", timedelta(seconds=2)),
        PeriodicJob("a", "b", "c.d", timedelta(seconds=0.5)))
