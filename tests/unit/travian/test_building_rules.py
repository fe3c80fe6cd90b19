"""Placement and construction rules of rules.travian.buildings."""

from __future__ import annotations

import pytest

from rules.travian import buildings as bld
from rules.travian.buildings import VillageState, check_upgrade
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe

FIELDS = (B.WOODCUTTER, B.CLAY_PIT, B.IRON_MINE, B.CROPLAND)
WALLS = (B.CITY_WALL, B.EARTH_WALL, B.PALISADE)


def village(tribe: Tribe = Tribe.ROMANS, extra: dict | None = None, **flags) -> VillageState:
    buildings = bld.new_village_buildings() | {39: (B.RALLY_POINT, 1)} | (extra or {})
    return VillageState(tribe=tribe, buildings=buildings, **flags)


def code(call) -> str:
    with pytest.raises(RuleError) as err:
        call()
    return err.value.code


@pytest.mark.parametrize("building", [b for b in B if b is not B.WATER_DITCH])
def test_every_building_has_exactly_one_kind_of_slot(building: B) -> None:
    positions = bld.allowed_positions(building)
    if building in FIELDS:
        assert positions == frozenset(range(1, 19))
    elif building in WALLS:
        assert positions == {40}
    elif building is B.RALLY_POINT:
        assert positions == {39}
    elif building is B.MAIN_BUILDING:
        assert positions == {26}
    else:
        assert positions == frozenset(range(19, 39)) - {26}
    assert 0 not in positions and 41 not in positions


def test_new_village_has_the_4446_layout_and_a_main_building() -> None:
    fresh = bld.new_village_buildings()
    kinds = [fresh[slot][0] for slot in range(1, 19)]
    assert [kinds.count(f) for f in FIELDS] == [4, 4, 4, 6]
    assert fresh[26] == (B.MAIN_BUILDING, 1)
    assert all(level == 0 for slot, (_, level) in fresh.items() if slot <= 18)


def test_field_upgrade_returns_next_level_up_to_10_or_20_in_capital() -> None:
    assert check_upgrade(village(), B.WOODCUTTER, 1) == 1
    assert check_upgrade(village(extra={1: (B.WOODCUTTER, 9)}), B.WOODCUTTER, 1) == 10
    assert (
        code(lambda: check_upgrade(village(extra={1: (B.WOODCUTTER, 10)}), B.WOODCUTTER, 1))
        == "MAX_LEVEL_REACHED"
    )
    assert (
        check_upgrade(village(extra={1: (B.WOODCUTTER, 10)}, is_capital=True), B.WOODCUTTER, 1)
        == 11
    )


def test_wrong_field_type_in_a_field_slot_is_occupied() -> None:
    assert code(lambda: check_upgrade(village(), B.CROPLAND, 1)) == "POSITION_OCCUPIED"


def test_village_building_in_field_slot_or_slot_0_is_invalid_position() -> None:
    assert code(lambda: check_upgrade(village(), B.WAREHOUSE, 5)) == "INVALID_POSITION"
    assert code(lambda: check_upgrade(village(), B.WAREHOUSE, 0)) == "INVALID_POSITION"
    assert code(lambda: check_upgrade(village(), B.WAREHOUSE, 40)) == "INVALID_POSITION"
    assert code(lambda: check_upgrade(village(), B.CITY_WALL, 25)) == "INVALID_POSITION"


def test_warehouse_needs_main_building_and_a_free_slot() -> None:
    assert check_upgrade(village(), B.WAREHOUSE, 19) == 1
    taken = village(extra={19: (B.GRANARY, 1)})
    assert code(lambda: check_upgrade(taken, B.WAREHOUSE, 19)) == "POSITION_OCCUPIED"


def test_missing_prerequisite_is_reported() -> None:
    # academy needs main building 3 and barracks 3
    assert code(lambda: check_upgrade(village(), B.ACADEMY, 20)) == "PREREQUISITES_NOT_MET"
    ready = village(extra={26: (B.MAIN_BUILDING, 3), 20: (B.BARRACKS, 3)})
    assert check_upgrade(ready, B.ACADEMY, 21) == 1
    assert bld.missing_prerequisites(B.ACADEMY, village().buildings) == [
        (B.MAIN_BUILDING, 3),
        (B.BARRACKS, 3),
    ]


def test_prerequisites_are_only_checked_for_new_construction() -> None:
    # an existing academy may be upgraded even if the barracks was destroyed since
    state = village(extra={21: (B.ACADEMY, 4)})
    assert check_upgrade(state, B.ACADEMY, 21) == 5


def test_tribe_buildings_are_not_available_to_other_tribes() -> None:
    assert check_upgrade(village(Tribe.GAULS), B.PALISADE, 40) == 1
    assert (
        code(lambda: check_upgrade(village(Tribe.GAULS), B.CITY_WALL, 40))
        == "BUILDING_NOT_AVAILABLE"
    )
    assert (
        code(lambda: check_upgrade(village(Tribe.ROMANS), B.TRAPPER, 20))
        == "BUILDING_NOT_AVAILABLE"
    )


def test_water_ditch_cannot_be_built_anywhere() -> None:
    assert code(lambda: check_upgrade(village(), B.WATER_DITCH, 40)) == "BUILDING_NOT_AVAILABLE"


def test_residence_and_palace_exclude_each_other() -> None:
    state = village(extra={26: (B.MAIN_BUILDING, 5), 22: (B.EMBASSY, 1), 23: (B.RESIDENCE, 1)})
    assert code(lambda: check_upgrade(state, B.PALACE, 24)) == "BUILDING_NOT_AVAILABLE"


def test_single_buildings_once_per_village_and_palace_once_per_account() -> None:
    state = village(extra={26: (B.MAIN_BUILDING, 5), 22: (B.EMBASSY, 1)})
    assert code(lambda: check_upgrade(state, B.EMBASSY, 23)) == "BUILDING_NOT_AVAILABLE"
    elsewhere = village(
        extra={26: (B.MAIN_BUILDING, 5), 22: (B.EMBASSY, 1)}, account_has_palace=True
    )
    assert code(lambda: check_upgrade(elsewhere, B.PALACE, 24)) == "BUILDING_NOT_AVAILABLE"


def test_second_warehouse_only_once_the_first_is_at_level_20() -> None:
    half = village(extra={19: (B.WAREHOUSE, 19)})
    assert code(lambda: check_upgrade(half, B.WAREHOUSE, 20)) == "PREREQUISITES_NOT_MET"
    full = village(extra={19: (B.WAREHOUSE, 20)})
    assert check_upgrade(full, B.WAREHOUSE, 20) == 1
    cranny = village(extra={19: (B.CRANNY, 10)})
    assert check_upgrade(cranny, B.CRANNY, 20) == 1


def test_capital_rules_and_wonder_village_rules() -> None:
    base = {26: (B.MAIN_BUILDING, 10), 19: (B.BARRACKS, 20), 23: (B.PALACE, 3)}
    assert (
        code(lambda: check_upgrade(village(extra=base, is_capital=True), B.GREAT_BARRACKS, 20))
        == "BUILDING_NOT_AVAILABLE"
    )
    assert check_upgrade(village(extra=base), B.GREAT_BARRACKS, 20) == 1
    assert (
        code(lambda: check_upgrade(village(extra=base), B.STONEMASON, 20))
        == "BUILDING_NOT_AVAILABLE"
    )
    assert check_upgrade(village(extra=base, is_capital=True), B.STONEMASON, 20) == 1
    assert (
        code(lambda: check_upgrade(village(extra=base), B.WONDER, 20)) == "BUILDING_NOT_AVAILABLE"
    )
    assert check_upgrade(village(extra=base, is_ww_village=True), B.WONDER, 20) == 1
    assert (
        code(lambda: check_upgrade(village(extra=base), B.GREAT_GRANARY, 20))
        == "BUILDING_NOT_AVAILABLE"
    )
    assert check_upgrade(village(extra=base, great_storage_allowed=True), B.GREAT_GRANARY, 20) == 1


def test_village_population_and_culture_sum_the_buildings() -> None:
    fresh = bld.new_village_buildings()
    assert bld.village_population(fresh) == 2  # main building 1; level-0 fields count 0
    assert bld.village_culture_per_day(fresh) == 2
    grown = fresh | {1: (B.WOODCUTTER, 2), 19: (B.WAREHOUSE, 1)}
    # woodcutter L2 pop_total 3 (2 + 1), warehouse L1 pop 1, MB L1 pop 2
    assert bld.village_population(grown) == 6
