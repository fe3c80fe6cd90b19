"""The village as one immutable value and its derived figures (rates, capacity...).

Pure: no I/O, no clock.  Time is integer epoch seconds; stocks are integer sub-units
(``fields.SUBUNITS`` per resource), culture points ``CP_SUBUNITS`` per point, so every
step is exact integer arithmetic.  See README.md ("The village model") for the rules.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rules.travian.buildings import village_culture_per_day, village_population
from rules.travian.fields import SUBUNITS, crop_consumption, village_capacity, village_production
from rules.travian.ids import BuildingType, Tribe, UnitType
from rules.travian.resources import Resources
from rules.travian.rounding import as_speed
from rules.travian.units import troop_upkeep

CP_SUBUNITS = 86400  # culture sub-units per point: an integer CP/day adds whole ones per second


@dataclass(frozen=True, kw_only=True)
class BuildJob:
    """One level under construction; ``paid`` (whole resources) is the refund basis."""

    id: str
    position: int
    building: BuildingType
    level: int
    start: int
    due: int
    seq: int
    paid: Resources


@dataclass(frozen=True, kw_only=True)
class TrainingJob:
    """``count`` units of one kind; unit k (1-based) finishes at ``start + k * each_s``."""

    id: str
    building: BuildingType
    unit: UnitType
    count: int
    done: int
    each_s: int
    start: int
    seq: int
    paid: Resources

    @property
    def end(self) -> int:
        return self.start + self.count * self.each_s

    @property
    def next_due(self) -> int:
        return self.start + (self.done + 1) * self.each_s


@dataclass(frozen=True, kw_only=True)
class ResearchJob:
    """Academy research (level 1) or a smithy upgrade (weapons/armour level)."""

    id: str
    kind: Literal["research", "weapons", "armour"]
    unit: UnitType
    level: int
    start: int
    due: int
    seq: int
    paid: Resources


@dataclass(frozen=True, kw_only=True)
class Arrival:
    """Resources that reach the village at ``at`` (merchants; whole resources).

    Another village sent them, so they carry no job ``seq`` of this village: at one instant
    they are applied after the village's own jobs, in ``id`` order."""

    id: str
    at: int
    resources: Resources


@dataclass(frozen=True, slots=True)
class HeroOutput:
    """What the hero whose home this village is yields (RULES.md section 14, hero.json
    ``resources_per_point``): ``per_hour`` at 1x from ``start`` (hired here, or moved here
    when its home was conquered) on, alive or dead (the reference's base crop is "also
    while dead"; no source stops the rest). The start is data, so a settle across it is
    exact; a change of points settles the village first."""

    per_hour: Resources
    start: int


def hero_gross(hero: HeroOutput | None, t: int, speed: float) -> Resources:
    """The hero's hourly output at instant ``t`` at the world speed (whole resources)."""
    if hero is None or t < hero.start:
        return Resources()
    factor = as_speed(speed)
    return Resources(*(math.floor(v * factor) for v in hero.per_hour.as_tuple()))


@dataclass(frozen=True, kw_only=True)
class VillageState:
    """Everything the rules know of a village, settled to ``at``."""

    tribe: Tribe
    is_capital: bool
    buildings: Mapping[int, tuple[BuildingType, int]]  # position 1..40 -> (type, level)
    stock: Resources  # sub-units
    at: int  # settled to this instant
    units: Mapping[UnitType, int] = field(default_factory=dict)  # own units at home
    upkeep_elsewhere: int = 0  # crop/h eaten by this village's units away (issue 10)
    guests_upkeep: int = 0  # crop/h of hosted armies not listed in ``guests``
    # Reinforcements stationed here (movement id -> units): they eat from this village's
    # crop and starve first (RULES.md section 19).
    guests: Mapping[str, Mapping[UnitType, int]] = field(default_factory=dict)
    # This village's armies on the road (issue 10): (arrival instant, crop/h). They eat
    # from home until they arrive (movement.json "on_the_way_paid_by": home village).
    away: tuple[tuple[int, int], ...] = ()
    researched: frozenset[UnitType] = frozenset()
    weapons: Mapping[UnitType, int] = field(default_factory=dict)
    armour: Mapping[UnitType, int] = field(default_factory=dict)
    builds: tuple[BuildJob, ...] = ()
    trainings: tuple[TrainingJob, ...] = ()
    researches: tuple[ResearchJob, ...] = ()
    culture: int = 0  # CP sub-units accumulated by this village
    oasis_bonus: Resources = Resources()  # percent per resource of the annexed oases
    # Oases taken from this village after ``at``: (instant, the bonus from then on), sorted.
    oasis_changes: tuple[tuple[int, Resources], ...] = ()
    arrivals: tuple[Arrival, ...] = ()  # merchants on their way here, by (at, id)
    hero: HeroOutput | None = None  # the output of the hero whose home this is
    next_seq: int = 1  # next sequence number for a new job


@dataclass(frozen=True, kw_only=True)
class Completion:
    """Something that finished while settling (S publishes one event per completion)."""

    kind: Literal["building", "training", "research", "smithy", "starvation", "merchants"]
    at: int
    job_id: str
    detail: Mapping[str, int | str]


@dataclass(frozen=True, kw_only=True)
class Production:
    """Hourly rates in force: gross production, crop consumption and net crop."""

    gross: Resources
    consumption: int
    net_crop: int

    @property
    def net(self) -> Resources:
        return Resources(self.gross.wood, self.gross.clay, self.gross.iron, self.net_crop)


@dataclass(frozen=True, kw_only=True)
class AccountFacts:
    """What the rules need to know about the account's other villages."""

    has_palace_elsewhere: bool = False
    villages: int = 1
    expansion_slots_used: int = 0  # this village's slots already used (villages founded
    # or conquered from it, settlers/administrators on their way)


@dataclass(frozen=True, slots=True)
class Figures:
    """What a set of completed buildings yields (cached: settling asks often)."""

    gross: Resources  # hourly production at the world speed, oasis bonus included
    capacity: Resources  # whole resources per kind
    population: int
    culture_per_day: int


def _key(buildings: Mapping[int, tuple[BuildingType, int]]) -> tuple:
    return tuple(sorted((p, int(b), lvl) for p, (b, lvl) in buildings.items()))


@lru_cache(maxsize=4096)
def _figures(key: tuple, oasis_bonus: Resources, speed: float) -> Figures:
    buildings = {p: (BuildingType(b), lvl) for p, b, lvl in key}
    return Figures(
        gross=village_production(buildings, oasis_bonus, speed),
        capacity=village_capacity(buildings),
        population=village_population(buildings),
        culture_per_day=village_culture_per_day(buildings),
    )


def figures(
    buildings: Mapping[int, tuple[BuildingType, int]], oasis_bonus: Resources, speed: float = 1
) -> Figures:
    return _figures(_key(buildings), oasis_bonus, speed)


def population(state: VillageState) -> int:
    """Inhabitants: the completed buildings' population (1 crop/h each)."""
    return figures(state.buildings, state.oasis_bonus).population


def culture_per_day(state: VillageState) -> int:
    """Culture points per day of the completed buildings (not scaled by world speed)."""
    return figures(state.buildings, state.oasis_bonus).culture_per_day


def capacity(state: VillageState) -> tuple[int, int]:
    """Warehouse and granary capacity in whole resources."""
    limits = figures(state.buildings, state.oasis_bonus).capacity
    return limits.wood, limits.crop


def capacity_subunits(state: VillageState) -> Resources:
    return figures(state.buildings, state.oasis_bonus).capacity.times(SUBUNITS)


def consumption(state: VillageState) -> int:
    """Crop per hour eaten: population, units at home, own units away, guests."""
    return eaten_by(population(state), state)


def eaten_by(inhabitants: int, state: VillageState) -> int:
    hosted = sum(troop_upkeep(army) for army in state.guests.values())
    on_the_road = sum(upkeep for until, upkeep in state.away if until > state.at)
    return (crop_consumption(inhabitants, state.units) + state.upkeep_elsewhere
            + state.guests_upkeep + hosted + on_the_road)


def rates(state: VillageState, speed: float) -> Production:
    """Hourly rates in force now (production scaled by world speed, upkeep not)."""
    gross = (figures(state.buildings, state.oasis_bonus, speed).gross
             + hero_gross(state.hero, state.at, speed))
    eaten = consumption(state)
    return Production(gross=gross, consumption=eaten, net_crop=gross.crop - eaten)


def highest_level(state: VillageState, building: BuildingType) -> int:
    """Highest completed level of a building type in the village (0 if none)."""
    return max((lvl for b, lvl in state.buildings.values() if b == building), default=0)
