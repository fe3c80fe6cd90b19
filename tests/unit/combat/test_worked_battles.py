"""Hand-worked battles: RULES.md §1.12's three checks and a few of our own.

Stat at smithy 0 (T4 model): x + 0.0021 * upkeep / 1.007, round4 -> +0.0021 per upkeep
point (legionnaire 40.0021, equites imperatoris 120.0063, paladin 100.0042 ...).
"""

from __future__ import annotations

import pytest

from rules.combat import Army, Battle, Hero, resolve
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources

R, T, G = Tribe.ROMANS, Tribe.TEUTONS, Tribe.GAULS


def test_rules_check_1_lone_imperian_dies_against_empty_village() -> None:
    # O = 70.0021 > D = 10 (normal loss (10/70)^1.5 = 5%), but a lone unit under 84.5 dies
    result = resolve(Battle(attacker=Army(R, {U.IMPERIAN: 1}), defender_tribe=T))
    assert result.offence == pytest.approx(70.0021)
    assert result.defence == 10
    assert result.attacker_losses == {U.IMPERIAN: 1}


def test_rules_check_2_clubswingers_and_rams_against_legionnaires_behind_wall_20() -> None:
    # O = 1000 * 40.0021 + 20 * 65.0063 = 40002.1 + 1300.126 = 41302.226 (all infantry)
    # D = (100 * 35.0021 + 10 + 2*0^2 + 10*20) * round3(1.03^20) = 3710.21 * 1.806 = 6700.64
    # N = 1120 -> K = round_to(3.7184 - 2 * 1120^0.015, 0.0002) = 1.4962
    # x = (41302.226 / 6700.64)^1.4962 = 6.164^1.4962 = 15.20 -> attacker loses 1/x = 6.58%
    # clubs: 1000 - round(1000 * 0.9342) = 66; rams: 20 - round(18.68) = 1
    # rams: sigma(6.164) = (2 - 6.164^-1.5)/2 = 0.9673, P = 4 * 0.9673 * 20 = 77.39
    #   77.39 - 0.5 = 76.89 -> -20 -19 -18 -17 = 2.89 < 16 -> wall 16
    result = resolve(
        Battle(
            attacker=Army(T, {U.CLUBSWINGER: 1000, U.RAM: 20}),
            defenders=[Army(R, {U.LEGIONNAIRE: 100})],
            defender_tribe=R,
            wall_level=20,
        )
    )
    assert result.offence == pytest.approx(41302.226)
    assert result.defence == pytest.approx(6700.64, abs=0.005)
    assert result.immensity == pytest.approx(1.4962)
    assert result.winner == "attacker"
    assert result.attacker_losses == {U.CLUBSWINGER: 66, U.RAM: 1}
    assert result.defender_losses == [{U.LEGIONNAIRE: 100}]
    assert (result.wall_before, result.wall_after) == (20, 16)


def test_rules_check_3_thunders_and_pathfinders_raid_phalanx_behind_palisade_10() -> None:
    # O = 120 * 90.0042 + 30 * 0.0042 = 10800.504 + 0.126 = 10800.63 (all cavalry)
    # D = (100 * 50.0021 + 20 * 10.0042 + 10 + 8*10) * round3(1.025^10)
    #   = (5000.21 + 200.084 + 90) * 1.28 = 5290.294 * 1.28 = 6771.58
    # N = 270 -> K = 1.5; x = (10800.63/6771.58)^1.5 = 2.0144
    # raid: attacker 1/(1+x) = 33.17% (RULES prints 33.18), defender x/(1+x) = 66.83%
    # TT: 120 - round(80.19) = 40, PF: 30 - round(20.05) = 10; phalanx 100 - round(33.17)
    # = 67, PF 20 - round(6.63) = 13
    result = resolve(
        Battle(
            attacker=Army(G, {U.THEUTATES_THUNDER: 120, U.PATHFINDER: 30}),
            defenders=[Army(G, {U.PHALANX: 100, U.PATHFINDER: 20})],
            defender_tribe=G,
            wall_level=10,
            kind="raid",
        )
    )
    assert result.offence == pytest.approx(10800.63)
    assert result.defence == pytest.approx(6771.58, abs=0.005)
    assert result.attacker_loss_fraction == pytest.approx(0.33174, abs=1e-5)
    assert result.attacker_losses == {U.THEUTATES_THUNDER: 40, U.PATHFINDER: 10}
    assert result.defender_losses == [{U.PHALANX: 67, U.PATHFINDER: 13}]


def test_equal_armies_are_decided_by_the_base_defence_of_10() -> None:
    # 100 legionnaires (40.0021) vs 100 phalanx (Di 40.0021), no wall:
    # O = 4000.21 < D = 4000.21 + 10 = 4010.21 -> attacker wiped out;
    # defender loses x = (4000.21/4010.21)^1.5 = 0.99626 -> round(100 * 0.00374) = 0 left
    result = resolve(
        Battle(
            attacker=Army(R, {U.LEGIONNAIRE: 100}),
            defenders=[Army(G, {U.PHALANX: 100})],
            defender_tribe=G,
        )  # fmt: skip
    )
    assert result.winner == "defender"
    assert result.defence == pytest.approx(4010.21)
    assert result.attacker_losses == {U.LEGIONNAIRE: 100}
    assert result.defender_losses == [{U.PHALANX: 100}]


def test_raid_with_earth_wall_cranny_and_loot() -> None:
    # O = 50 * 120.0063 = 6000.315 (cavalry); D = (20 * 60.0021 + 10 + 6*5) * round3(1.02^5)
    #   = 1240.042 * 1.104 = 1369.0064; K = 1.5; x = (6000.315/1369.0064)^1.5 = 9.1760
    # attacker 1/(1+x) = 9.83% -> round(50 * 0.9017) = 45 survive, 5 lost
    # defender x/(1+x) = 90.17% -> round(20 * 0.0983) = 2 survive, 18 lost
    # loot: carry 45 * 100 = 4500; cranny 5 hides 560 -> 440 of each resource: 4 * 440
    result = resolve(
        Battle(
            attacker=Army(R, {U.EQUITES_IMPERATORIS: 50}),
            defenders=[Army(T, {U.SPEARFIGHTER: 20})],
            defender_tribe=T,
            wall_level=5,
            kind="raid",
            stock=Resources.uniform(1000),
            cranny_levels=[5],
        )
    )
    assert result.defence == pytest.approx(1369.0064, abs=1e-4)
    assert result.attacker_losses == {U.EQUITES_IMPERATORIS: 5}
    assert result.defender_losses == [{U.SPEARFIGHTER: 18}]
    assert result.carry_capacity == 4500
    assert result.loot == Resources.uniform(440)


def test_lone_strong_unit_survives_but_morale_can_push_it_under_84_5() -> None:
    # one equites imperatoris: 120.0063 > 84.5; loss (10/120.0063)^1.5 = 2.4% -> survives
    alone = resolve(Battle(attacker=Army(R, {U.EQUITES_IMPERATORIS: 1}), defender_tribe=T))
    assert alone.attacker_losses == {U.EQUITES_IMPERATORIS: 0}
    # populations 1000 vs 10: morale max(0.667, round3(100^-0.2) = 0.398) = 0.667
    # 120.0063 * 0.667 = 80.04 < 84.5 -> dies
    bullied = resolve(
        Battle(
            attacker=Army(R, {U.EQUITES_IMPERATORIS: 1}),
            defender_tribe=T,
            pop_attacker=1000,
            pop_defender=10,
        )  # fmt: skip
    )
    assert bullied.morale == 0.667
    assert bullied.attacker_losses == {U.EQUITES_IMPERATORIS: 1}


def test_three_tribes_defend_together_and_lose_per_army() -> None:
    # O: 200 * 40.0021 = 8000.42 inf + 50 * 150.0063 = 7500.315 cav = 15500.735
    # p_inf = round4(0.516130) = 0.5161, p_cav = round4(0.483870) = 0.4839
    # D_inf = 50*40.0021 + 30*65.0021 + 20*100.0042 = 2000.105 + 1950.063 + 2000.084 = 5950.252
    # D_cav = 50*50.0021 + 30*35.0021 + 20*40.0042 = 2500.105 + 1050.063 + 800.084 = 4350.252
    # T = 5950.252*0.5161 + 4350.252*0.4839 = 3070.925 + 2105.087 = 5176.012
    # D = (5176.012 + 10 + 2*10^2 + 8*10) * 1.28 = 6996.495
    # K = 1.5 (N = 350); x = (15500.735/6996.495)^1.5 = 3.2977; attacker loses 30.32%
    # clubs: 200 - round(139.35) = 61; knights: 50 - round(34.84) = 15; defenders all die
    result = resolve(
        Battle(
            attacker=Army(T, {U.CLUBSWINGER: 200, U.TEUTONIC_KNIGHT: 50}),
            defenders=[
                Army(G, {U.PHALANX: 50}),
                Army(R, {U.PRAETORIAN: 30}),
                Army(T, {U.PALADIN: 20}),
            ],
            defender_tribe=G,
            wall_level=10,
            residence_level=10,
        )
    )
    assert result.defence == pytest.approx(6996.495, abs=1e-3)
    assert result.attacker_losses == {U.CLUBSWINGER: 61, U.TEUTONIC_KNIGHT: 15}
    assert result.defender_losses == [{U.PHALANX: 50}, {U.PRAETORIAN: 30}, {U.PALADIN: 20}]


def test_two_catapult_targets_split_the_catapults() -> None:
    # O = 1000 * 60.0021 + 20 * 50.0125 = 61002.35 vs D = 10: sigma ~ 1
    # rally point 20, 20 catapults, two targets: floor(20/2) = 10 each -> P = 4 * 10 = 40
    # 40 - 0.5 = 39.5 -> -10 -9 -8 -7 = 5.5 < 6: both level 10 buildings end at 6
    result = resolve(
        Battle(
            attacker=Army(T, {U.AXEFIGHTER: 1000, U.CATAPULT: 20}),
            defender_tribe=R,
            rally_point_level=20,
            catapult_targets=[B.WAREHOUSE, B.GRANARY],
            buildings={19: (B.WAREHOUSE, 10), 20: (B.GRANARY, 10), 21: (B.CRANNY, 10)},
        )
    )
    assert [(d.position, d.level_before, d.level_after) for d in result.buildings_damaged] == [
        (19, 10, 6), (20, 10, 6)
    ]  # fmt: skip


def test_stonemason_halves_effective_rams_at_level_10() -> None:
    # same as check 2 but stonemason 10: floor(20 / 2.0) = 10 rams -> P = 4 * 0.9673 * 10 = 38.69
    # 38.19 -> -20 = 18.19 < 19 -> wall 19
    result = resolve(
        Battle(
            attacker=Army(T, {U.CLUBSWINGER: 1000, U.RAM: 20}),
            defenders=[Army(R, {U.LEGIONNAIRE: 100})],
            defender_tribe=R,
            wall_level=20,
            stonemason_level=10,
        )
    )
    assert result.wall_after == 19


def test_pure_scouts_use_the_scouting_rule_and_kill_no_defender() -> None:
    # 10 pathfinders: 10 * 35.0042 = 350.042; defence 5 * 20.0042 (pathfinder scout def,
    # upkeep 2) * round3(1.025^5) = 100.021 * 1.131 = 113.124; loss (113.124/350.042)^1.5 = 18.4%
    # survivors round(10 * 0.816) = 8
    result = resolve(
        Battle(
            attacker=Army(G, {U.PATHFINDER: 10}),
            defenders=[Army(G, {U.PATHFINDER: 5, U.PHALANX: 100})],
            defender_tribe=G,
            wall_level=5,
        )
    )
    assert result.mode == "scout"
    assert result.attacker_losses == {U.PATHFINDER: 2}
    assert result.defender_losses == [{U.PATHFINDER: 0, U.PHALANX: 0}]


def test_hero_strength_and_bonus_join_the_attack() -> None:
    # Roman hero, 10 strength points: 100 + 100*10 = 1100 infantry; 10 off-bonus points = +2%
    # O = (100 * 40.0021 + 1100) * 1.02 = 5100.21 * 1.02 = 5202.2142
    # vs 100 phalanx: D = 4010.21; K = 1.5; x = (5202.2142/4010.21)^1.5 = 1.4776
    # attacker loses 1/x = 67.68% -> 100 - round(32.32) = 68; hero health 100 - 67.68 = 32
    result = resolve(
        Battle(
            attacker=Army(
                R, {U.LEGIONNAIRE: 100}, hero=Hero(strength_points=10, off_bonus_points=10)
            ),  # fmt: skip
            defenders=[Army(G, {U.PHALANX: 100})],
            defender_tribe=G,
        )
    )
    assert result.offence == pytest.approx(5202.2142)
    assert result.attacker_losses == {U.LEGIONNAIRE: 68}
    assert result.attacker_hero_health == 32
