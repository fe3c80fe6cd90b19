"""The tactics game's pure rules and deterministic AI (seed 004). See README.md."""

from .ai import ai_turn, turn_rng
from .combat import damage, raw_damage, round_half_up
from .errors import RuleError
from .game import (
    CAPTURE_HP,
    CITY_DEFENCE,
    CITY_MAX_HP,
    CITY_RADIUS,
    SIEGE_REACH,
    attack,
    end_turn,
    move,
    new_game,
    resolve_attack,
)
from .maps import DEFAULT_MAP, MAPS, TOPOLOGY, MapDef, map_metadata, map_tiles
from .pathfinding import find_path, reachable
from .replay import apply_action, replay, run_ai_turns
from .scripted import play_scripted_game, scripted_human_actions, scripted_turn
from .state import City, GameState, Participant, Unit, state_from_dict
from .units import UNIT_DEFS, UnitDef, unit_definitions

__all__ = [
    "CAPTURE_HP",
    "CITY_DEFENCE",
    "CITY_MAX_HP",
    "CITY_RADIUS",
    "DEFAULT_MAP",
    "MAPS",
    "SIEGE_REACH",
    "TOPOLOGY",
    "UNIT_DEFS",
    "City",
    "GameState",
    "MapDef",
    "Participant",
    "RuleError",
    "Unit",
    "UnitDef",
    "ai_turn",
    "apply_action",
    "attack",
    "damage",
    "end_turn",
    "find_path",
    "map_metadata",
    "map_tiles",
    "move",
    "new_game",
    "play_scripted_game",
    "raw_damage",
    "reachable",
    "replay",
    "resolve_attack",
    "round_half_up",
    "run_ai_turns",
    "scripted_human_actions",
    "scripted_turn",
    "state_from_dict",
    "turn_rng",
    "unit_definitions",
]
