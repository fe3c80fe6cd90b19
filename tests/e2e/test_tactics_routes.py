"""The tactics game's routes through the real stack, route by route and code by code."""

from __future__ import annotations

import asyncio
import json

import asyncpg
import httpx
import pytest

from services.tactics.usecases import hash_key
from tests.conftest import unique_name
from tests.stack import Stack


def new_game(client: httpx.Client, player: dict, **body) -> dict:  # noqa: ANN003
    resp = client.post("/api/v1/games", json=body or {}, headers=player["headers"])
    assert resp.status_code == 201, resp.text
    return resp.json()


def unit_of(state: dict, kind: str, code: str) -> dict:
    pid = next(p["id"] for p in state["participants"] if p["kind"] == kind)
    return next(u for u in state["units"] if u["participantId"] == pid and u["typeCode"] == code)


def sql(stack: Stack, query: str, *args, fetch: bool = True):  # noqa: ANN002, ANN201
    async def run():  # noqa: ANN202
        conn = await asyncpg.connect(stack.database_url)
        try:
            return await (conn.fetch(query, *args) if fetch else conn.execute(query, *args))
        finally:
            await conn.close()
    return asyncio.run(run())


# ---- lookups ------------------------------------------------------------------------------

def test_unit_definitions_include_warrior_and_slinger_with_etag_and_304(
        client: httpx.Client) -> None:
    resp = client.get("/api/v1/unit-definitions")
    assert resp.status_code == 200
    items = {i["code"]: i for i in resp.json()["items"]}
    assert items["warrior"]["isRanged"] is False and items["slinger"]["isRanged"] is True
    assert set(items["warrior"]) == {"id", "code", "isRanged", "attack", "defence", "rangeMin",
                                     "rangeMax", "movePoints", "health"}
    etag, modified = resp.headers["etag"], resp.headers["last-modified"]
    assert modified.endswith("GMT")
    again = client.get("/api/v1/unit-definitions", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/api/v1/unit-definitions",
                      headers={"If-None-Match": '"stale"'}).status_code == 200


def test_map_metadata_reports_its_topology_and_unknown_map_is_404(client: httpx.Client) -> None:
    resp = client.get("/api/v1/maps/default")
    assert resp.status_code == 200
    body = resp.json()
    assert body["code"] == "default" and body["width"] * body["height"] >= 200
    assert body["topology"]["neighbours"] in (4, 6, 8) and body["schemaVersion"] >= 1
    assert client.get("/api/v1/maps/default",
                      headers={"If-None-Match": resp.headers["etag"]}).status_code == 304
    missing = client.get("/api/v1/maps/atlantis")
    assert missing.status_code == 404 and missing.json()["code"] == "MAP_NOT_FOUND"


def test_tiles_are_paged_and_have_varied_terrain_and_resources(client: httpx.Client) -> None:
    meta = client.get("/api/v1/maps/default").json()
    tiles = []
    page = 1
    while True:
        resp = client.get("/api/v1/maps/default/tiles", params={"page": page, "pageSize": 100})
        assert resp.status_code == 200
        body = resp.json()
        tiles += body["items"]
        if page * 100 >= body["total"]:
            break
        page += 1
    assert len(tiles) == meta["width"] * meta["height"] == body["total"]
    terrains = {t["terrain"] for t in tiles}
    assert {"water", "mountain"} & terrains and len(terrains) >= 3
    assert {t["resourceType"] for t in tiles} >= {"iron", "stone"}
    too_big = client.get("/api/v1/maps/default/tiles", params={"pageSize": 101})
    assert too_big.status_code == 422 and too_big.json()["code"] == "INVALID_INPUT"


# ---- games --------------------------------------------------------------------------------

def test_new_game_starts_at_turn_one_with_a_city_warrior_and_slinger_per_side(
        client: httpx.Client, player: dict) -> None:
    game = new_game(client, player)
    state = game["state"]
    assert state["game"]["turnNo"] == 1 and state["game"]["status"] == "active"
    kinds = {p["kind"]: p["id"] for p in state["participants"]}
    assert set(kinds) == {"human", "ai"}
    assert state["game"]["activeParticipantId"] == kinds["human"]
    for kind, pid in kinds.items():
        assert sorted(u["typeCode"] for u in state["units"] if u["participantId"] == pid) == \
            ["slinger", "warrior"], kind
        assert sum(c["participantId"] == pid for c in state["cities"]) == 1
    assert {"game", "map", "participants", "units", "cities", "cityTiles", "cityResources",
            "unitDefinitions"} <= set(state)


def test_game_routes_need_a_signed_in_player(client: httpx.Client) -> None:
    resp = client.get("/api/v1/games")
    assert resp.status_code == 401 and resp.json()["code"] == "UNAUTHENTICATED"


def test_unknown_map_code_is_404_map_not_found(client: httpx.Client, player: dict) -> None:
    resp = client.post("/api/v1/games", json={"mapCode": "atlantis"}, headers=player["headers"])
    assert resp.status_code == 404 and resp.json()["code"] == "MAP_NOT_FOUND"


def test_list_get_and_delete_games_only_see_the_players_own(client: httpx.Client,
                                                            player: dict) -> None:
    game = new_game(client, player, settings={"difficulty": "normal"})
    listed = client.get("/api/v1/games", params={"status": "active"}, headers=player["headers"])
    assert listed.status_code == 200
    body = listed.json()
    assert {"items", "page", "pageSize", "total"} <= set(body)
    assert game["id"] in [g["id"] for g in body["items"]]
    one = client.get(f"/api/v1/games/{game['id']}", headers=player["headers"]).json()
    assert one["turnNo"] == 1 and one["settings"] == {"difficulty": "normal"}
    assert one["userId"] == player["id"]
    other = register_and_login(client)
    for path in (f"/api/v1/games/{game['id']}", f"/api/v1/games/{game['id']}/state"):
        resp = client.get(path, headers=other["headers"])
        assert resp.status_code == 404 and resp.json()["code"] == "GAME_NOT_FOUND"
    assert client.delete(f"/api/v1/games/{game['id']}",
                         headers=other["headers"]).status_code == 404
    assert client.delete(f"/api/v1/games/{game['id']}",
                         headers=player["headers"]).status_code == 204
    assert client.get(f"/api/v1/games/{game['id']}",
                      headers=player["headers"]).status_code == 404


def register_and_login(client: httpx.Client) -> dict:
    name = unique_name()
    client.post("/api/v1/auth/register", json={"username": name, "email": f"{name}@x.io",
                                               "password": "password1", "tribe": 1})
    token = client.post("/api/v1/auth/login", json={"username": name, "password": "password1"}
                        ).json()["access_token"]
    return {"headers": {"Authorization": f"Bearer {token}"}}


# ---- actions -------------------------------------------------------------------------------

def test_move_then_second_action_is_409_no_actions_left(client: httpx.Client,
                                                        player: dict) -> None:
    game = new_game(client, player)
    warrior = unit_of(game["state"], "human", "warrior")
    to = {"row": warrior["row"], "col": warrior["col"] + 1}
    resp = client.post(f"/api/v1/games/{game['id']}/actions/move",
                       json={"unitId": warrior["id"], "to": to}, headers=player["headers"])
    assert resp.status_code == 200, resp.text
    moved = next(u for u in resp.json()["state"]["units"] if u["id"] == warrior["id"])
    assert (moved["row"], moved["col"], moved["hasActed"]) == (to["row"], to["col"], True)
    again = client.post(f"/api/v1/games/{game['id']}/actions/move",
                        json={"unitId": warrior["id"], "to": {"row": to["row"],
                                                              "col": to["col"] + 1}},
                        headers=player["headers"])
    assert again.status_code == 409 and again.json()["code"] == "NO_ACTIONS_LEFT"


def test_illegal_and_blocked_moves(client: httpx.Client, player: dict) -> None:
    game = new_game(client, player)
    state = game["state"]
    warrior = unit_of(state, "human", "warrior")
    slinger = unit_of(state, "human", "slinger")
    far = client.post(f"/api/v1/games/{game['id']}/actions/move",
                      json={"unitId": warrior["id"], "to": {"row": 0, "col": 19}},
                      headers=player["headers"])
    assert far.status_code == 422 and far.json()["code"] == "ILLEGAL_MOVE"
    onto_friend = client.post(f"/api/v1/games/{game['id']}/actions/move",
                              json={"unitId": warrior["id"],
                                    "to": {"row": slinger["row"], "col": slinger["col"]}},
                              headers=player["headers"])
    assert onto_friend.status_code == 409 and onto_friend.json()["code"] == "ONE_UNIT_PER_TILE"
    bad_body = client.post(f"/api/v1/games/{game['id']}/actions/move",
                           json={"unitId": "x"}, headers=player["headers"])
    assert bad_body.status_code == 422 and bad_body.json()["code"] == "INVALID_INPUT"


def test_attack_out_of_range_and_invalid_target(client: httpx.Client, player: dict) -> None:
    game = new_game(client, player)
    state = game["state"]
    warrior = unit_of(state, "human", "warrior")
    slinger = unit_of(state, "human", "slinger")
    enemy = unit_of(state, "ai", "warrior")
    far = client.post(f"/api/v1/games/{game['id']}/actions/attack",
                      json={"attackerUnitId": warrior["id"], "targetUnitId": enemy["id"]},
                      headers=player["headers"])
    assert far.status_code == 422 and far.json()["code"] == "OUT_OF_RANGE"
    own = client.post(f"/api/v1/games/{game['id']}/actions/attack",
                      json={"attackerUnitId": warrior["id"], "targetUnitId": slinger["id"]},
                      headers=player["headers"])
    assert own.status_code == 422 and own.json()["code"] == "INVALID_TARGET"


# ---- turn flow -----------------------------------------------------------------------------

def test_end_turn_plays_the_ai_autosaves_and_increments_turn_no(client: httpx.Client,
                                                                 player: dict) -> None:
    game = new_game(client, player)
    resp = client.post(f"/api/v1/games/{game['id']}/end-turn", json={},
                       headers=player["headers"])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["state"]["game"]["turnNo"] == 2
    human = next(p["id"] for p in body["state"]["participants"] if p["kind"] == "human")
    assert body["state"]["game"]["activeParticipantId"] == human
    assert body["autosaveId"] > 0 and isinstance(body["turnSummary"], dict)
    turns = client.get(f"/api/v1/games/{game['id']}/turns", headers=player["headers"]).json()
    assert turns["total"] == 2
    ai_turn = next(t for t in turns["items"] if t["participantId"] != human)
    assert ai_turn["durationMs"] is not None and ai_turn["durationMs"] < 500


def test_end_turn_while_another_change_holds_the_game_is_409_turn_in_progress(
        stack: Stack, client: httpx.Client, player: dict) -> None:
    game = new_game(client, player)

    async def hold_and_call() -> httpx.Response:
        conn = await asyncpg.connect(stack.database_url)
        try:
            async with conn.transaction():
                await conn.execute("SELECT 1 FROM tactics.games WHERE id = $1 FOR UPDATE",
                                   game["id"])
                async with httpx.AsyncClient(base_url=stack.gateway_url) as ac:
                    return await ac.post(f"/api/v1/games/{game['id']}/end-turn", json={},
                                         headers=player["headers"])
        finally:
            await conn.close()

    resp = asyncio.run(hold_and_call())
    assert resp.status_code == 409 and resp.json()["code"] == "TURN_IN_PROGRESS"
    state = client.get(f"/api/v1/games/{game['id']}/state", headers=player["headers"]).json()
    assert state["game"]["turnNo"] == 1


def test_concurrent_end_turns_apply_at_most_once_each(stack: Stack, client: httpx.Client,
                                                      player: dict) -> None:
    game = new_game(client, player)

    async def burst() -> list[int]:
        async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=30) as ac:
            replies = await asyncio.gather(*(ac.post(
                f"/api/v1/games/{game['id']}/end-turn", json={}, headers=player["headers"])
                for _ in range(4)))
        return [r.status_code for r in replies]

    codes = asyncio.run(burst())
    assert set(codes) <= {200, 409} and 200 in codes
    state = client.get(f"/api/v1/games/{game['id']}/state", headers=player["headers"]).json()
    assert state["game"]["turnNo"] == 1 + codes.count(200)


def test_idempotency_key_replays_end_turn_and_rejects_reuse(client: httpx.Client,
                                                            player: dict) -> None:
    game = new_game(client, player)
    headers = {**player["headers"], "Idempotency-Key": unique_name("k")}
    first = client.post(f"/api/v1/games/{game['id']}/end-turn", json={}, headers=headers)
    second = client.post(f"/api/v1/games/{game['id']}/end-turn", json={}, headers=headers)
    assert first.status_code == second.status_code == 200
    assert second.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    assert first.json() == second.json()
    state = client.get(f"/api/v1/games/{game['id']}/state", headers=player["headers"]).json()
    assert state["game"]["turnNo"] == 2, "the replay must not end a second turn"
    warrior = unit_of(state, "human", "warrior")
    reuse = client.post(f"/api/v1/games/{game['id']}/actions/move",
                        json={"unitId": warrior["id"], "to": {"row": 0, "col": 0}},
                        headers=headers)
    assert reuse.status_code == 422 and reuse.json()["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_create_game_with_idempotency_key_creates_one_game(client: httpx.Client,
                                                           player: dict) -> None:
    headers = {**player["headers"], "Idempotency-Key": unique_name("k")}
    first = client.post("/api/v1/games", json={}, headers=headers)
    second = client.post("/api/v1/games", json={}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]


def test_game_limit_is_409(client: httpx.Client) -> None:
    someone = register_and_login(client)
    codes = [client.post("/api/v1/games", json={}, headers=someone["headers"]).status_code
             for _ in range(21)]
    assert codes[:20] == [201] * 20
    last = client.post("/api/v1/games", json={}, headers=someone["headers"])
    assert last.status_code == 409 and last.json()["code"] == "GAME_LIMIT_REACHED"


def test_map_schema_mismatch_is_422(stack: Stack, client: httpx.Client, player: dict) -> None:
    sql(stack, "UPDATE tactics.maps SET schema_version = schema_version + 100 "
               "WHERE code = 'default'", fetch=False)
    try:
        resp = client.post("/api/v1/games", json={}, headers=player["headers"])
        assert resp.status_code == 422 and resp.json()["code"] == "MAP_SCHEMA_MISMATCH"
    finally:
        sql(stack, "UPDATE tactics.maps SET schema_version = schema_version - 100 "
                   "WHERE code = 'default'", fetch=False)


# ---- saves ---------------------------------------------------------------------------------

def test_manual_saves_slots_overwrite_delete_and_load(client: httpx.Client,
                                                      player: dict) -> None:
    game = new_game(client, player)
    gid, h = game["id"], player["headers"]
    saved = client.post(f"/api/v1/games/{gid}/saves/manual", json={"slot": 1, "name": "start"},
                        headers=h)
    assert saved.status_code == 201, saved.text
    assert set(saved.json()) == {"id", "slot", "turnNo", "createdAt", "name"}
    for slot in (0, 4):
        bad = client.post(f"/api/v1/games/{gid}/saves/manual",
                          json={"slot": slot, "name": "x"}, headers=h)
        assert bad.status_code == 422 and bad.json()["code"] == "SAVE_SLOT_OUT_OF_RANGE"
    client.post(f"/api/v1/games/{gid}/end-turn", json={}, headers=h)
    over = client.post(f"/api/v1/games/{gid}/saves/manual", json={"slot": 1, "name": "later"},
                       headers=h).json()
    listing = client.get(f"/api/v1/games/{gid}/saves", headers=h).json()
    assert [(s["slot"], s["name"], s["turnNo"]) for s in listing["manual"]] == [(1, "later", 2)]
    assert len(listing["autosaves"]) == 1
    loaded = client.post(f"/api/v1/saves/{listing['autosaves'][0]['id']}/load", json={},
                         headers=h)
    assert loaded.status_code == 200 and loaded.json()["gameId"] == gid
    first = client.post(f"/api/v1/saves/{saved.json()['id']}/load", json={}, headers=h)
    assert first.status_code == 404, "an overwritten save is gone"
    assert client.post(f"/api/v1/saves/{over['id']}/load", json={},
                       headers=h).json()["state"]["game"]["turnNo"] == 2
    assert client.delete(f"/api/v1/games/{gid}/saves/manual/1", headers=h).status_code == 204
    gone = client.delete(f"/api/v1/games/{gid}/saves/manual/1", headers=h)
    assert gone.status_code == 404 and gone.json()["code"] == "SAVE_NOT_FOUND"
    other = register_and_login(client)
    stolen = client.post(f"/api/v1/saves/{over['id']}/load", json={}, headers=other["headers"])
    assert stolen.status_code == 404 and stolen.json()["code"] == "SAVE_NOT_FOUND"


def test_load_restores_the_saved_state(client: httpx.Client, player: dict) -> None:
    game = new_game(client, player)
    gid, h = game["id"], player["headers"]
    save = client.post(f"/api/v1/games/{gid}/saves/manual", json={"slot": 2, "name": "t1"},
                       headers=h).json()
    warrior = unit_of(game["state"], "human", "warrior")
    client.post(f"/api/v1/games/{gid}/actions/move",
                json={"unitId": warrior["id"], "to": {"row": warrior["row"],
                                                      "col": warrior["col"] + 1}}, headers=h)
    client.post(f"/api/v1/games/{gid}/end-turn", json={}, headers=h)
    loaded = client.post(f"/api/v1/saves/{save['id']}/load", json={}, headers=h).json()
    assert loaded["state"]["units"] == game["state"]["units"]
    assert loaded["state"]["game"]["turnNo"] == 1
    now = client.get(f"/api/v1/games/{gid}/state", headers=h).json()
    assert now["units"] == game["state"]["units"]


def test_autosaves_keep_a_ring_of_five(client: httpx.Client, player: dict) -> None:
    game = new_game(client, player)
    for _ in range(7):
        resp = client.post(f"/api/v1/games/{game['id']}/end-turn", json={},
                           headers=player["headers"])
        assert resp.status_code == 200
        if resp.json()["state"]["game"]["status"] != "active":
            break
    autosaves = client.get(f"/api/v1/games/{game['id']}/saves",
                           headers=player["headers"]).json()["autosaves"]
    assert len(autosaves) == 5
    assert [a["turnNo"] for a in autosaves] == sorted((a["turnNo"] for a in autosaves),
                                                      reverse=True)


def test_concurrent_write_to_one_slot_is_409_save_conflict(stack: Stack, client: httpx.Client,
                                                           player: dict) -> None:
    game = new_game(client, player)

    async def hold_and_call() -> httpx.Response:
        conn = await asyncpg.connect(stack.database_url)
        try:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)",
                                   hash_key(f"tactics-save:{game['id']}:3"))
                async with httpx.AsyncClient(base_url=stack.gateway_url) as ac:
                    return await ac.post(f"/api/v1/games/{game['id']}/saves/manual",
                                         json={"slot": 3, "name": "x"},
                                         headers=player["headers"])
        finally:
            await conn.close()

    resp = asyncio.run(hold_and_call())
    assert resp.status_code == 409 and resp.json()["code"] == "SAVE_CONFLICT"


def test_loading_a_save_of_another_schema_version_is_422(stack: Stack, client: httpx.Client,
                                                         player: dict) -> None:
    game = new_game(client, player)
    save = client.post(f"/api/v1/games/{game['id']}/saves/manual",
                       json={"slot": 1, "name": "old"}, headers=player["headers"]).json()
    sql(stack, "UPDATE tactics.saves SET schema_version = 0 WHERE id = $1", save["id"],
        fetch=False)
    resp = client.post(f"/api/v1/saves/{save['id']}/load", json={}, headers=player["headers"])
    assert resp.status_code == 422 and resp.json()["code"] == "SCHEMA_MISMATCH"


# ---- analytics and data ---------------------------------------------------------------------

def test_analytics_batch_accepts_salts_and_dedupes(stack: Stack, client: httpx.Client,
                                                   player: dict) -> None:
    events = [{"eventType": "game_start", "gameId": 1, "turnNo": 1,
               "clientRequestId": unique_name("c"), "payload": {"a": 1}},
              {"eventType": "turn_end", "occurredAt": "2026-01-01T00:00:00Z"}]
    first = client.post("/api/v1/analytics/batch", json={"events": events},
                        headers=player["headers"])
    assert first.status_code == 202 and first.json() == {"accepted": 2}
    again = client.post("/api/v1/analytics/batch", json={"events": events[:1]},
                        headers=player["headers"])
    assert again.json() == {"accepted": 0}
    rows = sql(stack, "SELECT user_key, game_key, payload FROM tactics.analytics_events "
                      "WHERE client_request_id = $1", events[0]["clientRequestId"])
    assert len(rows) == 1 and rows[0]["game_key"] == 1
    assert json.loads(rows[0]["payload"]) == {"a": 1}, "the payload is stored as sent"
    assert player["id"] not in rows[0]["user_key"] and len(rows[0]["user_key"]) == 64
    bad = client.post("/api/v1/analytics/batch", json={"events": [{"eventType": "hack"}]},
                      headers=player["headers"])
    assert bad.status_code == 422


def test_analytics_payload_is_stored_as_sent(stack: Stack, client: httpx.Client,
                                             player: dict) -> None:
    payload = {"a": 1, "big": 2**53 - 1, "list": [1.5, None, True, "x", {"c": -2}],
               "empty": {}}
    request_id = unique_name("c")
    resp = client.post("/api/v1/analytics/batch", headers=player["headers"], json={"events": [
        {"eventType": "turn_end", "clientRequestId": request_id, "payload": payload}]})
    assert resp.status_code == 202 and resp.json() == {"accepted": 1}
    rows = sql(stack, "SELECT payload FROM tactics.analytics_events "
                      "WHERE client_request_id = $1", request_id)
    # Compared as text: an integer must come back as 1, not 1.0.
    assert json.dumps(json.loads(rows[0]["payload"]), sort_keys=True) == \
        json.dumps(payload, sort_keys=True)


def test_row_level_security_hides_games_without_app_user_id(stack: Stack, client: httpx.Client,
                                                            player: dict) -> None:
    new_game(client, player)

    async def counts() -> tuple[int, int, int]:
        conn = await asyncpg.connect(stack.database_url)
        try:
            owner = await conn.fetchval("SELECT count(*) FROM tactics.games")
            async with conn.transaction():
                await conn.execute("SET LOCAL ROLE palisade_tactics_app")
                hidden = await conn.fetchval("SELECT count(*) FROM tactics.games")
                units = await conn.fetchval("SELECT count(*) FROM tactics.units")
            async with conn.transaction():
                await conn.execute("SET LOCAL ROLE palisade_tactics_app")
                await conn.execute("SELECT set_config('app.user_id', $1, true)", player["id"])
                mine = await conn.fetchval("SELECT count(*) FROM tactics.games")
            return owner, hidden + units, mine
        finally:
            await conn.close()

    owner, hidden, mine = asyncio.run(counts())
    assert owner > 0 and mine >= 1
    assert hidden == 0, "a query without app.user_id must see nothing"


@pytest.mark.parametrize("path", ["/api/v1/games/1/state", "/api/v1/games/1/turns",
                                  "/api/v1/games/1/saves"])
def test_unknown_game_is_404_game_not_found(client: httpx.Client, player: dict,
                                            path: str) -> None:
    resp = client.get(path.replace("/1/", "/999999999/"), headers=player["headers"])
    assert resp.status_code == 404 and resp.json()["code"] == "GAME_NOT_FOUND"
