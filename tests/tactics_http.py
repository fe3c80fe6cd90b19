"""The tactics game seen from an HTTP client (the e2e tests, the deploy smoke client).

``http_state`` is the body ``GET /games/{id}/state`` answers for a rules state (the
service's projection rendered by the gateway's response model), so a test can compare
what the API said with what the rules compute; ``state_from_projection`` rebuilds a
rules state from such a body, to drive the scripted human over HTTP.
"""

from __future__ import annotations

from typing import Any

from gateway.routes.tactics_models import GameStateOut
from rules.tactics.game import CITY_RADIUS
from rules.tactics.maps import MAPS, MapDef
from rules.tactics.state import City, GameState, Participant, Unit
from services.tactics.projection import GameView, game_state


def http_state(game_id: int, state: GameState, turn_in_progress: bool = False) -> dict[str, Any]:
    """The JSON the API answers for this game state."""
    message = game_state(GameView(game_id, state, turn_in_progress))
    return GameStateOut.of(message).model_dump(mode="json", by_alias=True)


def state_from_projection(
    projection: dict[str, Any],
    map_def: MapDef | None = None,
    rng_seed: int = 0,
    rng_version: int = 1,
) -> GameState:
    """Rebuild a rules state from an API GameState body (ids kept as the API gives them)."""
    game = projection["game"]
    if map_def is None:
        code = (projection.get("map") or {}).get("code", "default")
        map_def = MAPS[code]
    tiles_by_city: dict[int, list[int]] = {}
    for ct in projection.get("cityTiles") or []:
        tiles_by_city.setdefault(int(ct["cityId"]), []).append(int(ct["tileId"]))
    stock: dict[int, dict[str, int]] = {}
    for cr in projection.get("cityResources") or []:
        stock.setdefault(int(cr["cityId"]), {})[str(cr["resourceType"])] = int(cr["amount"])

    def tile_of(item: dict[str, Any]) -> int:
        if item.get("tileId") is not None:
            return int(item["tileId"])
        return map_def.tile_id(int(item["row"]), int(item["col"]))

    units = [
        Unit(
            id=int(u["id"]),
            owner=int(u["participantId"]),
            type_code=str(u["typeCode"]),
            hp=int(u["hp"]),
            has_acted=bool(u["hasActed"]),
            tile_id=tile_of(u),
        )
        for u in projection["units"]
    ]
    cities = []
    for c in projection["cities"]:
        cid = int(c["id"])
        center = tile_of(c)
        tiles = tiles_by_city.get(cid) or list(map_def.tiles_within(center, CITY_RADIUS))
        cities.append(
            City(
                id=cid,
                owner=int(c["participantId"]),
                hp=int(c["hp"]),
                max_hp=int(c["maxHp"]),
                tile_id=center,
                tiles=tuple(sorted(tiles)),
                iron=stock.get(cid, {}).get("iron", 0),
                stone=stock.get(cid, {}).get("stone", 0),
            )
        )
    participants = tuple(
        Participant(
            id=int(p["id"]),
            kind=str(p["kind"]),
            user_id=p.get("userId"),
            display_name=str(p.get("displayName", "")),
            eliminated=bool(p.get("isEliminated", False)),
        )
        for p in projection["participants"]
    )
    winner = game.get("winnerParticipantId")
    return GameState(
        map=map_def,
        turn_no=int(game["turnNo"]),
        active_participant_id=int(game["activeParticipantId"]),
        participants=participants,
        units=tuple(sorted(units, key=lambda u: u.id)),
        cities=tuple(sorted(cities, key=lambda c: c.id)),
        rng_seed=rng_seed,
        rng_version=rng_version,
        status=str(game.get("status", "active")),
        winner_participant_id=None if winner is None else int(winner),
        next_unit_id=max((u.id for u in units), default=0) + 1,
    )
