"""The GameState projection of seed 004 (camelCase), built from the rules' state."""

from __future__ import annotations

from typing import Any

from rules.tactics.state import GameState
from rules.tactics.units import unit_definitions


def game_state(game_id: int, state: GameState, turn_in_progress: bool = False,
               turn_summary: dict[str, Any] | None = None) -> dict[str, Any]:
    m = state.map
    body: dict[str, Any] = {
        "game": {"id": game_id, "turnNo": state.turn_no,
                 "activeParticipantId": state.active_participant_id,
                 "turnInProgress": turn_in_progress, "status": state.status,
                 "winnerParticipantId": state.winner_participant_id},
        "map": {"id": m.id, "code": m.code, "schemaVersion": m.schema_version,
                "width": m.width, "height": m.height},
        "participants": [{"id": p.id, "gameId": game_id, "kind": p.kind, "userId": p.user_id,
                          "displayName": p.display_name, "isEliminated": p.eliminated}
                         for p in state.participants],
        "units": [{"id": u.id, "participantId": u.owner, "typeCode": u.type_code, "hp": u.hp,
                   "hasActed": u.has_acted, "tileId": u.tile_id,
                   "row": m.row_col(u.tile_id)[0], "col": m.row_col(u.tile_id)[1]}
                  for u in state.units],
        "cities": [{"id": c.id, "participantId": c.owner, "hp": c.hp, "maxHp": c.max_hp,
                    "tileId": c.tile_id, "row": m.row_col(c.tile_id)[0],
                    "col": m.row_col(c.tile_id)[1]} for c in state.cities],
        "cityTiles": [{"cityId": c.id, "tileId": t} for c in state.cities for t in c.tiles],
        "cityResources": [{"cityId": c.id, "resourceType": kind, "amount": amount}
                          for c in state.cities
                          for kind, amount in (("iron", c.iron), ("stone", c.stone))],
        "unitDefinitions": unit_definitions(),
    }
    if turn_summary is not None:
        body["turnSummary"] = turn_summary
    return body
