"""Oases (rules/travian/oases.py): animals, lazy respawn, annexation, bonus."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.combat.battle import resolve
from rules.combat.model import Army, Battle
from rules.travian import oases as o
from rules.travian import village as v
from rules.travian import world
from rules.travian.buildings import FIELD_LAYOUT_4446
from rules.travian.errors import RuleError
from rules.travian.ids import Animal, Tribe, UnitType
from rules.travian.resources import Resources

SEED = world.DEFAULT_WORLD_SEED


def an_oasis(kind: str | None = None) -> world.Square:
    for x in range(-400, 400):
        sq = world.square(SEED, x, 7)
        if sq.kind == "oasis" and (kind is None or sq.oasis_type == kind):
            return sq
    raise AssertionError("no oasis on the row")


def test_an_untouched_oasis_holds_the_generators_animals() -> None:
    sq = an_oasis()
    state = o.initial(SEED, sq.x, sq.y)
    assert o.animals_at(state, 10**9, SEED, 1) == dict(sq.animals)
    army = o.defending_army(state, 0, SEED, 1)
    assert army.tribe is None and army.units == {int(a): n for a, n in sq.animals.items()}
    with pytest.raises(RuleError):
        o.initial(SEED, 0, 0)  # a village square


def test_respawn_starts_at_the_fight_and_only_lists_the_types_animals() -> None:
    sq = an_oasis("clay")
    fought = o.after_fight(o.initial(SEED, sq.x, sq.y), {}, 1000)
    period = o.respawn_period_s(1)
    assert o.animals_at(fought, 1000 + period - 1, SEED, 1) == {}
    later = o.animals_at(fought, 1000 + 50 * period, SEED, 1)
    assert later and set(later) <= {Animal.RAT, Animal.SPIDER, Animal.WILD_BOAR}
    assert all(n <= 35 for n in later.values())  # class 2 caps at 35
    # an annexed oasis does not respawn
    assert o.animals_at(replace(fought, owner_village="v"), 1000 + 50 * period, SEED, 1) == {}


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 400), st.integers(0, 200_000), st.integers(0, 200_000),
       st.sampled_from([1, 3, 1000]))
def test_respawn_is_monotone_and_a_pure_function_of_the_instant(x, a, b, speed) -> None:
    sq = next(world.square(SEED, (x + i) % 400, 11) for i in range(400)
              if world.square(SEED, (x + i) % 400, 11).kind == "oasis")
    fought = o.after_fight(o.initial(SEED, sq.x, sq.y), {int(Animal.RAT): 1}, 0)
    early, late = sorted((a, b))
    first = o.animals_at(fought, early, SEED, speed)
    second = o.animals_at(fought, late, SEED, speed)
    assert first == o.animals_at(fought, early, SEED, speed)
    assert all(second.get(k, 0) >= n for k, n in first.items())


def test_a_fight_with_animals_uses_the_combat_rules() -> None:
    sq = an_oasis()
    state = o.initial(SEED, sq.x, sq.y)
    army = o.defending_army(state, 0, SEED, 1)
    result = resolve(Battle(attacker=Army(Tribe.TEUTONS, {int(UnitType.CLUBSWINGER): 200}),
                            defenders=[army], defender_tribe=None))
    after = o.after_fight(state, result.defender_survivors[0], 50)
    assert after.fought_at == 50 and o.animals_at(after, 50, SEED, 1) == {}


def test_annexing_needs_mansion_slots_reach_and_an_empty_free_oasis() -> None:
    sq = an_oasis()
    empty = o.after_fight(o.initial(SEED, sq.x, sq.y), {}, 0)
    home = (world.wrap(sq.x + 3), world.wrap(sq.y - 3))
    got = o.check_annex(empty, home, "v1", 10, 0, 1, SEED, 1)
    assert got.owner_village == "v1"
    cases = [
        (empty, (world.wrap(sq.x + 4), sq.y), 10, 0, "OUT_OF_REACH"),
        (empty, home, 9, 0, "NO_OASIS_SLOT"),
        (empty, home, 14, 1, "NO_OASIS_SLOT"),
        (o.initial(SEED, sq.x, sq.y), home, 20, 0, "OASIS_NOT_EMPTY"),
        (replace(empty, owner_village="v2"), home, 20, 0, "OASIS_NOT_EMPTY"),
    ]
    for state, village, mansion, owned, code in cases:
        with pytest.raises(RuleError) as err:
            o.check_annex(state, village, "v1", mansion, owned, 1, SEED, 1)
        assert err.value.code == code
    assert [o.slots(level) for level in (0, 9, 10, 14, 15, 19, 20)] == [0, 0, 1, 1, 2, 2, 3]
    # the 7x7 square wraps at the map's edge
    assert o.in_reach((400, 400), (-398, -400)) and not o.in_reach((400, 0), (-397, 0))


def test_the_bonus_adds_to_the_villages_production_exactly() -> None:
    assert o.bonus(["crop2", "wood_crop"]) == Resources(25, 0, 0, 75)
    base = v.new_village(Tribe.ROMANS, False, FIELD_LAYOUT_4446, 0)
    plain = v.rates(base, 1).gross
    boosted = v.rates(replace(base, oasis_bonus=o.bonus(["crop2"])), 1).gross
    # 6 croplands at 0: 18/h, +50 % -> 27/h; wood unchanged
    assert (plain.crop, boosted.crop, boosted.wood) == (18, 27, plain.wood)
    with pytest.raises(RuleError):
        o.bonus(["gold"])


def test_a_herd_grows_to_its_caps_and_stays_there() -> None:
    sq = an_oasis("crop2")
    fought = o.after_fight(o.initial(SEED, sq.x, sq.y), {}, 0)
    period = o.respawn_period_s(1)
    settled = o.animals_at(fought, 5000 * period, SEED, 1)
    assert settled == o.animals_at(fought, 9000 * period, SEED, 1)
    low, high = o._CAPS[0]
    for animal, n in settled.items():
        assert n == o._cap(SEED, fought, animal) and low <= n <= high
    assert Animal.ELEPHANT not in settled  # floor(3 * U * 0.3) is always 0


def test_an_owned_oasis_falls_to_1_2_or_3_attacks_by_its_owners_count() -> None:
    """Official: 3, 2 or 1 attacks when the owner holds 1, 2 or 3 oases (TravianZ's
    loyalty model: -floor(100/d) each, taken below 99/d)."""
    for held, needed in ((1, 3), (2, 2), (3, 1)):
        loyalty, attacks = o.OASIS_LOYALTY, 0
        while not o.oasis_taken(loyalty, held):
            loyalty = o.oasis_loyalty_after_attack(loyalty, held)
            attacks += 1
        assert attacks == needed, held


def test_oasis_loyalty_regenerates_by_the_owners_mansion_level_per_hour() -> None:
    assert o.oasis_loyalty_at(67, 0, 3600, 10, 1) == 77
    assert o.oasis_loyalty_at(67, 0, 359, 10, 1) == 67  # 0.997 of a point: not yet
    assert o.oasis_loyalty_at(67, 0, 36, 10, 100) == 77  # x world speed
    assert o.oasis_loyalty_at(95, 0, 7200, 20, 1) == 100  # at most 100
    assert o.oasis_loyalty_at(50, 100, 50, 20, 1) == 50  # nothing before its instant
