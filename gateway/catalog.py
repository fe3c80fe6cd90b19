"""The rule tables the browser client shows (costs, times, prerequisites, unit stats), taken
from ``rules.travian`` so the page never carries its own copy of the game's numbers.

Served as a content-hashed asset (``/assets/<hash>/catalog.json``): it only changes with the
rules or ``GAME_SPEED``. The server stays the authority: the client uses these numbers to
say what an upgrade costs and why it cannot be built now; the API's answer decides.
"""

from __future__ import annotations

from typing import Any

from rules.travian import movement
from rules.travian.actions import SMITHY_MAX_LEVEL, research_cost, smithy_level, smithy_upgradable
from rules.travian.buildings import (
    all_building_specs,
    main_building_factor,
)
from rules.travian.ids import Tribe, UnitType
from rules.travian.units import training_factor, unit_spec, units_of

MAX_MAIN_BUILDING = 20


def _res(r) -> dict[str, int]:  # noqa: ANN001 - rules Resources
    return {"wood": r.wood, "clay": r.clay, "iron": r.iron, "crop": r.crop}


def _buildings() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in all_building_specs():
        if not spec.available:
            continue
        out[spec.type.name.lower()] = {
            "id": int(spec.type), "name": spec.name, "max_level": spec.max_level,
            "max_level_capital": spec.max_level_capital,
            "tribe": spec.tribe.name.lower() if spec.tribe else None,
            "capital": spec.capital, "multiple_allowed": spec.multiple_allowed,
            "prerequisites": [[b.name.lower(), lvl] for b, lvl in spec.prerequisites],
            "conflicts": [b.name.lower() for b in spec.conflicts],
            "positions": sorted(spec.positions),
            "levels": [{"cost": _res(lv.cost), "time_base_s": lv.time_base_s, "pop": lv.pop}
                       for lv in spec.levels]}
    return out


def _units() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for tribe in Tribe:
        for unit in units_of(tribe):
            s = unit_spec(unit)
            out[UnitType(unit).name.lower()] = {
                "id": int(unit), "name": s.name, "tribe": tribe.name.lower(),
                "attack": s.attack, "def_infantry": s.def_infantry,
                "def_cavalry": s.def_cavalry, "speed": s.speed, "carry": s.carry,
                "upkeep": s.upkeep, "role": s.role, "cost": _res(s.cost),
                "training_time_s": s.training_time_s,
                "trained_in": [b.name.lower() for b in s.trained_in],
                "needs_research": s.needs_research,
                "research_requirements": [[b.name.lower(), lvl]
                                          for b, lvl in s.research_requirements],
                "research_cost": _res(research_cost(unit)) if s.needs_research else None,
                "research_time_base_s": s.research_time_s,
                "smithy_levels": [_smithy(unit, level)
                                  for level in range(1, SMITHY_MAX_LEVEL + 1)]
                if smithy_upgradable(unit) else []}
    return out


def _smithy(unit: UnitType, level: int) -> dict[str, Any]:
    cost, base_s = smithy_level(unit, level)
    return {"cost": _res(cost), "time_base_s": base_s}


def catalog(game_speed: float) -> dict[str, Any]:
    """Everything the client needs to explain costs and times at this world speed."""
    return {
        "game_speed": game_speed,
        "main_building_factor": [float(main_building_factor(level))
                                 for level in range(MAX_MAIN_BUILDING + 1)],
        "training_factor": [float(training_factor(level)) for level in range(1, 21)],
        # Academy research and smithy levels take base x 0.964^(building level - 1).
        "academy_factor_per_level": 0.964,
        "map_size": movement.MAP_SIZE,
        "tournament": {"threshold_fields": movement.TOURNAMENT_THRESHOLD_FIELDS,
                       "bonus_percent_per_level": movement.TOURNAMENT_BONUS_PERCENT_PER_LEVEL},
        "buildings": _buildings(),
        "units": _units(),
    }
