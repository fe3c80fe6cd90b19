"""Save retention on its real path: the scheduler's periodic job fires over NATS and
tactics' timer handler purges saves older than three months (and only those).

Its own stack, with the job every 2 s (SCHEDULER_EXTRA_JOBS) instead of daily.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.test_tactics_routes import register_and_login, sql
from tests.stack import Servers, Stack, new_run_id

WAIT_S = 90  # a polling limit on a loaded machine, not a timing assertion


@pytest.fixture(scope="module")
def retention_stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[Stack]:
    run = Stack(servers, new_run_id(), tmp_path_factory.mktemp("retention"),
                extra_env={"SCHEDULER_EXTRA_JOBS":
                           "test.save-retention:tactics:purge_old_saves:2"})
    run.start()
    yield run
    run.stop()


def test_scheduled_job_purges_saves_older_than_three_months(retention_stack: Stack) -> None:
    with httpx.Client(base_url=retention_stack.gateway_url, timeout=30) as client:
        h = register_and_login(client)["headers"]
        gid = client.post("/api/v1/games", json={}, headers=h).json()["id"]
        old = client.post(f"/api/v1/games/{gid}/saves/manual",
                          json={"slot": 1, "name": "old"}, headers=h).json()
        fresh = client.post(f"/api/v1/games/{gid}/saves/manual",
                            json={"slot": 2, "name": "new"}, headers=h).json()
        sql(retention_stack, "UPDATE tactics.saves SET created_at = now() - interval "
                             "'91 days' WHERE id = $1", old["id"], fetch=False)
        deadline = time.monotonic() + WAIT_S
        ids: list[int] = []
        while time.monotonic() < deadline:
            ids = [s["id"] for s in client.get(f"/api/v1/games/{gid}/saves",
                                               headers=h).json()["manual"]]
            if old["id"] not in ids:
                break
            time.sleep(0.5)
        assert ids == [fresh["id"]], "the scheduled purge did not drop the old save"
