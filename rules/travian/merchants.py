"""Merchants: how many a village has, what they carry, how long a trip takes.

Reference (misc.json ``merchants``, RULES.md §18): one merchant per marketplace level;
capacity per merchant Romans 500, Teutons 1000, Gauls 750, times
``1 + p * trade office level`` with p = 20 % for Romans and 10 % for the others (the
recommended value); speed Romans 16, Teutons 12, Gauls 24 fields/h, which the trade
office and the tournament square do not change.  A trip goes one way on the wrapping map
and the merchants walk back as long; the time is divided by ``GAME_SPEED``.  Merchants
needed = ``ceil(total / capacity)`` (TravianZ).  What arrives is added to the target's
stock at the arrival instant, capped by its storage (``settle``: ``VillageState.arrivals``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS
from rules.travian.ids import BuildingType, Tribe
from rules.travian.movement import merchant_travel_time_s
from rules.travian.resources import Resources
from rules.travian.rounding import Number
from rules.travian.tribes import merchant_capacity, merchants_available, merchants_needed
from rules.travian.village_model import VillageState, highest_level


@dataclass(frozen=True, slots=True)
class Trip:
    """One load of resources: when it arrives and when its merchants are home again."""

    merchants: int
    resources: Resources  # whole resources
    sent_at: int
    arrives_at: int
    returns_at: int


def merchant_count(marketplace_level: int) -> int:
    """Merchants of a village: one per marketplace level."""
    return merchants_available(marketplace_level)


def capacity(tribe: Tribe, trade_office_level: int = 0) -> int:
    """Resources one merchant carries (trade office included)."""
    return merchant_capacity(tribe, trade_office_level)


def busy(trips: Iterable[Trip], now: int) -> int:
    """Merchants not at home at ``now`` (on the way or walking back)."""
    return sum(t.merchants for t in trips if t.sent_at <= now < t.returns_at)


def plan(
    state: VillageState, origin: tuple[int, int], target: tuple[int, int],
    resources: Resources, now: int, speed: Number, *, away: int = 0,
) -> tuple[VillageState, Trip]:  # fmt: skip
    """Send ``resources`` (whole) from a village settled to ``now``: the stock drops at once.

    ``away``: this village's merchants not at home now (``busy``).  Errors: INVALID_INPUT
    (nothing or a negative amount, same square), BUILDING_REQUIRED (no marketplace),
    NOT_ENOUGH_MERCHANTS, INSUFFICIENT_RESOURCES.
    """
    if state.at != now:
        raise RuleError("INVALID_INPUT", f"settle the village to {now} first (at {state.at})")
    if any(v < 0 for v in resources.as_tuple()) or resources.total() == 0:
        raise RuleError("INVALID_INPUT", "send a positive amount of at least one resource")
    if origin == target:
        raise RuleError("INVALID_INPUT", "merchants go to another square")
    market = highest_level(state, BuildingType.MARKETPLACE)
    if market < 1:
        raise RuleError("BUILDING_REQUIRED", "sending resources needs a marketplace")
    office = highest_level(state, BuildingType.TRADE_OFFICE)
    needed = merchants_needed(state.tribe, resources.total(), office)
    free = merchant_count(market) - away
    if needed > free:
        raise RuleError("NOT_ENOUGH_MERCHANTS",
                        f"{needed} merchants needed, {max(free, 0)} at home")  # fmt: skip
    price = resources.times(SUBUNITS)
    if not state.stock.covers(price):
        raise RuleError("INSUFFICIENT_RESOURCES", f"needs {resources.as_dict()}")
    one_way = merchant_travel_time_s(state.tribe, origin, target, speed)
    trip = Trip(merchants=needed, resources=resources, sent_at=now, arrives_at=now + one_way,
                returns_at=now + 2 * one_way)
    return replace(state, stock=state.stock - price), trip
