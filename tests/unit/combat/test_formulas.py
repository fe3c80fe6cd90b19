"""The individual combat formulas of RULES.md §1, with the document's own numbers."""

from __future__ import annotations

import random

import pytest

from rules.combat import formulas as f
from rules.combat.loot import lootable, split_loot
from rules.combat.siege import aimable, choose_target, target_count
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.resources import Resources

from ..travian.reference import reference

WALL_KEYS = {Tribe.ROMANS: "city_wall", Tribe.TEUTONS: "earth_wall", Tribe.GAULS: "palisade"}


def test_smithy_formula_at_level_0_adds_the_t4_hair() -> None:
    assert f.upgraded_stat(40, 1, 0) == pytest.approx(40.0021)  # legionnaire
    assert f.upgraded_stat(120, 3, 0) == pytest.approx(120.0063)
    assert f.upgraded_stat(0, 2, 0) == pytest.approx(0.0042)


def test_smithy_formula_at_level_20() -> None:
    # legionnaire attack, u = 1/1.007: 300u/7 = 42.559228; 1.007^20 - 1 = 0.149713
    # 40 + 82.559228 * 0.149713 + 0.0021u = 40 + 12.360183 + 0.002085 = 52.362268 -> 52.3623
    assert f.upgraded_stat(40, 1, 20) == pytest.approx(52.3623, abs=1e-9)
    # legionnaire defence vs cavalry 50 at 10: 50 + 92.559228 * 0.072247 + 0.002085 = 56.68918
    assert f.upgraded_stat(50, 1, 10) == pytest.approx(56.6892, abs=1e-9)


@pytest.mark.parametrize("tribe", list(Tribe))
def test_wall_bonus_and_flat_defence_match_reference_for_every_level(tribe: Tribe) -> None:
    data = reference("buildings.json")["buildings"]
    wall = next(b for b in data if b["key"] == WALL_KEYS[tribe])
    assert f.wall_multiplier(tribe, 0) == 1.0 and f.wall_flat_defense(tribe, 0) == 0
    for row in wall["levels"]:
        assert f.wall_multiplier(tribe, row["level"]) == pytest.approx(row["defense_bonus_factor"])
        assert f.wall_flat_defense(tribe, row["level"]) == row["flat_defense"]


def test_wall_multipliers_at_level_20_from_rules() -> None:
    assert f.wall_multiplier(Tribe.ROMANS, 20) == pytest.approx(1.806)
    assert f.wall_multiplier(Tribe.TEUTONS, 20) == pytest.approx(1.486)
    assert f.wall_multiplier(Tribe.GAULS, 20) == pytest.approx(1.639)
    assert f.wall_multiplier(None, 20) == 1.0  # oasis: no wall


@pytest.mark.parametrize(
    ("units", "k"),
    [(1, 1.5), (1000, 1.5), (2000, 1.4768), (10_000, 1.4220), (100_000, 1.3414),
     (1_000_000, 1.2578), (10**8, 1.2578)],
)  # fmt: skip
def test_loss_exponent_examples_from_rules(units: int, k: float) -> None:
    assert f.immensity(units) == pytest.approx(k)


def test_residence_palace_defence_is_2_l_squared() -> None:
    assert [f.residence_defense(level) for level in (0, 1, 10, 20)] == [0, 2, 200, 800]


def test_morale_only_when_attacker_is_bigger_and_softened_by_strong_defence() -> None:
    assert f.morale(100, 100) == 1.0
    assert f.morale(50, 100) == 1.0
    # (400/100)^-0.2 = 0.7579 -> 0.758
    assert f.morale(400, 100) == 0.758
    # a defence 4x the offence: exponent -0.2 * 0.25 -> 4^-0.05 = 0.933
    assert f.morale(400, 100, 0.25) == 0.933
    assert f.morale(10_000, 0) == 0.667  # popD counts at least 3


def test_catapult_morale_is_clamped_between_a_third_and_one() -> None:
    assert f.catapult_morale(100, 100) == 1.0
    assert f.catapult_morale(800, 100) == pytest.approx(8**-0.3)
    assert f.catapult_morale(10**6, 1) == pytest.approx(1 / 3)


def test_sigma_and_siege_upgrade() -> None:
    assert f.sigma(0) == 0 and f.sigma(1) == 0.5
    assert f.sigma(10**9) == pytest.approx(1)
    assert f.siege_upgrade(0) == 1
    assert f.siege_upgrade(20) == pytest.approx(1.5)  # 1.0205^20 = 1.4995 -> 1.5


def test_demolish_from_20_to_0_needs_210_5_points() -> None:
    assert f.demolish(20, 210.5) == 0
    assert f.demolish(20, 210.49) == 1
    assert f.demolish(20, 20.5) == 19
    assert f.demolish(20, 0.4) == 20
    assert f.demolish(0, 100) == 0


def test_catapult_aiming_by_rally_point_level() -> None:
    assert aimable(1) == frozenset()
    assert B.WAREHOUSE in aimable(3) and B.WOODCUTTER not in aimable(3)
    assert B.WOODCUTTER in aimable(5) and B.SAWMILL in aimable(5)
    assert B.MARKETPLACE not in aimable(9)
    assert aimable(10) is None  # all but cranny, stonemason, trapper, walls
    assert target_count(20, 20, 2) == 2
    assert target_count(20, 19, 2) == 1
    assert target_count(19, 100, 2) == 1


def test_catapult_target_choice_is_deterministic() -> None:
    village = {1: (B.WOODCUTTER, 5), 3: (B.WOODCUTTER, 7), 19: (B.MARKETPLACE, 4),
               20: (B.CRANNY, 3), 40: (B.CITY_WALL, 10)}  # fmt: skip
    rng = random.Random(1)
    # aimed woodcutter: the highest one
    assert choose_target(B.WOODCUTTER, village, 5, rng) == 3
    # cranny can never be aimed at: falls back to a random, seeded choice (never the wall)
    picks = [choose_target(B.CRANNY, village, 20, random.Random(seed)) for seed in range(40)]
    assert set(picks) == {1, 3, 19, 20}
    assert picks == [choose_target(B.CRANNY, village, 20, random.Random(s)) for s in range(40)]
    assert choose_target(None, {40: (B.CITY_WALL, 3)}, 20, rng) is None


def test_loot_is_split_evenly_and_leftovers_are_redistributed() -> None:
    assert split_loot(Resources(1000, 1000, 1000, 1000), 400) == Resources(100, 100, 100, 100)
    # clay short: 50; its unused share goes to the others: 950 / 3 = 316 r 2
    assert split_loot(Resources(1000, 50, 1000, 1000), 1000) == Resources(317, 50, 317, 316)
    assert split_loot(Resources(10, 0, 0, 5), 1000) == Resources(10, 0, 0, 5)
    assert split_loot(Resources(3, 3, 3, 3), 2) == Resources(1, 1, 0, 0)
    assert split_loot(Resources(), 100) == Resources()
    assert lootable(Resources(500, 100, 0, 2000), 200) == Resources(300, 0, 0, 1800)
