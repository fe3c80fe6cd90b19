"""Identifiers: the project seed's enums are the contract (ids and names never change).

- ``Tribe`` 1..3, ``UnitType`` 1..30 and ``BuildingType`` 1..41 come from the seed.
- ``BuildingType.TOWN_HALL = 42`` is added (next free id): the reference has a town
  hall (celebrations = culture points) and the seed does not.
- ``Animal`` 31..40 are the nature (oasis) animals, numbered as Travian does (u31..u40).

Parsing accepts the int id, the enum name in any case (``legionnaire``,
``settler_teuton``, ``main_building``) and the reference's own key where it
names the same thing (``spearman``, ``teuton_ram``, ``heros_mansion``,
``wonder_of_the_world``...).  Spaces and hyphens count as underscores.
"""

from __future__ import annotations

from enum import IntEnum

from rules.travian.errors import RuleError


class Tribe(IntEnum):
    ROMANS = 1
    TEUTONS = 2
    GAULS = 3


class BuildingType(IntEnum):
    WOODCUTTER = 1
    CLAY_PIT = 2
    IRON_MINE = 3
    CROPLAND = 4
    SAWMILL = 5
    BRICKYARD = 6
    IRON_FOUNDRY = 7
    GRAIN_MILL = 8
    BAKERY = 9
    WAREHOUSE = 10
    GRANARY = 11
    CRANNY = 12
    MAIN_BUILDING = 13
    RALLY_POINT = 14
    MARKETPLACE = 15
    EMBASSY = 16
    RESIDENCE = 17
    PALACE = 18
    TREASURY = 19
    TRADE_OFFICE = 20
    BARRACKS = 21
    STABLE = 22
    WORKSHOP = 23
    BLACKSMITH = 24
    ARMOURY = 25
    ACADEMY = 26
    HERO_MANSION = 27
    GREAT_BARRACKS = 28
    GREAT_STABLE = 29
    CITY_WALL = 30
    EARTH_WALL = 31
    PALISADE = 32
    TOURNAMENT_SQUARE = 33
    STONEMASON = 34
    BREWERY = 35
    TRAPPER = 36
    GREAT_WAREHOUSE = 37
    GREAT_GRANARY = 38
    WONDER = 39
    HORSE_DRINKING = 40
    WATER_DITCH = 41
    TOWN_HALL = 42  # added: not in the seed, needed for celebrations


class UnitType(IntEnum):
    LEGIONNAIRE = 1
    PRAETORIAN = 2
    IMPERIAN = 3
    EQUITES_LEGATI = 4
    EQUITES_IMPERATORIS = 5
    EQUITES_CAESARIS = 6
    BATTERING_RAM = 7
    FIRE_CATAPULT = 8
    SENATOR = 9
    SETTLER = 10
    CLUBSWINGER = 11
    SPEARFIGHTER = 12
    AXEFIGHTER = 13
    SCOUT = 14
    PALADIN = 15
    TEUTONIC_KNIGHT = 16
    RAM = 17
    CATAPULT = 18
    CHIEF = 19
    SETTLER_TEUTON = 20
    PHALANX = 21
    SWORDSMAN = 22
    PATHFINDER = 23
    THEUTATES_THUNDER = 24
    DRUIDRIDER = 25
    HAEDUAN = 26
    RAM_GAUL = 27
    TREBUCHET = 28
    CHIEFTAIN = 29
    SETTLER_GAUL = 30


class Animal(IntEnum):
    RAT = 31
    SPIDER = 32
    SNAKE = 33
    BAT = 34
    WILD_BOAR = 35
    WOLF = 36
    BEAR = 37
    CROCODILE = 38
    TIGER = 39
    ELEPHANT = 40


# Seed building -> reference building key (buildings.json ``key``); None = no reference entry.
BUILDING_REFERENCE_KEY: dict[BuildingType, str | None] = {
    BuildingType.WOODCUTTER: "woodcutter",
    BuildingType.CLAY_PIT: "clay_pit",
    BuildingType.IRON_MINE: "iron_mine",
    BuildingType.CROPLAND: "cropland",
    BuildingType.SAWMILL: "sawmill",
    BuildingType.BRICKYARD: "brickyard",
    BuildingType.IRON_FOUNDRY: "iron_foundry",
    BuildingType.GRAIN_MILL: "grain_mill",
    BuildingType.BAKERY: "bakery",
    BuildingType.WAREHOUSE: "warehouse",
    BuildingType.GRANARY: "granary",
    BuildingType.CRANNY: "cranny",
    BuildingType.MAIN_BUILDING: "main_building",
    BuildingType.RALLY_POINT: "rally_point",
    BuildingType.MARKETPLACE: "marketplace",
    BuildingType.EMBASSY: "embassy",
    BuildingType.RESIDENCE: "residence",
    BuildingType.PALACE: "palace",
    BuildingType.TREASURY: "treasury",
    BuildingType.TRADE_OFFICE: "trade_office",
    BuildingType.BARRACKS: "barracks",
    BuildingType.STABLE: "stable",
    BuildingType.WORKSHOP: "workshop",
    BuildingType.BLACKSMITH: "smithy",  # weapons half of the T4 smithy
    BuildingType.ARMOURY: "smithy",  # armour half of the T4 smithy
    BuildingType.ACADEMY: "academy",
    BuildingType.HERO_MANSION: "heros_mansion",
    BuildingType.GREAT_BARRACKS: "great_barracks",
    BuildingType.GREAT_STABLE: "great_stable",
    BuildingType.CITY_WALL: "city_wall",
    BuildingType.EARTH_WALL: "earth_wall",
    BuildingType.PALISADE: "palisade",
    BuildingType.TOURNAMENT_SQUARE: "tournament_square",
    BuildingType.STONEMASON: "stonemason",
    BuildingType.BREWERY: "brewery",
    BuildingType.TRAPPER: "trapper",
    BuildingType.GREAT_WAREHOUSE: "great_warehouse",
    BuildingType.GREAT_GRANARY: "great_granary",
    BuildingType.WONDER: "wonder_of_the_world",
    BuildingType.HORSE_DRINKING: "horse_drinking_trough",
    BuildingType.WATER_DITCH: None,  # reserved, not buildable (see README)
    BuildingType.TOWN_HALL: "town_hall",
}

# Reference unit key -> seed unit (reference ids equal seed ids; keys differ for some).
UNIT_REFERENCE_KEY: dict[UnitType, str] = {
    UnitType.LEGIONNAIRE: "legionnaire",
    UnitType.PRAETORIAN: "praetorian",
    UnitType.IMPERIAN: "imperian",
    UnitType.EQUITES_LEGATI: "equites_legati",
    UnitType.EQUITES_IMPERATORIS: "equites_imperatoris",
    UnitType.EQUITES_CAESARIS: "equites_caesaris",
    UnitType.BATTERING_RAM: "roman_ram",
    UnitType.FIRE_CATAPULT: "fire_catapult",
    UnitType.SENATOR: "senator",
    UnitType.SETTLER: "roman_settler",
    UnitType.CLUBSWINGER: "clubswinger",
    UnitType.SPEARFIGHTER: "spearman",
    UnitType.AXEFIGHTER: "axeman",
    UnitType.SCOUT: "scout",
    UnitType.PALADIN: "paladin",
    UnitType.TEUTONIC_KNIGHT: "teutonic_knight",
    UnitType.RAM: "teuton_ram",
    UnitType.CATAPULT: "catapult",
    UnitType.CHIEF: "chief",
    UnitType.SETTLER_TEUTON: "teuton_settler",
    UnitType.PHALANX: "phalanx",
    UnitType.SWORDSMAN: "swordsman",
    UnitType.PATHFINDER: "pathfinder",
    UnitType.THEUTATES_THUNDER: "theutates_thunder",
    UnitType.DRUIDRIDER: "druidrider",
    UnitType.HAEDUAN: "haeduan",
    UnitType.RAM_GAUL: "gaul_ram",
    UnitType.TREBUCHET: "trebuchet",
    UnitType.CHIEFTAIN: "chieftain",
    UnitType.SETTLER_GAUL: "gaul_settler",
}

ANIMAL_REFERENCE_KEY: dict[Animal, str] = {
    Animal.RAT: "rat",
    Animal.SPIDER: "spider",
    Animal.SNAKE: "snake",
    Animal.BAT: "bat",
    Animal.WILD_BOAR: "wild_boar",
    Animal.WOLF: "wolf",
    Animal.BEAR: "bear",
    Animal.CROCODILE: "crocodile",
    Animal.TIGER: "tiger",
    Animal.ELEPHANT: "elephant",
}

_TRIBE_ALIASES: dict[str, Tribe] = {
    "romans": Tribe.ROMANS,
    "roman": Tribe.ROMANS,
    "teutons": Tribe.TEUTONS,
    "teuton": Tribe.TEUTONS,
    "gauls": Tribe.GAULS,
    "gaul": Tribe.GAULS,
}


def _norm(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def _aliases(enum: type[IntEnum], reference: dict) -> dict[str, int]:
    names = {member.name.lower(): member for member in enum}
    for member, key in reference.items():
        if key is not None and _unique_key(reference, key):
            names.setdefault(key, member)
    return names


def _unique_key(reference: dict, key: str) -> bool:
    """True when exactly one seed id maps to ``key`` (``smithy`` maps to two)."""
    return sum(1 for value in reference.values() if value == key) == 1


_BUILDING_NAMES = _aliases(BuildingType, BUILDING_REFERENCE_KEY)
_UNIT_NAMES = _aliases(UnitType, UNIT_REFERENCE_KEY)
_ANIMAL_NAMES = _aliases(Animal, ANIMAL_REFERENCE_KEY)


def _parse(value: str | int, enum: type[IntEnum], names: dict[str, int], code: str) -> IntEnum:
    if isinstance(value, bool):
        raise RuleError(code, f"not a valid id: {value!r}")
    if isinstance(value, int):
        try:
            return enum(value)
        except ValueError:
            raise RuleError(code, f"unknown id {value}") from None
    if isinstance(value, str):
        text = _norm(value)
        if text.isascii() and text.isdigit():
            return _parse(int(text), enum, names, code)
        if text in names:
            return enum(names[text])
        raise RuleError(code, f"unknown name {value!r}")
    raise RuleError(code, f"expected a name or an id, got {type(value).__name__}")


def parse_tribe(value: str | int) -> Tribe:
    """'romans' | 'teutons' | 'gauls' (singular, enum name, any case) or 1 | 2 | 3."""
    if isinstance(value, str) and _norm(value) in _TRIBE_ALIASES:
        return _TRIBE_ALIASES[_norm(value)]
    return Tribe(_parse(value, Tribe, {m.name.lower(): m for m in Tribe}, "INVALID_INPUT"))


def parse_building(value: str | int) -> BuildingType:
    """Seed building id (1..42) or name, e.g. 13, 'main_building', 'MAIN_BUILDING'."""
    return BuildingType(_parse(value, BuildingType, _BUILDING_NAMES, "INVALID_INPUT"))


def parse_unit(value: str | int) -> UnitType:
    """Seed unit id (1..30) or name, e.g. 1, 'legionnaire', 'settler_teuton', 'spearman'."""
    return UnitType(_parse(value, UnitType, _UNIT_NAMES, "INVALID_INPUT"))


def parse_animal(value: str | int) -> Animal:
    """Nature animal id (31..40) or name, e.g. 'rat', 'wild_boar'."""
    return Animal(_parse(value, Animal, _ANIMAL_NAMES, "INVALID_INPUT"))


def parse_combatant(value: str | int) -> int:
    """Any unit that can fight: a tribe unit (1..30) or a nature animal (31..40)."""
    try:
        return int(parse_unit(value))
    except RuleError:
        pass
    try:
        return int(parse_animal(value))
    except RuleError:
        raise RuleError("INVALID_INPUT", f"unknown unit {value!r}") from None


def unit_tribe(unit: int) -> Tribe | None:
    """Tribe of a unit id; None for nature animals."""
    if 1 <= unit <= 30:
        return Tribe((unit - 1) // 10 + 1)
    if 31 <= unit <= 40:
        return None
    raise RuleError("INVALID_INPUT", f"unknown unit id {unit}")
