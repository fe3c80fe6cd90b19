"""Economy: production, storage, crannies, upkeep, accrual and starvation."""

from __future__ import annotations

import pytest

from rules.travian import fields as fl
from rules.travian.buildings import new_village_buildings
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe, UnitType
from rules.travian.resources import Resources

from .reference import reference, vendored

H = fl.SUBUNITS  # sub-units per resource


@pytest.mark.parametrize("level", range(21))
def test_field_production_matches_reference(level: int) -> None:
    row = reference("fields.json")["levels"][level]
    assert fl.field_production(level) == row["production_per_hour"]


@pytest.mark.parametrize("level", range(21))
def test_storage_and_cranny_match_capacity_table(level: int) -> None:
    row = reference("capacity.json")["levels"][level]
    assert fl.storage_capacity([level]) == row["warehouse"] == row["granary"]
    if level:
        assert fl.storage_capacity([], [level]) == row["great_warehouse"]
    if row["cranny"] is not None:
        assert fl.cranny_capacity(level) == row["cranny"]
        assert fl.cranny_protection([level], Tribe.ROMANS) == row["cranny"]
    else:
        with pytest.raises(RuleError):
            fl.cranny_capacity(level)


@pytest.mark.parametrize("level", range(1, 11))
def test_gaul_cranny_matches_building_table(level: int) -> None:
    row = vendored("buildings.json")["buildings"][[b["key"] for b in vendored(
        "buildings.json")["buildings"]].index("cranny")]["levels"][level - 1]  # fmt: skip
    assert fl.cranny_protection([level], Tribe.GAULS) == row["capacity_per_resource_gauls"]


def test_cranny_teuton_hero_and_several_crannies() -> None:
    # two crannies 10 + 5: 2000 + 560 = 2560; Gauls x1.5 = 3840; vs Teuton hero x0.8 = 3072
    assert fl.cranny_protection([10, 5], Tribe.TEUTONS) == 2560
    assert fl.cranny_protection([10, 5], Tribe.GAULS) == 3840
    assert fl.cranny_protection([10, 5], Tribe.GAULS, attacker_teuton_hero=True) == 3072
    assert fl.cranny_protection([3], Tribe.ROMANS, attacker_teuton_hero=True) == 272
    assert fl.cranny_protection([], None) == 0


def test_storage_base_800_and_several_warehouses_add_up() -> None:
    assert fl.storage_capacity() == 800
    assert fl.storage_capacity([0]) == 800
    assert fl.storage_capacity([20, 1]) == 80_000 + 1_200
    assert fl.storage_capacity([20], [1]) == 80_000 + 3_600


def test_production_sums_fields_and_adds_bonus_percent_then_speed() -> None:
    # four woodcutters at 10: 4 * 280 = 1120; sawmill 5 (+25%) and a 25% oasis: x1.5 = 1680
    assert fl.production_per_hour([10, 10, 10, 10], bonus_percent=50) == 1680
    assert fl.production_per_hour([10, 10, 10, 10], bonus_percent=50, speed=3) == 5040
    # 7 * 1.05 = 7.35 -> 7 ; 13 * 1.05 = 13.65 -> 14 (half up on exact fractions)
    assert fl.production_per_hour([1], 5) == 7
    assert fl.production_per_hour([2], 5) == 14


def test_village_production_reads_fields_and_bonus_buildings() -> None:
    village = new_village_buildings() | {1: (B.WOODCUTTER, 10), 19: (B.SAWMILL, 2),
                                         20: (B.GRAIN_MILL, 1), 21: (B.BAKERY, 1)}  # fmt: skip
    # wood: 280 + 3 * 3 (level-0 fields) = 289, +10% = 317.9 -> 318; crop 6 * 3 = 18, +10% = 19.8
    assert fl.village_production(village) == Resources(318, 12, 12, 20)
    assert fl.village_production(village, Resources(0, 0, 0, 50)).crop == 29  # 18 * 1.6 = 28.8


def test_crop_consumption_is_population_plus_troop_upkeep() -> None:
    assert fl.crop_consumption(120, {UnitType.EQUITES_CAESARIS: 10, UnitType.LEGIONNAIRE: 5}) == 165
    assert fl.net_rates(Resources(10, 10, 10, 100), 165) == Resources(10, 10, 10, -65)


def test_village_capacity_uses_warehouse_for_goods_and_granary_for_crop() -> None:
    village = {19: (B.WAREHOUSE, 3), 20: (B.GRANARY, 1)}
    assert fl.village_capacity(village) == Resources(2300, 2300, 2300, 1200)


def test_accrual_fills_to_capacity_and_never_below_zero() -> None:
    stock = fl.to_subunits(Resources(700, 0, 10, 5))
    rates = Resources(100, 7, -3600, -36)
    cap = Resources(800, 800, 800, 800)
    after = fl.accrue(stock, rates, cap, 3600 * 2)
    # wood 700 + 200 capped at 800; clay 14; iron 10 - 7200 -> 0; crop 5 - 72 -> 0
    assert fl.to_units(after.stock) == Resources(800, 14, 0, 0)
    # shortfall in sub-units: iron 7190 and crop 67 resources short
    assert after.shortfall == Resources(0, 0, 7190 * H, 67 * H)


def test_accrual_of_one_second_is_exact_in_subunits() -> None:
    after = fl.accrue(Resources(), Resources(7, 0, 0, 0), Resources.uniform(800), 1)
    assert after.stock.wood == 7  # 7 per hour = 7/3600 resource = 7 sub-units per second
    assert fl.to_units(after.stock).wood == 0


def test_accrual_cuts_a_stock_above_a_shrunken_capacity() -> None:
    after = fl.accrue(
        fl.to_subunits(Resources.uniform(5000)), Resources(), Resources.uniform(800), 0
    )
    assert fl.to_units(after.stock) == Resources.uniform(800)


def test_time_until_empty_and_full() -> None:
    assert fl.seconds_until_empty(100 * H, -36) == 10_000
    assert fl.seconds_until_empty(100 * H, 0) is None
    assert fl.seconds_until_full(0, 3600, 800) == 800
    assert fl.seconds_until_full(0, -1, 800) is None
