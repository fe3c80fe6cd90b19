"""The combat formulas of RULES.md section 1, each one small and in the reference's order
of float operations (JavaScript doubles are Python floats)."""

from __future__ import annotations

import math
from fractions import Fraction

from rules.travian.ids import Tribe
from rules.travian.rounding import round_to
from rules.travian.tribes import tribe_traits

BASE_VILLAGE_DEFENSE = 10
LONE_ATTACKER_THRESHOLD = 84.5
MORALE_MIN = 0.667
CATAPULT_MORALE_MIN = 1 / 3
SCOUT_LOSS_EXPONENT = 1.5


def upgraded_stat(stat: float, upkeep: int, level: int) -> float:
    """T4 smithy formula: round4(x + (x + 300u/7)(1.007^S - 1) + 0.0021u), u = upkeep/1.007."""
    u = upkeep / 1.007
    return round_to(stat + (stat + 300 * u / 7) * (1.007**level - 1) + u * 0.0021, 1e-4)


def wall_multiplier(tribe: Tribe | None, level: int) -> float:
    """Defence multiplier of the village owner's wall: 1 + (round3(base^L) - 1)."""
    if tribe is None or level <= 0:
        return 1.0
    base = tribe_traits(tribe).wall_multiplier_base
    return 1 + (round_to(base**level, 1e-3) - 1)


def wall_flat_defense(tribe: Tribe | None, level: int) -> int:
    """Flat defence of the wall (T4 model): 10/6/8 per level for Romans/Teutons/Gauls."""
    if tribe is None or level <= 0:
        return 0
    return tribe_traits(tribe).wall_flat_defense_per_level * level


def residence_defense(level: int) -> int:
    """Residence or palace: 2 * L^2 defence, added before the wall multiplier."""
    return 2 * level * level


def morale(pop_attacker: int, pop_defender: int, points_ratio: float = 1.0) -> float:
    """Population morale applied to the attacker's offence (1 unless the attacker is bigger)."""
    if pop_attacker <= pop_defender:
        return 1.0
    pop_ratio = pop_attacker / max(pop_defender, 3)
    return max(MORALE_MIN, round_to(pop_ratio ** (-0.2 * min(points_ratio, 1)), 1e-3))


def catapult_morale(pop_attacker: int, pop_defender: int) -> float:
    """clamp((popA/popD)^-0.3, 1/3, 1)."""
    if pop_attacker <= pop_defender:
        return 1.0
    if pop_defender <= 0:
        return CATAPULT_MORALE_MIN
    return min(1.0, max(CATAPULT_MORALE_MIN, (pop_attacker / pop_defender) ** -0.3))


def immensity(total_units: int) -> float:
    """Loss exponent K = round_to(clamp(2 (1.8592 - N^0.015), 1.2578, 1.5), 0.0002)."""
    return round_to(min(1.5, max(1.2578, 3.7184 - 2 * total_units**0.015)), 0.0002)


def sigma(ratio: float) -> float:
    """Siege efficiency of a points ratio: R^1.5/2 up to 1, then (2 - R^-1.5)/2."""
    return (2 - ratio**-1.5 if ratio > 1 else ratio**1.5) / 2


def siege_upgrade(level: int) -> float:
    """Siege weapon upgrade factor round_to(1.0205^S, 0.005)."""
    return round_to(1.0205**level, 0.005)


def stonemason_factor(level: int) -> Fraction:
    """Building durability in the defender's capital: 1 + 0.1 per stonemason level."""
    return Fraction(10 + level, 10)


def demolish_points(
    machines: Fraction,
    upgrade_level: int,
    durability: Fraction,
    ratio: float,
    machine_morale: float = 1.0,
) -> float:
    """P = 4 * sigma(R) * floor(machines / durability) * morale * upgrade."""
    effective = math.floor(machines / durability) * machine_morale
    return 4 * sigma(ratio) * effective * siege_upgrade(upgrade_level)


def demolish(level: int, points: float) -> int:
    """Level after ``points`` of damage: 0.5 is lost, then each level costs its number."""
    damage = points - 0.5
    if damage < 0:
        return level
    while damage >= level and level:
        damage -= level
        level -= 1
    return level
