"""The damage formula of seed 004: ``DMG = A * (1 + (A - D) / D) * 0.5``, half up, min 1.

Exact arithmetic (Fraction), because floats and Python's ``round`` (banker's rounding)
would turn 2.5 into 2 where the rule says 3.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import floor

_HALF = Fraction(1, 2)


def raw_damage(attack: int, defence: int) -> Fraction:
    """The formula's exact value before rounding."""
    if defence <= 0:
        raise ValueError("defence must be positive")
    return attack * (1 + Fraction(attack - defence, defence)) * _HALF


def round_half_up(value: Fraction) -> int:
    """Round to the nearest integer, .5 going up (the values here are never negative)."""
    return floor(value + _HALF)


@lru_cache(maxsize=1024)
def damage(attack: int, defence: int) -> int:
    """Damage dealt by ``attack`` against ``defence``: rounded half up, at least 1."""
    return max(1, round_half_up(raw_damage(attack, defence)))
