"""Rankings end to end: the scheduler fires the village service's periodic rankings job
(every 2 s in the test stack instead of hourly) and GET /rankings/players serves it."""

from __future__ import annotations

import time

import httpx


def test_a_new_player_appears_in_the_ranking_after_the_periodic_job(
        client: httpx.Client, player: dict) -> None:
    deadline = time.monotonic() + 20
    while True:
        resp = client.get("/api/v1/rankings/players", headers=player["headers"],
                          params={"pageSize": 100})
        assert resp.status_code == 200, resp.text
        body = resp.json()
        mine = [r for r in body["items"] if r["player_id"] == player["id"]]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert mine, "the rankings job did not run (or did not see the new village)"
    assert mine[0]["player"] == player["username"] and mine[0]["villages"] == 1
    assert mine[0]["population"] >= 1
    assert {"items", "page", "pageSize", "total"} <= set(body)
    ranks = [r["rank"] for r in body["items"]]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_rankings_need_sign_in_and_bound_the_page_size(client: httpx.Client,
                                                       player: dict) -> None:
    client.cookies.clear()  # the player fixture's login left a session cookie
    assert client.get("/api/v1/rankings/players").status_code == 401
    resp = client.get("/api/v1/rankings/players", headers=player["headers"],
                      params={"pageSize": 101})
    assert resp.status_code == 422 and resp.json()["code"] == "INVALID_INPUT"
