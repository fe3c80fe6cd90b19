"""combat's translation of a ResolveRequest (services/combat/battles.py): heroes join their
armies and come back as hero results; an oasis battle fights nature's animals."""

from __future__ import annotations

import uuid

import pytest

from protos.combat.v1 import combat_pb2 as pb
from protos.common.v1 import common_pb2
from rules.combat import Army, Battle, Hero, resolve
from rules.travian import hero as hero_rules
from rules.travian.errors import RuleError
from rules.travian.ids import Tribe
from services.combat import battles

BATTLE = str(uuid.UUID(int=12345))
ATTACKER, DEFENDER = str(uuid.uuid4()), str(uuid.uuid4())


def units(d: dict[int, int]) -> list[common_pb2.UnitCount]:
    return [common_pb2.UnitCount(unit=u, count=n) for u, n in d.items()]


def test_heroes_fight_with_their_armies_and_are_reported() -> None:
    request = pb.ResolveRequest(
        battle_id=BATTLE, mission=pb.MISSION_TYPE_ATTACK,
        attacker=pb.BattleArmy(owner_id=ATTACKER, village_id=ATTACKER, tribe=1,
                               units=units({1: 120}),
                               hero=pb.BattleHero(strength_points=10, off_bonus_points=5,
                                                  health=80)),
        defenders=[pb.BattleArmy(owner_id=DEFENDER, village_id=DEFENDER, tribe=2,
                                 units=units({11: 60}),
                                 hero=pb.BattleHero(def_bonus_points=20, health=100))],
        defender_tribe=2, pop_attacker=100, pop_defender=100)
    report = battles.report_of(request)
    battle = Battle(attacker=Army(Tribe.ROMANS, {1: 120}, hero=Hero(strength_points=10,
                                                                   off_bonus_points=5,
                                                                   health=80)),
                    defenders=[Army(Tribe.TEUTONS, {11: 60}, hero=Hero(def_bonus_points=20))],
                    defender_tribe=Tribe.TEUTONS, pop_attacker=100, pop_defender=100,
                    seed=battles.seed_of(BATTLE))
    result = resolve(battle)
    attacker, (defender,) = hero_rules.battle_outcomes(battle, result)
    assert report.offence == result.offence and report.defence == result.defence
    got = report.attacker.hero
    assert (got.health_before, got.health_after, got.experience, got.died) == (
        attacker.health_before, attacker.health_after, attacker.xp, attacker.died)
    got = report.defenders[0].hero
    assert (got.health_before, got.health_after, got.experience, got.died) == (
        defender.health_before, defender.health_after, defender.xp, defender.died)
    # Clubswingers eat 1 each; a killed hero is worth 6.
    assert attacker.xp == sum(result.defender_losses[0].values()) + 6 * defender.died
    # Without heroes the battle is another one (the hero counted).
    request.attacker.ClearField("hero")
    request.defenders[0].ClearField("hero")
    plain = battles.report_of(request)
    assert plain.offence < report.offence and not plain.attacker.HasField("hero")


def test_an_oasis_battle_fights_the_animals_and_only_the_attacker_reads_it() -> None:
    animals = {31: 4, 35: 3}  # rats, wild boars
    request = pb.ResolveRequest(
        battle_id=BATTLE, mission=pb.MISSION_TYPE_RAID, oasis=True,
        attacker=pb.BattleArmy(owner_id=ATTACKER, village_id=ATTACKER, tribe=3,
                               units=units({21: 30})),
        defenders=[pb.BattleArmy(units=units(animals))],
        defender_village=pb.VillagePlace(name="Oasis", x=5, y=-7))
    report = battles.report_of(request)
    result = resolve(Battle(attacker=Army(Tribe.GAULS, {21: 30}),
                            defenders=[Army(None, animals)], defender_tribe=None, kind="raid",
                            stock=None, seed=battles.seed_of(BATTLE)))
    assert {u.unit: u.count for u in report.defenders[0].lost} == result.defender_losses[0]
    assert {u.unit: u.count for u in report.attacker.lost} == {
        u: n for u, n in result.attacker_losses.items()}
    assert report.defence == result.defence  # base defence 10, no wall
    assert report.loot == common_pb2.Resources() and report.defenders[0].tribe == 0
    assert battles.recipients(report) == {ATTACKER: pb.ROLE_ATTACKER}


def test_a_hero_alone_clears_an_oasis_by_hand() -> None:
    """A Roman hero with 10 strength points, no units, attacks 3 rats.
    Offence 100 + 100*10 = 1100 (infantry); defence 3 rats x 25.0021 (smithy-0 stat)
    + base 10 = 85.0063, no wall; N = 3 -> K = 1.5; x = (1100/85.0063)^1.5 = 46.55 -> the
    attacker loses 1/x = 2.148 %: the hero keeps js_round(100 - 2.148) = 98 health; every
    rat dies; nothing is carried. XP 3 (rats' T3.1 upkeep 1 each)."""
    battle = Battle(attacker=Army(Tribe.ROMANS, {}, hero=Hero(strength_points=10)),
                    defenders=[Army(None, {31: 3})], defender_tribe=None, kind="attack")
    result = resolve(battle)
    assert (result.offence, round(result.defence, 4), result.immensity) == (1100, 85.0063, 1.5)
    assert round(result.attacker_loss_fraction, 5) == 0.02148
    assert result.attacker_hero_health == 98 and result.defender_losses == [{31: 3}]
    assert result.winner == "attacker" and result.carry_capacity == 0
    assert hero_rules.battle_outcomes(battle, result)[0] == hero_rules.HeroOutcome(
        100, 98, 3, False)
    # Without its hero an empty army is no army.
    with pytest.raises(RuleError):
        resolve(Battle(attacker=Army(Tribe.ROMANS, {}), defenders=[Army(None, {31: 3})]))
