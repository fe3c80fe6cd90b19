"""Culture points, celebrations and loyalty (conquest by senators/chiefs/chieftains)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from rules.travian._data import load
from rules.travian.buildings import building_effects
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType, UnitType
from rules.travian.resources import Resources
from rules.travian.rounding import Number, as_speed, js_round, round_half_up, round_to, seconds
from rules.travian.units import unit_spec

_CULTURE = load("culture.json")
_CP_TABLE = {row["village_number"]: row["cp_required"] for row in _CULTURE["villages"]}
LOYALTY_MAX: int = load("misc.json")["loyalty"]["max"]
CELEBRATION_ADMIN_BONUS = 5
SETTLERS_PER_VILLAGE = 3  # one expansion = three settlers (or one administrator's conquest)


def cp_required(village_number: int, speed: Number = 1) -> int:
    """Culture points an account needs to own ``village_number`` villages.

    Speed 1: the reference table (``round_to(1600 * n^2.3, 1000)``, n = villages owned
    before).  Other speeds extend the reference's 3x rule ``round_to(1600/3 * n^2.3, 100)``
    to ``round_to(1600/speed * n^2.3, 100)``.
    """
    if village_number < 1:
        raise RuleError("INVALID_INPUT", "village numbers start at 1")
    if village_number == 1:
        return int(_CULTURE["first_village_cp"])
    owned = village_number - 1
    value = as_speed(speed)
    if value == 1:
        if village_number in _CP_TABLE:
            return _CP_TABLE[village_number]
        return int(round_to(1600 * owned**2.3, 1000))
    return int(round_to(1600 / float(value) * owned**2.3, 100))


@dataclass(frozen=True, slots=True)
class Celebration:
    """Town hall celebration (values from TravianZ, as the reference notes)."""

    kind: str  # 'small' | 'great'
    cost: Resources
    culture_points: int
    base_duration_s: int  # at town hall level 1, speed 1
    min_town_hall_level: int


CELEBRATIONS = {
    "small": Celebration("small", Resources(6400, 6650, 5940, 1340), 500, 24 * 3600, 1),
    "great": Celebration("great", Resources(29700, 33250, 32000, 6700), 2000, 60 * 3600, 10),
}


def celebration_duration_s(kind: str, town_hall_level: int, speed: Number = 1) -> int:
    """Seconds a celebration lasts: base * 0.964^(TH-1) / speed (the town hall's factor)."""
    if kind not in CELEBRATIONS:
        raise RuleError("INVALID_INPUT", f"celebrations are {sorted(CELEBRATIONS)}")
    celebration = CELEBRATIONS[kind]
    if town_hall_level < celebration.min_town_hall_level:
        raise RuleError("BUILDING_REQUIRED", f"a {kind} celebration needs a higher town hall")
    factor = Fraction(964, 1000) ** (town_hall_level - 1)
    return seconds(celebration.base_duration_s * factor / as_speed(speed))


def expansion_slots(residence_level: int = 0, palace_level: int = 0) -> int:
    """Villages a village may found or conquer: residence 1 at L10, 2 at L20; palace
    1/2/3 at L10/15/20 (building effect ``expansion_slots``)."""
    slots = 0
    for building, level in ((BuildingType.RESIDENCE, residence_level),
                            (BuildingType.PALACE, palace_level)):  # fmt: skip
        if level > 0:
            slots = max(slots, building_effects(building, level)["expansion_slots"])
    return slots


def loyalty_population_factor(pop_attacker: int, pop_defender: int) -> float:
    """``clamp(round3((popD/popA)^0.2), 0.667, 1)``: a bigger attacker lowers less."""
    if pop_attacker <= 0:
        return 1.0
    ratio = max(pop_defender, 0) / pop_attacker
    return min(1.0, max(0.667, js_round(ratio**0.2 * 1000) / 1000))


def loyalty_reduction(
    administrators: int,
    unit: UnitType,
    pop_attacker: int,
    pop_defender: int,
    rng: random.Random,
    *,
    attacker_great_celebration: bool = False,
    defender_great_celebration: bool = False,
    brewery_celebration: bool = False,
) -> int:
    """Loyalty points lost to ``administrators`` surviving senators/chiefs/chieftains.

    Each one rolls a whole number in the unit's range (senator 20..30, chief and
    chieftain 20..25) with ``rng`` (pass ``random.Random(seed)``), then +5 with an
    attacker's great celebration, -5 with the defender's, times the population factor,
    halved by an active brewery celebration.  The sum is rounded half up.
    """
    spec = unit_spec(unit)
    if spec.loyalty_reduction is None:
        raise RuleError("INVALID_INPUT", f"{spec.name} does not lower loyalty")
    low, high = spec.loyalty_reduction
    factor = Fraction(str(loyalty_population_factor(pop_attacker, pop_defender)))
    adjust = CELEBRATION_ADMIN_BONUS * (int(attacker_great_celebration) -
                                        int(defender_great_celebration))  # fmt: skip
    total = Fraction(0)
    for _ in range(max(administrators, 0)):
        roll = rng.randint(low, high)
        total += max(roll + adjust, 0) * factor
    if brewery_celebration:
        total /= 2
    return round_half_up(total)


def loyalty_after(loyalty: int, reduction: int) -> int:
    """New loyalty (may reach 0 or below: the village is conquered, see :func:`is_conquered`)."""
    return loyalty - reduction


def is_conquered(loyalty: int) -> bool:
    return loyalty <= 0


def loyalty_regeneration_per_hour(residence_or_palace_level: int) -> int:
    """Loyalty regained per hour: the residence/palace level (reference help text)."""
    return max(0, residence_or_palace_level)
