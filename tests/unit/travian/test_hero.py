"""The hero's rules (rules/travian/hero.py): points, XP, health, death, revival, adventures."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.combat.battle import resolve
from rules.combat.model import Army, Battle
from rules.travian import hero as h
from rules.travian import village as v
from rules.travian.buildings import FIELD_LAYOUT_4446
from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS
from rules.travian.ids import Animal, Tribe, UnitType
from rules.travian.resources import Resources

FULL = h.MAX_HEALTH * h.HEALTH_SUBUNITS


def test_levels_follow_the_table_and_give_four_points_each() -> None:
    assert [h.level_for(xp) for xp in (0, 49, 50, 149, 150, 252_500, 10**9)] == [
        0, 0, 1, 1, 2, 100, 100]
    assert h.points_total(0) == 4 and h.points_total(10) == 44
    assert h.points_total(99) == 400 and h.points_total(100) == 400
    hero = h.new_hero(Tribe.ROMANS, 0)
    assert hero.points["resources"] == 4 and h.free_points(hero) == 0


def test_assigning_points_needs_free_points_and_caps_attributes() -> None:
    hero = replace(h.new_hero(Tribe.GAULS, 0), xp=150)  # level 2: 8 free points
    after = h.assign(hero, {"strength": 5, "off_bonus": 3})
    assert after.points == {"strength": 5, "off_bonus": 3, "def_bonus": 0, "resources": 4}
    assert h.free_points(after) == 0
    for bad, code in (({"strength": 9}, "NOT_ENOUGH_POINTS"), ({"speed": 1}, "INVALID_INPUT"),
                      ({"strength": -1}, "INVALID_INPUT"), ({}, "INVALID_INPUT")):
        with pytest.raises(RuleError) as err:
            h.assign(hero, bad)
        assert err.value.code == code
    rich = replace(h.new_hero(Tribe.GAULS, 0), xp=h.xp_for_level(60))
    with pytest.raises(RuleError) as err:
        h.assign(rich, {"strength": 101})
    assert err.value.code == "NOT_ENOUGH_POINTS"


def test_health_regenerates_ten_points_a_day_times_the_speed() -> None:
    hurt = replace(h.new_hero(Tribe.TEUTONS, 0), health=50 * h.HEALTH_SUBUNITS)
    assert h.settle(hurt, 86400, 1).health_points == 60
    assert h.settle(hurt, 8640, 10).health_points == 60
    assert h.settle(hurt, 10**7, 1).health == FULL  # never above 100


def test_battle_hero_is_what_combat_fights_with() -> None:
    hero = h.assign(replace(h.new_hero(Tribe.ROMANS, 0), xp=300), {"strength": 10, "def_bonus": 2})
    fighter = h.battle_hero(hero, 0, 1)
    assert (fighter.strength_points, fighter.def_bonus_points, fighter.health) == (10, 2, 100)
    assert h.battle_hero(replace(hero, alive=False, health=0), 0, 1) is None
    assert h.battle_hero(None, 0, 1) is None
    # In a real battle the hero's strength counts: 100 + 100*10 = 1100 beside a legionnaire.
    result = resolve(Battle(attacker=Army(Tribe.ROMANS, {int(UnitType.LEGIONNAIRE): 1},
                                          hero=fighter),
                            defenders=[Army(None, {int(Animal.RAT): 5})], kind="raid"))
    assert result.offence == pytest.approx(1100 + 40, abs=0.01)


def test_a_battle_that_costs_ninety_or_more_kills_and_xp_still_counts() -> None:
    hero = h.new_hero(Tribe.ROMANS, 0)
    dead = h.after_battle(hero, 10, 1, health_after=10, xp=60)
    assert not dead.alive and dead.health == 0 and dead.xp == 60
    alive = h.after_battle(hero, 10, 1, health_after=11, xp=20)
    assert alive.alive and alive.health_points == 11
    # a level-up (50 XP) heals fully
    healed = h.after_battle(hero, 10, 1, health_after=40, xp=50)
    assert healed.alive and healed.health == FULL and healed.level == 1


def test_battle_xp_counts_upkeep_animals_t31_and_heroes() -> None:
    killed = {int(UnitType.LEGIONNAIRE): 10, int(UnitType.EQUITES_IMPERATORIS): 2,
              int(Animal.BEAR): 1, int(Animal.RAT): 4}
    # legionnaire 1, equites imperatoris 3, bear 3 (T3.1), rat 1; one hero 6
    assert h.battle_xp(killed, killed_heroes=1) == 10 + 6 + 3 + 4 + 6


@given(st.integers(0, 10_000), st.lists(st.integers(0, 500), min_size=1, max_size=6))
def test_shared_xp_adds_up_to_the_total(total, weights) -> None:
    shares = h.share_xp(total, weights)
    assert sum(shares) == total and all(s >= 0 for s in shares)


def test_revival_costs_the_table_and_takes_level_hours() -> None:
    hero = replace(h.new_hero(Tribe.ROMANS, 0), xp=h.xp_for_level(24), alive=False, health=0)
    cost, seconds = h.revival(hero, 1)
    assert cost == Resources(6500, 5800, 9000, 3800) and seconds == 24 * 3600
    reviving, paid = h.start_revival(hero, 100, 1)
    assert paid == cost and reviving.revive_at == 100 + 24 * 3600
    assert not h.settle(reviving, 100 + 24 * 3600 - 1, 1).alive
    back = h.settle(reviving, 100 + 24 * 3600 + 864, 1)
    assert back.alive and back.health == FULL
    with pytest.raises(RuleError):
        h.start_revival(reviving, 200, 1)
    with pytest.raises(RuleError):
        h.start_revival(h.new_hero(Tribe.ROMANS, 0), 0, 1)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(-400, 400), st.integers(-400, 400),
       st.integers(1, 100))
def test_adventures_are_deterministic_within_range_and_exact(seed, x, y, health) -> None:
    home = (x, y)
    adventure = h.offer(seed, home, 0, 1)
    assert adventure == h.offer(seed, home, 0, 1)
    from rules.travian.movement import distance
    assert 3 <= distance(*home, adventure.x, adventure.y) <= 25
    hero = replace(h.new_hero(Tribe.GAULS, 0), health=health * h.HEALTH_SUBUNITS)
    outcome = h.send(hero, adventure, home, 0, 1)
    assert outcome == h.send(hero, adventure, home, 0, 1)
    assert outcome.returns_at - outcome.arrives_at == outcome.arrives_at
    after = h.apply_outcome(hero, outcome, 1)
    assert after.xp == outcome.xp
    if outcome.died:
        assert not after.alive and outcome.resources == Resources()
    else:
        assert after.alive and after.health_points >= 0
    table = h._ADVENTURE[adventure.difficulty]
    assert table["xp"][0] <= outcome.xp <= table["xp"][1]


def test_an_expired_adventure_or_a_dead_hero_cannot_go() -> None:
    adventure = h.offer(1, (0, 0), 0, 1)
    with pytest.raises(RuleError):
        h.send(h.new_hero(Tribe.ROMANS, 0), adventure, (0, 0), adventure.expires_at, 1)
    with pytest.raises(RuleError) as err:
        h.send(replace(h.new_hero(Tribe.ROMANS, 0), alive=False, health=0), adventure, (0, 0),
               0, 1)
    assert err.value.code == "HERO_UNAVAILABLE"


def test_battle_outcomes_give_each_hero_health_xp_and_death_by_hand() -> None:
    """Attacker: 100 legionnaires + hero; defenders: home 50 clubswingers + hero (100 HP),
    a reinforcement of 20 phalanxes + hero (50 HP), a third army without hero. The result
    is set by hand: the attacker loses 30 legionnaires and its hero 40 HP; the home hero
    ends at 0 (dies), the reinforcement's at 45; every defender dies.
    Attacker's XP: upkeep of the defenders killed 50 + 20 + 5 = 75, + 6 for the killed
    hero = 81. Defenders' XP: 30 (legionnaires' upkeep 1 each), shared by the armies'
    upkeep 50 : 20 -> floors 21, 8, the remainder 1 to the larger -> 22, 8."""
    from rules.combat.model import Hero

    battle = Battle(attacker=Army(Tribe.ROMANS, {1: 100}, hero=Hero(strength_points=10)),
                    defenders=[Army(Tribe.TEUTONS, {11: 50}, hero=Hero(health=100)),
                               Army(Tribe.GAULS, {21: 20}, hero=Hero(health=50)),
                               Army(Tribe.GAULS, {22: 5})],
                    defender_tribe=Tribe.TEUTONS)
    result = replace(resolve(battle), attacker_losses={1: 30},
                     defender_losses=[{11: 50}, {21: 20}, {22: 5}], attacker_hero_health=60,
                     defender_hero_health=[0, 45, None])
    attacker, defenders = h.battle_outcomes(battle, result)
    assert attacker == h.HeroOutcome(100, 60, 81, False)
    assert defenders == [h.HeroOutcome(100, 0, 22, True), h.HeroOutcome(50, 45, 8, False),
                         None]
    # Losing 90 in one battle kills even with health left; the killed attacker's hero is
    # worth 6 XP to the defenders.
    result = replace(result, attacker_hero_health=10, defender_hero_health=[100, 45, None])
    attacker, defenders = h.battle_outcomes(replace(battle, attacker=replace(
        battle.attacker, hero=Hero(health=100))), result)
    assert attacker == h.HeroOutcome(100, 10, 75, True)
    assert [d.xp for d in defenders if d] == [26, 10]  # 36 * 50 // 70 = 25 (+1), 36 * 20 // 70


def test_the_hero_yields_3_of_each_per_resources_point_and_6_crop() -> None:
    assert h.output({"resources": 0}) == Resources(0, 0, 0, 6)
    assert h.output({"resources": 4, "strength": 9}) == Resources(12, 12, 12, 18)
    assert h.output({"resources": 100}) == Resources(300, 300, 300, 306)


def test_the_home_village_gains_the_output_from_the_hero_start_exactly() -> None:
    base = v.new_village(Tribe.TEUTONS, False, FIELD_LAYOUT_4446, 0)
    empty = replace(base, stock=Resources())
    # Hired at 1800 s with 4 points in resources: +12 of each, +18 crop per hour from then.
    with_hero = replace(empty, hero=v.HeroOutput(h.output({"resources": 4}), start=1800))
    plain, _ = v.settle(empty, 3600, 1)
    got, _ = v.settle(with_hero, 3600, 1)
    gained = Resources(*(a - b for a, b in zip(got.stock.as_tuple(), plain.stock.as_tuple(),
                                                strict=True)))
    assert gained == Resources(6, 6, 6, 9).times(SUBUNITS)
    assert v.rates(empty, 1).gross.wood + 12 == v.rates(replace(with_hero, at=1800), 1).gross.wood
    assert v.rates(with_hero, 1).gross == v.rates(empty, 1).gross  # not yet at t=0
    assert v.rates(replace(with_hero, at=1800), 100).gross.crop == (
        v.rates(replace(empty, at=1800), 100).gross.crop + 1800)
