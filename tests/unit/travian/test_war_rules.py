"""Pure rules of the war (rules/travian/war.py) and hosted reinforcements in settling:
they eat from the host and starve first, the largest army first (RULES.md section 19)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.travian import village as v
from rules.travian import war
from rules.travian.buildings import FIELD_LAYOUT_4446
from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources

R = SUBUNITS


def host(**changes) -> v.VillageState:
    return replace(v.new_village(Tribe.TEUTONS, False, FIELD_LAYOUT_4446, 0), **changes)


def test_guests_eat_from_the_host() -> None:
    alone = host()
    hosting = host(guests={"m1": {U.PHALANX: 10}, "m2": {U.EQUITES_IMPERATORIS: 2}})
    assert v.consumption(hosting) == v.consumption(alone) + 10 * 1 + 2 * 3


def test_guests_starve_before_home_troops_largest_army_first() -> None:
    # Empty granary, 18 crop/h, population 2: home 5 clubswingers, guests 30 and 20 phalanx.
    state = host(stock=Resources(0, 0, 0, 0), units={U.CLUBSWINGER: 5},
                 guests={"a": {U.PHALANX: 20}, "b": {U.PHALANX: 30}})
    settled, done = v.settle(state, 0, 1)
    assert done[0].kind == "starvation"
    assert settled.units == {U.CLUBSWINGER: 5}  # home troops untouched
    assert settled.guests["a"] == {U.PHALANX: 20}
    assert settled.guests["b"][U.PHALANX] < 30  # the largest army starves first


def test_without_home_units_guests_still_starve() -> None:
    state = host(stock=Resources(0, 0, 0, 0), guests={"a": {U.PHALANX: 40}})
    settled, done = v.settle(state, 100, 1)
    assert done and settled.guests["a"][U.PHALANX] < 40


@given(st.integers(0, 5_000), st.integers(1, 60), st.integers(1, 60))
def test_settling_with_guests_in_two_steps_equals_one(t: int, g1: int, g2: int) -> None:
    state = host(stock=Resources(100 * R, 100 * R, 100 * R, 30 * R),
                 units={U.CLUBSWINGER: 3}, guests={"a": {U.PHALANX: g1}, "b": {U.SPEARFIGHTER: g2}})
    once, _ = v.settle(state, 2 * t, 1)
    half, _ = v.settle(state, t, 1)
    twice, _ = v.settle(half, 2 * t, 1)
    assert once == twice


def test_armies_and_missions() -> None:
    war.check_army(Tribe.ROMANS, {U.LEGIONNAIRE: 5}, "attack")
    with pytest.raises(RuleError) as err:
        war.check_army(Tribe.ROMANS, {U.LEGIONNAIRE: 5, U.EQUITES_LEGATI: 1}, "scout")
    assert err.value.code == "SCOUTS_ONLY"
    war.check_army(Tribe.ROMANS, {U.EQUITES_LEGATI: 1}, "scout")
    with pytest.raises(RuleError):
        war.check_army(Tribe.ROMANS, {U.CLUBSWINGER: 5}, "raid")  # not the village's tribe
    with pytest.raises(RuleError):
        war.check_army(Tribe.ROMANS, {}, "raid")
    war.check_army(Tribe.ROMANS, {}, "raid", hero=True)  # the hero may go alone
    with pytest.raises(RuleError):
        war.check_army(Tribe.ROMANS, {U.LEGIONNAIRE: 0}, "raid", hero=True)


def test_catapult_targets_by_rally_point_level() -> None:
    army = {U.LEGIONNAIRE: 10, U.FIRE_CATAPULT: 5}
    war.check_catapult_targets([B.WAREHOUSE], army, "attack", 3)
    war.check_catapult_targets([B.MAIN_BUILDING], army, "attack", 10)
    for targets, units, mission, level in (
            ([B.MAIN_BUILDING], army, "attack", 5),  # rally point 5: storage and production
            ([B.WAREHOUSE], army, "attack", 1),  # rally point 1: random only
            ([B.CRANNY], army, "attack", 20),  # never aimed at
            ([B.WAREHOUSE], army, "raid", 20),  # normal attacks only
            ([B.WAREHOUSE], {U.LEGIONNAIRE: 10}, "attack", 20)):  # no catapults
        with pytest.raises(RuleError) as err:
            war.check_catapult_targets(targets, units, mission, level)
        assert err.value.code == "CATAPULT_TARGET_NOT_ALLOWED"


def test_beginners_protection_scales_with_speed_and_ends_early() -> None:
    assert war.BEGINNER_PROTECTION_HOURS == 120
    assert war.protection_ends_at(1000, 120, 1) == 1000 + 120 * 3600
    assert war.protection_ends_at(1000, 120, 1000) == 1000 + 432
    assert war.protection_ends_at(1000, 120, 1, ended_early_at=5000) == 5000


def test_recall_window_and_loyalty_regeneration() -> None:
    assert war.recallable_until(100, 1000) == 190
    assert war.recallable_until(100, 150) == 149
    assert war.loyalty_now(40, 0, 3600, 10, 1) == 50
    assert war.loyalty_now(95, 0, 7200, 10, 1) == 100
    assert war.loyalty_now(40, 0, 3600, 0, 1) == 40  # no residence/palace: none
    assert war.loyalty_now(40, 0, 36, 10, 100) == 50  # world speed
