"""Economy: field production, storage, crannies, crop upkeep, accrual and starvation.

Units.  Rates are whole resources per hour (ints).  Stocks used by :func:`accrue` are in
*sub-units*: ``SUBUNITS = 3600`` sub-units make one resource, so an integer hourly rate
adds an exact integer number of sub-units every second and accrual is exact integer
arithmetic (``[t0,t2] == [t0,t1] + [t1,t2]`` holds exactly).  Show players
``stock // SUBUNITS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from rules.travian._data import load
from rules.travian.buildings import VillageBuildings, building_effects
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType, Tribe
from rules.travian.resources import Resources
from rules.travian.rounding import Number, as_speed, ceil_div, round_half_up
from rules.travian.tribes import TEUTON_HERO_CRANNY_FACTOR, tribe_traits
from rules.travian.units import unit_spec

B = BuildingType
SUBUNITS = 3600
BASE_STORAGE = 800

_FIELD_TABLE = tuple(row["production_per_hour"] for row in load("fields.json")["levels"])
_CAPACITY_ROWS = load("capacity.json")["levels"]
_WAREHOUSE = tuple(row["warehouse"] for row in _CAPACITY_ROWS)
_GREAT = tuple(row["great_warehouse"] for row in _CAPACITY_ROWS)
_CRANNY = tuple(row["cranny"] for row in _CAPACITY_ROWS if row["cranny"] is not None)

# Which bonus buildings raise which resource (by index in RESOURCE_NAMES).
_FIELD_RESOURCE = {B.WOODCUTTER: 0, B.CLAY_PIT: 1, B.IRON_MINE: 2, B.CROPLAND: 3}
_BONUS_RESOURCE = {B.SAWMILL: 0, B.BRICKYARD: 1, B.IRON_FOUNDRY: 2, B.GRAIN_MILL: 3, B.BAKERY: 3}


def field_production(level: int) -> int:
    """Resources per hour of one field at ``level`` (0..20), speed 1."""
    if not 0 <= level < len(_FIELD_TABLE):
        raise RuleError("INVALID_INPUT", f"field levels are 0..{len(_FIELD_TABLE) - 1}")
    return _FIELD_TABLE[level]


def production_per_hour(
    field_levels: Iterable[int], bonus_percent: int = 0, speed: Number = 1
) -> int:
    """One resource's production: sum of its fields * (100 + bonus%) / 100 * speed, half up.

    ``bonus_percent`` adds bonus buildings (5 per level) and oasis bonuses (added, not
    multiplied, as in the reference).
    """
    base = sum(field_production(level) for level in field_levels)
    return round_half_up(Fraction(base * (100 + bonus_percent), 100) * as_speed(speed))


def village_production(
    buildings: VillageBuildings, oasis_percent: Resources = Resources(), speed: Number = 1
) -> Resources:
    """Gross hourly production of a village's fields (before any upkeep)."""
    levels: list[list[int]] = [[], [], [], []]
    bonus = list(oasis_percent.as_tuple())
    for building, level in buildings.values():
        if building in _FIELD_RESOURCE:
            levels[_FIELD_RESOURCE[building]].append(level)
        elif building in _BONUS_RESOURCE and level > 0:
            bonus[_BONUS_RESOURCE[building]] += building_effects(building, level)[
                "production_bonus_percent"
            ]
    return Resources(
        *(production_per_hour(lv, pct, speed) for lv, pct in zip(levels, bonus, strict=True))
    )


def crop_consumption(population: int, units: Mapping[int, int]) -> int:
    """Crop per hour eaten: 1 per inhabitant plus every unit's upkeep (not scaled by speed)."""
    return population + sum(unit_spec(u).upkeep * n for u, n in units.items())


def net_rates(production: Resources, consumption: int) -> Resources:
    """Hourly rates for :func:`accrue`: production with the crop upkeep subtracted."""
    return Resources(production.wood, production.clay, production.iron,
                     production.crop - consumption)  # fmt: skip


# --- storage ------------------------------------------------------------------------------
def _capacity(table: tuple, levels: Iterable[int]) -> int:
    total = 0
    for level in levels:
        if not 0 <= level <= 20:
            raise RuleError("INVALID_INPUT", "storage levels are 0..20")
        total += table[level] if level else 0
    return total


def storage_capacity(levels: Iterable[int] = (), great_levels: Iterable[int] = ()) -> int:
    """Capacity of warehouses (or granaries: same table) in one village.

    Capacities of several buildings add up; with none at all the village stores 800.
    """
    total = _capacity(_WAREHOUSE, levels) + _capacity(_GREAT, great_levels)
    return total or BASE_STORAGE


def village_capacity(buildings: VillageBuildings) -> Resources:
    """Per-resource storage limits (wood/clay/iron from warehouses, crop from granaries)."""
    by_type: dict[BuildingType, list[int]] = {}
    for building, level in buildings.values():
        by_type.setdefault(building, []).append(level)
    goods = storage_capacity(by_type.get(B.WAREHOUSE, ()), by_type.get(B.GREAT_WAREHOUSE, ()))
    crop = storage_capacity(by_type.get(B.GRANARY, ()), by_type.get(B.GREAT_GRANARY, ()))
    return Resources(goods, goods, goods, crop)


def cranny_capacity(level: int) -> int:
    """Per-resource capacity of one cranny at ``level`` (0..10), no tribe bonus."""
    if not 0 <= level < len(_CRANNY):
        raise RuleError("INVALID_INPUT", f"cranny levels are 0..{len(_CRANNY) - 1}")
    return _CRANNY[level]


def cranny_protection(
    levels: Iterable[int], defender_tribe: Tribe | None, attacker_teuton_hero: bool = False
) -> int:
    """Resources of each kind the crannies hide: sum * 1.5 for Gauls, * 0.8 against an
    attacking Teuton hero; floored.  An oasis (tribe None) has no crannies."""
    total = Fraction(sum(cranny_capacity(level) for level in levels))
    if defender_tribe is not None:
        total *= tribe_traits(defender_tribe).cranny_factor
    if attacker_teuton_hero:
        total *= TEUTON_HERO_CRANNY_FACTOR
    return int(total)  # floor: values are non-negative


# --- accrual ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Accrual:
    stock: Resources  # sub-units, each within [0, capacity * SUBUNITS]
    shortfall: Resources  # sub-units that were needed (negative rate) but not in stock


def to_subunits(amounts: Resources) -> Resources:
    return amounts.times(SUBUNITS)


def to_units(stock: Resources) -> Resources:
    """Whole resources (floored) of a sub-unit stock, for display and for spending."""
    return Resources(*(value // SUBUNITS for value in stock.as_tuple()))


def accrue(stock: Resources, rates: Resources, capacity: Resources, elapsed_s: int) -> Accrual:
    """Stock after ``elapsed_s`` seconds at constant hourly ``rates`` (crop may be negative).

    Exact piecewise-linear flow: the stock is first clipped into [0, capacity] (so a
    shrunken warehouse cuts the excess), then moves by ``rate * elapsed_s`` sub-units and
    is clipped again.  What a negative rate wanted but the stock did not have (crop the
    troops could not eat) is returned as ``shortfall``; who starves is the village
    model's rule (``rules.travian.settle``).
    Clipping a constant-rate flow composes, so accruing [t0,t1] then [t1,t2] equals
    accruing [t0,t2], shortfalls included.
    """
    if elapsed_s < 0:
        raise RuleError("INVALID_INPUT", "elapsed time must be >= 0")
    values = []
    shortfall = []
    for amount, rate, cap in zip(
        stock.as_tuple(), rates.as_tuple(), capacity.as_tuple(), strict=True
    ):
        limit = cap * SUBUNITS
        start = min(max(amount, 0), limit)
        moved = start + rate * elapsed_s
        shortfall.append(max(-moved, 0))
        values.append(min(max(moved, 0), limit))
    return Accrual(Resources(*values), Resources(*shortfall))


def seconds_until_empty(stock_subunits: int, rate_per_hour: int) -> int | None:
    """Whole seconds until a stock hits 0 at ``rate_per_hour`` (None if it never does)."""
    if rate_per_hour >= 0:
        return None
    return ceil_div(max(stock_subunits, 0), -rate_per_hour)


def seconds_until_full(stock_subunits: int, rate_per_hour: int, capacity: int) -> int | None:
    """Whole seconds until a stock reaches ``capacity`` (None if it never does)."""
    if rate_per_hour <= 0:
        return None
    return ceil_div(max(capacity * SUBUNITS - stock_subunits, 0), rate_per_hour)
