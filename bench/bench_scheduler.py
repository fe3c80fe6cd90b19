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


async def run_palisade(dsn: str, address: str, rate: int, seconds: float, keys: int) -> dict:
    tag = f"r{rate}"
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
        anomalies = await conn.fetchval("SELECT count(*) FROM timertest.anomalies")
    finally:
        await conn.close()
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


def summary(rows: list, offered: int, start: datetime, anomalies: int = 0) -> dict:
    late = [r["late"] for r in rows]
    published = [r["published"] for r in rows if r["published"] is not None]
    last = max(r["at"] for r in rows) if rows else start.timestamp()
    return {
        "handled": len(rows), "offered": offered,
        "per_s": len(rows) / max(1e-3, last - start.timestamp()),
        "p50": statistics.median(late) * 1000 if late else float("nan"),
        "p99": percentile(late, 0.99) * 1000 if late else float("nan"),
        "pub_p50": statistics.median(published) * 1000 if published else None,
        "anomalies": anomalies,
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
    for address in addresses + consumer_ports:
        asyncio.run(wait_serving(address, 90))
    return procs, addresses[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rates", default="100,1000,5000")
    parser.add_argument("--keys", type=int, default=KEYS,
                        help="ordering keys the timers are spread over (0: none)")
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    servers = Servers.start()
    run_id = new_run_id()
    name = f"palisade_bench_{run_id}"
    asyncio.run(create_database(servers.database_url, name))
    dsn = plain_url(with_database(servers.database_url, name))
    log_dir = Path(tempfile.mkdtemp(prefix="palisade-bench-"))
    procs: list = []
    try:
        procs, address = start_processes(dsn, servers.nats_url, f"b{run_id}", log_dir)
        print(f"2 scheduler + 2 owner replicas; {args.seconds:.0f} s per rate; "
              f"{args.keys} ordering keys; logs in {log_dir}")
        print(f"{'offered/s':>9} {'system':<12} {'handled':>8} {'handled/s':>10} "
              f"{'p50 ms':>8} {'p99 ms':>8} {'publish p50 ms':>15}")
        for rate in rates:
            before = handed_back()
            ours = asyncio.run(run_palisade(dsn, address, rate, args.seconds, args.keys))
            ours["handed_back"] = handed_back() - before
            bare = asyncio.run(run_bare(dsn, rate, args.seconds))
            for label, r in (("palisade", ours), ("skip-locked", bare)):
                pub = f"{r['pub_p50']:.1f}" if r["pub_p50"] is not None else "-"
                print(f"{rate:>9} {label:<12} {r['handled']:>8} {r['per_s']:>10.0f} "
                      f"{r['p50']:>8.1f} {r['p99']:>8.1f} {pub:>15}")
            print(f"{'':>9} {'ratio':<12} {'':>8} {ours['per_s'] / bare['per_s']:>10.2f} "
                  f"{ours['p50'] / max(bare['p50'], 1e-3):>8.1f} "
                  f"{ours['p99'] / max(bare['p99'], 1e-3):>8.1f}"
                  f"   (anomalies: {ours['anomalies']}, handed back to wait for their "
                  f"key: {ours['handed_back']:.0f})", flush=True)
    finally:
        local.stop_all(procs, grace=10)
        asyncio.run(drop_database(servers.database_url, name))
        servers.stop()


if __name__ == "__main__":
    main()
