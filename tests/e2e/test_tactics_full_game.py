"""A whole tactics game through HTTP: a scripted human against the AI until one side takes
the last city; then the game replays from its seed and the actions to the same end."""

from __future__ import annotations

import httpx

from rules.tactics.game import new_game
from rules.tactics.maps import DEFAULT_MAP
from rules.tactics.replay import replay
from rules.tactics.scripted import scripted_human_actions
from tests.tactics_http import http_state, state_from_projection

SEED = 20261123
MAX_ROUNDS = 150


def post_action(client: httpx.Client, game_id: int, headers: dict, action: dict) -> dict:
    if action["type"] == "move":
        resp = client.post(f"/api/v1/games/{game_id}/actions/move", headers=headers,
                           json={"unitId": action["unitId"], "to": action["to"]})
    elif action["type"] == "attack":
        resp = client.post(f"/api/v1/games/{game_id}/actions/attack", headers=headers,
                           json={"attackerUnitId": action["attackerUnitId"],
                                 "targetUnitId": action["targetUnitId"]})
    else:
        resp = client.post(f"/api/v1/games/{game_id}/end-turn", headers=headers, json={})
    assert resp.status_code == 200, (action, resp.text)
    return resp.json()["state"]


def test_scripted_human_plays_the_ai_to_a_capture_and_the_game_replays(
        client: httpx.Client, player: dict) -> None:
    headers = player["headers"]
    created = client.post("/api/v1/games", json={"settings": {"seed": SEED}}, headers=headers)
    assert created.status_code == 201
    game_id, state = created.json()["id"], created.json()["state"]
    human = next(p["id"] for p in state["participants"] if p["kind"] == "human")
    log: list[dict] = []
    while state["game"]["status"] == "active" and state["game"]["turnNo"] <= MAX_ROUNDS:
        rules_state = state_from_projection(state, rng_seed=SEED)
        for action in scripted_human_actions(rules_state, human):
            state = post_action(client, game_id, headers, action)
            log.append(action)
            if state["game"]["status"] != "active":
                break

    assert state["game"]["status"] == "finished", "no side took the last city"
    winner = state["game"]["winnerParticipantId"]
    assert winner is not None
    assert all(c["participantId"] == winner for c in state["cities"]), \
        "the game ends when one side holds every city"
    after = client.post(f"/api/v1/games/{game_id}/end-turn", headers=headers, json={})
    assert after.status_code == 409 and after.json()["code"] == "NOT_PLAYER_TURN"
    summary = client.get(f"/api/v1/games/{game_id}", headers=headers).json()
    assert summary["status"] == "finished" and summary["finishedAt"]

    # Replay from the seed and the recorded actions: the identical final state.
    initial = new_game(DEFAULT_MAP, rng_seed=SEED, human_user_id=player["id"])
    replayed = replay(initial, log)
    final = client.get(f"/api/v1/games/{game_id}/state", headers=headers).json()
    assert http_state(game_id, replayed) == final
    # ...and the server's own turn log holds the same human actions, in order.
    recorded, page = [], 1
    while True:
        turns = client.get(f"/api/v1/games/{game_id}/turns", headers=headers,
                           params={"pageSize": 100, "page": page}).json()
        recorded += [a for t in turns["items"] if t["participantId"] == human
                     for a in t["actions"]]
        if page * 100 >= turns["total"]:
            break
        page += 1
    assert [essentials(a) for a in recorded] == [essentials(a) for a in log]


def essentials(action: dict) -> dict:
    """What an action is, without fields only one side writes."""
    keys = ("type", "participantId", "unitId", "to", "attackerUnitId", "targetUnitId")
    return {k: action[k] for k in keys if k in action}
