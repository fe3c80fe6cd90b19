"""Timers over two scheduler shards (two databases): each timer lands on the shard its
key says, each shard is fired by its own replica (SCHEDULER_FIRE_SHARDS), and the owner
applies every timer once, keyed ones in order."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import grpc
import pytest
from google.protobuf import timestamp_pb2

from deploy import local
from protos.scheduler.v1 import scheduler_pb2, scheduler_pb2_grpc
from services.scheduler.shards import shard_of
from tests.integration.scheduler.conftest import CONSUMER_MODULE
from tests.stack import (
    Servers,
    create_database,
    drop_database,
    new_run_id,
    plain_url,
    tail_logs,
    wait_serving,
    with_database,
)

pytestmark = pytest.mark.slow


def ts(value: datetime) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromDatetime(value)
    return out


@pytest.fixture(scope="module")
def sharded(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    run = new_run_id()
    names = [f"palisade_shard0_{run}", f"palisade_shard1_{run}"]
    for name in names:
        asyncio.run(create_database(servers.database_url, name))
    urls = [plain_url(with_database(servers.database_url, n)) for n in names]
    log_dir: Path = tmp_path_factory.mktemp("shards")
    env = {**local.os.environ, "DATABASE_URL": urls[0], "NATS_URL": servers.nats_url,
           "NATS_PREFIX": f"sh{run}", "LOG_LEVEL": "WARNING", "SCHEDULER_SHARDS": urls[1]}
    procs, addresses = [], []
    for i in (0, 1):  # one scheduler deployment per shard; both serve every request
        addresses.append(f"127.0.0.1:{local.free_port()}")
        procs.append(local.Proc(f"scheduler-{i}", [sys.executable, "-m", "services.scheduler"],
                                dict(env, SERVICE_NAME="scheduler", GRPC_LISTEN=addresses[-1],
                                     SCHEDULER_FIRE_SHARDS=str(i))))
    owner = f"127.0.0.1:{local.free_port()}"
    procs.append(local.Proc("timertest-1", [sys.executable, "-m", CONSUMER_MODULE],
                            dict(env, SERVICE_NAME="timertest", GRPC_LISTEN=owner,
                                 REPLICA_NAME="timertest-1")))
    try:
        for proc in procs:
            proc.start(log_dir)
        for address in [*addresses, owner]:
            asyncio.run(wait_serving(address, 90))
        yield {"urls": urls, "addresses": addresses}
    finally:
        if any(not p.alive() for p in procs):
            print(tail_logs(log_dir))
        local.stop_all(procs, grace=10)
        for name in names:
            asyncio.run(drop_database(servers.database_url, name))


async def rows_by_shard(urls: list[str], sql: str, *args: object) -> list[list]:
    out = []
    for url in urls:
        conn = await asyncpg.connect(url)
        try:
            out.append(await conn.fetch(sql, *args))
        finally:
            await conn.close()
    return out


async def test_timers_land_on_their_shard_and_fire_once_in_key_order(sharded: dict) -> None:
    urls, tag = sharded["urls"], f"s{uuid.uuid4().hex[:8]}"
    base = datetime.now(UTC) + timedelta(seconds=2)
    requests = []
    for i in range(600):
        kind = i % 3  # keyed, deduplicated, neither
        requests.append(scheduler_pb2.ScheduleRequest(
            owner="timertest", kind="work", due_at=ts(base + timedelta(milliseconds=3 * i)),
            payload=tag.encode(), ordering_key=f"{tag}-{i % 20}" if kind == 0 else "",
            dedupe_key=f"{tag}-{i}" if kind == 1 else ""))
    async with grpc.aio.insecure_channel(sharded["addresses"][0]) as channel:
        timers = (await scheduler_pb2_grpc.SchedulerServiceStub(channel).ScheduleBatch(
            scheduler_pb2.ScheduleBatchRequest(timers=requests), timeout=30)).timers
    # Every timer is on the shard its key (or dedupe key, or id) says.
    stored = await rows_by_shard(urls, "SELECT id FROM scheduler.timers WHERE payload = $1",
                                 tag.encode())
    where = {r["id"]: shard for shard, rows in enumerate(stored) for r in rows}
    assert len(where) == 600
    for req, timer in zip(requests, timers, strict=True):
        assert where[timer.id] == shard_of(2, "timertest", req.ordering_key,
                                           req.dedupe_key or None, timer.id)
    assert all(len(rows) > 100 for rows in stored)  # both shards have their share
    conn = await asyncpg.connect(urls[0])  # the owner's own database
    try:
        for _ in range(300):  # up to a minute
            if await conn.fetchval("SELECT count(*) FROM timertest.handled WHERE payload = $1",
                                   tag.encode()) >= 600:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # anything doubled would land now
        handled = await conn.fetch("SELECT timer_id FROM timertest.handled WHERE payload = $1",
                                   tag.encode())
        anomalies = await conn.fetch("SELECT what, detail FROM timertest.anomalies")
    finally:
        await conn.close()
    assert anomalies == []  # no duplicate, no key out of order
    assert sorted(r["timer_id"] for r in handled) == sorted(where)
    states = await rows_by_shard(urls, "SELECT state, count(*) AS n FROM scheduler.timers "
                                 "WHERE payload = $1 GROUP BY state", tag.encode())
    assert [{r["state"]: r["n"] for r in rows} for rows in states] == [
        {"fired": len(rows)} for rows in stored]


async def test_lookups_find_the_timer_on_its_shard(sharded: dict) -> None:
    urls = sharded["urls"]
    key = next(k for k in (f"look-{uuid.uuid4().hex}" for _ in range(100))
               if shard_of(2, "timertest", "", k) == 1)
    later = ts(datetime.now(UTC) + timedelta(hours=1))
    async with grpc.aio.insecure_channel(sharded["addresses"][0]) as channel:
        client = scheduler_pb2_grpc.SchedulerServiceStub(channel)
        first = await client.Schedule(scheduler_pb2.ScheduleRequest(
            owner="timertest", kind="work", due_at=later, dedupe_key=key), timeout=10)
        again = await client.Schedule(scheduler_pb2.ScheduleRequest(
            owner="timertest", kind="work", due_at=later, dedupe_key=key), timeout=10)
        assert again.id == first.id
        assert (await client.GetTimer(scheduler_pb2.GetTimerRequest(id=first.id),
                                      timeout=10)).state == "pending"
        assert (await client.Cancel(scheduler_pb2.CancelRequest(
            owner="timertest", dedupe_key=key), timeout=10)).cancelled
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await client.GetTimer(scheduler_pb2.GetTimerRequest(id=uuid.uuid4().hex), timeout=10)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND
    stored = await rows_by_shard(urls, "SELECT state FROM scheduler.timers WHERE dedupe_key = $1",
                                 key)
    assert [[r["state"] for r in rows] for rows in stored] == [[], ["cancelled"]]
