"""The seed's enums are the contract: ids and names must never move."""

from __future__ import annotations

import pytest

from rules.travian.errors import RuleError
from rules.travian.ids import (
    Animal,
    BuildingType,
    Tribe,
    UnitType,
    parse_animal,
    parse_building,
    parse_combatant,
    parse_tribe,
    parse_unit,
    unit_tribe,
)

SEED_BUILDINGS = (
    "WOODCUTTER CLAY_PIT IRON_MINE CROPLAND SAWMILL BRICKYARD IRON_FOUNDRY GRAIN_MILL BAKERY "
    "WAREHOUSE GRANARY CRANNY MAIN_BUILDING RALLY_POINT MARKETPLACE EMBASSY RESIDENCE PALACE "
    "TREASURY TRADE_OFFICE BARRACKS STABLE WORKSHOP BLACKSMITH ARMOURY ACADEMY HERO_MANSION "
    "GREAT_BARRACKS GREAT_STABLE CITY_WALL EARTH_WALL PALISADE TOURNAMENT_SQUARE STONEMASON "
    "BREWERY TRAPPER GREAT_WAREHOUSE GREAT_GRANARY WONDER HORSE_DRINKING WATER_DITCH"
).split()
SEED_UNITS = (
    "LEGIONNAIRE PRAETORIAN IMPERIAN EQUITES_LEGATI EQUITES_IMPERATORIS EQUITES_CAESARIS "
    "BATTERING_RAM FIRE_CATAPULT SENATOR SETTLER CLUBSWINGER SPEARFIGHTER AXEFIGHTER SCOUT "
    "PALADIN TEUTONIC_KNIGHT RAM CATAPULT CHIEF SETTLER_TEUTON PHALANX SWORDSMAN PATHFINDER "
    "THEUTATES_THUNDER DRUIDRIDER HAEDUAN RAM_GAUL TREBUCHET CHIEFTAIN SETTLER_GAUL"
).split()


def test_tribe_ids_match_seed() -> None:
    assert [(t.name, t.value) for t in Tribe] == [("ROMANS", 1), ("TEUTONS", 2), ("GAULS", 3)]


def test_building_ids_match_seed_plus_town_hall_42() -> None:
    expected = [(name, i) for i, name in enumerate(SEED_BUILDINGS, start=1)] + [("TOWN_HALL", 42)]
    assert [(b.name, b.value) for b in BuildingType] == expected


def test_unit_ids_match_seed() -> None:
    assert [(u.name, u.value) for u in UnitType] == [
        (name, i) for i, name in enumerate(SEED_UNITS, start=1)
    ]


def test_animals_use_travian_ids_31_to_40() -> None:
    assert [a.value for a in Animal] == list(range(31, 41))


@pytest.mark.parametrize("unit", list(UnitType))
def test_every_unit_parses_from_lower_case_name_and_id(unit: UnitType) -> None:
    assert parse_unit(unit.name.lower()) is unit
    assert parse_unit(int(unit)) is unit
    assert parse_unit(str(int(unit))) is unit


@pytest.mark.parametrize("building", list(BuildingType))
def test_every_building_parses_from_lower_case_name_and_id(building: BuildingType) -> None:
    assert parse_building(building.name.lower()) is building
    assert parse_building(int(building)) is building


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("legionnaire", UnitType.LEGIONNAIRE),
        ("settler_teuton", UnitType.SETTLER_TEUTON),
        ("Settler Teuton", UnitType.SETTLER_TEUTON),
        ("spearman", UnitType.SPEARFIGHTER),  # reference key
        ("teuton_ram", UnitType.RAM),
        ("roman_ram", UnitType.BATTERING_RAM),
        ("gaul_settler", UnitType.SETTLER_GAUL),
    ],
)
def test_unit_names_and_reference_keys_parse(text: str, expected: UnitType) -> None:
    assert parse_unit(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("main_building", BuildingType.MAIN_BUILDING),
        ("MAIN-BUILDING", BuildingType.MAIN_BUILDING),
        ("heros_mansion", BuildingType.HERO_MANSION),
        ("wonder_of_the_world", BuildingType.WONDER),
        ("horse_drinking_trough", BuildingType.HORSE_DRINKING),
        ("town_hall", BuildingType.TOWN_HALL),
    ],
)
def test_building_names_and_reference_keys_parse(text: str, expected: BuildingType) -> None:
    assert parse_building(text) is expected


def test_ambiguous_reference_key_smithy_is_rejected() -> None:
    with pytest.raises(RuleError) as err:
        parse_building("smithy")
    assert err.value.code == "INVALID_INPUT"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("romans", Tribe.ROMANS), ("Teutons", Tribe.TEUTONS), ("gaul", Tribe.GAULS),
     (1, Tribe.ROMANS), (3, Tribe.GAULS), ("2", Tribe.TEUTONS)],
)  # fmt: skip
def test_tribes_parse(value: str | int, expected: Tribe) -> None:
    assert parse_tribe(value) is expected


@pytest.mark.parametrize(
    ("parse", "bad"),
    [(parse_tribe, v) for v in (0, 4, True, "", "egyptians", "natars", 1.0)]
    + [(parse_building, v) for v in (0, 43, -1, False, "smithy", "water ditchh", None)]
    + [(parse_unit, v) for v in (0, 31, "rat", "legionaire", "settlers", 2.5)],
)
def test_unknown_values_raise_invalid_input(parse, bad: object) -> None:
    with pytest.raises(RuleError) as err:
        parse(bad)
    assert err.value.code == "INVALID_INPUT"


def test_combatants_include_animals_and_tribe_of_unit() -> None:
    assert parse_combatant("rat") == 31
    assert parse_combatant("elephant") == 40
    assert parse_animal(35) is Animal.WILD_BOAR
    assert parse_combatant("axefighter") == 13
    assert unit_tribe(13) is Tribe.TEUTONS
    assert unit_tribe(31) is None


def test_a_non_ascii_digit_is_an_unknown_name_not_a_crash() -> None:
    """'²'.isdigit() is True but int('²') raises: such names must be refused as input."""
    import pytest

    from rules.travian.errors import RuleError
    from rules.travian.ids import parse_building, parse_unit

    for parse in (parse_building, parse_unit):
        with pytest.raises(RuleError):
            parse("²")
