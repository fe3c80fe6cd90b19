"""The active-games limit holds under concurrent creates (count and insert are atomic)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e.test_tactics_routes import register_and_login

LIMIT = 20  # TACTICS_MAX_ACTIVE_GAMES in the test stack (the default)
RACERS = 8


def test_concurrent_creates_never_exceed_the_active_games_limit(client: httpx.Client) -> None:
    someone = register_and_login(client)
    h = someone["headers"]
    for _ in range(LIMIT - RACERS // 2):
        assert client.post("/api/v1/games", json={}, headers=h).status_code == 201
    with ThreadPoolExecutor(RACERS) as pool:
        replies = list(pool.map(lambda _: client.post("/api/v1/games", json={}, headers=h),
                                range(RACERS)))
    codes = sorted(r.status_code for r in replies)
    assert codes == [201] * (RACERS // 2) + [409] * (RACERS - RACERS // 2), codes
    assert all(r.json()["code"] == "GAME_LIMIT_REACHED" for r in replies
               if r.status_code == 409)
    listed = client.get("/api/v1/games", params={"status": "active"}, headers=h)
    assert listed.json()["total"] == LIMIT
