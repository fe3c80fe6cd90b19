"""Rounding helpers shared by the rules and the combat engine.

The reference model is JavaScript, so "round" means ``Math.round``: halves go
up (towards +infinity), never to even as Python's ``round`` does.  Times and
other exact quantities are computed with :class:`fractions.Fraction` so that
results do not depend on float quirks.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from numbers import Rational

Number = int | float | Fraction


def js_round(x: float) -> int:
    """JavaScript ``Math.round``: nearest integer, halves rounded up."""
    floor = math.floor(x)
    return floor + 1 if x - floor >= 0.5 else floor


def round_to(x: float, step: float) -> float:
    """``step * Math.round(x / step)`` exactly as the reference computes it."""
    return step * js_round(x / step)


def round_half_up(q: Fraction | int) -> int:
    """Exact half-up rounding of a rational number."""
    return math.floor(Fraction(q) + Fraction(1, 2))


def ceil_div(a: int, b: int) -> int:
    """Ceiling of a / b for integers, b > 0."""
    return -(-a // b)


@lru_cache(maxsize=64, typed=True)
def as_speed(speed: Number) -> Fraction:
    """World speed as an exact positive fraction (floats go through ``str``: 1.5 -> 3/2)."""
    if isinstance(speed, bool):
        raise ValueError("speed must be a positive number")
    if isinstance(speed, Rational):
        value = Fraction(speed)
    elif isinstance(speed, float):
        value = Fraction(str(speed))
    else:
        raise ValueError(f"speed must be a positive number, got {speed!r}")
    if value <= 0:
        raise ValueError(f"speed must be positive, got {speed!r}")
    return value


def seconds(q: Fraction, minimum: int = 1) -> int:
    """A duration in whole seconds: exact half-up rounding, at least ``minimum``."""
    return max(minimum, round_half_up(q))


def scaled_seconds(base: int, factor: Fraction, speed: Fraction) -> int:
    """``seconds(base * factor / speed)`` in plain integer arithmetic (hot path)."""
    num = base * factor.numerator * speed.denominator
    den = factor.denominator * speed.numerator
    return max(1, (2 * num + den) // (2 * den))
