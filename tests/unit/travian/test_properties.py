"""Hypothesis properties of the economy and movement rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.travian import fields as fl
from rules.travian import movement
from rules.travian.resources import Resources

coordinate = st.integers(min_value=-400, max_value=400)
capacity = st.builds(Resources, *[st.integers(0, 300_000)] * 4)
rates = st.builds(Resources, *[st.integers(-50_000, 50_000)] * 4)
stock = st.builds(Resources, *[st.integers(-(10**6), 400_000 * fl.SUBUNITS)] * 4)
seconds = st.integers(min_value=0, max_value=30 * 24 * 3600)


@settings(max_examples=150, deadline=None)
@given(stock, rates, capacity, seconds, seconds)
def test_accrual_is_additive_over_time(
    s: Resources, r: Resources, c: Resources, t1: int, t2: int
) -> None:
    whole = fl.accrue(s, r, c, t1 + t2)
    first = fl.accrue(s, r, c, t1)
    second = fl.accrue(first.stock, r, c, t2)
    assert second.stock == whole.stock
    assert first.shortfall + second.shortfall == whole.shortfall


@settings(max_examples=150, deadline=None)
@given(stock, rates, capacity, seconds)
def test_accrued_stock_is_never_negative_nor_above_capacity(
    s: Resources, r: Resources, c: Resources, t: int
) -> None:
    after = fl.accrue(s, r, c, t)
    for value, cap in zip(after.stock.as_tuple(), c.as_tuple(), strict=True):
        assert 0 <= value <= cap * fl.SUBUNITS
    assert all(v >= 0 for v in after.shortfall.as_tuple())


@settings(max_examples=150, deadline=None)
@given(coordinate, coordinate, coordinate, coordinate, st.integers(1, 25), st.integers(0, 20))
def test_travel_time_is_symmetric_on_the_wrapping_map(
    x1: int, y1: int, x2: int, y2: int, unit_speed: int, square: int
) -> None:
    there = movement.travel_time_s(movement.distance(x1, y1, x2, y2), unit_speed,
                                   tournament_square_level=square)  # fmt: skip
    back = movement.travel_time_s(movement.distance(x2, y2, x1, y1), unit_speed,
                                  tournament_square_level=square)  # fmt: skip
    assert there == back
    assert movement.distance(x1, y1, x2, y2) <= (400**2 * 2) ** 0.5


@settings(max_examples=150, deadline=None)
@given(coordinate, coordinate, coordinate, coordinate, st.integers(1, 25))
def test_world_speed_divides_travel_time(
    x1: int, y1: int, x2: int, y2: int, unit_speed: int
) -> None:
    d = movement.distance(x1, y1, x2, y2)
    slow = movement.travel_time_s(d, unit_speed)
    fast = movement.travel_time_s(d, unit_speed, speed=2)
    assert abs(fast * 2 - slow) <= 1 or (d > 0 and fast == 1)
