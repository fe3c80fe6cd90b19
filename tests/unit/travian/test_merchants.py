"""Merchants (rules/travian/merchants.py) and their arrivals in settle."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.travian import merchants as m
from rules.travian import village as v
from rules.travian.buildings import FIELD_LAYOUT_4446
from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS as R
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.resources import Resources


def village(tribe: Tribe = Tribe.ROMANS, market: int = 3, office: int = 0,
            stock: int = 750) -> v.VillageState:
    base = v.new_village(tribe, False, FIELD_LAYOUT_4446, 0)
    layout = dict(base.buildings)
    if market:
        layout[19] = (B.MARKETPLACE, market)
    if office:
        layout[20] = (B.TRADE_OFFICE, office)
    return replace(base, buildings=layout, stock=Resources.uniform(stock * R))


def test_count_capacity_and_speed_by_tribe_and_trade_office() -> None:
    assert [m.merchant_count(level) for level in (0, 1, 20)] == [0, 1, 20]
    assert [m.capacity(t) for t in Tribe] == [500, 1000, 750]
    # Trade office: Romans +20 % per level, the others +10 % (misc.json, recommended).
    assert m.capacity(Tribe.ROMANS, 10) == 1500 and m.capacity(Tribe.TEUTONS, 10) == 2000
    assert m.capacity(Tribe.GAULS, 20) == 2250


def test_a_trip_takes_distance_over_speed_each_way_on_the_wrapping_map() -> None:
    state = village(Tribe.GAULS)
    # (400|0) -> (-400|0) is one field across the edge; (0|0) -> (48|0) is 48 fields.
    _, near = m.plan(state, (400, 0), (-400, 0), Resources(100), 0, 1)
    assert (near.arrives_at, near.returns_at) == (150, 300)  # 1 field at 24 f/h = 150 s
    _, far = m.plan(state, (0, 0), (48, 0), Resources(100), 0, 1)
    assert far.arrives_at == 7200 and far.returns_at == 14400
    _, fast = m.plan(state, (0, 0), (48, 0), Resources(100), 0, 1000)
    assert fast.arrives_at == 7  # 7.2 s half up


def test_resources_leave_at_once_and_merchants_are_counted() -> None:
    state = village(Tribe.ROMANS, market=2)
    after, trip = m.plan(state, (0, 0), (3, 4), Resources(300, 200, 0, 100), 0, 1)
    assert after.stock == state.stock - Resources(300, 200, 0, 100).times(R)
    assert trip.merchants == 2  # 600 resources, 500 per Roman merchant
    assert m.busy([trip], 0) == 2 and m.busy([trip], trip.returns_at) == 0
    with pytest.raises(RuleError) as err:
        m.plan(after, (0, 0), (3, 4), Resources(1), 0, 1, away=2)
    assert err.value.code == "NOT_ENOUGH_MERCHANTS"


@pytest.mark.parametrize(("changes", "amount", "code"), [
    ({"market": 0}, Resources(1), "BUILDING_REQUIRED"),
    ({}, Resources(), "INVALID_INPUT"),
    ({}, Resources(-1, 5), "INVALID_INPUT"),
    ({}, Resources(751), "INSUFFICIENT_RESOURCES"),
    ({"market": 1}, Resources(501), "NOT_ENOUGH_MERCHANTS"),
])  # fmt: skip
def test_refusals(changes: dict, amount: Resources, code: str) -> None:
    with pytest.raises(RuleError) as err:
        m.plan(village(**changes), (0, 0), (1, 1), amount, 0, 1)
    assert err.value.code == code


def test_same_square_is_refused() -> None:
    with pytest.raises(RuleError):
        m.plan(village(), (2, 2), (2, 2), Resources(1), 0, 1)


def test_an_arrival_adds_at_its_instant_capped_by_storage() -> None:
    state = replace(village(stock=700), arrivals=(
        v.Arrival(id="a", at=100, resources=Resources(50, 300, 0, 0)),))
    before, done = v.settle(state, 99, 1)
    assert done == [] and before.arrivals
    after, done = v.settle(state, 100, 1)
    # 18 fields at 0: 12/h of wood, clay, iron; 700*3600 + 12*100 then +50 and +300 (capped)
    assert after.stock.wood == 700 * R + 1200 + 50 * R
    assert after.stock.clay == 800 * R  # the storage: the rest is lost
    assert [c.kind for c in done] == ["merchants"] and done[0].detail["kept_clay"] == 99
    assert after.arrivals == () and v.next_due(state) == 100


def test_arrivals_at_one_instant_come_after_the_villages_own_jobs() -> None:
    """A warehouse finishing at the same second raises the storage first."""
    state = replace(village(stock=800), builds=(v.BuildJob(
        id="w", position=21, building=B.WAREHOUSE, level=1, start=0, due=50, seq=1,
        paid=Resources()),), arrivals=(v.Arrival(id="a", at=50, resources=Resources(400)),),
        next_seq=2)  # fmt: skip
    after, done = v.settle(state, 50, 1)
    assert [c.kind for c in done] == ["building", "merchants"]
    assert after.stock.wood == 1200 * R  # warehouse 1 holds 1200


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 400)), max_size=5),
       st.integers(0, 6000), st.integers(0, 6000))
def test_each_arrival_applies_once_whatever_the_settle_steps(loads, t1, t2) -> None:
    state = replace(village(stock=0), arrivals=tuple(
        v.Arrival(id=f"a{i}", at=at, resources=Resources(0, 0, amount, 0))
        for i, (at, amount) in enumerate(loads)))
    one, done_one = v.settle(state, max(t1, t2), 1)
    mid, done_a = v.settle(state, min(t1, t2), 1)
    two, done_b = v.settle(mid, max(t1, t2), 1)
    assert one == two
    ids = [c.job_id for c in done_a + done_b]
    assert sorted(ids) == sorted(c.job_id for c in done_one)
    assert len(ids) == len(set(ids)) == sum(1 for at, _ in loads if at <= max(t1, t2))
