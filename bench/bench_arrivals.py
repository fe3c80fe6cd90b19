"""Arrivals resolved per second end to end (timer due -> battle applied in the village ->
report written by combat) through two village and two combat replicas, beside the
scheduler's bare firing rate measured in the same run (timers of a kind no handler
applies: scheduler -> NATS -> village consumer, nothing else).

    .venv/bin/python bench/bench_arrivals.py [--arrivals 2000] [--spread 2] [--targets 10]

The arrivals are put in place with the tests' world knob (tests/e2e/war_world.py: movement
rows and their wake-ups inserted in one transaction, as sending would), so the figure is
the arrival path only. Target (issue 10): >= 200 arrivals/s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rules.travian.ids import BuildingType as B  # noqa: E402
from rules.travian.ids import UnitType as U  # noqa: E402
from services.runtime.config import sqlalchemy_url  # noqa: E402
from services.runtime.events import Outbox  # noqa: E402
from services.runtime.timers import request_timer  # noqa: E402
from tests.e2e.war_world import burst, db, give, register, wait_for  # noqa: E402
from tests.stack import Servers, Stack, new_run_id  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


async def bare_timers(stack: Stack, n: int, due: int) -> None:
    engine = create_async_engine(sqlalchemy_url(stack.database_url))
    try:
        async with engine.begin() as conn:
            for i in range(n):
                await request_timer(conn, Outbox("village", stack.prefix), "bench_noop",
                                    datetime.fromtimestamp(due, UTC), payload=b"",
                                    dedupe_key=f"bench-noop-{due}-{i}")
    finally:
        await engine.dispose()


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """CPU (user + system) of every process of the stack and of the database's backends."""
    procs = {p.name: p.popen.pid for p in stack.plan.procs if p.alive()}
    procs |= {f"postgres {pid}": pid for (pid,) in db(
        stack, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
               "AND pid <> pg_backend_pid()")}
    out = {}
    for name, pid in procs.items():
        try:
            t = psutil.Process(pid).cpu_times()
            out[name] = t.user + t.system
        except psutil.Error:  # ended meanwhile: left out
            pass
    return out


def print_cpu(before: dict[str, float], after: dict[str, float], span: float) -> None:
    used: dict[str, float] = {}
    for name, t in after.items():
        key = "postgres backends" if name.startswith("postgres") else name
        used[key] = used.get(key, 0.0) + t - before.get(name, 0.0)
    print(f"CPU over the arrivals ({span:.1f} s), % of one core: " + ", ".join(
        f"{name} {100 * t / span:.0f}" for name, t in sorted(used.items(),
                                                            key=lambda kv: -kv[1])))


FAR = 3600  # requests are registered this far ahead, then brought forward together


def bring_forward(stack: Stack, where: str, due: int) -> None:
    """Once the scheduler holds every timer, they all become due at ``due`` (so the
    figures measure firing and handling, not the intake of the requests)."""
    db(stack, f"UPDATE scheduler.timers SET due_at = to_timestamp(:d) WHERE {where}", d=due)


def scheduler_rate(stack: Stack, n: int) -> tuple[float, float]:
    """(firings/s, p99 lateness s) of ``n`` timers all due at one instant."""
    asyncio.run(bare_timers(stack, n, int(time.time()) + FAR))
    where = "kind = 'bench_noop'"
    wait_for(lambda: db(stack, f"SELECT count(*) FROM scheduler.timers WHERE {where}")[0][0]
             >= n, timeout=600, every=0.2)
    due = int(time.time()) + 2
    bring_forward(stack, where, due)
    sql = f"SELECT count(*) FROM scheduler.timers WHERE {where} AND state = 'fired'"
    wait_for(lambda: db(stack, sql)[0][0] >= n, timeout=600, every=0.2)
    rows = db(stack, "SELECT EXTRACT(EPOCH FROM fired_at)::float8 FROM scheduler.timers "
                     "WHERE kind = 'bench_noop'")
    fired = [r[0] for r in rows]
    return n / max(max(fired) - due, 1e-3), pct([f - due for f in fired], 0.99)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--arrivals", type=int, default=2000)
    parser.add_argument("--spread", type=int, default=2, help="seconds the arrivals span")
    parser.add_argument("--targets", type=int, default=10,
                        help="defending villages the arrivals are spread over")
    args = parser.parse_args()
    servers = Servers.start()
    stack = Stack(servers, new_run_id(), Path(tempfile.mkdtemp(prefix="bench-arrivals-")),
                  extra_env={"GAME_SPEED": "1000", "LOG_LEVEL": "INFO"},
                  replicas={"village": 2, "combat": 2})
    stack.start()
    print(f"logs: {stack.log_dir}")
    try:
        with httpx.Client(base_url=stack.gateway_url, timeout=30) as client:
            attackers = [register(client, "romans") for _ in range(4)]
            defenders = [register(client, "teutons") for _ in range(args.targets)]
        for p in attackers:
            give(stack, p["village"], buildings={39: (B.RALLY_POINT, 1)},
                 units={U.LEGIONNAIRE: 20000}, stock=800)
        for p in defenders:
            give(stack, p["village"], buildings={39: (B.RALLY_POINT, 1)},
                 units={U.CLUBSWINGER: 5000}, stock=800)
        bare, bare_p99 = scheduler_rate(stack, args.arrivals)
        later = int(time.time()) + FAR
        ids = burst(stack, attackers, defenders, args.arrivals, later, args.spread)
        quoted = ",".join(f"'{i}'" for i in ids)
        wakes = db(stack, f"SELECT count(DISTINCT (destination_id, arrives_at)) FROM "
                          f"village.movements WHERE id IN ({quoted})")[0][0]
        where = (f"kind = 'settle' AND due_at >= to_timestamp({later}) AND due_at <= "
                 f"to_timestamp({later + args.spread})")
        wait_for(lambda: db(stack, f"SELECT count(*) FROM scheduler.timers WHERE {where}")
                 [0][0] >= wakes, timeout=600, every=0.2)
        start = int(time.time()) + 2
        shift = later - start
        cpu_before = cpu_seconds(stack)
        db(stack, f"UPDATE village.movements SET arrives_at = arrives_at - make_interval("
                  f"secs => {shift}) WHERE id IN ({quoted})")
        db(stack, f"UPDATE scheduler.timers SET due_at = due_at - make_interval(secs => "
                  f"{shift}) WHERE {where}")
        wait_for(lambda: db(stack, f"SELECT count(*) FROM village.movements WHERE id IN "
                                   f"({quoted}) AND state = 'moving'")[0][0] == 0,
                 timeout=900, every=0.5)
        cpu_after, ended = cpu_seconds(stack), time.time()
        rows = db(stack, (
            f"SELECT EXTRACT(EPOCH FROM r.created_at)::float8, "
            f"EXTRACT(EPOCH FROM m.arrives_at)::float8, m.destination_id FROM combat.reports r "
            f"JOIN village.movements m ON m.id = r.id WHERE m.id IN ({quoted})"))
        written = [w for w, _, _ in rows]
        late = [w - a for w, a, _ in rows]
        per_village: dict[object, list[float]] = {}
        for w, _, dest in rows:
            per_village.setdefault(dest, []).append(w)
        span = max(written) - start
        print(f"arrivals: {len(ids)} due over {args.spread} s ({len(rows)} battles, "
              f"{len(ids) - len(rows)} reinforcements), 2 village + 2 combat replicas")
        print(f"end to end (due -> report written): {len(ids) / span:8.0f} arrivals/s   "
              f"battles {len(rows) / span:6.0f}/s   lateness p50 "
              f"{statistics.median(late):.2f} s p99 {pct(late, 0.99):.2f} s")
        slowest = max(per_village.values(), key=max)
        print(f"per target village (arrivals there are serial): {len(per_village)} villages, "
              f"the last done after {max(slowest) - start:.1f} s with {len(slowest)} battles "
              f"({len(slowest) / max(max(slowest) - start, 1e-3):.0f} battles/s at that village)")
        print(f"baseline, scheduler bare firing:   {bare:8.0f} timers/s   "
              f"(p99 {bare_p99:.2f} s after due)   ratio {len(ids) / span / bare:.2f}")
        print_cpu(cpu_before, cpu_after, ended - start)
        print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    finally:
        stack.stop()
        servers.stop()


if __name__ == "__main__":
    main()
