"""Plain dataclasses in and out of the battle resolver (no behaviour beyond validation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType, Tribe, unit_tribe
from rules.travian.resources import Resources

Kind = Literal["attack", "raid"]


@dataclass(frozen=True, slots=True)
class Hero:
    """A T4 hero's combat attributes (points as assigned by the player)."""

    strength_points: int = 0
    off_bonus_points: int = 0  # 0.2 % per point, at most 20 %
    def_bonus_points: int = 0
    mounted: bool = False  # attacking: strength counts as cavalry instead of infantry
    item_strength: int = 0
    armour: int = 0  # health points an armour saves per battle
    health: int = 100  # a hero with 0 health does not fight


@dataclass(frozen=True, slots=True)
class Army:
    """One army: a tribe's units (id -> count) with its home village's upgrade levels.

    ``smithy_levels`` are weapon levels (the blacksmith; T4 smithy) per unit id and drive
    attack, scouting power and siege strength.  ``armour_levels`` (the armoury) drive both
    defences; None means "same as smithy_levels" (one T4 smithy).  ``tribe`` None = nature.
    """

    tribe: Tribe | None
    units: Mapping[int, int]
    smithy_levels: Mapping[int, int] = field(default_factory=dict)
    armour_levels: Mapping[int, int] | None = None
    hero: Hero | None = None

    def __post_init__(self) -> None:
        for unit, count in self.units.items():
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise RuleError("INVALID_INPUT", f"unit counts are integers >= 0, got {count!r}")
            if unit_tribe(unit) != self.tribe:
                raise RuleError("INVALID_INPUT", f"unit {unit} does not belong to {self.tribe!r}")
        levels = list(self.smithy_levels.values()) + list((self.armour_levels or {}).values())
        if any(not 0 <= level <= 20 for level in levels):
            raise RuleError("INVALID_INPUT", "upgrade levels are 0..20")
        if self.hero is not None and self.tribe is None:
            raise RuleError("INVALID_INPUT", "nature has no hero")

    def total(self) -> int:
        return sum(self.units.values())


@dataclass(frozen=True, slots=True)
class Battle:
    """Everything one battle needs.  Populations feed morale; equal (or 0) disables it."""

    attacker: Army
    defenders: Sequence[Army] = ()  # home troops and reinforcements, any tribes
    defender_tribe: Tribe | None = None  # village owner's tribe (wall type); None = oasis
    kind: Kind = "attack"
    wall_level: int = 0
    residence_level: int = 0  # residence or palace level: 2*L^2 defence
    stonemason_level: int = 0  # only in the defender's capital
    pop_attacker: int = 0
    pop_defender: int = 0
    rally_point_level: int = 0  # attacker's rally point: catapult targeting
    catapult_targets: Sequence[BuildingType | None] = ()  # None = random
    buildings: Mapping[int, tuple[BuildingType, int]] = field(default_factory=dict)
    stock: Resources | None = None  # defender's whole-unit stock, for loot
    cranny_levels: Sequence[int] = ()
    seed: int = 0  # catapult random targets: random.Random(seed)


@dataclass(frozen=True, slots=True)
class BuildingDamage:
    position: int
    building: BuildingType
    level_before: int
    level_after: int


@dataclass(frozen=True, slots=True)
class BattleResult:
    winner: Literal["attacker", "defender"]
    mode: Literal["attack", "raid", "scout"]
    attacker_losses: dict[int, int]
    attacker_survivors: dict[int, int]
    defender_losses: list[dict[int, int]]  # one per defending army, same order
    defender_survivors: list[dict[int, int]]
    attacker_loss_fraction: float
    defender_loss_fraction: float
    wall_before: int
    wall_after: int
    buildings_damaged: tuple[BuildingDamage, ...]
    loot: Resources
    carry_capacity: int
    attacker_hero_health: int | None
    defender_hero_health: list[int | None]
    offence: float  # after morale
    defence: float
    morale: float
    immensity: float  # loss exponent K
