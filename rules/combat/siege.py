"""Catapult target choice (official help rules; the reference has none).

Rally point level of the attacker decides what may be aimed at:
- below 3: random only;
- 3: warehouses and granaries (great ones too);
- 5: also resource fields and the five bonus buildings;
- 10: every building except cranny, stonemason and trapper;
- 20 (with at least 20 catapults): two targets.
The wall is never a catapult target (rams handle it).  An aimed type hits its highest
level instance (lowest position on ties); a target that is not allowed or not present
becomes random.  Random = uniform over occupied positions (level > 0, wall excluded),
drawn from ``random.Random(seed)``, so a battle is reproducible from its seed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from rules.travian.buildings import BONUS_BUILDINGS, FIELD_TYPES, WALL_SLOT, WALL_TYPES
from rules.travian.ids import BuildingType

B = BuildingType
STORAGE = frozenset({B.WAREHOUSE, B.GRANARY, B.GREAT_WAREHOUSE, B.GREAT_GRANARY})
PRODUCTION = frozenset(FIELD_TYPES) | frozenset(BONUS_BUILDINGS)
NEVER_AIMED = frozenset({B.CRANNY, B.STONEMASON, B.TRAPPER}) | WALL_TYPES
TWO_TARGETS_RALLY_POINT = 20
TWO_TARGETS_MIN_CATAPULTS = 20


def aimable(rally_point_level: int) -> frozenset[BuildingType] | None:
    """Building types the attacker may aim at; None = everything but ``NEVER_AIMED``."""
    if rally_point_level >= 10:
        return None
    if rally_point_level >= 5:
        return STORAGE | PRODUCTION
    if rally_point_level >= 3:
        return STORAGE
    return frozenset()


def target_count(rally_point_level: int, catapults: int, requested: int) -> int:
    """Two targets only at rally point 20, with 20+ catapults, when two are requested."""
    if (
        rally_point_level >= TWO_TARGETS_RALLY_POINT
        and catapults >= TWO_TARGETS_MIN_CATAPULTS
        and requested >= 2
    ):
        return 2
    return 1


def _allowed(building: BuildingType, rally_point_level: int) -> bool:
    if building in NEVER_AIMED:
        return False
    allowed = aimable(rally_point_level)
    return allowed is None or building in allowed


def choose_target(
    requested: BuildingType | None,
    buildings: Mapping[int, tuple[BuildingType, int]],
    rally_point_level: int,
    rng: random.Random,
) -> int | None:
    """Position hit by one catapult wave, or None when there is nothing to hit."""
    if requested is not None and _allowed(requested, rally_point_level):
        candidates = [(-lvl, pos) for pos, (b, lvl) in buildings.items() if b == requested and lvl]
        if candidates:
            return min(candidates)[1]
    pool = sorted(
        pos for pos, (b, lvl) in buildings.items()
        if lvl > 0 and pos != WALL_SLOT and b not in WALL_TYPES
    )  # fmt: skip
    if not pool:
        return None
    return rng.choice(pool)
