"""The simulator entry point used by POST /api/v1/combat/simulate."""

from __future__ import annotations

import pytest

from rules.combat import simulate
from rules.travian.errors import RuleError


def test_simulate_reproduces_rules_check_2_without_wall_damage_details() -> None:
    winner, attacker_losses, defender_losses = simulate(
        "teutons", {"clubswinger": 1000, "ram": 20}, "romans", {"legionnaire": 100}, 20, "attack"
    )
    assert winner == "attacker"
    assert attacker_losses == {11: 66, 17: 1}
    assert defender_losses == {1: 100}
    assert all(type(k) is int for k in attacker_losses)


def test_simulate_accepts_ids_names_and_normal_alias_and_raids() -> None:
    winner, att, dfn = simulate(3, {24: 120, "pathfinder": 30}, "gauls",
                                {"phalanx": 100, "23": 20}, 10, "raid")  # fmt: skip
    assert (winner, att, dfn) == ("attacker", {24: 40, 23: 10}, {21: 67, 23: 13})
    assert simulate("romans", {"imperian": 1}, "teutons", {}, 0, "normal")[1] == {3: 1}


def test_simulate_mixed_reinforcements_and_oasis_animals() -> None:
    winner, _, dfn = simulate("romans", {"equites_caesaris": 100}, None, {"rat": 10, "bear": 2})
    assert winner == "attacker"
    assert set(dfn) == {31, 37}
    winner, _, dfn = simulate("gauls", {"swordsman": 10}, "romans",
                              {"legionnaire": 5, "phalanx": 5, "clubswinger": 5})  # fmt: skip
    assert set(dfn) == {1, 21, 11}


@pytest.mark.parametrize(
    "args",
    [
        ("romans", {"clubswinger": 1}, "teutons", {}, 0, "attack"),  # not a Roman unit
        ("romans", {"legionnaire": -1}, "teutons", {}, 0, "attack"),
        ("romans", {"legionnaire": 1}, "teutons", {}, 21, "attack"),
        ("romans", {"legionnaire": 1}, "teutons", {}, 0, "siege"),
        ("romans", {}, "teutons", {}, 0, "attack"),
        ("huns", {"legionnaire": 1}, "teutons", {}, 0, "attack"),
        ("romans", {"legionnaire": 1}, None, {}, 3, "attack"),  # oasis has no wall
    ],
)
def test_simulate_rejects_bad_input_with_invalid_input(args: tuple) -> None:
    with pytest.raises(RuleError) as err:
        simulate(*args)
    assert err.value.code == "INVALID_INPUT"
