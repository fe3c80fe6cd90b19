"""Movement, culture/loyalty and tribe traits."""

from __future__ import annotations

import random

import pytest

from rules.travian import culture, movement, tribes
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe, UnitType

from .reference import reference


# --- movement ---------------------------------------------------------------------------
def test_distance_wraps_around_the_801_map() -> None:
    assert movement.distance(0, 0, 3, 4) == 5.0
    # -400 and 400 are neighbours: |800| wraps to 801 - 800 = 1
    assert movement.distance(-400, 0, 400, 0) == 1.0
    assert movement.distance(-400, -400, 400, 400) == pytest.approx(2**0.5)
    assert movement.distance(-200, 0, 200, 0) == 400.0  # 400 vs 401: no wrap
    assert movement.distance(-201, 0, 200, 0) == 400.0  # 401 wraps to 400


def test_coordinates_outside_the_map_are_rejected() -> None:
    with pytest.raises(RuleError) as err:
        movement.distance(0, 0, 401, 0)
    assert err.value.code == "INVALID_INPUT"


def test_travel_time_from_slowest_unit_with_speed_and_rounding() -> None:
    # 10 fields at 5 f/h = 2 h = 7200 s; speed 3 -> 2400 s
    army = {UnitType.PHALANX: 10, UnitType.CHIEFTAIN: 1}  # 7 and 5 f/h
    assert movement.slowest_speed(army) == 5
    assert movement.army_travel_time_s((0, 0), (6, 8), army) == 7200
    assert movement.army_travel_time_s((0, 0), (6, 8), army, speed=3) == 2400
    # hero on foot (7) does not slow phalanxes (7); 1 field at 7 f/h = 514.29 s -> 514
    assert movement.army_travel_time_s((0, 0), (1, 0), {UnitType.PHALANX: 1}, hero_speed=7) == 514


def test_tournament_square_speeds_the_part_beyond_20_fields() -> None:
    # 50 fields at 5 f/h, TS 10 at +20%/level (x3): 20/5 + 30/15 = 4 + 2 = 6 h
    assert movement.travel_time_s(50, 5, tournament_square_level=10) == 6 * 3600
    # reference model +10%/level (x2): 4 + 30/10 = 7 h
    assert (
        movement.travel_time_s(50, 5, tournament_square_level=10, bonus_per_level_percent=10)
        == 7 * 3600
    )
    # within 20 fields the square does nothing
    assert movement.travel_time_s(20, 5, tournament_square_level=20) == 4 * 3600


def test_merchants_travel_at_tribe_speed() -> None:
    assert movement.merchant_travel_time_s(Tribe.GAULS, (0, 0), (24, 0)) == 3600
    assert movement.merchant_travel_time_s(Tribe.TEUTONS, (0, 0), (12, 0), speed=2) == 1800


def test_empty_army_does_not_move() -> None:
    with pytest.raises(RuleError):
        movement.slowest_speed({UnitType.PHALANX: 0})


# --- culture and loyalty ----------------------------------------------------------------------
def test_cp_required_matches_culture_table_for_every_village() -> None:
    data = reference("culture.json")
    assert culture.cp_required(1) == data["first_village_cp"]
    for row in data["villages"]:
        assert culture.cp_required(row["village_number"]) == row["cp_required"]


def test_cp_required_beyond_table_and_at_speed_3() -> None:
    # village 102: round_to(1600 * 101^2.3, 1000)
    assert culture.cp_required(102) == round(1600 * 101**2.3 / 1000) * 1000
    # reference 3x: round_to(1600/3 * n^2.3, 100); 2nd village: 533.3 -> 500
    assert culture.cp_required(2, speed=3) == 500
    assert culture.cp_required(3, speed=3) == round(1600 / 3 * 2**2.3 / 100) * 100


def test_expansion_slots_from_residence_or_palace() -> None:
    assert culture.expansion_slots() == 0
    assert culture.expansion_slots(residence_level=9) == 0
    assert culture.expansion_slots(residence_level=10) == 1
    assert culture.expansion_slots(residence_level=20) == 2
    assert culture.expansion_slots(palace_level=15) == 2
    assert culture.expansion_slots(palace_level=20) == 3


def test_celebration_durations_use_town_hall_factor() -> None:
    assert culture.celebration_duration_s("small", 1) == 86_400
    # great: 60 h at TH 10 -> 216000 * 0.964^9 = 161091.0.. -> 161091
    assert culture.celebration_duration_s("great", 10) == round(216_000 * 0.964**9)
    with pytest.raises(RuleError) as err:
        culture.celebration_duration_s("great", 9)
    assert err.value.code == "BUILDING_REQUIRED"


def test_loyalty_reduction_is_reproducible_from_the_seed_and_in_range() -> None:
    # random.Random(42) rolls 30, 21, 20 for three senators (20..30): 71, equal populations
    assert culture.loyalty_reduction(3, UnitType.SENATOR, 500, 500, random.Random(42)) == 71
    for seed in range(50):
        assert 60 <= culture.loyalty_reduction(3, UnitType.SENATOR, 1, 1, random.Random(seed)) <= 90


def test_loyalty_reduction_worked_example() -> None:
    # random.Random(7) rolls 22 for one chief (20..25); attacker 4x bigger:
    # factor round3(0.25^0.2) = round3(0.7579) = 0.758; 22 * 0.758 = 16.676; brewery halves
    # it to 8.338 -> 8.  With the attacker's great celebration: (22 + 5) * 0.758 = 20.466 -> 20
    assert culture.loyalty_population_factor(400, 100) == 0.758
    chief = UnitType.CHIEF
    assert culture.loyalty_reduction(1, chief, 400, 100, random.Random(7)) == 17
    assert (
        culture.loyalty_reduction(1, chief, 400, 100, random.Random(7), brewery_celebration=True)
        == 8
    )
    assert (
        culture.loyalty_reduction(
            1, chief, 400, 100, random.Random(7), attacker_great_celebration=True
        )
        == 20
    )
    assert culture.loyalty_population_factor(10_000, 1) == 0.667
    assert culture.loyalty_population_factor(100, 400) == 1.0


def test_only_administrators_lower_loyalty_and_zero_conquers() -> None:
    with pytest.raises(RuleError):
        culture.loyalty_reduction(1, UnitType.LEGIONNAIRE, 1, 1, random.Random(0))
    assert culture.is_conquered(culture.loyalty_after(20, 25))
    assert not culture.is_conquered(culture.loyalty_after(100, 25))


# --- tribes -------------------------------------------------------------------------------------
@pytest.mark.parametrize("tribe", list(Tribe))
def test_tribe_traits_match_misc_table(tribe: Tribe) -> None:
    misc = reference("misc.json")
    key = tribe.name.lower()
    traits = tribes.tribe_traits(tribe)
    assert traits.merchant_capacity == misc["merchants"][key]["capacity"]
    assert traits.merchant_speed == misc["merchants"][key]["speed"]
    wall = misc["combat"]["wall"][key]
    assert traits.wall.name.lower() == wall["building"]
    assert traits.wall_multiplier_base == wall["multiplier_base"]
    assert traits.wall_flat_defense_per_level == wall["flat_defense_per_level"]
    assert traits.cranny_factor == (1.5 if tribe is Tribe.GAULS else 1)


def test_tribe_units_and_buildings() -> None:
    romans = tribes.tribe_traits("romans")
    assert (romans.scout, romans.ram, romans.administrator) == (
        UnitType.EQUITES_LEGATI, UnitType.BATTERING_RAM, UnitType.SENATOR)  # fmt: skip
    assert B.HORSE_DRINKING in romans.tribe_buildings
    assert tribes.tribe_traits(2).hero_strength_per_point == 80


def test_merchant_capacity_with_trade_office() -> None:
    assert tribes.merchant_capacity(Tribe.GAULS) == 750
    assert tribes.merchant_capacity(Tribe.GAULS, 10) == 1500  # +10%/level
    assert tribes.merchant_capacity(Tribe.ROMANS, 10) == 1500  # +20%/level
    assert tribes.merchants_needed(Tribe.ROMANS, 1001) == 3
    assert tribes.merchants_available(7) == 7
