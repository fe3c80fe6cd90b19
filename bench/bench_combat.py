"""Throughput of the pure rules, each figure beside a same-run baseline.

Run: .venv/bin/python bench/bench_combat.py

Absolute numbers depend on the machine; the ratio to the baseline (a bare Python loop
doing comparable float work, timed in the same run) is what to compare across machines.
No assertions: this only prints.
"""

from __future__ import annotations

import math
import sys
import timeit

from rules.combat import Army, Battle, resolve
from rules.travian import buildings as bld
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources

REPEATS = 5


def _battle() -> Battle:
    """10 Teuton unit types (rams, catapults, chiefs included) against Gaul home troops
    plus Roman and Teuton reinforcements, with wall, residence, crannies, loot, targets."""
    attacker = Army(
        Tribe.TEUTONS,
        {
            U.CLUBSWINGER: 3000,
            U.SPEARFIGHTER: 500,
            U.AXEFIGHTER: 2500,
            U.SCOUT: 100,
            U.PALADIN: 400,
            U.TEUTONIC_KNIGHT: 1200,
            U.RAM: 150,
            U.CATAPULT: 100,
            U.CHIEF: 3,
            U.SETTLER_TEUTON: 3,
        },  # fmt: skip
        smithy_levels={U.AXEFIGHTER: 15, U.TEUTONIC_KNIGHT: 12, U.CATAPULT: 10},
    )
    home = Army(Tribe.GAULS, {U.PHALANX: 2500, U.DRUIDRIDER: 600, U.PATHFINDER: 50},
                smithy_levels={U.PHALANX: 10})  # fmt: skip
    romans = Army(Tribe.ROMANS, {U.PRAETORIAN: 1800, U.LEGIONNAIRE: 900})
    teutons = Army(Tribe.TEUTONS, {U.SPEARFIGHTER: 1500, U.PALADIN: 300})
    return Battle(
        attacker=attacker,
        defenders=[home, romans, teutons],
        defender_tribe=Tribe.GAULS,
        wall_level=15,
        residence_level=10,
        pop_attacker=900,
        pop_defender=600,
        rally_point_level=20,
        catapult_targets=[B.GRANARY, None],
        buildings={19: (B.WAREHOUSE, 12), 20: (B.GRANARY, 12), 21: (B.MARKETPLACE, 10)},
        stock=Resources(20_000, 18_000, 15_000, 9_000),
        cranny_levels=[10, 6],
        seed=7,
    )


def _baseline_battle(values: list[tuple[int, float, float, float]]) -> float:
    """Bare float work of about the same shape: sums, a few pow calls, per-type rounding."""
    off = def_i = def_c = 0.0
    for count, a, di, dc in values:
        off += count * a
        def_i += count * di
        def_c += count * dc
    ratio = off / (def_i * 0.5 + def_c * 0.5 + 10)
    k = min(1.5, max(1.2578, 3.7184 - 2 * 12_000**0.015))
    x = ratio**k
    loss = min(1.0, 1 / x)
    return sum(math.floor(count * (1 - loss) + 0.5) for count, *_ in values)


def _rate(stmt, number: int) -> float:
    best = min(timeit.repeat(stmt, number=number, repeat=REPEATS))
    return number / best


def bench_battles() -> tuple[float, float]:
    battle = _battle()
    values = [(1000 + i, 40.0 + i, 35.0 + i, 50.0 - i) for i in range(18)]
    return _rate(lambda: resolve(battle), 500), _rate(lambda: _baseline_battle(values), 5000)


def _all_lookups(cases: list[tuple[B, int]]) -> int:
    total = 0
    for building, level in cases:
        total += bld.building_cost(building, level).wood
        total += bld.build_time_s(building, level, main_building_level=10, speed=3)
    return total


def _baseline_lookups(rows: list[tuple[int, int]]) -> float:
    total = 0.0
    for wood, seconds in rows:
        total += wood
        total += math.floor(seconds * 0.964**9 / 3 + 0.5)
    return total


def bench_tables() -> tuple[int, float, float]:
    cases = [
        (spec.type, level)
        for spec in bld.all_building_specs()
        if spec.available
        for level in range(1, spec.max_level_capital + 1)
    ]
    rows = [
        (bld.building_cost(b, lv).wood, bld.building_level(b, lv).time_base_s) for b, lv in cases
    ]
    sweeps = _rate(lambda: _all_lookups(cases), 5)
    baseline = _rate(lambda: _baseline_lookups(rows), 50)
    return len(cases), sweeps * len(cases) * 2, baseline * len(rows) * 2


def main() -> None:
    print(f"python {sys.version.split()[0]}, best of {REPEATS} repeats")
    battles, base = bench_battles()
    print(
        f"battles (10 unit types vs 3-tribe defence): {battles:12,.0f} /s   "
        f"baseline float loop: {base:12,.0f} /s   ratio {battles / base:.4f}"
    )
    levels, lookups, base_lookups = bench_tables()
    print(
        f"table lookups ({levels} building levels x cost+time): {lookups:12,.0f} /s   "
        f"baseline loop: {base_lookups:12,.0f} /s   ratio {lookups / base_lookups:.4f}"
    )


if __name__ == "__main__":
    main()
