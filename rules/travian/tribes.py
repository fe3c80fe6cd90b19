"""Tribe traits, all from the reference (misc.json, capacity.json, RULES.md)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from rules.travian._data import load
from rules.travian.ids import BuildingType, Tribe, UnitType, parse_tribe

B = BuildingType
U = UnitType


@dataclass(frozen=True, slots=True)
class TribeTraits:
    tribe: Tribe
    key: str  # 'romans' | 'teutons' | 'gauls'
    merchant_capacity: int  # resources per merchant, before the trade office
    merchant_speed: int  # fields per hour
    trade_office_bonus_percent_per_level: int
    cranny_factor: Fraction  # how much the own crannies hide (Gauls 1.5)
    wall: BuildingType
    wall_multiplier_base: float  # wall bonus = round3(base ** level)
    wall_flat_defense_per_level: int
    wall_ram_durability: int  # reference help text; unused by the T4 combat path
    hero_strength_per_point: int
    hero_mounted_speed_bonus: int  # Gauls: +5 fields/h on horseback
    scout: UnitType
    ram: UnitType
    catapult: UnitType
    administrator: UnitType
    settler: UnitType
    tribe_buildings: tuple[BuildingType, ...]  # buildings only this tribe may build


def _traits() -> dict[Tribe, TribeTraits]:
    misc = load("misc.json")
    cranny_gauls = Fraction(str(load("capacity.json")["cranny_gaul_multiplier"]))
    specials = {
        Tribe.ROMANS: (U.EQUITES_LEGATI, U.BATTERING_RAM, U.FIRE_CATAPULT, U.SENATOR, U.SETTLER,
                       (B.CITY_WALL, B.HORSE_DRINKING), 20, 100, 0),
        Tribe.TEUTONS: (U.SCOUT, U.RAM, U.CATAPULT, U.CHIEF, U.SETTLER_TEUTON,
                        (B.EARTH_WALL, B.BREWERY), 10, 80, 0),
        Tribe.GAULS: (U.PATHFINDER, U.RAM_GAUL, U.TREBUCHET, U.CHIEFTAIN, U.SETTLER_GAUL,
                      (B.PALISADE, B.TRAPPER), 10, 80, 5),
    }  # fmt: skip
    traits = {}
    for tribe, (scout, ram, cat, admin, settler, own, office, hero, mounted) in specials.items():
        key = tribe.name.lower()
        wall = misc["combat"]["wall"][key]
        merchant = misc["merchants"][key]
        traits[tribe] = TribeTraits(
            tribe=tribe,
            key=key,
            merchant_capacity=merchant["capacity"],
            merchant_speed=merchant["speed"],
            trade_office_bonus_percent_per_level=office,
            cranny_factor=cranny_gauls if tribe is Tribe.GAULS else Fraction(1),
            wall=B[wall["building"].upper()],
            wall_multiplier_base=wall["multiplier_base"],
            wall_flat_defense_per_level=wall["flat_defense_per_level"],
            wall_ram_durability=wall["ram_durability"],
            hero_strength_per_point=hero,
            hero_mounted_speed_bonus=mounted,
            scout=scout,
            ram=ram,
            catapult=cat,
            administrator=admin,
            settler=settler,
            tribe_buildings=own,
        )
    return traits


_TRAITS = _traits()
# Attacking Teutons with their hero make the defender's crannies hide only 80%.
TEUTON_HERO_CRANNY_FACTOR = Fraction(str(load("capacity.json")["cranny_vs_teuton_hero_multiplier"]))


def tribe_traits(tribe: Tribe | str | int) -> TribeTraits:
    return _TRAITS[parse_tribe(tribe) if not isinstance(tribe, Tribe) else tribe]


def merchant_capacity(tribe: Tribe, trade_office_level: int = 0) -> int:
    """Resources one merchant carries: base * (1 + bonus% * trade office level / 100)."""
    traits = tribe_traits(tribe)
    percent = 100 + traits.trade_office_bonus_percent_per_level * trade_office_level
    return traits.merchant_capacity * percent // 100


def merchants_needed(tribe: Tribe, amount: int, trade_office_level: int = 0) -> int:
    """Merchants needed to carry ``amount`` resources."""
    capacity = merchant_capacity(tribe, trade_office_level)
    return -(-amount // capacity)


def merchants_available(marketplace_level: int) -> int:
    """One merchant per marketplace level."""
    return max(0, marketplace_level)
