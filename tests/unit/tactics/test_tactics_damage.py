"""DMG = A * (1 + (A - D) / D) * 0.5, rounded half up, at least 1 (seed 004, section 4)."""

from fractions import Fraction

import pytest

from rules.tactics.combat import damage, raw_damage, round_half_up
from rules.tactics.units import SLINGER, WARRIOR


@pytest.mark.parametrize(
    ("attack", "defence", "expected"),
    [
        # 10 * (1 + 2/8) * 0.5 = 10 * 1.25 * 0.5 = 6.25 -> 6
        (10, 8, 6),
        # 10 * (1 + 0/10) * 0.5 = 5 -> 5 (exact)
        (10, 10, 5),
        # 8 * (1 + 3/5) * 0.5 = 8 * 1.6 * 0.5 = 6.4 -> 6
        (8, 5, 6),
        # 9 * (1 + 3/6) * 0.5 = 9 * 1.5 * 0.5 = 6.75 -> 7
        (9, 6, 7),
        # 6 * (1 - 2/8) * 0.5 = 6 * 0.75 * 0.5 = 2.25 -> 2
        (6, 8, 2),
    ],
)
def test_damage_worked_examples(attack: int, defence: int, expected: int) -> None:
    assert damage(attack, defence) == expected


@pytest.mark.parametrize(
    ("attack", "defence", "expected"),
    [
        # 5 * (1 + 0/5) * 0.5 = 2.5 -> 3 (banker's round would give 2)
        (5, 5, 3),
        # 3 * (1 + 2/1) * 0.5 = 3 * 3 * 0.5 = 4.5 -> 5 (banker's round would give 4)
        (3, 1, 5),
        # 9 * (1 + 0/9) * 0.5 = 4.5 -> 5
        (9, 9, 5),
        # 7 * (1 + 0/7) * 0.5 = 3.5 -> 4 (both roundings agree: the .5 goes up)
        (7, 7, 4),
    ],
)
def test_damage_rounds_exact_halves_up(attack: int, defence: int, expected: int) -> None:
    assert raw_damage(attack, defence).denominator == 2
    assert damage(attack, defence) == expected


@pytest.mark.parametrize(
    ("attack", "defence"),
    [
        (1, 10),  # 1 * (1 - 9/10) * 0.5 = 0.05 -> 0 -> minimum 1
        (0, 5),  # 0 * ... = 0 -> minimum 1
        (1, 1),  # 1 * 1 * 0.5 = 0.5 -> 1 by rounding (0 by banker's, then min 1 anyway)
        (2, 9),  # 2 * (1 - 7/9) * 0.5 = 2/9 ~ 0.22 -> 0 -> minimum 1
    ],
)
def test_damage_is_at_least_one(attack: int, defence: int) -> None:
    assert damage(attack, defence) == 1


def test_round_half_up_differs_from_python_round_on_even_halves() -> None:
    assert round(Fraction(5, 2)) == 2  # what we must not do
    assert round_half_up(Fraction(5, 2)) == 3
    assert round_half_up(Fraction(249, 100)) == 2
    assert round_half_up(Fraction(251, 100)) == 3


def test_damage_between_the_starting_units() -> None:
    # warrior (A10) vs warrior (D8): 6.25 -> 6
    assert damage(WARRIOR.attack, WARRIOR.defence) == 6
    # warrior (A10) vs slinger (D5): 10 * 2 * 0.5 = 10
    assert damage(WARRIOR.attack, SLINGER.defence) == 10
    # slinger (A8) vs warrior (D8): 8 * 1 * 0.5 = 4
    assert damage(SLINGER.attack, WARRIOR.defence) == 4
    # slinger (A8) vs slinger (D5): 6.4 -> 6
    assert damage(SLINGER.attack, SLINGER.defence) == 6


def test_damage_rejects_non_positive_defence() -> None:
    with pytest.raises(ValueError):
        damage(5, 0)
