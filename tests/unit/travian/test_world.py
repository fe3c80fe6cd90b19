"""The generated world: deterministic, at the reference's shares, wrapping, refusing off-map."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.travian import world
from rules.travian.errors import RuleError
from rules.travian.ids import Animal, BuildingType
from rules.travian.resources import Resources

from .reference import reference

coord = st.integers(-world.WORLD_RADIUS, world.WORLD_RADIUS)
seeds = st.integers(0, 2**63)


@given(seeds, coord, coord)
def test_square_is_a_pure_function_of_seed_and_coordinates(seed: int, x: int, y: int) -> None:
    assert world.square(seed, x, y) == world.square(seed, x, y)


@given(seeds, coord, coord)
def test_every_square_is_consistent_with_its_kind(seed: int, x: int, y: int) -> None:
    sq = world.square(seed, x, y)
    assert (sq.x, sq.y) == (x, y)
    if sq.kind == "village":
        assert sq.layout in world.LAYOUTS and sq.oasis_type is None
        assert sq.oasis_bonus == Resources() and not sq.animals
    else:
        assert sq.kind == "oasis" and sq.layout is None
        assert sq.oasis_type in world.OASIS_TYPES
        assert sum(sq.oasis_bonus.as_tuple()) in (25, 50)
        assert all(isinstance(a, Animal) and n > 0 for a, n in sq.animals.items())


def test_different_seeds_give_different_maps() -> None:
    a = [world.square(1, x, 7).layout for x in range(-50, 50)]
    b = [world.square(2, x, 7).layout for x in range(-50, 50)]
    assert a != b


def _sample(seed: int) -> list[world.Square]:
    return [world.square(seed, x, y) for x in range(-400, -150) for y in range(-400, 400)]


@pytest.fixture(scope="module")
def sample() -> list[world.Square]:
    return _sample(12345)


def test_layout_and_oasis_shares_follow_the_reference(sample: list[world.Square]) -> None:
    """200,000 squares: each share within 0.15 percentage points (about 6 sigma at 1 %)."""
    ref_world = reference("world.json")
    ref_oases = reference("oases.json")
    counts = Counter(sq.layout if sq.kind == "village" else sq.oasis_type for sq in sample)
    n = len(sample)
    expected: Counter[str] = Counter()
    for kind in ref_world["field_kinds"]:
        expected[kind["layout"]] += kind["map_share_percent"]
    names = {1: "wood", 2: "wood", 3: "wood_crop", 4: "clay", 5: "clay", 6: "clay_crop",
             7: "iron", 8: "iron", 9: "iron_crop", 10: "crop", 11: "crop", 12: "crop2"}  # fmt: skip
    for t in ref_oases["types"]:
        expected[names[t["travianz_oasistype"]]] += t["map_share_percent"]
    assert set(counts) == set(expected)
    for name, percent in expected.items():
        assert abs(counts[name] / n * 100 - percent) < 0.15, name
    assert counts["4-4-4-6"] == max(counts.values())
    oases = sum(1 for sq in sample if sq.kind == "oasis")
    assert abs(oases / n * 100 - ref_world["square_kinds"]["oasis_percent"]) < 0.3


def test_oasis_bonus_and_animals_follow_their_type(sample: list[world.Square]) -> None:
    ref = reference("oases.json")
    allowed: dict[str, dict[Animal, tuple[int, int]]] = {}
    bonus: dict[str, Resources] = {}
    names = {1: "wood", 2: "wood", 3: "wood_crop", 4: "clay", 5: "clay", 6: "clay_crop",
             7: "iron", 8: "iron", 9: "iron_crop", 10: "crop", 11: "crop", 12: "crop2"}  # fmt: skip
    for t in ref["types"]:
        name = names[t["travianz_oasistype"]]
        bonus[name] = Resources.of(t["bonus_percent"])
        allowed[name] = {
            Animal[a["animal"].upper()]: (a["install_min"], a["install_max"]) for a in t["animals"]
        }
    seen: dict[tuple[str, Animal], set[int]] = {}
    for sq in sample:
        if sq.kind != "oasis":
            continue
        assert sq.oasis_bonus == bonus[sq.oasis_type]
        kinds = allowed[sq.oasis_type]
        assert set(sq.animals) <= set(kinds)
        for animal, (low, high) in kinds.items():
            count = sq.animals.get(animal, 0)
            assert low <= count <= high
            seen.setdefault((sq.oasis_type, animal), set()).add(count)
    # the whole install range is drawn, not one fixed value
    for (name, animal), counts in seen.items():
        low, high = allowed[name][animal]
        assert counts == set(range(low, high + 1)), (name, animal)


def test_fixed_squares_are_standard_villages() -> None:
    for seed in range(20):
        assert world.square(seed, 0, 0).layout == "4-4-4-6"
        assert world.square(seed, 400, 400).layout == "4-4-4-6"


@pytest.mark.parametrize("x,y", [(401, 0), (0, -401), (-1000, 5), (True, 0)])
def test_off_map_is_invalid_input(x: int, y: int) -> None:
    with pytest.raises(RuleError) as err:
        world.square(1, x, y)
    assert err.value.code == "INVALID_INPUT"
    with pytest.raises(RuleError):
        world.window(1, x, y, 1)


@given(seeds, coord, coord, st.integers(0, 6))
def test_window_wraps_and_covers_each_square_once(seed: int, x: int, y: int, r: int) -> None:
    squares = world.window(seed, x, y, r)
    assert len(squares) == (2 * r + 1) ** 2
    assert len({(s.x, s.y) for s in squares}) == len(squares)
    for s in squares:
        assert s == world.square(seed, s.x, s.y)
        dx = min(abs(s.x - x), world.MAP_SIZE - abs(s.x - x))
        dy = min(abs(s.y - y), world.MAP_SIZE - abs(s.y - y))
        assert dx <= r and dy <= r


def test_window_at_the_corner_wraps_to_the_other_side() -> None:
    coords = {(s.x, s.y) for s in world.window(3, 400, 400, 1)}
    assert coords == {(x, y) for x in (399, 400, -400) for y in (399, 400, -400)}


@pytest.mark.parametrize("radius", [-1, 401, 2.5])
def test_window_radius_is_checked(radius: int) -> None:
    with pytest.raises(RuleError):
        world.window(1, 0, 0, radius)


def test_spiral_visits_every_square_once_centre_outwards() -> None:
    order = list(world.spiral_from_centre())
    assert len(order) == world.MAP_SIZE**2 == len(set(order))
    assert order[0] == (0, 0)
    rings = [max(abs(x), abs(y)) for x, y in order]
    assert rings == sorted(rings)
    assert set(order[1:9]) == {(x, y) for x in (-1, 0, 1) for y in (-1, 0, 1)} - {(0, 0)}
    for k in (1, 2, 7, world.WORLD_RADIUS):  # from ring k: the same order from its start
        assert list(world.spiral_from_centre(k)) == order[(2 * k - 1) ** 2:]


def test_field_types_follow_the_reference_slots() -> None:
    ref = reference("world.json")
    codes = {1: BuildingType.WOODCUTTER, 2: BuildingType.CLAY_PIT, 3: BuildingType.IRON_MINE,
             4: BuildingType.CROPLAND}  # fmt: skip
    for kind in ref["field_kinds"]:
        types = world.field_types(kind["layout"])
        assert types == tuple(codes[c] for c in kind["slots_f1_f18"])
        counts = [types.count(b) for b in codes.values()]
        assert "-".join(map(str, counts)) == kind["layout"]


def test_unknown_layout_is_invalid_input() -> None:
    with pytest.raises(RuleError) as err:
        world.field_types("9-9-0-0")
    assert err.value.code == "INVALID_INPUT"
