"""Save retention on its real path: the scheduler's periodic job fires over NATS and
tactics' timer handler purges saves older than three months (and only those).

The session stack runs the job every 2 s (SCHEDULER_EXTRA_JOBS in tests/conftest.py)
instead of daily.
"""

from __future__ import annotations

import time

import httpx

from tests.e2e.test_tactics_routes import register_and_login, sql
from tests.stack import Stack

WAIT_S = 90  # a polling limit on a loaded machine, not a timing assertion


def test_scheduled_job_purges_saves_older_than_three_months(stack: Stack) -> None:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as client:
        h = register_and_login(client)["headers"]
        gid = client.post("/api/v1/games", json={}, headers=h).json()["id"]
        old = client.post(f"/api/v1/games/{gid}/saves/manual",
                          json={"slot": 1, "name": "old"}, headers=h).json()
        fresh = client.post(f"/api/v1/games/{gid}/saves/manual",
                            json={"slot": 2, "name": "new"}, headers=h).json()
        sql(stack, "UPDATE tactics.saves SET created_at = now() - interval "
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
