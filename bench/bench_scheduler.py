"""Scheduler throughput and lateness at 100, 1,000 and 5,000 timers/s offered load.

    .venv/bin/python bench/bench_scheduler.py [--seconds 5] [--rates 100,1000,5000]

Starts 2 scheduler replicas and 2 replicas of the test owner service
(tests/integration/scheduler/consumer_app.py) as processes on a fresh database (embedded
PostgreSQL and NATS unless DATABASE_URL / NATS_URL are set). For each rate it schedules
rate x seconds timers (ScheduleBatch, before any is due) with due times spread evenly over
the window, over 100 ordering keys, and reports:

- handled/s: timers applied by the owner (its table) / (last handled - first due),
- lateness p50/p99: owner's commit time - due time (the scheduler's own due -> published
  lateness is printed beside it),

next to a bare ``SELECT ... FOR UPDATE SKIP LOCKED`` loop (2 workers, same database, same
due times) in the same run; the ratio is the figure that travels between machines.
No assertions: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import grpc
import psutil
from google.protobuf import timestamp_pb2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy import local  # noqa: E402
from protos.scheduler.v1 import scheduler_pb2, scheduler_pb2_grpc  # noqa: E402
from tests.stack import (  # noqa: E402
    Servers,
    create_database,
    drop_database,
    new_run_id,
    plain_url,
    wait_serving,
    with_database,
)

KEYS = 100
WORKERS = 2
METRICS: list[str] = []  # the owner replicas' Prometheus addresses
PROCS: dict[str, psutil.Process] = {}  # name -> process, for CPU seconds


def cpu_seconds() -> dict[str, float]:
    """User + system CPU seconds used so far by the schedulers and by the owners."""
    out = {"scheduler": 0.0, "timertest": 0.0}
    for name, proc in PROCS.items():
        times = proc.cpu_times()
        out[name.rsplit("-", 1)[0]] += times.user + times.system
    return out


def handed_back() -> float:
    """Firings the owners handed back to wait for their key's previous one (all so far)."""
    total = 0.0
    for address in METRICS:
        with urllib.request.urlopen(f"http://{address}/metrics", timeout=5) as resp:
            for line in resp.read().decode().splitlines():
                if line.startswith("timer_handed_back_total{"):
                    total += float(line.rsplit(" ", 1)[1])
    return total


def ts(value: datetime) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromDatetime(value)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def due_times(rate: int, seconds: float, start: datetime) -> list[datetime]:
    n = int(rate * seconds)
    return [start + timedelta(seconds=i / rate) for i in range(n)]


async def schedule(address: str, tag: str, dues: list[datetime], keys: int) -> None:
    rng = random.Random(tag)
    requests = [scheduler_pb2.ScheduleRequest(
        owner="timertest", kind="work", due_at=ts(due),
        ordering_key=f"{tag}-{rng.randrange(keys)}" if keys else "", payload=tag.encode())
        for due in dues]
    async with grpc.aio.insecure_channel(address) as channel:
        client = scheduler_pb2_grpc.SchedulerServiceStub(channel)
        for i in range(0, len(requests), 1000):
            await client.ScheduleBatch(
                scheduler_pb2.ScheduleBatchRequest(timers=requests[i:i + 1000]), timeout=60)


async def wait_count(dsn: str, sql: str, arg: object, n: int, timeout: float) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        deadline = time.monotonic() + timeout
        count = 0
        while time.monotonic() < deadline:
            count = await conn.fetchval(sql, arg)
            if count >= n:
                break
            await asyncio.sleep(0.25)
        return count
    finally:
        await conn.close()


async def run_palisade(dsn: str, address: str, rate: int, seconds: float, keys: int,
                       tag: str = "") -> dict:
    tag = tag or f"r{rate}k{keys}"
    lead = 2.0 + rate * seconds / 5000  # time to insert everything before the first is due
    start = datetime.now(UTC) + timedelta(seconds=lead)
    dues = due_times(rate, seconds, start)
    await schedule(address, tag, dues, keys)
    await wait_count(dsn, "SELECT count(*) FROM timertest.handled WHERE payload = $1",
                     tag.encode(), len(dues), seconds + lead + 120)
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT EXTRACT(EPOCH FROM h.handled_at - h.due_at)::float8 AS late, "
            "EXTRACT(EPOCH FROM t.fired_at - t.due_at)::float8 AS published, "
            "EXTRACT(EPOCH FROM h.handled_at)::float8 AS at "
            "FROM timertest.handled h JOIN scheduler.timers t ON t.id = h.timer_id "
            "WHERE h.payload = $1", tag.encode())
        found = await conn.fetch(
            "SELECT a.what, count(*) AS n FROM timertest.anomalies a JOIN scheduler.timers t "
            "ON t.id = a.timer_id WHERE t.payload = $1 GROUP BY a.what", tag.encode())
    finally:
        await conn.close()
    anomalies = {r["what"]: r["n"] for r in found}
    return summary(rows, len(dues), start, anomalies=anomalies)


async def run_bare(dsn: str, rate: int, seconds: float) -> dict:
    """The baseline: 2 workers claiming due rows with SKIP LOCKED, nothing else."""
    conn = await asyncpg.connect(dsn)
    await conn.execute("CREATE TABLE IF NOT EXISTS bare_jobs (id bigint GENERATED ALWAYS AS "
                       "IDENTITY PRIMARY KEY, tag text, due_at timestamptz, done_at timestamptz)")
    await conn.execute("CREATE INDEX IF NOT EXISTS bare_jobs_due ON bare_jobs (due_at) "
                       "WHERE done_at IS NULL")
    tag = f"r{rate}"
    start = datetime.now(UTC) + timedelta(seconds=2.0)
    dues = due_times(rate, seconds, start)
    await conn.copy_records_to_table("bare_jobs", records=[(tag, d) for d in dues],
                                     columns=["tag", "due_at"])
    stop = asyncio.Event()

    async def worker() -> None:
        wconn = await asyncpg.connect(dsn)
        try:
            while not stop.is_set():
                done = await wconn.fetch(
                    "UPDATE bare_jobs SET done_at = clock_timestamp() WHERE id IN ("
                    " SELECT id FROM bare_jobs WHERE done_at IS NULL AND due_at <= now()"
                    " ORDER BY due_at LIMIT 500 FOR UPDATE SKIP LOCKED) RETURNING id")
                if not done:
                    await asyncio.sleep(0.005)
        finally:
            await wconn.close()

    workers = [asyncio.create_task(worker()) for _ in range(WORKERS)]
    await wait_count(dsn, "SELECT count(*) FROM bare_jobs WHERE tag = $1 AND done_at IS NOT NULL",
                     tag, len(dues), seconds + 60)
    stop.set()
    await asyncio.gather(*workers)
    rows = await conn.fetch(
        "SELECT EXTRACT(EPOCH FROM done_at - due_at)::float8 AS late, NULL AS published, "
        "EXTRACT(EPOCH FROM done_at)::float8 AS at FROM bare_jobs WHERE tag = $1", tag)
    await conn.close()
    return summary(rows, len(dues), start)


def summary(rows: list, offered: int, start: datetime,
            anomalies: dict[str, int] | None = None) -> dict:
    late = [r["late"] for r in rows]
    published = [r["published"] for r in rows if r["published"] is not None]
    last = max(r["at"] for r in rows) if rows else start.timestamp()
    return {
        "handled": len(rows), "offered": offered,
        "per_s": len(rows) / max(1e-3, last - start.timestamp()),
        "p50": statistics.median(late) * 1000 if late else float("nan"),
        "p99": percentile(late, 0.99) * 1000 if late else float("nan"),
        "pub_p50": statistics.median(published) * 1000 if published else None,
        "duplicates": (anomalies or {}).get("duplicate", 0),
        "out_of_order": sum(n for what, n in (anomalies or {}).items() if what != "duplicate"),
        "lost": offered - len(rows),
    }


def start_processes(dsn: str, nats_url: str, prefix: str, log_dir: Path) -> tuple[list, str]:
    env = dict(os.environ, DATABASE_URL=dsn, NATS_URL=nats_url, NATS_PREFIX=prefix,
               LOG_LEVEL="WARNING")
    procs, addresses = [], []
    for i in range(WORKERS):
        port = local.free_port()
        addresses.append(f"127.0.0.1:{port}")
        procs.append(local.Proc(f"scheduler-{i + 1}", [sys.executable, "-m", "services.scheduler"],
                                dict(env, SERVICE_NAME="scheduler", GRPC_LISTEN=addresses[-1])))
    consumer_ports = []
    for i in range(WORKERS):
        port = local.free_port()
        consumer_ports.append(f"127.0.0.1:{port}")
        METRICS.append(f"127.0.0.1:{local.free_port()}")
        procs.append(local.Proc(f"timertest-{i + 1}", [
            sys.executable, "-m", "tests.integration.scheduler.consumer_app"],
            dict(env, SERVICE_NAME="timertest", GRPC_LISTEN=consumer_ports[-1],
                 REPLICA_NAME=f"timertest-{i + 1}", METRICS_LISTEN=METRICS[-1])))
    # Migrations run under an advisory lock; start one of each first to keep start-up short.
    for proc in procs:
        proc.start(log_dir)
        PROCS[proc.name] = psutil.Process(proc.popen.pid)
    for address in addresses + consumer_ports:
        asyncio.run(wait_serving(address, 90))
    return procs, addresses[0]


# The targets, checked on the unordered rows (the village's wake-ups need no order).
TARGETS = {100: "p99 <= 50 ms", 1000: "handled >= 0.9x bare, p99 <= 250 ms",
           5000: "handled >= 3,000/s"}


def verdict(rate: int, ours: dict, bare: dict) -> str:
    clean = ours["duplicates"] == 0 and ours["lost"] == 0 and ours["out_of_order"] == 0
    if rate == 100:
        met = ours["p99"] <= 50
    elif rate == 1000:
        met = ours["per_s"] >= 0.9 * bare["per_s"] and ours["p99"] <= 250
    elif rate == 5000:
        met = ours["per_s"] >= 3000
    else:
        return ""
    return f"target {TARGETS[rate]}, 0 duplicates, 0 lost: {'met' if met and clean else 'MISSED'}"


def row(rate: int, label: str, r: dict) -> None:
    pub = f"{r['pub_p50']:.1f}" if r["pub_p50"] is not None else "-"
    extra = (f"{r.get('duplicates', 0):>5} {r.get('lost', 0):>5} {r.get('out_of_order', 0):>6}"
             if "duplicates" in r else f"{'':>5} {'':>5} {'':>6}")
    print(f"{rate:>9} {label:<16} {r['handled']:>8} {r['per_s']:>10.0f} {r['p50']:>8.1f} "
          f"{r['p99']:>8.1f} {pub:>8} {extra}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rates", default="100,1000,5000")
    parser.add_argument("--ordered-keys", type=int, default=KEYS,
                        help="also run each rate with per-key order over this many ordering "
                             "keys (0: skip)")
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    servers = Servers.start()
    run_id = new_run_id()
    name = f"palisade_bench_{run_id}"
    asyncio.run(create_database(servers.database_url, name))
    dsn = plain_url(with_database(servers.database_url, name))
    log_dir = Path(tempfile.mkdtemp(prefix="palisade-bench-"))
    procs: list = []
    handler = os.environ.get("TIMERTEST_HANDLER", "batch")
    try:
        procs, address = start_processes(dsn, servers.nats_url, f"b{run_id}", log_dir)
        print(f"2 scheduler + 2 owner replicas ({handler} handler); {args.seconds:.0f} s per "
              f"rate after a 2 s warm-up at 100/s; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"logs in {log_dir}")
        print(f"{'offered/s':>9} {'system':<16} {'handled':>8} {'handled/s':>10} "
              f"{'p50 ms':>8} {'p99 ms':>8} {'pub p50':>8} {'dup':>5} {'lost':>5} {'order!':>6}")
        # Warm-up, not measured: the first timers after start-up pay for cold pools,
        # prepared statements and JetStream consumers.
        asyncio.run(run_palisade(dsn, address, 100, 2, 0, tag="warm-up"))
        for rate in rates:
            before = cpu_seconds()
            ours = asyncio.run(run_palisade(dsn, address, rate, args.seconds, 0))
            ours["cpu"] = {k: (v - before[k]) * 1000 / ours["offered"]
                           for k, v in cpu_seconds().items()}
            bare = asyncio.run(run_bare(dsn, rate, args.seconds))
            row(rate, "palisade", ours)
            row(rate, "skip-locked", bare)
            print(f"{'':>9} {'ratio':<16} {'':>8} {ours['per_s'] / bare['per_s']:>10.2f}   "
                  f"{verdict(rate, ours, bare)}", flush=True)
            print(f"{'':>9} {'':<16} CPU ms per timer: schedulers "
                  f"{ours['cpu']['scheduler']:.3f}, owners {ours['cpu']['timertest']:.3f}",
                  flush=True)
            if args.ordered_keys:
                before = handed_back()
                keyed = asyncio.run(run_palisade(dsn, address, rate, args.seconds,
                                                 args.ordered_keys))
                row(rate, f"keyed ({args.ordered_keys} keys)", keyed)
                print(f"{'':>9} {'':<16} handed back to wait for their key: "
                      f"{handed_back() - before:.0f}", flush=True)
        print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        local.stop_all(procs, grace=10)
        asyncio.run(drop_database(servers.database_url, name))
        servers.stop()


if __name__ == "__main__":
    main()
