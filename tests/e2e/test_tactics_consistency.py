"""A manual save racing end turns stores a state the game really had, never a mix of the
game row of one turn and the units of the next."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e.test_tactics_routes import new_game, sql
from tests.stack import Stack

ROUNDS = 12


def test_manual_save_racing_end_turn_is_one_consistent_state(stack: Stack, client: httpx.Client,
                                                             player: dict) -> None:
    h = player["headers"]
    gid = new_game(client, player)["id"]
    compared = 0
    with ThreadPoolExecutor(2) as pool:
        for _ in range(ROUNDS):
            ended = pool.submit(client.post, f"/api/v1/games/{gid}/end-turn", json={},
                                headers=h)
            saved = pool.submit(client.post, f"/api/v1/games/{gid}/saves/manual",
                                json={"slot": 1, "name": "race"}, headers=h)
            # The save's insert key-share-locks the game row, so the end turn may meet it
            # and answer 409 TURN_IN_PROGRESS (nothing applied); either way, no mix.
            assert ended.result().status_code == 200 or \
                ended.result().json()["code"] == "TURN_IN_PROGRESS", ended.result().text
            assert saved.result().status_code in (200, 201), saved.result().text
            rows = sql(stack, "SELECT kind, turn_no, state FROM tactics.saves "
                              "WHERE game_id = $1", gid)
            manual = next(r for r in rows if r["kind"] == "manual")
            # The save holds the state before or after this end turn; either one is also
            # the autosave (or, before the first end turn, the initial state) of its turn.
            same_turn = [json.loads(r["state"]) for r in rows
                         if r["kind"] == "autosave" and r["turn_no"] == manual["turn_no"]]
            state = json.loads(manual["state"])
            assert state["turnNo"] == manual["turn_no"]
            if same_turn:
                assert state == same_turn[0]
                compared += 1
            if json.loads(client.get(f"/api/v1/games/{gid}", headers=h).text)["status"] \
                    != "active":
                break
    assert compared >= ROUNDS // 2, "too few saves to compare"
