"""Settling a village: exact accrual between completions, capacity, upkeep, starvation."""

from __future__ import annotations

from dataclasses import replace

from rules.travian import village as v
from rules.travian.buildings import FIELD_LAYOUT_4446
from rules.travian.fields import SUBUNITS
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources

R = SUBUNITS  # sub-units per resource; an hourly rate r moves r sub-units per second


def teuton_village(**changes) -> v.VillageState:
    return replace(v.new_village(Tribe.TEUTONS, False, FIELD_LAYOUT_4446, 0), **changes)


def test_stock_at_a_chosen_instant_matches_a_hand_computation() -> None:
    """Two completions, a capacity cap and a starving army, computed by hand.

    Village (speed 1): 18 fields at level 0 (4 wood, 4 clay, 4 iron, 6 crop, 3/h each)
    -> 12/12/12/18 per hour; main building 1 -> population 2; storage 800 (no warehouse).
    Stock 790 wood, 0 clay, 0 iron, 50 crop.  At home: 100 clubswingers (upkeep 1 each).
    Jobs: cropland at position 2 to level 1 due 600 (3/h -> 7/h, no population, +1 CP/day);
    one spearfighter in the barracks, start 0, 1200 s each -> done at 1200 (upkeep 1).
    """
    state = teuton_village(
        stock=Resources(790 * R, 0, 0, 50 * R),
        units={U.CLUBSWINGER: 100},
        builds=(v.BuildJob(id="b1", position=2, building=B.CROPLAND, level=1, start=0,
                           due=600, seq=1, paid=Resources(70, 90, 70, 20)),),
        trainings=(v.TrainingJob(id="t1", building=B.BARRACKS, unit=U.SPEARFIGHTER, count=1,
                                 done=0, each_s=1200, start=0, seq=2,
                                 paid=Resources(145, 70, 85, 40)),),
        next_seq=3,
    )  # fmt: skip
    settled, done = v.settle(state, 4000, 1)

    # Crop.  [0, 600): 18 - (2 + 100) = -84/h: 50*3600 = 180000 - 84*600 = 129600.
    #        [600, 1200): cropland 7/h -> 22 - 102 = -80/h: 129600 - 80*600 = 81600.
    #        [1200, ...): spearfighter eats -> 22 - 103 = -81/h: empty after
    #        ceil(81600 / 81) = 1008 s, at t = 2208 (81600 - 81*1008 < 0 -> 0).
    #        At 2208 one clubswinger (most numerous) starves and gives back its crop cost
    #        40 -> 144000; -80/h now and 144000 >= 80, so one is enough.
    #        [2208, 4000): 144000 - 80*1792 = 144000 - 143360 = 640.
    # Wood:  790*3600 + 12*t reaches 800*3600 = 2880000 at t = 36000/12 = 3000 -> capped.
    # Clay, iron: 12 * 4000 = 48000.
    assert settled.stock == Resources(2880000, 48000, 48000, 640)
    assert settled.units == {U.CLUBSWINGER: 99, U.SPEARFIGHTER: 1}
    # Culture (CP sub-units, CP/day * seconds): MB 2/day for 600 s, then 3/day for 3400 s.
    assert settled.culture - state.culture == 2 * 600 + 3 * 3400
    assert settled.buildings[2] == (B.CROPLAND, 1)
    assert (settled.builds, settled.trainings, settled.at) == ((), (), 4000)
    assert [(c.kind, c.at) for c in done] == [
        ("building", 600),
        ("training", 1200),
        ("starvation", 2208),
    ]
    assert done[2].detail == {"clubswinger": 1}
    assert done[1].detail == {"unit": int(U.SPEARFIGHTER), "count": 1, "remaining": 0}


def test_until_before_settled_instant_changes_nothing() -> None:
    state = teuton_village(at=100)
    assert v.settle(state, 99, 1) == (state, [])


def test_units_count_for_upkeep_from_the_instant_they_finish() -> None:
    # 3 clubswingers 100 s apart from t=0; crop 18/h, population 2 -> net 16 - k.
    state = teuton_village(
        stock=Resources(0, 0, 0, 100 * R),
        trainings=(v.TrainingJob(id="t", building=B.BARRACKS, unit=U.CLUBSWINGER, count=3,
                                 done=0, each_s=100, start=0, seq=1, paid=Resources()),),
    )  # fmt: skip
    settled, done = v.settle(state, 350, 1)
    # 16*100 + 15*100 + 14*100 + 13*50 sub-units of crop on top of 100*3600.
    assert settled.stock.crop == 100 * R + 1600 + 1500 + 1400 + 650
    assert settled.units == {U.CLUBSWINGER: 3}
    assert len(done) == 1 and done[0].detail == {"unit": int(U.CLUBSWINGER), "count": 3,
                                                  "remaining": 0}  # fmt: skip
    assert done[0].at == 300


def test_partial_training_keeps_the_rest_queued() -> None:
    job = v.TrainingJob(id="t", building=B.BARRACKS, unit=U.CLUBSWINGER, count=5, done=0,
                        each_s=10, start=0, seq=1, paid=Resources())  # fmt: skip
    settled, done = v.settle(teuton_village(trainings=(job,)), 25, 1)
    assert settled.units == {U.CLUBSWINGER: 2}
    assert settled.trainings == (replace(job, done=2),)
    assert done[0].detail["remaining"] == 3
    assert v.next_due(settled) == 30


def test_same_instant_jobs_apply_in_sequence_order() -> None:
    def jobs(build_seq: int, research_seq: int) -> v.VillageState:
        research = v.ResearchJob(id="a", kind="weapons", unit=U.CLUBSWINGER, level=1, start=0,
                                 due=50, seq=research_seq, paid=Resources())  # fmt: skip
        build = v.BuildJob(id="b", position=1, building=B.WOODCUTTER, level=1, start=0, due=50,
                           seq=build_seq, paid=Resources())  # fmt: skip
        return teuton_village(builds=(build,), researches=(research,))

    assert [c.job_id for c in v.settle(jobs(3, 7), 50, 1)[1]] == ["b", "a"]
    done = v.settle(jobs(7, 3), 50, 1)[1]
    assert [c.job_id for c in done] == ["a", "b"]
    assert done[0].kind == "smithy"


def test_starvation_order_most_numerous_type_first_ties_to_lower_id() -> None:
    # Crop empty, 3 axefighters and 3 clubswingers: equal counts -> clubswinger (id 11) first.
    state = teuton_village(
        stock=Resources(0, 0, 0, 0), units={U.AXEFIGHTER: 3, U.CLUBSWINGER: 3}, guests_upkeep=40
    )
    settled, done = v.settle(state, 0, 1)
    # net = 18 - 2 - 6 - 40 = -30/h; one clubswinger returns 40*3600 >= 29: stop.
    assert done[0].detail == {"clubswinger": 1}
    assert settled.units == {U.AXEFIGHTER: 3, U.CLUBSWINGER: 2}
    assert settled.stock.crop == 40 * R


def test_population_deficit_without_units_keeps_crop_at_zero() -> None:
    state = teuton_village(stock=Resources(0, 0, 0, 10 * R), guests_upkeep=100)
    settled, done = v.settle(state, 10_000, 1)
    assert settled.stock.crop == 0 and done == []


def test_next_due_includes_starvation_only_with_speed() -> None:
    state = teuton_village(stock=Resources(0, 0, 0, 84 * R), units={U.CLUBSWINGER: 100})
    assert v.next_due(state) is None
    # net 18 - 102 = -84/h -> 84*3600 sub-units last 3600 s.
    assert v.next_due(state, 1) == 3600


def test_building_completion_raises_capacity_from_its_instant() -> None:
    job = v.BuildJob(id="w", position=19, building=B.WAREHOUSE, level=1, start=0, due=100,
                     seq=1, paid=Resources())  # fmt: skip
    state = teuton_village(stock=Resources(800 * R, 0, 0, 0), builds=(job,))
    settled, _ = v.settle(state, 1100, 1)
    # Full (800) until 100, then warehouse 1 holds 1200: 12/h for 1000 s more.
    assert settled.stock.wood == 800 * R + 12 * 1000
    assert v.capacity(settled) == (1200, 800)


def test_settled_stock_never_exceeds_storage_even_without_elapsed_time() -> None:
    state = teuton_village(stock=Resources.uniform(900 * R), at=10)
    assert v.settle(state, 10, 1)[0].stock == Resources.uniform(800 * R)


def test_rates_count_population_units_away_and_guests() -> None:
    state = teuton_village(units={U.AXEFIGHTER: 10}, upkeep_elsewhere=5, guests_upkeep=7)
    p = v.rates(state, 2)
    # Fields 12/12/12/18 per hour at speed 1 -> x2; upkeep 2 + 10 + 5 + 7 is not scaled.
    assert (p.gross, p.consumption, p.net_crop) == (Resources(24, 24, 24, 36), 24, 12)
    assert p.net == Resources(24, 24, 24, 12)
    assert (v.population(state), v.culture_per_day(state)) == (2, 2)


def test_next_due_is_the_earliest_pending_instant() -> None:
    build = v.BuildJob(id="b", position=1, building=B.WOODCUTTER, level=1, start=0, due=500,
                       seq=1, paid=Resources())  # fmt: skip
    train = v.TrainingJob(id="t", building=B.BARRACKS, unit=U.CLUBSWINGER, count=2, done=0,
                          each_s=300, start=100, seq=2, paid=Resources())  # fmt: skip
    state = teuton_village(builds=(build,), trainings=(train,))
    assert v.next_due(state) == 400
    assert v.next_due(v.settle(state, 400, 1)[0]) == 500
    assert v.next_due(v.settle(state, 700, 1)[0]) is None


def test_batched_units_at_a_full_granary_turning_the_balance_negative() -> None:
    # Crop full (800), net +16/h: 30 clubswingers 60 s apart turn it to -14/h.  Units 1..16
    # keep it >= 0 (unit 16: 0), so the granary stays full; from unit 17 on it falls.
    job = v.TrainingJob(id="t", building=B.BARRACKS, unit=U.CLUBSWINGER, count=30, done=0,
                        each_s=60, start=0, seq=1, paid=Resources())  # fmt: skip
    state = teuton_village(stock=Resources(0, 0, 0, 800 * R), trainings=(job,))
    settled, done = v.settle(state, 1800, 1)
    assert settled == v.settle(state, 1800, 1, batch=False)[0]
    # Full until 17*60 = 1020; then 60 s each at -1, -2, ... -13/h until unit 30 at 1800.
    assert settled.stock.crop == 800 * R - 60 * sum(range(1, 14))
    assert done == v.settle(state, 1800, 1, batch=False)[1]


def test_armies_on_the_road_eat_from_home_until_they_arrive() -> None:
    """movement.json "on_the_way_paid_by": home village. Computed by hand.

    Fields at 0 (speed 1): crop 18/h; population 2; no units at home. Stock crop 500.
    Away: an army of upkeep 40 arriving at 900 and one of upkeep 10 arriving at 2700.
    [0, 900): 18 - (2 + 40 + 10) = -34/h: 500*3600 - 34*900 = 1800000 - 30600 = 1769400.
    [900, 2700): 18 - 12 = +6/h: 1769400 + 6*1800 = 1780200.
    [2700, 3600): 18 - 2 = +16/h: 1780200 + 16*900 = 1794600.
    """
    state = teuton_village(stock=Resources(0, 0, 0, 500 * R), away=((2700, 10), (900, 40)))
    assert v.rates(state, 1).consumption == 2 + 40 + 10
    settled, done = v.settle(state, 3600, 1)
    assert settled.stock.crop == 1794600 and done == []
    assert settled.away == () and v.rates(settled, 1).consumption == 2
    middle, _ = v.settle(state, 1800, 1)
    assert middle.stock.crop == 1769400 + 6 * 900 and middle.away == ((2700, 10),)
    assert v.settle(middle, 3600, 1)[0] == settled  # split anywhere: the same state


def test_armies_on_the_road_never_starve_but_home_troops_do_first() -> None:
    """An empty granary with a deficit kills units at home (they starve before the troops
    on the way, RULES.md section 19), computed by hand.

    Crop 18/h, population 2, 20 clubswingers at home, an army of upkeep 100 on the road
    until 7200. Net 18 - 122 = -104/h from crop 10*3600: empty after ceil(36000/104) =
    347 s. Each starved clubswinger gives back 40 crop (144000) and one is enough each
    time (144000 >= a second's deficit); the next ones at +ceil(144000/103) = 1399 ->
    1746, +ceil(144000/102) = 1412 -> 3158, +1426 -> 4584, +1440 -> 6024; the next would
    be at +ceil(144000/99) = 1455 -> 7479, but the army arrives at 7200: crop then
    144000 - 99*1176 = 27576, net 18 - (2 + 15) = +1/h: 27576 + 800 = 28376 at 8000."""
    state = teuton_village(stock=Resources(0, 0, 0, 10 * R), units={U.CLUBSWINGER: 20},
                           away=((7200, 100),))
    settled, done = v.settle(state, 8000, 1)
    assert [(c.kind, c.at) for c in done] == [("starvation", t)
                                              for t in (347, 1746, 3158, 4584, 6024)]
    assert settled.units == {U.CLUBSWINGER: 15}
    assert settled.stock.crop == 28376
    assert v.settle(v.settle(state, 7199, 1)[0], 8000, 1)[0] == settled


def test_batched_training_stops_at_an_armys_arrival() -> None:
    """The batched shortcut gives what applying the units one by one gives when an army
    on the road arrives (and stops eating from here) in the middle of a training run."""
    job = v.TrainingJob(id="t1", building=B.BARRACKS, unit=U.CLUBSWINGER, count=200, done=0,
                        each_s=10, start=0, seq=1, paid=Resources(0, 0, 0, 0))
    for crop in (5, 300, 790):
        state = teuton_village(stock=Resources(0, 0, 0, crop * R), trainings=(job,),
                               next_seq=2, away=((1234, 300),))
        assert v.settle(state, 2500, 1) == v.settle(state, 2500, 1, batch=False)
