"""Player actions on a settled village: build, cancel, train, research, smithy, found.

Each action takes a state already settled to ``now`` (``state.at == now``), checks every
rule, spends the cost and returns the new state with the queued job.  Costs are whole
resources; the stock is in sub-units.  The job stores what was paid (refund basis).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from typing import Literal

from rules.travian import buildings as bld
from rules.travian._data import load
from rules.travian.culture import SETTLERS_PER_VILLAGE, expansion_slots
from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS
from rules.travian.ids import BuildingType, Tribe, UnitType
from rules.travian.resources import Resources
from rules.travian.rounding import as_speed, scaled_seconds
from rules.travian.units import (
    GREAT_BUILDINGS,
    check_can_research,
    check_can_train,
    research_time_s,
    training_cost,
    training_time_s,
    unit_spec,
)
from rules.travian.village_model import (
    CP_SUBUNITS,
    AccountFacts,
    BuildJob,
    ResearchJob,
    TrainingJob,
    VillageState,
    capacity_subunits,
    highest_level,
)

B = BuildingType
_START = load("village_start.json")
_ACADEMY = {row["id"]: row for row in load("academy.json")["units"]}
_SMITHY = {row["id"]: row["levels"] for row in load("smithy.json")["units"]}
SMITHY_MAX_LEVEL = 20
_SMITHY_BUILDING = {"weapons": B.BLACKSMITH, "armour": B.ARMOURY}
_ADMINISTRATOR_ROLES = frozenset({"administrator"})


def research_cost(unit: UnitType) -> Resources:
    """What researching ``unit`` in the academy costs (academy.json)."""
    return Resources.of(_ACADEMY[int(unit)]["research_cost"])


def smithy_level(unit: UnitType, level: int) -> tuple[Resources, int]:
    """(cost, base seconds at a level-1 building and speed 1) of weapons/armour ``level``
    of ``unit`` (smithy.json; the same table for both); KeyError if it has none."""
    row = _SMITHY[int(unit)][level - 1]
    return Resources.of(row["cost"]), row["time_s"]


def smithy_upgradable(unit: UnitType) -> bool:
    """Whether ``unit`` has weapons/armour levels at all (settlers and the like do not)."""
    return int(unit) in _SMITHY


def _enum(kind: type, value: object):
    """An enum member, RuleError INVALID_INPUT for an unknown id."""
    try:
        return kind(value)
    except (ValueError, TypeError):
        raise RuleError("INVALID_INPUT", f"unknown {kind.__name__} {value!r}") from None


def _settled(state: VillageState, now: int) -> None:
    if state.at != now:
        raise RuleError("INVALID_INPUT", f"settle the village to {now} first (at {state.at})")


def _pay(state: VillageState, cost: Resources) -> Resources:
    """The stock after paying ``cost`` (whole resources); INSUFFICIENT_RESOURCES otherwise."""
    price = cost.times(SUBUNITS)
    if not state.stock.covers(price):
        raise RuleError("INSUFFICIENT_RESOURCES", f"needs {cost.as_dict()}")
    return state.stock - price


# --- buildings ------------------------------------------------------------------------------
def _lane(tribe: Tribe, position: int) -> str:
    """Romans build one field and one inner building at once; other tribes one thing."""
    if tribe is Tribe.ROMANS:
        return "field" if position in bld.FIELD_SLOTS else "inner"
    return "all"


def upgrade(
    state: VillageState, position: int, building: BuildingType, now: int, speed: float, *,
    job_id: str, account: AccountFacts,
) -> tuple[VillageState, BuildJob]:  # fmt: skip
    """Queue one level of ``building`` at ``position`` (a new building at level 1).

    Rules: buildings.check_upgrade (tribe, capital-only, positions, occupancy, max level,
    multiples, prerequisites on completed levels), with the position's level under way
    counting as its level; then the queue lane; then the cost.
    """
    _settled(state, now)
    building = _enum(BuildingType, building)
    layout = dict(state.buildings)
    for job in state.builds:  # a level under way counts as the position's level
        if job.position == position:
            layout[position] = (job.building, job.level)
    view = bld.VillageState(
        tribe=state.tribe, buildings=layout, is_capital=state.is_capital,
        account_has_palace=account.has_palace_elsewhere,
    )  # fmt: skip
    level = bld.check_upgrade(view, building, position)
    lane = _lane(state.tribe, position)
    if any(_lane(state.tribe, job.position) == lane for job in state.builds):
        raise RuleError("QUEUE_FULL", "a construction is already under way")
    cost = bld.building_cost(building, level)
    stock = _pay(state, cost)
    duration = bld.build_time_s(building, level, highest_level(state, B.MAIN_BUILDING), speed)
    job = BuildJob(
        id=job_id, position=position, building=building, level=level, start=now,
        due=now + duration, seq=state.next_seq, paid=cost,
    )  # fmt: skip
    return replace(
        state, stock=stock, builds=(*state.builds, job), next_seq=state.next_seq + 1
    ), job


def cancel_build(state: VillageState, job_id: str, now: int) -> tuple[VillageState, Resources]:
    """Stop a construction: the whole amount paid comes back (what the storage holds)."""
    _settled(state, now)
    job = next((j for j in state.builds if j.id == job_id), None)
    if job is None:
        raise RuleError("CANNOT_CANCEL", "nothing of that building is under way")
    limit = capacity_subunits(state)
    back = state.stock + job.paid.times(SUBUNITS)
    stock = Resources(*(min(v, c) for v, c in zip(back.as_tuple(), limit.as_tuple(), strict=True)))
    builds = tuple(j for j in state.builds if j.id != job_id)
    return replace(state, stock=stock, builds=builds), job.paid


# --- troops ---------------------------------------------------------------------------------
def _training_building(state: VillageState, unit: UnitType, great: bool) -> BuildingType:
    spec = unit_spec(unit)
    options = [b for b in spec.trained_in if (b in GREAT_BUILDINGS) == great]
    if not options:
        where = "a great barracks/stable" if great else "a normal building"
        raise RuleError("BUILDING_REQUIRED", f"{spec.name} is not trained in {where}")
    return max(options, key=lambda b: (highest_level(state, b), -int(b)))


def _slots_needed(settlers: int, administrators: int) -> int:
    return -(-settlers // SETTLERS_PER_VILLAGE) + administrators


def _check_expansion(state: VillageState, unit: UnitType, count: int, account: AccountFacts):
    """Settlers (3 per slot) and administrators (1 per slot) need free expansion slots."""
    role = unit_spec(unit).role
    if role not in ("settler", "administrator"):
        return
    settlers = administrators = 0
    owned = [(u, n) for u, n in state.units.items()]
    owned += [(j.unit, j.count - j.done) for j in state.trainings]
    owned.append((unit, count))
    for u, n in owned:
        kind = unit_spec(u).role
        settlers += n if kind == "settler" else 0
        administrators += n if kind == "administrator" else 0
    slots = expansion_slots(highest_level(state, B.RESIDENCE), highest_level(state, B.PALACE))
    free = slots - account.expansion_slots_used
    if _slots_needed(settlers, administrators) > free:
        raise RuleError("NOT_ENOUGH_EXPANSION_SLOTS", f"{max(free, 0)} free expansion slot(s)")


def train(
    state: VillageState, unit: UnitType, count: int, now: int, speed: float, *,
    job_id: str, great: bool = False, account: AccountFacts,
) -> tuple[VillageState, TrainingJob]:  # fmt: skip
    """Queue ``count`` units in their building; the queue of that building chains."""
    _settled(state, now)
    if count < 1:
        raise RuleError("INVALID_INPUT", "count must be >= 1")
    unit = _enum(UnitType, unit)
    building = _training_building(state, unit, great)
    level = highest_level(state, building)
    check_can_train(state.tribe, unit, building, level, state.researched)
    _check_expansion(state, unit, count, account)
    cost = training_cost(unit, building).times(count)
    stock = _pay(state, cost)
    each = training_time_s(
        unit, building, level, trough_level=highest_level(state, B.HORSE_DRINKING), speed=speed
    )
    start = max([now] + [j.end for j in state.trainings if j.building == building])
    job = TrainingJob(
        id=job_id, building=building, unit=unit, count=count, done=0, each_s=each,
        start=start, seq=state.next_seq, paid=cost,
    )  # fmt: skip
    return replace(
        state, stock=stock, trainings=(*state.trainings, job), next_seq=state.next_seq + 1
    ), job


def research(
    state: VillageState, unit: UnitType, now: int, speed: float, *, job_id: str
) -> tuple[VillageState, ResearchJob]:
    """Academy research of one unit: cost from academy.json, one at a time per village."""
    _settled(state, now)
    unit = _enum(UnitType, unit)
    spec = unit_spec(unit)
    if spec.tribe is not state.tribe:
        raise RuleError("INVALID_INPUT", f"{spec.name} is not a unit of this tribe")
    academy = highest_level(state, B.ACADEMY)
    if academy < 1:
        raise RuleError("BUILDING_REQUIRED", "research needs an academy")
    pending = [j for j in state.researches if j.kind == "research"]
    if unit in state.researched or any(j.unit == unit for j in pending):
        raise RuleError("INVALID_INPUT", f"{spec.name} is already researched")
    levels = bld.highest_levels(state.buildings)
    check_can_research(unit, levels)
    if pending:
        raise RuleError("QUEUE_FULL", "the academy is busy")
    cost = research_cost(unit)
    stock = _pay(state, cost)
    due = now + research_time_s(unit, academy, speed)
    return _queue_research(state, stock, "research", unit, 1, now, due, job_id, cost)


def _queue_research(
    state: VillageState, stock: Resources, kind: Literal["research", "weapons", "armour"],
    unit: UnitType, level: int, now: int, due: int, job_id: str, cost: Resources,
) -> tuple[VillageState, ResearchJob]:  # fmt: skip
    job = ResearchJob(
        id=job_id, kind=kind, unit=unit, level=level, start=now, due=due,
        seq=state.next_seq, paid=cost,
    )  # fmt: skip
    return replace(
        state, stock=stock, researches=(*state.researches, job), next_seq=state.next_seq + 1
    ), job


def smithy_upgrade(
    state: VillageState, unit: UnitType, kind: Literal["weapons", "armour"], now: int,
    speed: float, *, job_id: str,
) -> tuple[VillageState, ResearchJob]:  # fmt: skip
    """One weapons (blacksmith) or armour (armoury) level of a unit, capped by that
    building's level and 20; one upgrade per building at a time (smithy.json)."""
    _settled(state, now)
    if kind not in _SMITHY_BUILDING:
        raise RuleError("INVALID_INPUT", "kind is weapons or armour")
    unit = _enum(UnitType, unit)
    spec = unit_spec(unit)
    if spec.tribe is not state.tribe:
        raise RuleError("INVALID_INPUT", f"{spec.name} is not a unit of this tribe")
    if not smithy_upgradable(unit):
        raise RuleError("INVALID_INPUT", f"{spec.name} cannot be upgraded")
    building = _SMITHY_BUILDING[kind]
    building_level = highest_level(state, building)
    if building_level < 1:
        raise RuleError("BUILDING_REQUIRED", f"needs a {building.name.lower()}")
    if spec.needs_research and unit not in state.researched:
        raise RuleError("RESEARCH_REQUIRED", f"{spec.name} must be researched first")
    current = (state.weapons if kind == "weapons" else state.armour).get(unit, 0)
    level = current + 1
    if level > SMITHY_MAX_LEVEL:
        raise RuleError("MAX_LEVEL_REACHED", f"{spec.name} is at {kind} level 20")
    if level > building_level:
        raise RuleError("BUILDING_REQUIRED", f"{kind} level {level} needs a higher "
                                             f"{building.name.lower()}")  # fmt: skip
    if any(j.kind == kind for j in state.researches):
        raise RuleError("QUEUE_FULL", f"the {building.name.lower()} is busy")
    cost, base_s = smithy_level(unit, level)
    stock = _pay(state, cost)
    factor = Fraction(964, 1000) ** (building_level - 1)
    due = now + scaled_seconds(base_s, factor, as_speed(speed))
    return _queue_research(state, stock, kind, unit, level, now, due, job_id, cost)


def remove_units(state: VillageState, units: Mapping[UnitType, int]) -> VillageState:
    """Units leave home (e.g. settlers founding a village); NOT_ENOUGH_UNITS otherwise."""
    home = dict(state.units)
    for unit, count in units.items():
        unit = _enum(UnitType, unit)
        if count < 0 or home.get(unit, 0) < count:
            raise RuleError("NOT_ENOUGH_UNITS", f"only {home.get(unit, 0)} {unit.name.lower()}")
        home[unit] = home.get(unit, 0) - count
        if not home[unit]:
            del home[unit]
    return replace(state, units=home)


def new_village(
    tribe: Tribe, is_capital: bool, layout: tuple[BuildingType, ...], now: int
) -> VillageState:
    """A fresh village (village_start.json): 18 fields at 0 by the layout, main building 1,
    750 of each resource; the capital also holds the account's 500 starting CP (T4.4)."""
    start = _START["new_capital"] if is_capital else _START["founded_village"]["start"]
    resources = Resources.of(start["resources"])
    culture = _START["new_capital"]["culture_points_start_t4_4"] if is_capital else 0
    return VillageState(
        tribe=Tribe(tribe), is_capital=is_capital, buildings=bld.new_village_buildings(layout),
        stock=resources.times(SUBUNITS), at=now, culture=culture * CP_SUBUNITS,
    )  # fmt: skip
