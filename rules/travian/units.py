"""Units: the 30 tribe units and the 10 nature animals, training and research rules.

Training time per unit = base * 0.9^(L-1) of the training building (barracks, stable,
workshop, great barracks/stable, residence/palace), Roman cavalry also * (1 - trough%/100)
with a horse drinking trough, divided by world speed, rounded half up to whole seconds
(>= 1).  Research time = base * 0.964^(academy-1) / speed.  Great barracks/stable cost x3.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from rules.travian._data import load
from rules.travian.errors import RuleError
from rules.travian.ids import (
    ANIMAL_REFERENCE_KEY,
    UNIT_REFERENCE_KEY,
    Animal,
    BuildingType,
    Tribe,
    UnitType,
)
from rules.travian.resources import Resources
from rules.travian.rounding import Number, as_speed, seconds

B = BuildingType

_BUILDING_BY_REFERENCE = {
    "barracks": (B.BARRACKS, B.GREAT_BARRACKS),
    "stable": (B.STABLE, B.GREAT_STABLE),
    "workshop": (B.WORKSHOP,),
    "residence": (B.RESIDENCE,),
    "palace": (B.PALACE,),
}
_REQUIREMENT_BY_REFERENCE = {
    "smithy": B.BLACKSMITH,  # the T4 smithy's requirements are read as the blacksmith
    "academy": B.ACADEMY,
    "stable": B.STABLE,
    "barracks": B.BARRACKS,
    "workshop": B.WORKSHOP,
    "main_building": B.MAIN_BUILDING,
    "rally_point": B.RALLY_POINT,
}
GREAT_BUILDINGS = frozenset({B.GREAT_BARRACKS, B.GREAT_STABLE})
GREAT_BUILDING_COST_FACTOR = 3


@dataclass(frozen=True, slots=True)
class UnitSpec:
    id: int
    key: str  # reference key
    name: str
    tribe: Tribe | None  # None = nature animal
    attack: int
    def_infantry: int
    def_cavalry: int
    speed: int  # fields per hour at speed 1
    carry: int
    upkeep: int  # crop per hour
    unit_class: str  # 'infantry' | 'cavalry' (as combat classifies it)
    role: str  # regular | scout | ram | catapult | administrator | settler | animal
    training_time_s: int  # at training building level 1
    cost: Resources
    trained_in: tuple[BuildingType, ...]
    research_requirements: tuple[tuple[BuildingType, int], ...]
    research_time_s: int
    needs_research: bool
    scout_power: int = 0
    scout_defense: int = 0
    loyalty_reduction: tuple[int, int] | None = None

    @property
    def is_cavalry(self) -> bool:
        return self.unit_class == "cavalry"


def _unit_spec(row: dict) -> UnitSpec:
    trained_in = tuple(b for ref in row["training_building"] for b in _BUILDING_BY_REFERENCE[ref])
    loyalty = row.get("loyalty_reduction")
    return UnitSpec(
        id=row["id"],
        key=row["key"],
        name=row["name"],
        tribe=Tribe(row["tribe_id"]),
        attack=row["attack"],
        def_infantry=row["def_infantry"],
        def_cavalry=row["def_cavalry"],
        speed=row["speed"],
        carry=row["carry"],
        upkeep=row["upkeep"],
        unit_class=row["unit_class"],
        role=row["role"],
        training_time_s=row["training_time_s"],
        cost=Resources.of(row["cost"]),
        trained_in=trained_in,
        research_requirements=tuple(
            (_REQUIREMENT_BY_REFERENCE[r["key"]], r["level"]) for r in row["research_requirements"]
        ),
        research_time_s=row["research_time_s"],
        # The first unit of each tribe and the settlers are available without research.
        needs_research=row["index"] not in (1, 10),
        scout_power=row.get("scout_power", 0),
        scout_defense=row.get("scout_defense", 0),
        loyalty_reduction=(loyalty["min"], loyalty["max"]) if loyalty else None,
    )


def _animal_spec(animal: Animal, row: dict) -> UnitSpec:
    return UnitSpec(
        id=int(animal), key=row["key"], name=row["name"], tribe=None,
        attack=row["attack"], def_infantry=row["def_infantry"], def_cavalry=row["def_cavalry"],
        speed=row["speed"], carry=0, upkeep=row["upkeep_t4_model"],
        unit_class="infantry", role="animal", training_time_s=0, cost=Resources(),
        trained_in=(), research_requirements=(), research_time_s=0, needs_research=False,
    )  # fmt: skip


def _build() -> dict[int, UnitSpec]:
    data = load("units.json")
    by_key = {row["key"]: row for row in data["units"]}
    specs: dict[int, UnitSpec] = {}
    for unit, key in UNIT_REFERENCE_KEY.items():
        spec = _unit_spec(by_key[key])
        if spec.id != unit:
            raise RuntimeError(f"reference id of {key} is {spec.id}, seed says {int(unit)}")
        specs[int(unit)] = spec
    nature = {row["key"]: row for row in data["nature"]}
    for animal, key in ANIMAL_REFERENCE_KEY.items():
        specs[int(animal)] = _animal_spec(animal, nature[key])
    return specs


_SPECS = _build()
TRIBE_UNITS: dict[Tribe, tuple[UnitType, ...]] = {
    tribe: tuple(UnitType(u) for u in range((tribe - 1) * 10 + 1, tribe * 10 + 1))
    for tribe in Tribe
}
ANIMALS: tuple[Animal, ...] = tuple(Animal)


def unit_spec(unit: int) -> UnitSpec:
    """Stats of a tribe unit (1..30) or nature animal (31..40)."""
    try:
        return _SPECS[int(unit)]
    except (KeyError, ValueError, TypeError):
        raise RuleError("INVALID_INPUT", f"unknown unit id {unit!r}") from None


def units_of(tribe: Tribe) -> tuple[UnitType, ...]:
    return TRIBE_UNITS[Tribe(tribe)]


def _trainable(unit: int, building: BuildingType) -> UnitSpec:
    spec = unit_spec(unit)
    if BuildingType(building) not in spec.trained_in:
        raise RuleError("BUILDING_REQUIRED", f"{spec.name} is not trained in {building.name}")
    return spec


def training_cost(unit: int, building: BuildingType) -> Resources:
    """Cost of one unit trained in ``building`` (great barracks/stable: x3)."""
    spec = _trainable(unit, building)
    factor = GREAT_BUILDING_COST_FACTOR if building in GREAT_BUILDINGS else 1
    return spec.cost.times(factor)


@cache
def training_factor(building_level: int) -> Fraction:
    """0.9^(L-1) for barracks, stable, workshop, great buildings, residence/palace."""
    if building_level < 1:
        raise RuleError("INVALID_INPUT", "a training building needs level >= 1")
    return Fraction(9, 10) ** (building_level - 1)


def training_time_s(
    unit: int,
    building: BuildingType,
    building_level: int,
    *,
    trough_level: int = 0,
    speed: Number = 1,
) -> int:
    """Seconds to train one unit in ``building`` at ``building_level``.

    ``trough_level``: the village's horse drinking trough; it speeds Roman cavalry
    trained in a stable or great stable by 1% per level.
    """
    spec = _trainable(unit, building)
    time = spec.training_time_s * training_factor(building_level)
    if trough_level and spec.tribe is Tribe.ROMANS and spec.is_cavalry:
        if building in (B.STABLE, B.GREAT_STABLE):
            time *= Fraction(100 - trough_level, 100)
    return seconds(time / as_speed(speed))


def research_time_s(unit: int, academy_level: int, speed: Number = 1) -> int:
    """Seconds to research ``unit`` in the academy (0.964^(L-1) factor, like the MB)."""
    spec = unit_spec(unit)
    if not spec.needs_research:
        raise RuleError("INVALID_INPUT", f"{spec.name} needs no research")
    if academy_level < 1:
        raise RuleError("BUILDING_REQUIRED", "research needs an academy")
    factor = Fraction(964, 1000) ** (academy_level - 1)
    return seconds(spec.research_time_s * factor / as_speed(speed))


def missing_research_requirements(
    unit: int, levels: Mapping[BuildingType, int]
) -> list[tuple[BuildingType, int]]:
    """Academy research prerequisites (type, level) not met by the village's highest levels."""
    spec = unit_spec(unit)
    return [(b, lvl) for b, lvl in spec.research_requirements if levels.get(b, 0) < lvl]


def troop_upkeep(units: Mapping[int, int]) -> int:
    """Crop per hour eaten by a set of units (T4: every animal eats 1)."""
    return sum(unit_spec(u).upkeep * n for u, n in units.items())


def carry_capacity(units: Mapping[int, int]) -> int:
    """Total resources the units can carry."""
    return sum(unit_spec(u).carry * n for u, n in units.items())


def check_can_train(
    tribe: Tribe,
    unit: int,
    building: BuildingType,
    building_level: int,
    researched: Collection[int],
) -> None:
    """Raise unless ``tribe`` may train ``unit`` in ``building`` now.

    INVALID_INPUT: not a unit of the tribe; BUILDING_REQUIRED: wrong building or level 0;
    RESEARCH_REQUIRED: the unit needs academy research that ``researched`` lacks.
    """
    spec = unit_spec(unit)
    tribe = Tribe(tribe)
    if spec.tribe is not tribe:
        raise RuleError("INVALID_INPUT", f"{spec.name} is not a unit of the {tribe.name.lower()}")
    _trainable(unit, building)
    if building_level < 1:
        raise RuleError("BUILDING_REQUIRED", f"{spec.name} needs a {building.name.lower()}")
    if spec.needs_research and int(unit) not in {int(u) for u in researched}:
        raise RuleError("RESEARCH_REQUIRED", f"{spec.name} must be researched first")


def check_can_research(unit: int, levels: Mapping[BuildingType, int]) -> None:
    """Raise PREREQUISITES_NOT_MET unless the village may research ``unit`` now."""
    spec = unit_spec(unit)
    if not spec.needs_research:
        raise RuleError("INVALID_INPUT", f"{spec.name} needs no research")
    missing = missing_research_requirements(unit, levels)
    if missing:
        needs = ", ".join(f"{b.name.lower()} {lvl}" for b, lvl in missing)
        raise RuleError("PREREQUISITES_NOT_MET", f"{spec.name} needs {needs}")
