"""Hypothesis properties of settling and of spending (ANCHORS R4, R5, R6)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.travian import village as v
from rules.travian.buildings import FIELD_LAYOUT_4446
from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS
from rules.travian.hero import output as hero_output
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources

R = SUBUNITS
SPEEDS = st.sampled_from([1, 2.5, 100])
TIMES = st.integers(min_value=0, max_value=60_000)


@st.composite
def villages(draw) -> v.VillageState:
    """A Teuton village at t=0 with random fields, storage, stock, army and jobs."""
    base = v.new_village(Tribe.TEUTONS, False, FIELD_LAYOUT_4446, 0)
    layout = dict(base.buildings)
    for position in range(1, 19):
        layout[position] = (layout[position][0], draw(st.integers(0, 5)))
    for position, building in ((19, B.WAREHOUSE), (20, B.GRANARY)):
        level = draw(st.integers(0, 3))
        if level:
            layout[position] = (building, level)
    state = replace(base, buildings=layout)
    goods, crop = v.capacity(state)
    caps = (goods, goods, goods, crop)
    stock = Resources(*(draw(st.integers(0, cap * R)) for cap in caps))
    units = {
        unit: n
        for unit, n in ((U.CLUBSWINGER, draw(st.integers(0, 300))),
                        (U.AXEFIGHTER, draw(st.integers(0, 60))))
        if n
    }  # fmt: skip
    seq = 1
    builds = []
    if draw(st.booleans()):
        position = draw(st.sampled_from([1, 2, 19, 20]))
        building, level = layout.get(position, (B.WAREHOUSE if position == 19 else B.GRANARY, 0))
        builds.append(v.BuildJob(id="b", position=position, building=building, level=level + 1,
                                 start=0, due=draw(st.integers(1, 30_000)), seq=seq,
                                 paid=Resources()))  # fmt: skip
        seq += 1
    trainings = []
    start = 0
    for index in range(draw(st.integers(0, 2))):
        count, each = draw(st.integers(1, 20)), draw(st.integers(1, 2000))
        start = draw(st.integers(start, start + 5000))
        unit = draw(st.sampled_from([U.CLUBSWINGER, U.SPEARFIGHTER]))
        trainings.append(v.TrainingJob(id=f"t{index}", building=B.BARRACKS, unit=unit,
                                       count=count, done=0, each_s=each, start=start, seq=seq,
                                       paid=Resources()))  # fmt: skip
        start += count * each
        seq += 1
    researches = []
    if draw(st.booleans()):
        researches.append(v.ResearchJob(id="r", kind="weapons", unit=U.CLUBSWINGER, level=1,
                                        start=0, due=draw(st.integers(1, 30_000)), seq=seq,
                                        paid=Resources()))  # fmt: skip
        seq += 1
    arrivals = tuple(  # merchants on their way here (issue 10)
        v.Arrival(id=f"a{i}", at=draw(st.integers(0, 30_000)),
                  resources=Resources(*(draw(st.integers(0, 900)) for _ in range(4))))
        for i in range(draw(st.integers(0, 2))))  # fmt: skip
    away = tuple(sorted(  # armies on the road eating from here until they arrive
        (draw(st.integers(0, 30_000)), draw(st.integers(1, 200)))
        for _ in range(draw(st.integers(0, 2)))))  # fmt: skip
    hero = None  # the output of a hero hired here (or moved here) at ``start``
    if draw(st.booleans()):
        hero = v.HeroOutput(hero_output({"resources": draw(st.integers(0, 100))}),
                            start=draw(st.integers(0, 30_000)))
    bonus, changes = Resources(), ()  # annexed oases, one or two taken from it later
    if draw(st.booleans()):
        bonus = Resources(25, 0, 0, 50)
        lost = sorted(draw(st.lists(st.integers(0, 30_000), min_size=1, max_size=2)))
        changes = tuple(zip(lost, (Resources(0, 0, 0, 25), Resources())[-len(lost):],
                            strict=True))
    return replace(
        state, stock=stock, units=units, guests_upkeep=draw(st.integers(0, 150)),
        builds=tuple(builds), trainings=tuple(trainings), researches=tuple(researches),
        next_seq=seq, arrivals=arrivals, away=away, hero=hero, oasis_bonus=bonus,
        oasis_changes=changes,
    )  # fmt: skip


def _within_storage(state: v.VillageState) -> bool:
    goods, crop = v.capacity(state)
    caps = (goods, goods, goods, crop)
    return all(0 <= x <= c * R for x, c in zip(state.stock.as_tuple(), caps, strict=True))


def _army(state: v.VillageState) -> dict[U, int]:
    """Units at home plus units still to be trained."""
    total = dict(state.units)
    for job in state.trainings:
        total[job.unit] = total.get(job.unit, 0) + job.count - job.done
    return total


@settings(max_examples=150, deadline=None)
@given(villages(), SPEEDS, st.lists(TIMES, min_size=1, max_size=5))
def test_stock_never_negative_nor_above_capacity(state, speed, times) -> None:
    for t in sorted(times):
        settled, _ = v.settle(state, t, speed)
        assert _within_storage(settled)
        assert all(n > 0 for n in settled.units.values())


@settings(max_examples=150, deadline=None)
@given(villages(), SPEEDS, TIMES, TIMES)
def test_settling_in_two_steps_equals_one_step(state, speed, a, b) -> None:
    t1, t2 = sorted((a, b))
    first, _ = v.settle(state, t1, speed)
    assert v.settle(first, t2, speed)[0] == v.settle(state, t2, speed)[0]


@settings(max_examples=150, deadline=None)
@given(villages(), SPEEDS, st.lists(TIMES, min_size=1, max_size=6))
def test_any_firing_order_gives_the_settled_state(state, speed, firings) -> None:
    """Timers firing late, early, twice or out of order: each just settles to its time."""
    current = state
    for t in firings:
        current, _ = v.settle(current, t, speed)
    assert current == v.settle(state, max(firings), speed)[0]


@settings(max_examples=150, deadline=None)
@given(villages(), SPEEDS, TIMES)
def test_units_are_trained_or_starved_never_created(state, speed, t) -> None:
    settled, done = v.settle(state, t, speed)
    before, after = _army(state), _army(settled)
    starved: dict[str, int] = {}
    for c in done:
        if c.kind == "starvation":
            for name, n in c.detail.items():
                starved[name] = starved.get(name, 0) + int(n)
    for unit in set(before) | set(after):
        assert after.get(unit, 0) + starved.get(unit.name.lower(), 0) == before.get(unit, 0)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 50_000), st.integers(1, 30), st.integers(1, 20))
def test_parallel_identical_trainings_accepted_only_as_resources_allow(wood, n, count) -> None:
    state = v.new_village(Tribe.TEUTONS, False, FIELD_LAYOUT_4446, 0)
    layout = dict(state.buildings) | {19: (B.BARRACKS, 1)}
    state = replace(state, buildings=layout, stock=Resources(wood * R, 10**12, 10**12, 10**12))
    accepted = 0
    for index in range(n):  # the service serialises them under the row lock
        try:
            state, _ = v.train(state, U.CLUBSWINGER, count, 0, 1, job_id=f"t{index}",
                               account=v.AccountFacts())  # fmt: skip
            accepted += 1
        except RuleError as error:
            assert error.code == "INSUFFICIENT_RESOURCES"
    assert accepted == min(n, wood // (95 * count))  # a clubswinger costs 95 wood
    assert state.stock.wood == wood * R - accepted * 95 * count * R >= 0
    assert len(state.trainings) == accepted


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 20), st.sampled_from(list(Tribe)))
def test_parallel_identical_upgrades_accepted_once(n, tribe) -> None:
    state = v.new_village(tribe, False, FIELD_LAYOUT_4446, 0)
    codes = []
    for index in range(n):
        try:
            state, _ = v.upgrade(state, 1, B.WOODCUTTER, 0, 1, job_id=f"b{index}",
                                 account=v.AccountFacts())  # fmt: skip
        except RuleError as error:
            codes.append(error.code)
    assert len(state.builds) == 1 and set(codes) <= {"QUEUE_FULL"}
    assert state.stock == Resources(750 - 40, 750 - 100, 750 - 50, 750 - 60).times(R)


@settings(max_examples=150, deadline=None)
@given(villages(), SPEEDS, TIMES)
def test_batched_training_equals_units_one_by_one(state, speed, t) -> None:
    """The shortcut for runs of trained units is exact: same state, same completions."""
    assert v.settle(state, t, speed) == v.settle(state, t, speed, batch=False)
