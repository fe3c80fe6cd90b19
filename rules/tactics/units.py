"""Unit definitions: the stats the rules play with, and the rows the migration seeds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class UnitDef:
    """Stats of one unit type; ranges are measured with the map's range metric."""

    id: int
    code: str
    is_ranged: bool
    attack: int
    defence: int
    range_min: int
    range_max: int
    move_points: int
    health: int

    def in_range(self, distance: int) -> bool:
        """True when a target at ``distance`` can be hit by this unit type."""
        return self.range_min <= distance <= self.range_max

    def to_dict(self) -> dict[str, Any]:
        """The seed's row, field for field (what the migration stores)."""
        return {
            "id": self.id,
            "code": self.code,
            "isRanged": self.is_ranged,
            "attack": self.attack,
            "defence": self.defence,
            "rangeMin": self.range_min,
            "rangeMax": self.range_max,
            "movePoints": self.move_points,
            "health": self.health,
        }


# Warrior: melee, hits adjacent tiles only.
# Slinger: ranged, hits at distance exactly 2 and cannot strike an adjacent unit, so it
# needs an escort, and a warrior that reaches it is never answered (out of its range).
WARRIOR = UnitDef(
    1, "warrior", False, attack=10, defence=8, range_min=1, range_max=1, move_points=2, health=20
)
SLINGER = UnitDef(
    2, "slinger", True, attack=8, defence=5, range_min=2, range_max=2, move_points=2, health=15
)

UNIT_DEFS: dict[str, UnitDef] = {WARRIOR.code: WARRIOR, SLINGER.code: SLINGER}

# What a city spends to produce a unit: (unit code, resource, threshold), in the order
# a city prefers them when both thresholds are met and stocks are equal.
PRODUCTION_COSTS: tuple[tuple[str, str, int], ...] = (
    ("warrior", "iron", 10),
    ("slinger", "stone", 10),
)


def unit_definitions() -> list[dict[str, Any]]:
    """All definitions as seed rows, ordered by id."""
    return [d.to_dict() for d in sorted(UNIT_DEFS.values(), key=lambda d: d.id)]
