"""The default map's content and the grid topology it reports."""

import json

from rules.tactics.maps import DEFAULT_MAP, MAPS, TOPOLOGY, map_metadata, map_tiles
from rules.tactics.pathfinding import distance_field
from rules.tactics.units import UNIT_DEFS, unit_definitions


def test_default_map_is_20_by_15_schema_1() -> None:
    meta = map_metadata(DEFAULT_MAP)
    assert (meta["code"], meta["width"], meta["height"], meta["schemaVersion"]) == (
        "default",
        20,
        15,
        1,
    )
    assert MAPS["default"] is DEFAULT_MAP
    assert meta["topology"] == TOPOLOGY
    json.dumps(meta)


def test_topology_names_grid_metric_and_passable_terrain() -> None:
    assert TOPOLOGY["kind"] == "square"
    assert TOPOLOGY["neighbours"] == 8
    assert TOPOLOGY["rangeMetric"] == "chebyshev"
    assert set(TOPOLOGY["passable"]) == {"plains", "forest", "hills"}
    assert set(TOPOLOGY["impassable"]) == {"water", "mountain"}


def test_tile_ids_are_row_major_from_one() -> None:
    tiles = map_tiles(DEFAULT_MAP)
    assert len(tiles) == 300
    for t in tiles:
        assert t["id"] == t["row"] * 20 + t["col"] + 1
    assert DEFAULT_MAP.tile_id(0, 0) == 1
    assert DEFAULT_MAP.tile_id(14, 19) == 300
    assert DEFAULT_MAP.row_col(21) == (1, 0)


def test_terrain_is_varied_and_resources_have_amounts() -> None:
    tiles = map_tiles(DEFAULT_MAP)
    assert {t["terrain"] for t in tiles} == {"plains", "forest", "hills", "water", "mountain"}
    with_res = [t for t in tiles if t["resourceType"] is not None]
    assert {t["resourceType"] for t in with_res} == {"iron", "stone"}
    assert all(t["resourceAmount"] > 0 for t in with_res)
    assert all(t["resourceAmount"] == 0 for t in tiles if t["resourceType"] is None)
    json.dumps(tiles)


def test_each_start_city_has_iron_and_stone_within_radius_two() -> None:
    m = DEFAULT_MAP
    for start in m.starts:
        center = m.tile_id(*start.city)
        kinds = {m.resources[t][0] for t in m.tiles_within(center, 2) if t in m.resources}
        assert kinds == {"iron", "stone"}


def test_start_cities_are_far_apart_and_connected() -> None:
    m = DEFAULT_MAP
    human, ai = (m.tile_id(*s.city) for s in m.starts)
    assert m.distance(human, ai) >= 12
    steps = distance_field(m, [human])[ai]
    assert 12 <= steps < 40  # reachable over land


def test_starting_units_are_warrior_and_slinger_next_to_their_city() -> None:
    m = DEFAULT_MAP
    for start in m.starts:
        center = m.tile_id(*start.city)
        assert sorted(code for code, _ in start.units) == ["slinger", "warrior"]
        for _, (row, col) in start.units:
            tile = m.tile_id(row, col)
            assert m.distance(center, tile) == 1
            assert m.passable[tile]


def test_unit_definitions_have_the_seed_fields() -> None:
    items = unit_definitions()
    assert [d["code"] for d in items] == ["warrior", "slinger"]
    for d in items:
        assert set(d) == {
            "id",
            "code",
            "isRanged",
            "attack",
            "defence",
            "rangeMin",
            "rangeMax",
            "movePoints",
            "health",
        }
    warrior, slinger = UNIT_DEFS["warrior"], UNIT_DEFS["slinger"]
    assert not warrior.is_ranged and (warrior.range_min, warrior.range_max) == (1, 1)
    assert slinger.is_ranged and slinger.range_min >= 2
