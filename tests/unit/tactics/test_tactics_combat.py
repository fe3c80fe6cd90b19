"""Attacks: range, targets, first strike, counterattack eligibility, removal at 0 hp."""

import pytest

from rules.tactics.errors import RuleError
from rules.tactics.game import attack, resolve_attack
from rules.tactics.testing import AI_ID, HUMAN_ID, make_state, unit

OPEN = [
    ".....",
    ".....",
    ".....",
]


def test_melee_vs_melee_defender_counterattacks() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 1), unit(AI_ID, "warrior", 1, 2)])
    s2, out = resolve_attack(s, HUMAN_ID, 1, 2)
    # warrior A10 vs D8: 6.25 -> 6 each way
    assert (out["damage"], out["counterDamage"]) == (6, 6)
    assert s2.unit(2).hp == 14
    assert s2.unit(1).hp == 14
    assert s2.unit(1).has_acted
    assert not s2.unit(2).has_acted


def test_ranged_attacker_never_receives_counterattack() -> None:
    # Slinger vs slinger at distance 2: the defender's range (2..2) covers the distance,
    # but ranged attackers are never answered.
    s = make_state(OPEN, [unit(HUMAN_ID, "slinger", 1, 0), unit(AI_ID, "slinger", 1, 2)])
    s2, out = resolve_attack(s, HUMAN_ID, 1, 2)
    # slinger A8 vs D5: 8 * 1.6 * 0.5 = 6.4 -> 6
    assert out["damage"] == 6
    assert out["counterDamage"] == 0
    assert s2.unit(1).hp == 15
    assert s2.unit(2).hp == 9


def test_defender_killed_does_not_counterattack() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 1), unit(AI_ID, "warrior", 1, 2, hp=6)])
    s2, out = resolve_attack(s, HUMAN_ID, 1, 2)
    assert out["targetKilled"] and out["counterDamage"] == 0
    assert s2.unit(2) is None  # removed at 0 hp
    assert s2.unit(1).hp == 20


def test_defender_out_of_its_own_range_does_not_counterattack() -> None:
    # Warrior hits an adjacent slinger: the slinger reaches 2..2 only, so no counter.
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 1), unit(AI_ID, "slinger", 1, 2)])
    s2, out = resolve_attack(s, HUMAN_ID, 1, 2)
    # warrior A10 vs slinger D5: 10 * 2 * 0.5 = 10
    assert out["damage"] == 10 and out["counterDamage"] == 0
    assert s2.unit(2).hp == 5
    assert s2.unit(1).hp == 20


def test_counterattack_can_kill_the_attacker() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 1, hp=5), unit(AI_ID, "warrior", 1, 2)])
    s2, out = resolve_attack(s, HUMAN_ID, 1, 2)
    assert out["attackerKilled"] and out["attackerHp"] == 0
    assert s2.unit(1) is None
    assert s2.unit(2).hp == 14


def test_counter_to_exactly_zero_kills_the_attacker_no_tie_for_striking_first() -> None:
    # 6 hp warrior hits a fresh warrior for 6 (20 -> 14); the counter of 6 leaves it at 0.
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 1, hp=6), unit(AI_ID, "warrior", 1, 2)])
    s2, out = resolve_attack(s, HUMAN_ID, 1, 2)
    assert out["attackerHp"] == 0 and out["attackerKilled"]
    assert s2.unit(1) is None and s2.unit(2).hp == 14


def test_damage_is_applied_to_exactly_zero_and_removes() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "slinger", 1, 0), unit(AI_ID, "warrior", 1, 2, hp=4)])
    s2 = attack(s, HUMAN_ID, 1, 2)  # slinger deals 4
    assert s2.unit(2) is None


@pytest.mark.parametrize(
    ("attacker", "target_col", "ok"),
    [
        ("warrior", 2, True),  # distance 1
        ("warrior", 3, False),  # distance 2
        ("slinger", 2, False),  # distance 1, slinger min range 2
        ("slinger", 3, True),  # distance 2
        ("slinger", 4, False),  # distance 3
    ],
)
def test_range_is_checked_with_chebyshev_distance(attacker: str, target_col: int, ok: bool) -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, attacker, 1, 1), unit(AI_ID, "warrior", 1, target_col)])
    if ok:
        attack(s, HUMAN_ID, 1, 2)
    else:
        with pytest.raises(RuleError) as e:
            attack(s, HUMAN_ID, 1, 2)
        assert e.value.code == "OUT_OF_RANGE"


def test_diagonal_distance_counts_like_straight() -> None:
    """Chebyshev: two steps diagonally are distance 2, in a slinger's range exactly like two
    steps straight (Euclid says 2.83, Manhattan 4); three diagonally are out of it."""
    square = ["....."] * 5

    def shot(row: int, col: int) -> tuple[int, int]:
        s = make_state(square, [unit(HUMAN_ID, "slinger", 0, 0), unit(AI_ID, "warrior", row, col)])
        _, out = resolve_attack(s, HUMAN_ID, 1, 2)
        return out["damage"], out["counterDamage"]

    assert shot(2, 2) == shot(0, 2) == shot(2, 0)
    assert shot(2, 2)[0] > 0
    for row, col in ((3, 3), (0, 3)):
        with pytest.raises(RuleError) as e:
            shot(row, col)
        assert e.value.code == "OUT_OF_RANGE"


def test_target_must_be_an_enemy_unit() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 1), unit(HUMAN_ID, "warrior", 1, 2)])
    for target in (2, 99):
        with pytest.raises(RuleError) as e:
            attack(s, HUMAN_ID, 1, target)
        assert e.value.code == "INVALID_TARGET"


def test_attacking_uses_the_units_action() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "slinger", 1, 0), unit(AI_ID, "warrior", 1, 2)])
    s = attack(s, HUMAN_ID, 1, 2)
    with pytest.raises(RuleError) as e:
        attack(s, HUMAN_ID, 1, 2)
    assert e.value.code == "NO_ACTIONS_LEFT"


def test_a_unit_that_moved_cannot_attack() -> None:
    from rules.tactics.game import move

    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0), unit(AI_ID, "warrior", 1, 3)])
    s = move(s, HUMAN_ID, 1, (1, 2))
    with pytest.raises(RuleError) as e:
        attack(s, HUMAN_ID, 1, 2)
    assert e.value.code == "NO_ACTIONS_LEFT"


def test_attacking_out_of_turn_is_rejected() -> None:
    s = make_state(
        OPEN, [unit(HUMAN_ID, "warrior", 1, 1), unit(AI_ID, "warrior", 1, 2)], active=AI_ID
    )
    with pytest.raises(RuleError) as e:
        attack(s, HUMAN_ID, 1, 2)
    assert e.value.code == "NOT_PLAYER_TURN"


def test_rejected_attack_leaves_state_unchanged() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0), unit(AI_ID, "warrior", 1, 3)])
    before = s.to_dict()
    with pytest.raises(RuleError):
        attack(s, HUMAN_ID, 1, 2)
    assert s.to_dict() == before
