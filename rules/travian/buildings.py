"""Buildings: per-level tables (cost, time, population, culture, effects), placement and
construction rules, keyed by the seed's ``BuildingType``.

Tables come from the vendored reference (``data/buildings.json``, mapped by meaning,
see README).  Times are whole seconds: ``round_half_up(base_s * 0.964^(MB-1) / speed)``,
at least 1 s, computed exactly with fractions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from types import MappingProxyType
from typing import Any

from rules.travian._data import load
from rules.travian.errors import RuleError
from rules.travian.ids import BUILDING_REFERENCE_KEY, BuildingType, Tribe
from rules.travian.resources import Resources
from rules.travian.rounding import Number, as_speed, scaled_seconds

B = BuildingType

# --- positions --------------------------------------------------------------------------
# 1..18 resource fields, 19..38 village buildings (26 = main building, as in Travian),
# 39 rally point, 40 wall.  0 is not a valid position.
FIELD_SLOTS = frozenset(range(1, 19))
MAIN_BUILDING_SLOT = 26
RALLY_POINT_SLOT = 39
WALL_SLOT = 40
VILLAGE_SLOTS = frozenset(range(19, 39)) - {MAIN_BUILDING_SLOT}
ALL_SLOTS = frozenset(range(1, 41))

FIELD_TYPES = (B.WOODCUTTER, B.CLAY_PIT, B.IRON_MINE, B.CROPLAND)
BONUS_BUILDINGS = (B.SAWMILL, B.BRICKYARD, B.IRON_FOUNDRY, B.GRAIN_MILL, B.BAKERY)
WALLS = {Tribe.ROMANS: B.CITY_WALL, Tribe.TEUTONS: B.EARTH_WALL, Tribe.GAULS: B.PALISADE}
WALL_TYPES = frozenset(WALLS.values())

# Travian's standard 4-4-4-6 village: field type of slots 1..18.
FIELD_LAYOUT_4446: tuple[BuildingType, ...] = (
    B.WOODCUTTER, B.CROPLAND, B.WOODCUTTER, B.IRON_MINE, B.CLAY_PIT, B.CLAY_PIT,
    B.IRON_MINE, B.CROPLAND, B.CROPLAND, B.IRON_MINE, B.IRON_MINE, B.CROPLAND,
    B.CROPLAND, B.WOODCUTTER, B.CROPLAND, B.CLAY_PIT, B.WOODCUTTER, B.CLAY_PIT,
)  # fmt: skip

# The reference's smithy (gid 13) prerequisites/requirements are read as the blacksmith.
_GID_OVERRIDE = {13: B.BLACKSMITH}
_FIELD_MAX_NORMAL = 10

_NAMES = {
    B.BLACKSMITH: "Blacksmith",
    B.ARMOURY: "Armoury",
    B.WATER_DITCH: "Water ditch",
}

_STANDARD_LEVEL_KEYS = frozenset({"level", "cost", "pop", "pop_total", "cp", "time_base_s"})


@dataclass(frozen=True, slots=True)
class BuildingLevel:
    level: int
    cost: Resources
    pop: int  # population added by this level
    pop_total: int  # population of the building at this level
    cp: int  # culture points per day produced at this level (total, not increment)
    time_base_s: int  # build time at main building level 1, speed 1
    effects: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class BuildingSpec:
    type: BuildingType
    name: str
    reference_key: str | None
    available: bool  # False only for the reserved WATER_DITCH
    max_level: int  # in a normal village
    max_level_capital: int
    tribe: Tribe | None  # None = every tribe
    capital: str | None  # 'capital_only' | 'not_in_capital' | None
    multiple_allowed: bool  # another one may be built once one is at max level
    prerequisites: tuple[tuple[BuildingType, int], ...]
    conflicts: tuple[BuildingType, ...]  # cannot coexist in one village
    positions: frozenset[int]
    levels: tuple[BuildingLevel, ...] = field(repr=False)  # index 0 = level 1


def _gid_map(raw: list[dict]) -> dict[int, BuildingType]:
    by_key = {key: b for b, key in BUILDING_REFERENCE_KEY.items() if key and key != "smithy"}
    mapping = {entry["gid"]: by_key[entry["key"]] for entry in raw if entry["key"] in by_key}
    mapping.update(_GID_OVERRIDE)
    return mapping


def _positions(building: BuildingType) -> frozenset[int]:
    if building in FIELD_TYPES:
        return FIELD_SLOTS
    if building in WALL_TYPES:
        return frozenset({WALL_SLOT})
    if building is B.RALLY_POINT:
        return frozenset({RALLY_POINT_SLOT})
    if building is B.MAIN_BUILDING:
        return frozenset({MAIN_BUILDING_SLOT})
    return VILLAGE_SLOTS


def _extra_effects(building: BuildingType, level: int) -> dict[str, Any]:
    """Effects the reference states in prose only (see README)."""
    if building is B.BLACKSMITH:
        return {"max_attack_upgrade_level": level}
    if building is B.ARMOURY:
        return {"max_defence_upgrade_level": level}
    if building is B.HERO_MANSION:
        return {"oasis_slots": sum(1 for threshold in (10, 15, 20) if level >= threshold)}
    if building is B.RALLY_POINT:
        return {"catapult_targets": 2 if level >= 20 else 1}
    return {}


def _build_specs() -> dict[BuildingType, BuildingSpec]:
    raw = load("buildings.json")["buildings"]
    by_key = {entry["key"]: entry for entry in raw}
    gid_to_type = _gid_map(raw)
    specs: dict[BuildingType, BuildingSpec] = {}
    for building in BuildingType:
        key = BUILDING_REFERENCE_KEY[building]
        if key is None:
            specs[building] = BuildingSpec(
                type=building, name=_NAMES[building], reference_key=None, available=False,
                max_level=0, max_level_capital=0, tribe=None, capital=None,
                multiple_allowed=False, prerequisites=(), conflicts=(),
                positions=frozenset(), levels=(),
            )  # fmt: skip
            continue
        entry = by_key[key]
        levels = tuple(
            BuildingLevel(
                level=row["level"],
                cost=Resources.of(row["cost"]),
                pop=row["pop"],
                pop_total=row["pop_total"],
                cp=row["cp"],
                time_base_s=row["time_base_s"],
                effects=MappingProxyType(
                    {k: v for k, v in row.items() if k not in _STANDARD_LEVEL_KEYS}
                    | _extra_effects(building, row["level"])
                ),
            )
            for row in entry["levels"]
        )
        max_capital = entry["max_level"]
        max_normal = _FIELD_MAX_NORMAL if building in FIELD_TYPES else max_capital
        specs[building] = BuildingSpec(
            type=building,
            name=_NAMES.get(building, entry["name"]),
            reference_key=key,
            available=True,
            max_level=max_normal,
            max_level_capital=max_capital,
            tribe=Tribe[entry["tribe"].upper()] if entry["tribe"] else None,
            capital=entry["capital"],
            multiple_allowed=bool(entry["multiple_allowed"]),
            prerequisites=tuple(
                (gid_to_type[p["gid"]], p["level"]) for p in entry["prerequisites"]
            ),
            conflicts=tuple(gid_to_type[p["gid"]] for p in entry["forbidden_if_present"]),
            positions=_positions(building),
            levels=levels,
        )
    return specs


_SPECS = _build_specs()


def building_spec(building: BuildingType) -> BuildingSpec:
    """Static description of a building (also for the reserved water ditch)."""
    return _SPECS[BuildingType(building)]


def all_building_specs() -> tuple[BuildingSpec, ...]:
    return tuple(_SPECS.values())


def _available(building: BuildingType) -> BuildingSpec:
    spec = building_spec(building)
    if not spec.available:
        raise RuleError("BUILDING_NOT_AVAILABLE", f"{spec.name} cannot be built in this game")
    return spec


def building_level(building: BuildingType, level: int) -> BuildingLevel:
    """The table row of one level (1..max_level_capital)."""
    spec = _available(building)
    if not 1 <= level <= len(spec.levels):
        raise RuleError(
            "INVALID_INPUT", f"{spec.name} has levels 1..{len(spec.levels)}, not {level}"
        )
    return spec.levels[level - 1]


def max_level(building: BuildingType, is_capital: bool = False) -> int:
    spec = _available(building)
    return spec.max_level_capital if is_capital else spec.max_level


def building_cost(building: BuildingType, level: int) -> Resources:
    """Resources to build ``level`` (from level - 1)."""
    return building_level(building, level).cost


@cache
def main_building_factor(main_building_level: int) -> Fraction:
    """0.964^(MB-1), exact; MB 0 (no main building) counts as 1."""
    if main_building_level < 0:
        raise RuleError("INVALID_INPUT", "main building level must be >= 0")
    return Fraction(964, 1000) ** (max(main_building_level, 1) - 1)


def build_time_s(
    building: BuildingType, level: int, main_building_level: int = 1, speed: Number = 1
) -> int:
    """Seconds to build ``level`` with the given main building level and world speed."""
    base = building_level(building, level).time_base_s
    return scaled_seconds(base, main_building_factor(main_building_level), as_speed(speed))


def population_added(building: BuildingType, level: int) -> int:
    """Population (= crop upkeep per hour) this level adds."""
    return building_level(building, level).pop


def population_total(building: BuildingType, level: int) -> int:
    """Population of the building at ``level`` (0 at level 0)."""
    return building_level(building, level).pop_total if level else 0


def culture_points(building: BuildingType, level: int) -> int:
    """Culture points per day produced by the building at ``level`` (0 at level 0)."""
    return building_level(building, level).cp if level else 0


def building_effects(building: BuildingType, level: int) -> Mapping[str, Any]:
    """Effect fields of a level, e.g. ``{'capacity': 1200}`` or ``{'merchants': 3}``."""
    return building_level(building, level).effects


def allowed_positions(building: BuildingType) -> frozenset[int]:
    return building_spec(building).positions


def can_stand_at(building: BuildingType, position: int) -> bool:
    return position in building_spec(building).positions


# --- village totals -----------------------------------------------------------------------
VillageBuildings = Mapping[int, tuple[BuildingType, int]]  # position -> (type, level)


def village_population(buildings: VillageBuildings) -> int:
    """Population of a village: sum of its buildings' population (crop upkeep per hour)."""
    return sum(population_total(b, lvl) for b, lvl in buildings.values() if lvl > 0)


def village_culture_per_day(buildings: VillageBuildings) -> int:
    """Culture points per day produced by a village's buildings."""
    return sum(culture_points(b, lvl) for b, lvl in buildings.values() if lvl > 0)


def highest_levels(buildings: VillageBuildings) -> dict[BuildingType, int]:
    """Highest level of each building type present (prerequisites look at this)."""
    levels: dict[BuildingType, int] = {}
    for building, level in buildings.values():
        if level > levels.get(building, 0):
            levels[building] = level
    return levels


def new_village_buildings(layout: Iterable[BuildingType] = FIELD_LAYOUT_4446) -> dict:
    """Position map of a fresh village: 18 fields at level 0 and a main building at level 1."""
    fields = {slot: (BuildingType(b), 0) for slot, b in enumerate(layout, start=1)}
    if len(fields) != 18 or any(b not in FIELD_TYPES for b, _ in fields.values()):
        raise RuleError("INVALID_INPUT", "a field layout has 18 resource fields")
    return fields | {MAIN_BUILDING_SLOT: (B.MAIN_BUILDING, 1)}


# --- construction rules ---------------------------------------------------------------------
@dataclass(frozen=True)
class VillageState:
    """What the construction rules need to know about a village (no I/O)."""

    tribe: Tribe
    buildings: VillageBuildings  # include queued levels when checking a queued order
    is_capital: bool = False
    is_ww_village: bool = False  # Natar wonder village: wonder + great storage allowed
    great_storage_allowed: bool = False  # e.g. an artefact allows great warehouse/granary
    account_has_palace: bool = False  # another village of the account has a palace


def check_upgrade(village: VillageState, building: BuildingType, position: int) -> int:
    """Validate building ``building`` one level up at ``position``; returns the target level.

    Raises RuleError(BUILDING_NOT_AVAILABLE | INVALID_POSITION | POSITION_OCCUPIED |
    MAX_LEVEL_REACHED | PREREQUISITES_NOT_MET).
    """
    building = BuildingType(building)
    spec = _available(building)
    if spec.tribe is not None and spec.tribe != village.tribe:
        raise RuleError(
            "BUILDING_NOT_AVAILABLE", f"{spec.name} is for {spec.tribe.name.lower()} only"
        )
    if position not in spec.positions:
        raise RuleError("INVALID_POSITION", f"{spec.name} cannot stand at position {position}")
    current = village.buildings.get(position)
    if (
        current is not None
        and current[0] != building
        and (current[1] > 0 or position in FIELD_SLOTS)
    ):
        raise RuleError("POSITION_OCCUPIED", f"position {position} holds {current[0].name}")
    level_now = current[1] if current is not None and current[0] == building else 0
    target = level_now + 1
    if target > max_level(building, village.is_capital):
        raise RuleError("MAX_LEVEL_REACHED", f"{spec.name} is at its maximum level")
    if level_now == 0:
        _check_new_building(village, spec, position)
    return target


def _check_new_building(village: VillageState, spec: BuildingSpec, position: int) -> None:
    if spec.capital == "capital_only" and not village.is_capital:
        raise RuleError("BUILDING_NOT_AVAILABLE", f"{spec.name} can only be built in the capital")
    if spec.capital == "not_in_capital" and village.is_capital:
        raise RuleError("BUILDING_NOT_AVAILABLE", f"{spec.name} cannot be built in the capital")
    if spec.type is B.WONDER and not village.is_ww_village:
        raise RuleError("BUILDING_NOT_AVAILABLE", "the wonder needs a wonder-of-the-world village")
    if spec.type in (B.GREAT_WAREHOUSE, B.GREAT_GRANARY) and not (
        village.is_ww_village or village.great_storage_allowed
    ):
        raise RuleError("BUILDING_NOT_AVAILABLE", f"{spec.name} needs a wonder village or artefact")
    if spec.type is B.PALACE and village.account_has_palace:
        raise RuleError("BUILDING_NOT_AVAILABLE", "an account has only one palace")
    levels = highest_levels(village.buildings)
    for other in spec.conflicts:
        if levels.get(other, 0) > 0:
            raise RuleError(
                "BUILDING_NOT_AVAILABLE", f"{spec.name} cannot coexist with {other.name}"
            )
    if spec.type not in FIELD_TYPES:
        others = [
            lvl for pos, (b, lvl) in village.buildings.items()
            if b == spec.type and lvl > 0 and pos != position
        ]  # fmt: skip
        if others and not spec.multiple_allowed:
            raise RuleError("BUILDING_NOT_AVAILABLE", f"a village has only one {spec.name}")
        if others and any(lvl < spec.max_level_capital for lvl in others):
            raise RuleError(
                "PREREQUISITES_NOT_MET", f"another {spec.name} needs the existing one at max level"
            )
    missing = [(b, lvl) for b, lvl in spec.prerequisites if levels.get(b, 0) < lvl]
    if missing:
        needs = ", ".join(f"{b.name.lower()} {lvl}" for b, lvl in missing)
        raise RuleError("PREREQUISITES_NOT_MET", f"{spec.name} needs {needs}")


def missing_prerequisites(
    building: BuildingType, buildings: VillageBuildings
) -> list[tuple[BuildingType, int]]:
    """Prerequisites (type, level) the village does not meet yet (for UIs)."""
    levels = highest_levels(buildings)
    return [(b, lvl) for b, lvl in _available(building).prerequisites if levels.get(b, 0) < lvl]
