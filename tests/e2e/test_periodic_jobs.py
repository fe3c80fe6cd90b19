"""Periodic work has one mechanism: the scheduler's jobs, fired over NATS and applied by
each service's one timer consumer (no sleep loop in any service).

The session stack fires auth's purge and combat's housekeeping every 2 s (tests/conftest.py);
every service's hourly housekeeping runs once at start (its current period).
"""

from __future__ import annotations

import time

from services.scheduler.periodic import SERVICES_WITH_DATABASE
from tests.e2e.test_tactics_routes import sql
from tests.stack import Stack

WAIT_S = 90  # a polling limit on a loaded machine, not a timing assertion


def wait_for(check, what: str):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + WAIT_S
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            assert found, what
            return found
        time.sleep(0.5)


def test_every_service_applies_its_housekeeping_firing(stack: Stack) -> None:
    """Each service's inbox holds the firing of its own <service>.housekeeping period."""
    for service in SERVICES_WITH_DATABASE:
        def applied(service: str = service) -> bool:
            return bool(sql(stack, f"SELECT 1 FROM scheduler.periodic_runs r "
                                   f"JOIN {service}.inbox i ON i.event_id = r.timer_id "
                                   f"AND i.consumer = '{service}-timers' WHERE r.job = $1",
                            f"{service}.housekeeping"))
        wait_for(applied, f"{service} never applied its housekeeping firing")


def test_housekeeping_purges_old_runtime_rows_of_a_service(stack: Stack) -> None:
    """Combat has no timers of its own: the runtime's timer consumer still purges its old
    published outbox rows and inbox rows, and keeps fresh and unpublished ones."""
    sql(stack, "INSERT INTO combat.outbox (id, subject, data, created_at, published_at) VALUES "
               "('hk-old', 's', '', now() - interval '3 days', now() - interval '2 days'), "
               "('hk-unpublished', 's', '', now() - interval '3 days', NULL), "
               "('hk-fresh', 's', '', now(), now())", fetch=False)
    sql(stack, "INSERT INTO combat.inbox (consumer, event_id, handled_at) VALUES "
               "('hk', 'old', now() - interval '15 days'), ('hk', 'fresh', now())", fetch=False)

    def purged() -> bool:
        outbox = {r["id"] for r in sql(stack, "SELECT id FROM combat.outbox WHERE id LIKE 'hk-%'")}
        inbox = {r["event_id"] for r in sql(stack, "SELECT event_id FROM combat.inbox "
                                                   "WHERE consumer = 'hk'")}
        return outbox == {"hk-unpublished", "hk-fresh"} and inbox == {"fresh"}

    wait_for(purged, "combat's housekeeping job did not purge its old rows")


def test_auth_purges_expired_rows_through_its_periodic_job(stack: Stack) -> None:
    sql(stack, "INSERT INTO auth.login_failures (account, failed_at) VALUES "
               "('pj-old', now() - interval '2 days'), ('pj-fresh', now())", fetch=False)

    def purged() -> bool:
        rows = {r["account"] for r in sql(stack, "SELECT account FROM auth.login_failures "
                                                 "WHERE account LIKE 'pj-%'")}
        return rows == {"pj-fresh"}

    wait_for(purged, "auth.purge-expired did not drop the old login failure")
