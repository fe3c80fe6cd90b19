"""Tactics difficulty levels through HTTP: stored, validated, kept by save/load, and a hard
game replays exactly from its seed and the human's actions."""

from __future__ import annotations

import httpx
import pytest

from rules.tactics.ai import ai_turn
from rules.tactics.errors import RuleError
from rules.tactics.game import end_turn, new_game
from rules.tactics.maps import DEFAULT_MAP
from rules.tactics.replay import replay
from rules.tactics.scripted import scripted_human_actions
from tests.e2e.test_tactics_full_game import post_action
from tests.tactics_http import http_state, state_from_projection

SEED = 4242
REPLAY_ROUNDS = 20


def without_summary(state: dict) -> dict:
    return {k: v for k, v in state.items() if k != "turnSummary"}


def create(client: httpx.Client, player: dict, settings: dict | None) -> httpx.Response:
    body = {} if settings is None else {"settings": settings}
    return client.post("/api/v1/games", json=body, headers=player["headers"])


@pytest.mark.parametrize("difficulty", ["easy", "normal", "hard"])
def test_each_difficulty_is_stored_and_returned(client: httpx.Client, player: dict,
                                                difficulty: str) -> None:
    resp = create(client, player, {"difficulty": difficulty})
    assert resp.status_code == 201, resp.text
    game = client.get(f"/api/v1/games/{resp.json()['id']}", headers=player["headers"]).json()
    assert game["settings"]["difficulty"] == difficulty
    client.delete(f"/api/v1/games/{resp.json()['id']}", headers=player["headers"])


def test_difficulty_defaults_to_normal(client: httpx.Client, player: dict) -> None:
    resp = create(client, player, None)
    assert resp.status_code == 201
    game = client.get(f"/api/v1/games/{resp.json()['id']}", headers=player["headers"]).json()
    assert game["settings"]["difficulty"] == "normal"
    client.delete(f"/api/v1/games/{resp.json()['id']}", headers=player["headers"])


@pytest.mark.parametrize("settings,field", [({"difficulty": "insane"}, "difficulty"),
                                            ({"difficulty": 3}, "difficulty"),
                                            ({"speed": "fast"}, "speed")])
def test_unknown_difficulty_or_setting_is_422_naming_the_field(
        client: httpx.Client, player: dict, settings: dict, field: str) -> None:
    resp = create(client, player, settings)
    assert resp.status_code == 422, resp.text
    assert resp.json()["code"] == "INVALID_INPUT"
    assert field in str(resp.json()["details"])


def test_openapi_documents_the_difficulty(client: httpx.Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    prop = schemas["GameSettings"]["properties"]["difficulty"]
    assert prop["enum"] == ["easy", "normal", "hard"] and prop["default"] == "normal"


def test_difficulty_survives_save_and_load_and_drives_the_ai(client: httpx.Client,
                                                             player: dict) -> None:
    h = player["headers"]
    resp = create(client, player, {"difficulty": "hard", "seed": SEED})
    gid = resp.json()["id"]
    save = client.post(f"/api/v1/games/{gid}/saves/manual", json={"slot": 1, "name": "d"},
                     headers=h).json()
    client.post(f"/api/v1/games/{gid}/end-turn", json={}, headers=h)
    loaded = client.post(f"/api/v1/saves/{save['id']}/load", json={}, headers=h)
    assert loaded.status_code == 200, loaded.text
    assert client.get(f"/api/v1/games/{gid}", headers=h).json()["settings"]["difficulty"] == \
        "hard"
    # After the load, the AI still plays hard: the server's AI turn is the rules' hard turn.
    state = loaded.json()["state"]
    human = next(p["id"] for p in state["participants"] if p["kind"] == "human")
    ai = next(p["id"] for p in state["participants"] if p["kind"] == "ai")
    for _ in range(6):
        rules_state = state_from_projection(state, rng_seed=SEED)
        for action in scripted_human_actions(rules_state, human)[:-1]:
            state = post_action(client, gid, h, action)
        before = state_from_projection(state, rng_seed=SEED)
        expected, _ = ai_turn(end_turn(before, human)[0], ai, difficulty="hard")
        state = post_action(client, gid, h, {"type": "end_turn"})
        assert without_summary(state) == without_summary(http_state(gid, expected))
        if state["game"]["status"] != "active":
            break
    client.delete(f"/api/v1/games/{gid}", headers=h)


def test_a_hard_game_replays_from_seed_and_actions(client: httpx.Client, player: dict) -> None:
    h = player["headers"]
    resp = create(client, player, {"difficulty": "hard", "seed": SEED})
    gid, state = resp.json()["id"], resp.json()["state"]
    human = next(p["id"] for p in state["participants"] if p["kind"] == "human")
    log: list[dict] = []
    while state["game"]["status"] == "active" and state["game"]["turnNo"] <= REPLAY_ROUNDS:
        for action in scripted_human_actions(state_from_projection(state, rng_seed=SEED), human):
            state = post_action(client, gid, h, action)
            log.append(action)
            if state["game"]["status"] != "active":
                break
    initial = new_game(DEFAULT_MAP, rng_seed=SEED, human_user_id=player["id"])
    final = client.get(f"/api/v1/games/{gid}/state", headers=h).json()
    assert http_state(gid, replay(initial, log, "hard")) == final
    # The level matters: the same log under the normal AI does not reach this state.
    try:
        other = http_state(gid, replay(initial, log, "normal"))
    except RuleError:
        other = None
    assert other != final
    client.delete(f"/api/v1/games/{gid}", headers=h)
