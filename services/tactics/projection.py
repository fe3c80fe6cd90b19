"""The rules' game values as typed tactics messages: the GameState projection (seed 004,
2.2), turn summaries and logged actions. The one place they are mapped; the gateway
renders the messages as the HTTP contract's JSON.

The rules hand over a state (frozen dataclasses) and, for summaries and actions, the
plain dicts they also store in the turn log; anything a stored dict lacks takes the
message's default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from protos.tactics.v1 import tactics_pb2 as pb
from rules.tactics.state import GameState
from rules.tactics.units import UNIT_DEFS, UnitDef


@dataclass(frozen=True)
class TurnSummary:
    """One end turn: the human side's summary, then each AI side's it set off."""

    turn_no: int
    human: dict[str, Any]
    ai: list[dict[str, Any]]
    status: str
    winner_participant_id: int | None


@dataclass(frozen=True)
class GameView:
    """What a game answer carries: the game's id, its rules state and the service's flags."""

    game_id: int
    state: GameState
    turn_in_progress: bool = False
    turn_summary: TurnSummary | None = None


def enum_value(enum: Any, prefix: str, name: str | None) -> int:
    """'active' -> GAME_STATUS_ACTIVE's number; None or an unknown name -> 0 (unspecified)."""
    if not name:
        return 0
    try:
        return enum.Value(f"{prefix}_{name.upper()}")
    except ValueError:
        return 0


def status(name: str | None) -> int:
    return enum_value(pb.GameStatus, "GAME_STATUS", name)


def resource_type(name: str | None) -> int:
    return enum_value(pb.ResourceType, "RESOURCE_TYPE", name)


def terrain(name: str | None) -> int:
    return enum_value(pb.Terrain, "TERRAIN", name)


def unit_definition(d: Any) -> pb.UnitDefinition:
    """A rules ``UnitDef`` or a ``unit_definitions`` row (same field names)."""
    return pb.UnitDefinition(id=d.id, code=d.code, is_ranged=d.is_ranged, attack=d.attack,
                             defence=d.defence, range_min=d.range_min, range_max=d.range_max,
                             move_points=d.move_points, health=d.health)


def _rules_unit_definitions() -> list[UnitDef]:
    return sorted(UNIT_DEFS.values(), key=lambda d: d.id)


def game_state(view: GameView) -> pb.GameState:
    """The GameState projection of one game."""
    state, gid = view.state, view.game_id
    m = state.map
    msg = pb.GameState(
        game=pb.GameHeader(id=gid, turn_no=state.turn_no,
                           active_participant_id=state.active_participant_id,
                           turn_in_progress=view.turn_in_progress, status=status(state.status),
                           winner_participant_id=state.winner_participant_id),
        map=pb.MapRef(id=m.id, code=m.code, schema_version=m.schema_version, width=m.width,
                      height=m.height),
        participants=[pb.Participant(
            id=p.id, game_id=gid, kind=enum_value(pb.ParticipantKind, "PARTICIPANT_KIND", p.kind),
            user_id=p.user_id, display_name=p.display_name, is_eliminated=p.eliminated)
            for p in state.participants],
        units=[pb.Unit(id=u.id, participant_id=u.owner, type_code=u.type_code, hp=u.hp,
                       has_acted=u.has_acted, tile_id=u.tile_id, row=m.row_col(u.tile_id)[0],
                       col=m.row_col(u.tile_id)[1]) for u in state.units],
        cities=[pb.City(id=c.id, participant_id=c.owner, hp=c.hp, max_hp=c.max_hp,
                        tile_id=c.tile_id, row=m.row_col(c.tile_id)[0],
                        col=m.row_col(c.tile_id)[1]) for c in state.cities],
        city_tiles=[pb.CityTile(city_id=c.id, tile_id=t) for c in state.cities for t in c.tiles],
        city_resources=[pb.CityResource(city_id=c.id, resource_type=resource_type(r),
                                        amount=amount)
                        for c in state.cities for r, amount in (("iron", c.iron),
                                                                ("stone", c.stone))],
        unit_definitions=[unit_definition(d) for d in _rules_unit_definitions()])
    if view.turn_summary is not None:
        msg.turn_summary.CopyFrom(turn_summary(view.turn_summary))
    return msg


def _stock(d: dict[str, Any] | None) -> pb.Stock:
    d = d or {}
    return pb.Stock(iron=d.get("iron", 0), stone=d.get("stone", 0))


def side_turn(s: dict[str, Any]) -> pb.SideTurn:
    """A side's end-turn summary as the rules wrote it (``rules.tactics.game.end_turn``)."""
    return pb.SideTurn(
        turn_no=s.get("turnNo", 0), participant_id=s.get("participantId", 0),
        siege=[pb.SiegeHit(unit_id=h["unitId"], city_id=h["cityId"], damage=h["damage"],
                           city_hp=h["cityHp"]) for h in s.get("siege", [])],
        captures=[pb.Capture(city_id=c["cityId"], unit_id=c["unitId"],
                             from_participant_id=c["fromParticipantId"],
                             to_participant_id=c["toParticipantId"], hp=c["hp"])
                  for c in s.get("captures", [])],
        eliminated=s.get("eliminated", []),
        cities=[pb.CityTurn(city_id=c["cityId"], under_siege=c["underSiege"], regen=c["regen"],
                            hp=c["hp"], harvest=_stock(c.get("harvest")),
                            stock=_stock(c.get("stock"))) for c in s.get("cities", [])],
        produced=[pb.ProducedUnit(city_id=p["cityId"], unit_id=p["unitId"],
                                  type_code=p["typeCode"], tile_id=p["tileId"], row=p["row"],
                                  col=p["col"]) for p in s.get("produced", [])],
        delayed=[pb.DelayedUnit(city_id=d["cityId"], type_code=d["typeCode"],
                                reason=d["reason"]) for d in s.get("delayed", [])],
        status=status(s.get("status")), winner_participant_id=s.get("winnerParticipantId"),
        next_participant_id=s.get("nextParticipantId"), next_turn_no=s.get("nextTurnNo", 0))


def turn_summary(t: TurnSummary) -> pb.TurnSummary:
    return pb.TurnSummary(turn_no=t.turn_no, human=side_turn(t.human),
                          ai=[side_turn(s) for s in t.ai], status=status(t.status),
                          winner_participant_id=t.winner_participant_id)


def action(a: dict[str, Any]) -> pb.Action:
    """A logged action (``rules.tactics.replay``'s dict form)."""
    msg = pb.Action(participant_id=a.get("participantId", 0))
    if a["type"] == "move":
        msg.move.CopyFrom(pb.MoveAction(unit_id=a["unitId"], to=pb.Coord(
            row=a["to"]["row"], col=a["to"]["col"])))
    elif a["type"] == "attack":
        msg.attack.CopyFrom(pb.AttackAction(attacker_unit_id=a["attackerUnitId"],
                                            target_unit_id=a["targetUnitId"]))
    else:
        msg.end_turn.SetInParent()
    return msg
