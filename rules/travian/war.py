"""Rules of sending troops (RULES.md sections 1.9, 5, 6, 17, 19): what may be sent where,
the call-back window, beginner's protection and loyalty regeneration. Pure: no I/O, no
clock (instants are epoch seconds passed in)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

from rules.combat.siege import NEVER_AIMED, aimable
from rules.travian._data import load
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType, Tribe, UnitType, unit_tribe
from rules.travian.rounding import Number, as_speed
from rules.travian.units import unit_spec

Mission = Literal["attack", "raid", "scout", "reinforce"]
HOSTILE: frozenset[str] = frozenset({"attack", "raid", "scout"})
RECALL_WINDOW_S: int = load("movement.json")["cancel"]["window_s"]
BEGINNER_PROTECTION_HOURS = 24 * load("village_start.json")["beginners_protection"][
    "legends_1x"]["days"]
MAX_CATAPULT_TARGETS = 2
LOYALTY_MAX = 100


def check_army(tribe: Tribe, units: Mapping[int, int], mission: Mission,
               hero: bool = False) -> None:
    """The army a player may send on ``mission`` (INVALID_INPUT / SCOUTS_ONLY); with
    ``hero`` the hero goes along, and may go alone (not scouting)."""
    if (not units and not hero) or any(n <= 0 for n in units.values()):
        raise RuleError("INVALID_INPUT", "send at least one unit; counts are >= 1")
    for unit in units:
        if unit_tribe(unit) != tribe:
            raise RuleError("INVALID_INPUT", f"unit {unit} is not of the village's tribe")
    scouts = all(unit_spec(u).role == "scout" for u in units)
    if mission == "scout" and not scouts:
        raise RuleError("SCOUTS_ONLY", "a scouting mission sends scouts only")


def check_catapult_targets(targets: list[BuildingType], units: Mapping[int, int],
                           mission: Mission, rally_point_level: int) -> None:
    """Targets need catapults in a normal attack, and the rally point level of section 1.9."""
    if not targets:
        return
    if len(targets) > MAX_CATAPULT_TARGETS:
        raise RuleError("INVALID_INPUT", f"at most {MAX_CATAPULT_TARGETS} catapult targets")
    if mission != "attack" or not any(unit_spec(u).role == "catapult" for u in units):
        raise RuleError("CATAPULT_TARGET_NOT_ALLOWED",
                        "catapult targets need catapults in a normal attack")
    allowed = aimable(rally_point_level)
    for target in targets:
        if target in NEVER_AIMED or (allowed is not None and target not in allowed):
            raise RuleError("CATAPULT_TARGET_NOT_ALLOWED",
                            f"rally point level {rally_point_level} cannot aim at "
                            f"{target.name.lower()}")


def protection_ends_at(started_at: int, hours: float, speed: Number,
                       ended_early_at: int | None = None) -> int:
    """When an account's beginner's protection ends: ``hours`` / world speed after its
    first village, or earlier when its owner attacked someone."""
    end = started_at + math.ceil(hours * 3600 / float(as_speed(speed)))
    return min(end, ended_early_at) if ended_early_at is not None else end


def recallable_until(sent_at: int, arrives_at: int) -> int:
    """A movement may be called back within the window, and only before it arrives."""
    return min(sent_at + RECALL_WINDOW_S, arrives_at - 1)


def loyalty_now(loyalty: int, since: int, now: int, residence_level: int, speed: Number) -> int:
    """Loyalty regenerates by the residence/palace level per hour (x world speed), up to 100."""
    if now <= since or residence_level <= 0:
        return min(loyalty, LOYALTY_MAX)
    gained = math.floor(residence_level * (now - since) * float(as_speed(speed)) / 3600)
    return min(LOYALTY_MAX, loyalty + gained)


def administrators(units: Mapping[int, int]) -> dict[UnitType, int]:
    return {UnitType(u): n for u, n in units.items()
            if n and unit_spec(u).loyalty_reduction is not None}
