"""Every unit and animal pinned against units.json, plus training/research rules."""

from __future__ import annotations

import pytest

from rules.travian import units as un
from rules.travian.errors import RuleError
from rules.travian.ids import Animal, Tribe, UnitType
from rules.travian.ids import BuildingType as B

from .reference import reference, vendored

# Reference building keys -> seed buildings, written out independently of the package.
TRAINED_IN = {
    "barracks": {B.BARRACKS, B.GREAT_BARRACKS},
    "stable": {B.STABLE, B.GREAT_STABLE},
    "workshop": {B.WORKSHOP},
    "residence": {B.RESIDENCE},
    "palace": {B.PALACE},
}
REQUIREMENT = {
    "smithy": B.BLACKSMITH, "academy": B.ACADEMY, "stable": B.STABLE, "barracks": B.BARRACKS,
    "workshop": B.WORKSHOP, "main_building": B.MAIN_BUILDING, "rally_point": B.RALLY_POINT,
}  # fmt: skip
UNIT_IDS = [row["id"] for row in vendored("units.json")["units"]]
ANIMAL_KEYS = [row["key"] for row in vendored("units.json")["nature"]]


def _ref_unit(uid: int) -> dict:
    return next(row for row in reference("units.json")["units"] if row["id"] == uid)


def test_thirty_units_and_ten_animals() -> None:
    assert UNIT_IDS == list(range(1, 31))
    assert len(ANIMAL_KEYS) == 10


@pytest.mark.parametrize("uid", UNIT_IDS, ids=lambda u: UnitType(u).name.lower())
def test_unit_stats_match_reference(uid: int) -> None:
    row = _ref_unit(uid)
    spec = un.unit_spec(UnitType(uid))
    assert spec.tribe == Tribe(row["tribe_id"])
    for name in ("attack", "def_infantry", "def_cavalry", "speed", "carry", "upkeep",
                 "training_time_s", "research_time_s", "unit_class", "role"):  # fmt: skip
        assert getattr(spec, name) == row[name], name
    assert spec.cost.as_dict() == row["cost"]
    assert spec.scout_power == row.get("scout_power", 0)
    assert spec.scout_defense == row.get("scout_defense", 0)
    loyalty = row.get("loyalty_reduction")
    assert spec.loyalty_reduction == ((loyalty["min"], loyalty["max"]) if loyalty else None)
    assert set(spec.trained_in) == set().union(*(TRAINED_IN[b] for b in row["training_building"]))
    assert set(spec.research_requirements) == {
        (REQUIREMENT[r["key"]], r["level"]) for r in row["research_requirements"]
    }


@pytest.mark.parametrize("key", ANIMAL_KEYS)
def test_animal_stats_match_reference(key: str) -> None:
    row = next(r for r in reference("units.json")["nature"] if r["key"] == key)
    spec = un.unit_spec(next(a for a in Animal if un.unit_spec(a).key == key))
    assert (spec.attack, spec.def_infantry, spec.def_cavalry, spec.speed) == (
        row["attack"], row["def_infantry"], row["def_cavalry"], row["speed"])  # fmt: skip
    assert spec.upkeep == row["upkeep_t4_model"] and spec.tribe is None and spec.carry == 0


def test_animal_ids_follow_reference_order() -> None:
    assert [un.unit_spec(a).key for a in Animal] == ANIMAL_KEYS


@pytest.mark.parametrize("tribe", list(Tribe))
def test_each_tribe_has_ten_units_in_seed_order(tribe: Tribe) -> None:
    assert [int(u) for u in un.units_of(tribe)] == list(range(tribe * 10 - 9, tribe * 10 + 1))


@pytest.mark.parametrize("uid", UNIT_IDS, ids=lambda u: UnitType(u).name.lower())
def test_training_time_uses_0_9_power_of_building_level(uid: int) -> None:
    spec = un.unit_spec(uid)
    building = spec.trained_in[0]
    base = spec.training_time_s
    assert un.training_time_s(uid, building, 1) == base
    # 0.9^19 = 0.135085..; half-up rounding of the exact product
    expected = int(base * 9**19 / 10**19 + 0.5)
    assert un.training_time_s(uid, building, 20) == expected


def test_training_time_examples_with_speed_and_horse_trough() -> None:
    # legionnaire 1600 s: barracks 10 -> 1600 * 0.9^9 = 619.86 -> 620; speed 2 -> 309.93 -> 310
    assert un.training_time_s(UnitType.LEGIONNAIRE, B.BARRACKS, 10) == 620
    assert un.training_time_s(UnitType.LEGIONNAIRE, B.BARRACKS, 10, speed=2) == 310
    # equites caesaris 3520 s, stable 1, trough 20: 3520 * 0.80 = 2816
    assert un.training_time_s(UnitType.EQUITES_CAESARIS, B.STABLE, 1, trough_level=20) == 2816
    # the trough helps neither infantry nor other tribes' cavalry
    assert un.training_time_s(UnitType.LEGIONNAIRE, B.BARRACKS, 1, trough_level=20) == 1600
    assert un.training_time_s(UnitType.HAEDUAN, B.STABLE, 1, trough_level=20) == 3120


def test_great_buildings_cost_three_times_and_train_at_same_speed() -> None:
    normal = un.training_cost(UnitType.CLUBSWINGER, B.BARRACKS)
    assert un.training_cost(UnitType.CLUBSWINGER, B.GREAT_BARRACKS) == normal.times(3)
    assert un.training_time_s(UnitType.CLUBSWINGER, B.GREAT_BARRACKS, 5) == un.training_time_s(
        UnitType.CLUBSWINGER, B.BARRACKS, 5
    )


def test_units_train_only_in_their_buildings() -> None:
    with pytest.raises(RuleError) as err:
        un.training_time_s(UnitType.PHALANX, B.STABLE, 1)
    assert err.value.code == "BUILDING_REQUIRED"
    assert un.training_time_s(UnitType.SENATOR, B.PALACE, 1) == 90700


def test_research_time_uses_academy_factor() -> None:
    # praetorian 7080 s: academy 20 -> 7080 * 0.964^19 = 3527.75 -> 3528
    assert un.research_time_s(UnitType.PRAETORIAN, 20) == 3528
    with pytest.raises(RuleError):
        un.research_time_s(UnitType.LEGIONNAIRE, 5)  # starting unit: no research
    with pytest.raises(RuleError):
        un.research_time_s(UnitType.SETTLER, 5)


def test_research_and_training_checks() -> None:
    levels = {B.ACADEMY: 5, B.BLACKSMITH: 1}
    un.check_can_research(UnitType.IMPERIAN, levels)
    with pytest.raises(RuleError) as err:
        un.check_can_research(UnitType.EQUITES_IMPERATORIS, levels)
    assert err.value.code == "PREREQUISITES_NOT_MET"
    un.check_can_train(Tribe.ROMANS, UnitType.LEGIONNAIRE, B.BARRACKS, 1, researched=())
    for args, expected in [
        ((Tribe.ROMANS, UnitType.IMPERIAN, B.BARRACKS, 1, ()), "RESEARCH_REQUIRED"),
        ((Tribe.ROMANS, UnitType.IMPERIAN, B.BARRACKS, 0, (3,)), "BUILDING_REQUIRED"),
        ((Tribe.GAULS, UnitType.IMPERIAN, B.BARRACKS, 1, (3,)), "INVALID_INPUT"),
    ]:
        with pytest.raises(RuleError) as err:
            un.check_can_train(*args)
        assert err.value.code == expected


def test_upkeep_and_carry_totals() -> None:
    army = {UnitType.LEGIONNAIRE: 10, UnitType.FIRE_CATAPULT: 2}
    assert un.troop_upkeep(army) == 10 * 1 + 2 * 6
    assert un.carry_capacity(army) == 500
