"""Player actions on the village model: every rule and error code of issue 9 items 5-6."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rules.travian import village as v
from rules.travian.buildings import FIELD_LAYOUT_4446, build_time_s, building_cost
from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources
from rules.travian.units import training_time_s

R = SUBUNITS
FACTS = v.AccountFacts()
RICH = Resources.uniform(1_000_000 * R)


def village(tribe: Tribe = Tribe.TEUTONS, capital: bool = False, **changes) -> v.VillageState:
    return replace(v.new_village(tribe, capital, FIELD_LAYOUT_4446, 0), **changes)


def with_buildings(state: v.VillageState, **placed: tuple[int, int]) -> v.VillageState:
    """``placed``: building name -> (position, level)."""
    layout = dict(state.buildings)
    for name, (position, level) in placed.items():
        layout[position] = (B[name.upper()], level)
    return replace(state, buildings=layout)


def code_of(call) -> str:
    with pytest.raises(RuleError) as caught:
        call()
    return caught.value.code


def up(state, position, building, now=0, **kw):
    return v.upgrade(state, position, building, now, 1, job_id="j", account=FACTS, **kw)


# --- new village ------------------------------------------------------------------------------
def test_new_capital_starts_as_the_reference_says() -> None:
    state = v.new_village(Tribe.GAULS, True, FIELD_LAYOUT_4446, 1234)
    assert state.stock == Resources.uniform(750 * R) and state.at == 1234
    assert state.buildings[26] == (B.MAIN_BUILDING, 1)
    assert all(state.buildings[p] == (FIELD_LAYOUT_4446[p - 1], 0) for p in range(1, 19))
    assert v.capacity(state) == (800, 800) and v.population(state) == 2
    assert state.culture == 500 * v.CP_SUBUNITS  # the account's T4.4 starting credit
    assert v.new_village(Tribe.GAULS, False, FIELD_LAYOUT_4446, 0).culture == 0


# --- buildings --------------------------------------------------------------------------------
def test_upgrade_spends_exactly_the_cost_and_is_due_after_the_build_time() -> None:
    state = village()
    after, job = up(state, 1, B.WOODCUTTER, now=0)
    assert state.stock - after.stock == building_cost(B.WOODCUTTER, 1).times(R)
    assert job.due == build_time_s(B.WOODCUTTER, 1, 1, 1) and job.paid == Resources(40, 100, 50, 60)
    assert (job.level, job.seq, after.next_seq) == (1, 1, 2)


def test_main_building_factor_and_speed_shorten_the_build() -> None:
    state = with_buildings(village(stock=RICH), main_building=(26, 5))
    _, job = v.upgrade(state, 1, B.WOODCUTTER, 0, 10, job_id="j", account=FACTS)
    # 260 s * 0.964^4 / 10 = 22.45... -> 22 s
    assert job.due == 22


def test_one_construction_at_a_time_for_teutons_and_gauls() -> None:
    after, _ = up(village(), 1, B.WOODCUTTER)
    assert code_of(lambda: up(after, 2, B.CROPLAND)) == "QUEUE_FULL"
    assert code_of(lambda: up(after, 26, B.MAIN_BUILDING)) == "QUEUE_FULL"


def test_romans_build_one_field_and_one_inner_building_at_once() -> None:
    state = village(Tribe.ROMANS, stock=RICH)
    state, _ = up(state, 1, B.WOODCUTTER)
    state, _ = up(state, 26, B.MAIN_BUILDING)
    assert code_of(lambda: up(state, 2, B.CROPLAND)) == "QUEUE_FULL"
    assert code_of(lambda: up(state, 39, B.RALLY_POINT)) == "QUEUE_FULL"


def test_insufficient_resources() -> None:
    poor = village(stock=Resources(39 * R, 10**9, 10**9, 10**9))
    assert code_of(lambda: up(poor, 1, B.WOODCUTTER)) == "INSUFFICIENT_RESOURCES"


def test_position_rules() -> None:
    state = village(stock=RICH)
    assert code_of(lambda: up(state, 0, B.WOODCUTTER)) == "INVALID_POSITION"
    assert code_of(lambda: up(state, 19, B.WOODCUTTER)) == "INVALID_POSITION"
    assert code_of(lambda: up(state, 5, B.WAREHOUSE)) == "INVALID_POSITION"
    assert code_of(lambda: up(state, 2, B.WOODCUTTER)) == "POSITION_OCCUPIED"  # a cropland
    built = with_buildings(state, warehouse=(19, 1))
    assert code_of(lambda: up(built, 19, B.GRANARY)) == "POSITION_OCCUPIED"


def test_fields_above_10_only_in_the_capital() -> None:
    normal = with_buildings(village(stock=RICH), woodcutter=(1, 10))
    assert code_of(lambda: up(normal, 1, B.WOODCUTTER)) == "MAX_LEVEL_REACHED"
    capital = replace(normal, is_capital=True)
    assert up(capital, 1, B.WOODCUTTER)[1].level == 11


def test_a_level_under_way_counts_as_the_position_level() -> None:
    # Woodcutter 9 -> 10 under way: the next order is level 11, refused before the queue.
    state = with_buildings(village(stock=RICH), woodcutter=(1, 9))
    state, job = up(state, 1, B.WOODCUTTER)
    assert job.level == 10
    assert code_of(lambda: up(state, 1, B.WOODCUTTER)) == "MAX_LEVEL_REACHED"
    # A Roman's inner lane is free, but position 19 already holds a queued warehouse.
    roman = village(Tribe.ROMANS, stock=RICH)
    roman, _ = up(roman, 19, B.WAREHOUSE)
    assert code_of(lambda: up(roman, 19, B.GRANARY)) == "POSITION_OCCUPIED"


def test_prerequisites_tribe_and_capital_rules() -> None:
    state = village(stock=RICH)
    assert code_of(lambda: up(state, 19, B.BARRACKS)) == "PREREQUISITES_NOT_MET"
    ready = with_buildings(state, main_building=(26, 3), rally_point=(39, 1))
    assert up(ready, 19, B.BARRACKS)[1].level == 1
    assert code_of(lambda: up(state, 40, B.CITY_WALL)) == "BUILDING_NOT_AVAILABLE"  # Romans'
    assert up(state, 40, B.EARTH_WALL)[1].level == 1
    gb = with_buildings(state, barracks=(19, 20), main_building=(26, 3), rally_point=(39, 1))
    assert code_of(lambda: up(replace(gb, is_capital=True), 20, B.GREAT_BARRACKS)) == (
        "BUILDING_NOT_AVAILABLE"
    )
    assert up(gb, 20, B.GREAT_BARRACKS)[1].level == 1
    assert code_of(lambda: up(state, 20, B.WATER_DITCH)) == "BUILDING_NOT_AVAILABLE"


def test_palace_once_per_account_and_warehouse_twice_only_at_max() -> None:
    state = with_buildings(village(stock=RICH), main_building=(26, 5), embassy=(21, 1))
    facts = v.AccountFacts(has_palace_elsewhere=True)
    assert code_of(lambda: v.upgrade(state, 20, B.PALACE, 0, 1, job_id="p",
                                     account=facts)) == "BUILDING_NOT_AVAILABLE"  # fmt: skip
    one = with_buildings(state, warehouse=(19, 5))
    assert code_of(lambda: up(one, 20, B.WAREHOUSE)) == "PREREQUISITES_NOT_MET"
    assert up(with_buildings(state, warehouse=(19, 20)), 20, B.WAREHOUSE)[1].level == 1
    assert code_of(lambda: up(with_buildings(state, marketplace=(19, 1)), 20,
                              B.MARKETPLACE)) == "BUILDING_NOT_AVAILABLE"  # fmt: skip


def test_actions_need_a_settled_state_and_known_ids() -> None:
    assert code_of(lambda: up(village(), 1, B.WOODCUTTER, now=5)) == "INVALID_INPUT"
    assert code_of(lambda: up(village(), 1, 99)) == "INVALID_INPUT"
    assert code_of(lambda: tr(barracks_village(), 77, 1)) == "INVALID_INPUT"


def test_completed_level_raises_production() -> None:
    state, job = up(village(), 1, B.WOODCUTTER)
    before = v.rates(state, 1).gross.wood
    done, _ = v.settle(state, job.due, 1)
    assert (before, v.rates(done, 1).gross.wood) == (12, 16)  # 3/h -> 7/h


# --- cancel -----------------------------------------------------------------------------------
def test_cancel_refunds_what_was_paid() -> None:
    state = village()
    after, job = up(state, 1, B.WOODCUTTER)
    back, refund = v.cancel_build(after, job.id, 0)
    assert refund == job.paid and back.stock == state.stock and back.builds == ()
    assert code_of(lambda: v.cancel_build(back, job.id, 0)) == "CANNOT_CANCEL"


def test_cancel_refund_is_capped_by_storage() -> None:
    after, job = up(village(), 1, B.WOODCUTTER)
    full = replace(after, stock=Resources.uniform(800 * R))
    back, refund = v.cancel_build(full, job.id, 0)
    assert back.stock == Resources.uniform(800 * R) and refund == job.paid


# --- troops -----------------------------------------------------------------------------------
def barracks_village(**changes) -> v.VillageState:
    state = village(stock=RICH, **changes)
    return with_buildings(state, main_building=(26, 3), rally_point=(39, 1), barracks=(19, 3))


def tr(state, unit, count, now=0, **kw):
    return v.train(state, unit, count, now, 1, job_id=f"t{state.next_seq}",
                   account=kw.pop("account", FACTS), **kw)  # fmt: skip


def test_training_needs_the_building_and_research() -> None:
    assert code_of(lambda: tr(village(stock=RICH), U.CLUBSWINGER, 1)) == "BUILDING_REQUIRED"
    assert code_of(lambda: tr(barracks_village(), U.AXEFIGHTER, 1)) == "RESEARCH_REQUIRED"
    researched = replace(barracks_village(), researched=frozenset({U.AXEFIGHTER}))
    assert tr(researched, U.AXEFIGHTER, 1)[1].count == 1
    assert code_of(lambda: tr(barracks_village(), U.LEGIONNAIRE, 1)) == "INVALID_INPUT"
    assert code_of(lambda: tr(barracks_village(), U.RAM, 1, great=True)) == "BUILDING_REQUIRED"


def test_training_cost_time_and_chained_queue() -> None:
    state = barracks_village()
    after, first = tr(state, U.CLUBSWINGER, 4)
    assert state.stock - after.stock == Resources(95, 75, 40, 40).times(4 * R)
    each = training_time_s(U.CLUBSWINGER, B.BARRACKS, 3)
    assert (first.start, first.each_s) == (0, each)
    _, second = tr(after, U.CLUBSWINGER, 2)
    assert second.start == 4 * each  # starts when the previous one ends
    poor = replace(state, stock=Resources(95 * R * 3, 10**9, 10**9, 10**9))
    assert code_of(lambda: tr(poor, U.CLUBSWINGER, 4)) == "INSUFFICIENT_RESOURCES"
    assert code_of(lambda: tr(state, U.CLUBSWINGER, 0)) == "INVALID_INPUT"


def test_great_barracks_costs_three_times() -> None:
    state = with_buildings(barracks_village(), great_barracks=(20, 1))
    after, job = tr(state, U.CLUBSWINGER, 1, great=True)
    assert job.building == B.GREAT_BARRACKS and job.paid == Resources(95, 75, 40, 40).times(3)
    assert state.stock - after.stock == job.paid.times(R)


def test_settlers_need_free_expansion_slots() -> None:
    base = with_buildings(village(stock=RICH), main_building=(26, 5), residence=(19, 9))
    assert code_of(lambda: tr(base, U.SETTLER_TEUTON, 1)) == "NOT_ENOUGH_EXPANSION_SLOTS"
    ten = with_buildings(base, residence=(19, 10))  # one slot: 3 settlers or 1 chief
    after, job = tr(ten, U.SETTLER_TEUTON, 3)
    assert job.building == B.RESIDENCE
    assert code_of(lambda: tr(after, U.SETTLER_TEUTON, 1)) == "NOT_ENOUGH_EXPANSION_SLOTS"
    used = v.AccountFacts(expansion_slots_used=1)
    assert code_of(lambda: tr(ten, U.SETTLER_TEUTON, 1, account=used)) == (
        "NOT_ENOUGH_EXPANSION_SLOTS"
    )
    home = replace(ten, units={U.SETTLER_TEUTON: 2})
    assert tr(home, U.SETTLER_TEUTON, 1)[1].count == 1
    assert code_of(lambda: tr(home, U.SETTLER_TEUTON, 2)) == "NOT_ENOUGH_EXPANSION_SLOTS"


def test_remove_units() -> None:
    state = village(units={U.SETTLER_TEUTON: 3, U.CLUBSWINGER: 1})
    assert v.remove_units(state, {U.SETTLER_TEUTON: 3}).units == {U.CLUBSWINGER: 1}
    assert code_of(lambda: v.remove_units(state, {U.SETTLER_TEUTON: 4})) == "NOT_ENOUGH_UNITS"


# --- academy and smithy -----------------------------------------------------------------------
def academy_village() -> v.VillageState:
    return with_buildings(barracks_village(), academy=(20, 3), blacksmith=(21, 2), armoury=(22, 1))


def test_research_rules_cost_and_completion() -> None:
    state = academy_village()
    assert code_of(lambda: v.research(barracks_village(), U.AXEFIGHTER, 0, 1, job_id="r")) == (
        "BUILDING_REQUIRED"
    )
    after, job = v.research(state, U.AXEFIGHTER, 0, 1, job_id="r")
    assert job.paid == Resources(880, 580, 1560, 580)  # academy.json research_cost
    assert state.stock - after.stock == job.paid.times(R)
    assert code_of(lambda: v.research(after, U.SPEARFIGHTER, 0, 1, job_id="r2")) == "QUEUE_FULL"
    assert code_of(lambda: v.research(after, U.AXEFIGHTER, 0, 1, job_id="r2")) == "INVALID_INPUT"
    # paladin needs academy 5 and stable 3
    assert code_of(lambda: v.research(state, U.PALADIN, 0, 1, job_id="r3")) == (
        "PREREQUISITES_NOT_MET"
    )
    done, completions = v.settle(after, job.due, 1)
    assert U.AXEFIGHTER in done.researched and completions[0].kind == "research"
    assert code_of(lambda: v.research(state, U.CLUBSWINGER, 0, 1, job_id="r4")) == ("INVALID_INPUT")


def test_smithy_levels_capped_by_their_building_and_one_per_building() -> None:
    state = academy_village()
    after, weapons = v.smithy_upgrade(state, U.CLUBSWINGER, "weapons", 0, 1, job_id="w")
    assert weapons.level == 1 and weapons.paid == Resources(765, 625, 480, 440)
    assert code_of(lambda: v.smithy_upgrade(after, U.CLUBSWINGER, "weapons", 0, 1,
                                            job_id="w2")) == "QUEUE_FULL"  # fmt: skip
    after, armour = v.smithy_upgrade(after, U.CLUBSWINGER, "armour", 0, 1, job_id="a")
    done, _ = v.settle(after, max(weapons.due, armour.due), 1)
    assert (done.weapons, done.armour) == ({U.CLUBSWINGER: 1}, {U.CLUBSWINGER: 1})
    # armoury level 1: armour 2 needs armoury 2; blacksmith 2 allows weapons 2
    assert code_of(lambda: v.smithy_upgrade(done, U.CLUBSWINGER, "armour", done.at, 1,
                                            job_id="a2")) == "BUILDING_REQUIRED"  # fmt: skip
    rich = replace(done, stock=RICH)  # settling clipped the stock to 800
    assert v.smithy_upgrade(rich, U.CLUBSWINGER, "weapons", done.at, 1, job_id="w3")[1].level == 2
    assert code_of(lambda: v.smithy_upgrade(state, U.AXEFIGHTER, "weapons", 0, 1,
                                            job_id="x")) == "RESEARCH_REQUIRED"  # fmt: skip
    assert code_of(lambda: v.smithy_upgrade(state, U.SETTLER_TEUTON, "weapons", 0, 1,
                                            job_id="x")) == "INVALID_INPUT"  # fmt: skip
    maxed = replace(state, weapons={U.CLUBSWINGER: 20})
    assert code_of(lambda: v.smithy_upgrade(maxed, U.CLUBSWINGER, "weapons", 0, 1,
                                            job_id="x")) == "MAX_LEVEL_REACHED"  # fmt: skip
