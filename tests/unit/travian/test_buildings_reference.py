"""Every building, every level, pinned against the reference tables and RULES.md formulas.

The seed -> reference mapping is written out here on purpose (not imported), so a wrong
mapping in the package fails these tests.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from rules.travian import buildings as bld
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType, Tribe

from .reference import reference, vendored

SEED_TO_REFERENCE: dict[str, str | None] = {
    "WOODCUTTER": "woodcutter", "CLAY_PIT": "clay_pit", "IRON_MINE": "iron_mine",
    "CROPLAND": "cropland", "SAWMILL": "sawmill", "BRICKYARD": "brickyard",
    "IRON_FOUNDRY": "iron_foundry", "GRAIN_MILL": "grain_mill", "BAKERY": "bakery",
    "WAREHOUSE": "warehouse", "GRANARY": "granary", "CRANNY": "cranny",
    "MAIN_BUILDING": "main_building", "RALLY_POINT": "rally_point",
    "MARKETPLACE": "marketplace", "EMBASSY": "embassy", "RESIDENCE": "residence",
    "PALACE": "palace", "TREASURY": "treasury", "TRADE_OFFICE": "trade_office",
    "BARRACKS": "barracks", "STABLE": "stable", "WORKSHOP": "workshop",
    "BLACKSMITH": "smithy", "ARMOURY": "smithy", "ACADEMY": "academy",
    "HERO_MANSION": "heros_mansion", "GREAT_BARRACKS": "great_barracks",
    "GREAT_STABLE": "great_stable", "CITY_WALL": "city_wall", "EARTH_WALL": "earth_wall",
    "PALISADE": "palisade", "TOURNAMENT_SQUARE": "tournament_square",
    "STONEMASON": "stonemason", "BREWERY": "brewery", "TRAPPER": "trapper",
    "GREAT_WAREHOUSE": "great_warehouse", "GREAT_GRANARY": "great_granary",
    "WONDER": "wonder_of_the_world", "HORSE_DRINKING": "horse_drinking_trough",
    "WATER_DITCH": None, "TOWN_HALL": "town_hall",
}  # fmt: skip
FIELDS = {"WOODCUTTER", "CLAY_PIT", "IRON_MINE", "CROPLAND"}
STANDARD = {"level", "cost", "pop", "pop_total", "cp", "time_base_s"}


def _by_key(data: dict) -> dict[str, dict]:
    return {entry["key"]: entry for entry in data["buildings"]}


_VENDORED = _by_key(vendored("buildings.json"))
BUILDABLE = [BuildingType[name] for name, key in SEED_TO_REFERENCE.items() if key is not None]
LEVEL_COUNT = {b: len(_VENDORED[SEED_TO_REFERENCE[b.name]]["levels"]) for b in BUILDABLE}


def _ref_entry(building: BuildingType) -> dict:
    key = SEED_TO_REFERENCE[building.name]
    assert key is not None
    return _by_key(reference("buildings.json"))[key]


def _gid_to_seed() -> dict[int, BuildingType]:
    mapping = {}
    for entry in reference("buildings.json")["buildings"]:
        names = [n for n, k in SEED_TO_REFERENCE.items() if k == entry["key"]]
        mapping[entry["gid"]] = BuildingType[names[0]]  # smithy -> BLACKSMITH (listed first)
    return mapping


def test_cases_cover_every_buildable_seed_building() -> None:
    assert len(BUILDABLE) == 41  # 42 ids minus the reserved water ditch
    # 33 buildings with 20 levels, 5 bonus buildings with 5, cranny and brewery 10, wonder 100
    assert sum(LEVEL_COUNT.values()) == 20 * 33 + 5 * 5 + 10 * 2 + 100


@pytest.mark.parametrize("building", BUILDABLE, ids=lambda b: b.name.lower())
def test_every_level_matches_reference(building: BuildingType) -> None:
    """Cost, population, culture, base time and every effect field, level by level."""
    entry = _ref_entry(building)
    assert bld.building_spec(building).max_level_capital == len(entry["levels"])
    wrong = []
    for row in entry["levels"]:
        level = row["level"]
        ours = {
            "cost": bld.building_cost(building, level).as_dict(),
            "pop": bld.population_added(building, level),
            "pop_total": bld.population_total(building, level),
            "cp": bld.culture_points(building, level),
            "time_base_s": bld.build_time_s(building, level, main_building_level=1),
        } | dict(bld.building_effects(building, level))
        wrong += [
            (level, k, ours.get(k), v) for k, v in row.items() if k != "level" and ours.get(k) != v
        ]
    assert not wrong, f"(level, field, ours, reference): {wrong[:10]}"


def _js_round(x: float) -> int:
    f = math.floor(x)
    return f + 1 if x - f >= 0.5 else f


@pytest.mark.parametrize("building", BUILDABLE, ids=lambda b: b.name.lower())
def test_every_level_follows_rules_formulas(building: BuildingType) -> None:
    """RULES §3: cost round_to(base k^(L-1), 5); pop u at L1 else round((5u+L-1)/10);
    cp round(cp 1.2^L); base time a k^(L-1) - b (fields: a = 1780/3.., b = 1000/3)."""
    entry = _ref_entry(building)
    tf = entry["time_formula"]
    u = entry["pop_base"]
    wrong = []
    for level in range(1, LEVEL_COUNT[building] + 1):
        cost = {
            r: 5 * _js_round(v * entry["k"] ** (level - 1) / 5)
            for r, v in entry["base_cost"].items()
        }
        if building is BuildingType.WONDER:
            cost = {r: min(v, 1_000_000) for r, v in cost.items()}
            if level == 100:  # the reference's special case
                cost = {"wood": 1_000_000, "clay": 1_000_000, "iron": 1_000_000, "crop": 193_630}
        if building.name in FIELDS:  # the JSON shows a and b to 4 decimals; they are thirds
            a = Fraction(round(tf["a"] * 3), 3)
            base = float(a * Fraction(16, 10) ** (level - 1) - Fraction(1000, 3))
        else:
            base = tf["a"] * tf["k"] ** (level - 1) - tf["b"]
        expected = {
            "cost": cost,
            "pop": u if level == 1 else _js_round((5 * u + level - 1) / 10),
            "cp": _js_round(entry["cp_base"] * 1.2**level),
            "time": _js_round(base),
        }
        ours = {
            "cost": bld.building_cost(building, level).as_dict(),
            "pop": bld.population_added(building, level),
            "cp": bld.culture_points(building, level),
            "time": bld.build_time_s(building, level),
        }
        wrong += [(level, k, ours[k], v) for k, v in expected.items() if ours[k] != v]
    assert not wrong, f"(level, field, ours, formula): {wrong[:10]}"


@pytest.mark.parametrize("building", BUILDABLE, ids=lambda b: b.name.lower())
def test_static_rules_match_reference(building: BuildingType) -> None:
    entry = _ref_entry(building)
    spec = bld.building_spec(building)
    gid = _gid_to_seed()
    assert spec.max_level_capital == entry["max_level"]
    assert spec.max_level == (10 if building.name in FIELDS else entry["max_level"])
    assert spec.tribe == (Tribe[entry["tribe"].upper()] if entry["tribe"] else None)
    assert spec.capital == entry["capital"]
    assert spec.multiple_allowed == entry["multiple_allowed"]
    assert spec.prerequisites == tuple((gid[p["gid"]], p["level"]) for p in entry["prerequisites"])
    assert spec.conflicts == tuple(gid[p["gid"]] for p in entry["forbidden_if_present"])


def test_main_building_factor_matches_time_factor_table() -> None:
    for row in reference("time_factors.json")["levels"][1:]:
        factor = float(bld.main_building_factor(row["level"]))
        assert factor == pytest.approx(row["main_building_factor"], abs=5e-7)


def test_build_time_applies_main_building_factor_and_speed_then_rounds_half_up() -> None:
    # woodcutter L1: 260 s; MB 20: 260 * 0.964^19 = 260 * 0.4982686.. = 129.55 -> 130
    assert bld.build_time_s(BuildingType.WOODCUTTER, 1, main_building_level=20) == 130
    # speed 3: 43.18 -> 43; speed 1.5 (as float) = 3/2 exactly: 86.37 -> 86
    assert bld.build_time_s(BuildingType.WOODCUTTER, 1, main_building_level=20, speed=3) == 43
    assert bld.build_time_s(BuildingType.WOODCUTTER, 1, main_building_level=20, speed=1.5) == 86
    # main building L2: 3875 * 1.16 - 1875 = 2620 s at MB 1; 2620 * 0.964 = 2525.68 at MB 2
    assert bld.build_time_s(BuildingType.MAIN_BUILDING, 2, main_building_level=2) == 2526
    # MB 0 (destroyed) counts as MB 1; never below 1 second even at absurd speeds
    assert bld.build_time_s(BuildingType.CRANNY, 1, main_building_level=0) == 300
    assert bld.build_time_s(BuildingType.CRANNY, 1, speed=10_000) == 1


def test_blacksmith_and_armoury_are_the_two_halves_of_the_smithy() -> None:
    for level in range(1, 21):
        smith = bld.building_level(BuildingType.BLACKSMITH, level)
        armour = bld.building_level(BuildingType.ARMOURY, level)
        assert smith.cost == armour.cost and smith.time_base_s == armour.time_base_s
        assert smith.effects["max_attack_upgrade_level"] == level
        assert armour.effects["max_defence_upgrade_level"] == level
        assert "max_defence_upgrade_level" not in smith.effects


def test_water_ditch_is_reserved_and_never_available() -> None:
    spec = bld.building_spec(BuildingType.WATER_DITCH)
    assert not spec.available and spec.positions == frozenset()
    for call in (
        lambda: bld.building_cost(BuildingType.WATER_DITCH, 1),
        lambda: bld.build_time_s(BuildingType.WATER_DITCH, 1),
        lambda: bld.max_level(BuildingType.WATER_DITCH),
    ):
        with pytest.raises(RuleError) as err:
            call()
        assert err.value.code == "BUILDING_NOT_AVAILABLE"


@pytest.mark.parametrize("level", [0, 21, -1])
def test_levels_outside_the_table_are_invalid_input(level: int) -> None:
    with pytest.raises(RuleError) as err:
        bld.building_cost(BuildingType.MARKETPLACE, level)
    assert err.value.code == "INVALID_INPUT"
