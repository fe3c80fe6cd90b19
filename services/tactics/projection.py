"""The GameState projection of seed 004 (camelCase): the rules' projection plus what the
service owns (the game id, the map row, the turn guard, the turn summary)."""

from __future__ import annotations

from typing import Any

from rules.tactics.projection import to_projection
from rules.tactics.state import GameState


def game_state(game_id: int, state: GameState, turn_in_progress: bool = False,
               turn_summary: dict[str, Any] | None = None) -> dict[str, Any]:
    body = to_projection(state)
    body["game"] = {"id": game_id, **body["game"], "turnInProgress": turn_in_progress}
    m = state.map
    body["map"] = {"id": m.id, "code": m.code, "schemaVersion": m.schema_version,
                   "width": m.width, "height": m.height}
    body["participants"] = [{"gameId": game_id, **p} for p in body["participants"]]
    if turn_summary is not None:
        body["turnSummary"] = turn_summary
    return body
