"""The village as one immutable value, settled exactly to any instant (issue 9).

Pure: no I/O, no clock.  Time is integer epoch seconds; stocks are integer sub-units
(``fields.SUBUNITS`` per resource), culture points ``CP_SUBUNITS`` per point, so every
step is exact integer arithmetic.  See README.md ("The village model") for the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from rules.travian.ids import BuildingType, Tribe, UnitType
from rules.travian.resources import Resources

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
class VillageState:
    """Everything the rules know of a village, settled to ``at``."""

    tribe: Tribe
    is_capital: bool
    buildings: Mapping[int, tuple[BuildingType, int]]  # position 1..40 -> (type, level)
    stock: Resources  # sub-units
    at: int  # settled to this instant
    units: Mapping[UnitType, int] = field(default_factory=dict)  # own units at home
    upkeep_elsewhere: int = 0  # crop/h eaten by this village's units away (issue 10)
    guests_upkeep: int = 0  # crop/h of reinforcements hosted here (issue 10)
    researched: frozenset[UnitType] = frozenset()
    weapons: Mapping[UnitType, int] = field(default_factory=dict)
    armour: Mapping[UnitType, int] = field(default_factory=dict)
    builds: tuple[BuildJob, ...] = ()
    trainings: tuple[TrainingJob, ...] = ()
    researches: tuple[ResearchJob, ...] = ()
    culture: int = 0  # CP sub-units accumulated by this village
    oasis_bonus: Resources = Resources()  # percent per resource (issue 10)
    next_seq: int = 1  # next sequence number for a new job


@dataclass(frozen=True, kw_only=True)
class Completion:
    """Something that finished while settling (S publishes one event per completion)."""

    kind: Literal["building", "training", "research", "smithy", "starvation"]
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


def settle(state: VillageState, until: int, speed: float) -> tuple[VillageState, list[Completion]]:
    raise NotImplementedError


def rates(state: VillageState, speed: float) -> Production:
    raise NotImplementedError


def capacity(state: VillageState) -> tuple[int, int]:
    raise NotImplementedError


def population(state: VillageState) -> int:
    raise NotImplementedError


def culture_per_day(state: VillageState) -> int:
    raise NotImplementedError


def upgrade(
    state: VillageState, position: int, building: BuildingType, now: int, speed: float, *,
    job_id: str, account: AccountFacts,
) -> tuple[VillageState, BuildJob]:  # fmt: skip
    raise NotImplementedError


def cancel_build(state: VillageState, job_id: str, now: int) -> tuple[VillageState, Resources]:
    raise NotImplementedError


def train(
    state: VillageState, unit: UnitType, count: int, now: int, speed: float, *,
    job_id: str, great: bool = False, account: AccountFacts,
) -> tuple[VillageState, TrainingJob]:  # fmt: skip
    raise NotImplementedError


def research(
    state: VillageState, unit: UnitType, now: int, speed: float, *, job_id: str
) -> tuple[VillageState, ResearchJob]:
    raise NotImplementedError


def smithy_upgrade(
    state: VillageState, unit: UnitType, kind: Literal["weapons", "armour"], now: int,
    speed: float, *, job_id: str,
) -> tuple[VillageState, ResearchJob]:  # fmt: skip
    raise NotImplementedError


def remove_units(state: VillageState, units: Mapping[UnitType, int]) -> VillageState:
    raise NotImplementedError


def new_village(
    tribe: Tribe, is_capital: bool, layout: tuple[BuildingType, ...], now: int
) -> VillageState:
    raise NotImplementedError


def next_due(state: VillageState) -> int | None:
    raise NotImplementedError
