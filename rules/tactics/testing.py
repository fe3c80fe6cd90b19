"""Builders for hand-placed positions, for tests of the rules and of the service.

    state = make_state(
        ["....", "....", "~~.."],
        units=[unit(1, "warrior", 0, 0), unit(2, "slinger", 0, 2, hp=5)],
        cities=[city(1, 2, 3)],
    )

Unit and city ids are given in list order from 1; participant 1 is the human,
participant 2 the AI, and participant 1 is to move unless ``active`` says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .game import CITY_MAX_HP, CITY_RADIUS
from .maps import MapDef, map_from_ascii
from .state import ACTIVE, AI, HUMAN, City, GameState, Participant, Unit
from .units import UNIT_DEFS

HUMAN_ID = 1
AI_ID = 2


def grid_map(
    rows: list[str], resources: dict[tuple[int, int], tuple[str, int]] | None = None
) -> MapDef:
    """A map drawn with ``. f h ~ ^`` (plains, forest, hills, water, mountain)."""
    return map_from_ascii(map_id=99, code="test", rows=rows, resources=resources or {}, starts=())


def unit(
    owner: int, type_code: str, row: int, col: int, hp: int | None = None, acted: bool = False
) -> dict[str, Any]:
    return {"owner": owner, "type": type_code, "row": row, "col": col, "hp": hp, "acted": acted}


def city(
    owner: int, row: int, col: int, hp: int = CITY_MAX_HP, iron: int = 0, stone: int = 0
) -> dict[str, Any]:
    return {"owner": owner, "row": row, "col": col, "hp": hp, "iron": iron, "stone": stone}


def make_state(
    rows_or_map: list[str] | MapDef,
    units: Sequence[dict[str, Any]] = (),
    cities: Sequence[dict[str, Any]] = (),
    *,
    active: int = HUMAN_ID,
    turn_no: int = 1,
    rng_seed: int = 0,
    resources: dict[tuple[int, int], tuple[str, int]] | None = None,
) -> GameState:
    """A state with the given units and cities on the given map."""
    m = rows_or_map if isinstance(rows_or_map, MapDef) else grid_map(rows_or_map, resources)
    claimed: set[int] = set()
    built_cities = []
    for i, c in enumerate(cities, start=1):
        center = m.tile_id(c["row"], c["col"])
        tiles = tuple(t for t in m.tiles_within(center, CITY_RADIUS) if t not in claimed)
        claimed.update(tiles)
        built_cities.append(
            City(i, c["owner"], c["hp"], CITY_MAX_HP, center, tiles, c["iron"], c["stone"])
        )
    built_units = [
        Unit(
            i,
            u["owner"],
            u["type"],
            UNIT_DEFS[u["type"]].health if u["hp"] is None else u["hp"],
            u["acted"],
            m.tile_id(u["row"], u["col"]),
        )
        for i, u in enumerate(units, start=1)
    ]
    return GameState(
        map=m,
        turn_no=turn_no,
        active_participant_id=active,
        participants=(
            Participant(HUMAN_ID, HUMAN, "user-1", "Player"),
            Participant(AI_ID, AI, None, "AI"),
        ),
        units=tuple(built_units),
        cities=tuple(built_cities),
        rng_seed=rng_seed,
        rng_version=1,
        status=ACTIVE,
        winner_participant_id=None,
        next_unit_id=len(built_units) + 1,
    )
