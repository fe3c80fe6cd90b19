"""Map distance and travel times.

Map: 801 x 801 fields, x and y in -400..400, wrapping at the edges (TravianZ rule).
Travel time (hours) = distance / speed of the slowest unit; with a tournament square the
first 20 fields go at normal speed and the rest at ``speed * (1 + bonus)``.  Bonus per
level: 20 % (current Travian Legends help; the reference model's T3 value is 10 %, pass
``bonus_per_level_percent=10`` for it).  World speed divides the time.  Result: whole
seconds, rounded half up, at least 1 for any non-zero distance.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from rules.travian._data import load
from rules.travian.errors import RuleError
from rules.travian.ids import Tribe
from rules.travian.rounding import Number, as_speed, js_round
from rules.travian.tribes import tribe_traits
from rules.travian.units import unit_spec

_TRAVEL = load("misc.json")["travel"]
MAP_MIN: int = _TRAVEL["map"]["min"]
MAP_MAX: int = _TRAVEL["map"]["max"]
MAP_SIZE: int = _TRAVEL["map"]["size"]
TOURNAMENT_THRESHOLD_FIELDS: int = _TRAVEL["tournament_square_threshold_fields"]
TOURNAMENT_BONUS_PERCENT_PER_LEVEL = 20  # current Legends; reference model: 10
HERO_SPEED_ON_FOOT: int = _TRAVEL["hero_speed_on_foot"]


def _check(coordinate: int) -> int:
    if isinstance(coordinate, bool) or not isinstance(coordinate, int):
        raise RuleError("INVALID_INPUT", f"coordinates are integers, got {coordinate!r}")
    if not MAP_MIN <= coordinate <= MAP_MAX:
        raise RuleError("INVALID_INPUT", f"coordinates are {MAP_MIN}..{MAP_MAX}")
    return coordinate


def _wrapped(a: int, b: int) -> int:
    delta = abs(_check(a) - _check(b))
    return min(delta, MAP_SIZE - delta)


def distance(x1: int, y1: int, x2: int, y2: int) -> float:
    """Euclidean distance on the wrapping map, in fields."""
    return math.hypot(_wrapped(x1, x2), _wrapped(y1, y2))


def travel_time_s(
    fields: float,
    unit_speed: float,
    *,
    tournament_square_level: int = 0,
    speed: Number = 1,
    bonus_per_level_percent: int = TOURNAMENT_BONUS_PERCENT_PER_LEVEL,
) -> int:
    """Seconds to cover ``fields`` at ``unit_speed`` fields/hour (0 for distance 0)."""
    if unit_speed <= 0:
        raise RuleError("INVALID_INPUT", "unit speed must be positive")
    if fields < 0:
        raise RuleError("INVALID_INPUT", "distance must be >= 0")
    if fields == 0:
        return 0
    hours = fields / unit_speed
    if tournament_square_level > 0 and fields > TOURNAMENT_THRESHOLD_FIELDS:
        bonus = 1 + bonus_per_level_percent * tournament_square_level / 100
        rest = fields - TOURNAMENT_THRESHOLD_FIELDS
        hours = TOURNAMENT_THRESHOLD_FIELDS / unit_speed + rest / (unit_speed * bonus)
    return max(1, js_round(hours * 3600 / float(as_speed(speed))))


def slowest_speed(units: Mapping[int, int], hero_speed: int | None = None) -> int:
    """Speed of an army: its slowest unit (and the hero, if it travels along)."""
    speeds = [unit_spec(u).speed for u, n in units.items() if n > 0]
    if hero_speed is not None:
        speeds.append(hero_speed)
    if not speeds:
        raise RuleError("INVALID_INPUT", "an empty army does not move")
    return min(speeds)


def army_travel_time_s(
    origin: tuple[int, int],
    target: tuple[int, int],
    units: Mapping[int, int],
    *,
    hero_speed: int | None = None,
    tournament_square_level: int = 0,
    speed: Number = 1,
) -> int:
    """Seconds for an army to go from ``origin`` to ``target`` (x, y)."""
    return travel_time_s(
        distance(*origin, *target),
        slowest_speed(units, hero_speed),
        tournament_square_level=tournament_square_level,
        speed=speed,
    )


def merchant_travel_time_s(
    tribe: Tribe, origin: tuple[int, int], target: tuple[int, int], speed: Number = 1
) -> int:
    """Seconds for a merchant of ``tribe`` (the tournament square does not help merchants)."""
    return travel_time_s(
        distance(*origin, *target), tribe_traits(tribe).merchant_speed, speed=speed
    )
