"""Village game benchmarks on a real local stack; prints figures beside same-run baselines.

- seeds SEED_VILLAGES (100,000) villages by cloning a registered player's capital, with
  every row of the village schema that hangs off it, in one server-side INSERT ... SELECT
  per table (the store's own tables, whatever their columns);
- GET /api/v1/villages/{id} through the gateway vs direct gRPC GetVillage vs a bare
  asyncpg read of the same rows (throughput, p50, p99), same villages, same concurrency;
- upgrades per second (POST .../buildings/woodcutter/upgrade?position=1, one per village);
- the ranking job's duration over the seeded villages; the database size;
- WebSocket lateness of real completions: main-building upgrades of the player's villages
  started at ~100 per second through the gateway, so ~100 completions fall due per second;
  lateness = push received at the client minus the completion's `complete_at`, through the
  whole path (scheduler timer due -> village settles under the row lock -> outbox -> NATS
  -> gateway -> socket). Same-run baseline: the gateway alone (events published straight
  into NATS at 100/s, lateness from their `at`).
Targets: gateway >= 0.6x direct gRPC; lateness p99 <= 250 ms. A section the stack cannot
serve yet prints "not measured" with the reason instead of a figure.

The stack runs at GAME_SPEED 100 (BENCH_GAME_SPEED) so the completions fall due ~26 s after
their upgrades (main building 2: 2,620 s at speed 1); the woodcutter upgrades of the
upgrade figure complete 3 s after they start, during that phase (real load).

Run: .venv/bin/python bench/bench_village.py [--quick] [--villages N] [--requests N]
[--lateness-only]
(starts its own stack; uses DATABASE_URL/NATS_URL when set). --quick: fewer villages and
requests (a smoke run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import grpc
import httpx
import nats
import sqlalchemy as sa
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rawhttp import RawHTTP  # noqa: E402
from protos.common.v1 import common_pb2  # noqa: E402
from protos.scheduler.v1 import scheduler_pb2  # noqa: E402
from protos.village.v1 import village_events_pb2, village_pb2, village_pb2_grpc  # noqa: E402
from services.runtime import context  # noqa: E402
from services.runtime.db import Database  # noqa: E402
from services.runtime.events import event_subject, make_envelope  # noqa: E402
from tests.stack import Servers, Stack, new_run_id  # noqa: E402

PASSWORD = "correct horse battery"
CONCURRENCY = 16
# Villages of the benchmark player (reads and upgrades go to these); the rest of the
# seeded world belongs to synthetic ten-village players.
OWNED = 500
SCHEMA = "village"
GAME_SPEED = 100
LATENESS_RATE = 100  # upgrades started (so completions due) per second


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def line(name: str, value: str, baseline: str = "") -> None:
    print(f"{name:<46} {value:>26}   {baseline}", flush=True)


def not_measured(name: str, err: BaseException) -> None:
    line(name, "not measured", f"{type(err).__name__}: {str(err)[:120]}")


async def seed(pg: asyncpg.Connection, template: str, count: int, owned: int) -> None:
    """Clone the template village ``count`` times, with its rows in every village table.

    The template's owner keeps ``owned`` of them (a very large account); the others belong
    to synthetic players of ten villages each, as in a real world, so per-account work
    (expansion slots, the palace rule) is measured at a realistic size."""
    await pg.execute(
        "CREATE TEMP TABLE bench_map AS SELECT g AS i, gen_random_uuid() AS id, "
        "(-400 + g % 801)::smallint AS x, (-400 + g / 801)::smallint AS y, "
        "CASE WHEN g < $2 THEN NULL ELSE md5('bench-owner' || (g / 10))::uuid END AS owner "
        "FROM generate_series(0, $1 - 1) g", count, owned)
    await pg.execute(f"DELETE FROM bench_map m USING {SCHEMA}.villages v "
                     "WHERE v.x = m.x AND v.y = m.y")
    columns = await pg.fetch(
        "SELECT table_name, column_name, data_type, column_default, is_identity "
        "FROM information_schema.columns WHERE table_schema = $1 "
        "ORDER BY table_name, ordinal_position", SCHEMA)
    tables: dict[str, list] = {}
    for col in columns:
        tables.setdefault(col["table_name"], []).append(col)
    order = ["villages"] + sorted(t for t, cols in tables.items() if t != "villages" and any(
        c["column_name"] == "village_id" for c in cols))
    for table in order:
        names, exprs = [], []
        for col in tables[table]:
            name = col["column_name"]
            if table == "villages" and name in ("id", "x", "y"):
                expr = f"m.{name}"
            elif table == "villages" and name == "is_capital":
                expr = "false"
            elif table == "villages" and name == "name":
                expr = "'bench ' || m.i"
            elif table == "villages" and name == "owner_id":
                expr = "COALESCE(m.owner, t.owner_id)"
            elif name == "village_id":
                expr = "m.id"
            elif name == "id":
                if col["column_default"] is not None or col["is_identity"] == "YES":
                    continue
                expr = "gen_random_uuid()" if col["data_type"] == "uuid" else None
                if expr is None:
                    continue
            else:
                expr = f't."{name}"'
            names.append(f'"{name}"')
            exprs.append(expr)
        key = "id" if table == "villages" else "village_id"
        await pg.execute(
            f'INSERT INTO {SCHEMA}."{table}" ({", ".join(names)}) '
            f'SELECT {", ".join(exprs)} FROM {SCHEMA}."{table}" t, bench_map m '
            f"WHERE t.{key} = $1::uuid", template)
    for table in order:  # the planner's statistics of every table filled, as a live
        # world's would be (with only villages analysed, the state query's subqueries were
        # planned for 19-row tables and took 100-170 ms each)
        await pg.execute(f'ANALYZE {SCHEMA}."{table}"')


async def concurrent(fn, items: list, concurrency: int = CONCURRENCY) -> tuple[float, list]:  # noqa: ANN001
    """(requests per second, latencies in ms) of fn(item) over items, `concurrency` at once."""
    queue: asyncio.Queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    samples: list[float] = []

    async def worker() -> None:
        while not queue.empty():
            item = queue.get_nowait()
            started = time.perf_counter()
            await fn(item)
            samples.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return len(items) / (time.perf_counter() - started), samples


def report(name: str, rate: float, samples: list[float], baseline: str = "") -> None:
    line(name, f"{rate:,.0f}/s  p50 {statistics.median(samples):.2f} ms",
         f"p99 {pct(samples, 0.99):.2f} ms {baseline}")


async def bench_reads(stack: Stack, client: httpx.AsyncClient, pg: asyncpg.Connection,
                      headers: dict, user_id: str, ids: list[str]) -> None:
    addr = stack.env["VILLAGE_GRPC_ADDR"].split(",")[0]
    raw = RawHTTP(stack.gateway_url, headers)

    async def via_gateway(vid: str) -> None:
        await raw.get(f"/api/v1/villages/{vid}")

    async def via_httpx(vid: str) -> None:
        (await client.get(f"/api/v1/villages/{vid}", headers=headers)).raise_for_status()

    async with grpc.aio.insecure_channel(addr) as channel:
        stub = village_pb2_grpc.VillageServiceStub(channel)
        metadata = ((context.USER_ID, user_id),)

        async def direct(vid: str) -> None:
            await stub.GetVillage(village_pb2.VillageRef(village_id=vid), timeout=10,
                                  metadata=metadata)

        await concurrent(direct, ids[:50])
        grpc_rate, grpc_ms = await concurrent(direct, ids)
    pool = await asyncpg.create_pool(stack.database_url, min_size=CONCURRENCY,
                                     max_size=CONCURRENCY)
    try:
        async def bare(vid: str) -> None:
            async with pool.acquire() as conn:
                await conn.fetch(f"SELECT * FROM {SCHEMA}.villages WHERE id = $1::uuid", vid)

        sql_rate, sql_ms = await concurrent(bare, ids)
    finally:
        await pool.close()
    try:
        await concurrent(via_gateway, ids[:50])
        http_rate, http_ms = await concurrent(via_gateway, ids)
    finally:
        await raw.close()
    await concurrent(via_httpx, ids[:50])
    httpx_rate, httpx_ms = await concurrent(via_httpx, ids)
    report("GET /villages/{id} via gateway", http_rate, http_ms,
           f"= {http_rate / grpc_rate:.2f}x gRPC (target >= 0.6x)")
    report("  the same with an httpx client", httpx_rate, httpx_ms,
           f"= {httpx_rate / grpc_rate:.2f}x gRPC (client CPU counted too)")
    report("direct gRPC GetVillage", grpc_rate, grpc_ms)
    report("bare asyncpg SELECT of the row", sql_rate, sql_ms)


async def bench_upgrades(client: httpx.AsyncClient, headers: dict, ids: list[str]) -> None:
    async def upgrade(vid: str) -> None:
        resp = await client.post(f"/api/v1/villages/{vid}/buildings/woodcutter/upgrade",
                                 params={"position": 1}, headers=headers)
        resp.raise_for_status()

    rate, samples = await concurrent(upgrade, ids)
    report("upgrades (POST .../upgrade) via gateway", rate, samples)


async def bench_rankings(stack: Stack) -> None:
    from services.village import handlers_periodic as jobs

    db = Database(stack.database_url.replace("postgresql://", "postgresql+asyncpg://", 1),
                  SCHEMA)
    run = scheduler_pb2.PeriodicRun(job=f"bench.rankings.{uuid.uuid4().hex}")
    run.period_start.FromDatetime(datetime.now(UTC))
    fired = scheduler_pb2.TimerFired(kind="rankings", payload=run.SerializeToString())
    try:
        started = time.perf_counter()
        async with db.transaction() as conn:
            await jobs.compute_rankings(conn, fired)
        line("ranking job (compute_rankings) duration",
             f"{(time.perf_counter() - started) * 1000:,.0f} ms")
    finally:
        await db.close()


async def bench_lateness(stack: Stack, token: str, user_id: str, village: str,
                         seconds: int) -> None:
    """100 events/s for `seconds`; lateness = push received at the client minus `at`."""
    url = stack.gateway_url.replace("http://", "ws://") + f"/api/v1/ws?token={token}"
    nc = await nats.connect(stack.servers.nats_url)
    js = nc.jetstream()
    subject = event_subject(stack.prefix, "village.village.updated")
    lateness: list[float] = []
    total = 100 * seconds
    async with websockets.connect(url, max_queue=None) as ws:
        await ws.recv()
        await ws.send(json.dumps({"type": "subscribe_village", "village_id": village}))
        answer = json.loads(await ws.recv())
        if answer["type"] != "subscribed":
            raise RuntimeError(f"subscribe refused: {answer}")

        async def receive() -> None:
            while len(lateness) < total:
                frame = json.loads(await ws.recv())
                if frame["type"] == "village_update":
                    at = datetime.fromisoformat(frame["data"]["at"].replace("Z", "+00:00"))
                    lateness.append((time.time() - at.timestamp()) * 1000)

        reader = asyncio.create_task(receive())
        start = time.monotonic()
        for i in range(total):
            await asyncio.sleep(max(0.0, start + i / 100 - time.monotonic()))
            event = village_events_pb2.VillageUpdated(
                village_id=village, owner_id=user_id,
                building_complete=village_events_pb2.BuildingCompleted(
                    building_id=str(uuid.uuid4()), position=1, level=1,
                    building_type=common_pb2.BUILDING_TYPE_WOODCUTTER))
            event.at.FromDatetime(datetime.now(UTC))
            env = make_envelope("village.village.updated", event, key=village)
            await js.publish(subject, env.SerializeToString(), headers={"Nats-Msg-Id": env.id})
        await asyncio.wait_for(reader, 30)
    await nc.close()
    line("baseline: NATS->socket lateness at 100/s", f"p50 {statistics.median(lateness):.1f} ms",
         f"p99 {pct(lateness, 0.99):.1f} ms, {total} events published straight into NATS")


class PathTaps:
    """Where each completion was on its way, seen from NATS (core subscriptions also get
    what is published into the JetStream streams): the scheduler's firing (``fired_at`` of
    the village's ``settle`` wake-up), the handler writing the event (its envelope's
    ``occurred_at``: in the settle transaction) and the event reaching NATS (received
    here: the outbox relay published it after the commit)."""

    def __init__(self) -> None:
        self.fired: dict[str, float] = {}  # village -> first firing at or after its due
        self.written: dict[str, float] = {}  # village -> its main building event written
        self.relayed: dict[str, float] = {}  # village -> that event received from NATS
        self.due: dict[str, float] = {}

    async def start(self, stack: Stack) -> nats.NATS:
        from protos.events.v1 import events_pb2
        from services.runtime.timers import firings_of

        nc = await nats.connect(stack.servers.nats_url)

        async def on_timer(msg) -> None:  # noqa: ANN001
            for f in firings_of(events_pb2.Envelope.FromString(msg.data)):
                if f.kind == "settle":
                    vid = f.payload.decode()
                    fired = f.fired_at.ToMicroseconds() / 1e6
                    if vid in self.due and fired >= self.due[vid] - 1:
                        self.fired.setdefault(vid, fired)

        async def on_event(msg) -> None:  # noqa: ANN001
            received = time.time()
            env = events_pb2.Envelope.FromString(msg.data)
            event = village_events_pb2.VillageUpdated()
            env.payload.Unpack(event)
            if (event.WhichOneof("change") == "building_complete"
                    and event.building_complete.building_type
                    == common_pb2.BUILDING_TYPE_MAIN_BUILDING):
                self.written.setdefault(event.village_id, env.occurred_at.ToMicroseconds() / 1e6)
                self.relayed.setdefault(event.village_id, received)

        await nc.subscribe(f"{stack.prefix}.timers.village.>", cb=on_timer)
        await nc.subscribe(event_subject(stack.prefix, "village.village.updated"), cb=on_event)
        return nc

    def breakdown(self, pushed: dict[str, float]) -> str:
        """p50/p99 of each leg in ms, over the completions seen at every tap."""
        legs: dict[str, list[float]] = {"due->fired": [], "fired->written": [],
                                        "written->NATS": [], "NATS->socket": []}
        for vid, at in pushed.items():
            if vid in self.fired and vid in self.written and vid in self.relayed:
                points = (self.due[vid], self.fired[vid], self.written[vid], self.relayed[vid],
                          at)
                for leg, a, b in zip(legs, points, points[1:], strict=False):
                    legs[leg].append((b - a) * 1000)
        return "; ".join(f"{leg} p50 {statistics.median(v):.0f} p99 {pct(v, 0.99):.0f}"
                         for leg, v in legs.items() if v) or "no completion seen at every tap"


async def queue_completions(stack: Stack, ids: list[str], rate: int) -> dict[str, float]:
    """Main-building jobs written into the store as an upgrade would write them (the job
    row and its ``settle`` wake-up through the village's outbox, in one transaction), due
    ``rate`` per second from 3 s on: exactly ``rate`` completions per second, which
    upgrades through the gateway cannot start on this machine. village -> complete_at."""
    from services.runtime.events import Outbox
    from services.runtime.timers import request_timer

    first = math.ceil(time.time()) + 3
    due = {vid: first + i // rate for i, vid in enumerate(ids)}
    db = Database(stack.database_url.replace("postgresql://", "postgresql+asyncpg://", 1),
                  SCHEMA)
    outbox = Outbox(SCHEMA, stack.prefix)
    try:
        async with db.transaction() as conn:
            for vid, at in due.items():
                await conn.execute(sa.text(
                    f"WITH v AS (UPDATE {SCHEMA}.villages SET next_seq = next_seq + 1 "
                    "WHERE id = :v RETURNING next_seq - 1 AS seq) "
                    f"INSERT INTO {SCHEMA}.build_jobs (id, village_id, position, building_type, "
                    "level, start_at, due_at, seq, paid_wood, paid_clay, paid_iron, paid_crop) "
                    "SELECT gen_random_uuid(), :v, 26, 13, 2, now(), to_timestamp(:a), v.seq, "
                    "0, 0, 0, 0 FROM v"), {"v": vid, "a": at})
                await request_timer(conn, outbox, "settle", datetime.fromtimestamp(at, UTC),
                                    payload=vid.encode(), dedupe_key=f"settle:{vid}:{at}")
    finally:
        await db.close()
    return {vid: float(at) for vid, at in due.items()}


async def bench_completion_lateness(stack: Stack, client: httpx.AsyncClient, headers: dict,
                                   token: str, ids: list[str], *,
                                   queued: bool = False) -> None:
    """Real completions at ~LATENESS_RATE/s; lateness = push received minus complete_at,
    with where the time went (PathTaps). The jobs come from upgrades through the gateway,
    or with ``queued`` from ``queue_completions`` (exactly LATENESS_RATE per second)."""
    url = stack.gateway_url.replace("http://", "ws://") + f"/api/v1/ws?token={token}"
    taps = PathTaps()
    due = taps.due  # village -> its main building's complete_at
    lateness: list[float] = []
    pushed: dict[str, float] = {}
    tap_conn = await taps.start(stack)
    async with websockets.connect(url, max_queue=None) as ws:
        await ws.recv()
        for vid in ids:  # all subscribed before the first completion can fall due
            await ws.send(json.dumps({"type": "subscribe_village", "village_id": vid}))
            answer = json.loads(await ws.recv())
            while answer["type"] == "village_update":  # an earlier phase's completion
                answer = json.loads(await ws.recv())
            if answer["type"] != "subscribed":
                raise RuntimeError(f"subscribe refused: {answer}")

        async def receive() -> None:
            while len(lateness) < len(due) or not started.done():
                frame = json.loads(await ws.recv())
                data = frame.get("data", {})
                if (frame["type"] == "village_update" and data.get("event") ==
                        "building_complete" and data.get("building_type") == "main_building"):
                    now = time.time()
                    at = datetime.fromisoformat(data["at"].replace("Z", "+00:00")).timestamp()
                    lateness.append((now - at) * 1000)
                    pushed.setdefault(frame.get("village_id", ""), now)

        started: asyncio.Future = asyncio.get_running_loop().create_future()
        reader = asyncio.create_task(receive())

        async def upgrade(vid: str) -> None:
            resp = await client.post(f"/api/v1/villages/{vid}/buildings/main_building/upgrade",
                                     params={"position": 26}, headers=headers)
            resp.raise_for_status()
            due[vid] = datetime.fromisoformat(
                resp.json()["complete_at"].replace("Z", "+00:00")).timestamp()

        begin = time.monotonic()
        if queued:
            due.update(await queue_completions(stack, ids, LATENESS_RATE))
            issued = f"jobs queued in the store, {LATENESS_RATE} due per second"
        else:
            pending = []
            for i, vid in enumerate(ids):
                await asyncio.sleep(max(0.0, begin + i / LATENESS_RATE - time.monotonic()))
                pending.append(asyncio.create_task(upgrade(vid)))
            await asyncio.gather(*pending)
            issued = f"upgrades started at {len(ids) / (time.monotonic() - begin):.0f}/s"
        started.set_result(None)
        wait = max(due.values()) - time.time() + 30
        await asyncio.wait_for(reader, wait)
    await tap_conn.close()
    per_second: dict[int, int] = {}
    for t in due.values():
        per_second[int(t)] = per_second.get(int(t), 0) + 1
    line("lateness of real completions (timer->socket)",
         f"p50 {statistics.median(lateness):.1f} ms",
         f"p99 {pct(lateness, 0.99):.1f} ms (target <= 250 ms), {len(lateness)} completions, "
         f"{issued}, up to {max(per_second.values())} due in one second")
    line("  where it went (ms)", "", taps.breakdown(pushed))


async def reads_writes_rankings(stack: Stack, client: httpx.AsyncClient,
                                pg: asyncpg.Connection, headers: dict, user_id: str,
                                ids: list[str], requests: int) -> None:
    try:
        reads = (ids * (requests // len(ids) + 1))[:requests]
        await bench_reads(stack, client, pg, headers, user_id, reads)
    except Exception as err:  # noqa: BLE001 - report and go on
        not_measured("GET /villages/{id} vs GetVillage vs asyncpg", err)
    try:
        await bench_upgrades(client, headers, ids)
    except Exception as err:  # noqa: BLE001
        not_measured("upgrades per second", err)
    try:
        await bench_rankings(stack)
    except Exception as err:  # noqa: BLE001
        not_measured("ranking job duration", err)


async def run(stack: Stack, quick: bool, villages: int | None = None,
              requests: int | None = None, lateness_only: bool = False) -> None:
    villages = villages or (5_000 if quick else 100_000)
    requests = requests or (500 if quick else 5_000)
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=60,
                                 limits=httpx.Limits(max_connections=CONCURRENCY)) as client:
        name = f"bench{new_run_id()}"
        reg = await client.post("/api/v1/auth/register", json={
            "username": name, "email": f"{name}@example.com", "password": PASSWORD,
            "tribe": "romans"})
        reg.raise_for_status()
        user_id = reg.json()["id"]
        login = (await client.post("/api/v1/auth/login",
                                   json={"username": name, "password": PASSWORD})).json()
        headers = {"Authorization": f"Bearer {login['access_token']}"}
        capital = (await client.get("/api/v1/villages", headers=headers)).json()[0]["id"]
        print(f"{'figure':<46} {'value':>26}   baseline (same run)", flush=True)
        pg = await asyncpg.connect(stack.database_url)
        try:
            started = time.perf_counter()
            await seed(pg, capital, villages, OWNED)
            seeded = await pg.fetchval(f"SELECT count(*) FROM {SCHEMA}.villages")
            line("seeded villages (INSERT ... SELECT)", f"{seeded:,}",
                 f"in {time.perf_counter() - started:.1f} s")
            ids = [str(r["id"]) for r in await pg.fetch(
                f"SELECT id FROM {SCHEMA}.villages WHERE owner_id = $1::uuid AND NOT is_capital "
                "ORDER BY random()", user_id)]
            if not lateness_only:
                await reads_writes_rankings(stack, client, pg, headers, user_id, ids, requests)
            size = await pg.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
            line("database size", size, f"with {seeded:,} villages")
        finally:
            await pg.close()
        split = 100 if quick else 250  # villages of the gateway-upgrade phase; the rest queued
        for queued, chosen in ((False, ids[:split]), (True, ids[split:split + 300])):
            try:
                await bench_completion_lateness(stack, client, headers, login["access_token"],
                                                chosen, queued=queued)
            except Exception as err:  # noqa: BLE001
                not_measured("lateness of real completions", err)
        # the gateway-alone baseline: a second player with one village
        other = f"bench{new_run_id()}"
        reg2 = await client.post("/api/v1/auth/register", json={
            "username": other, "email": f"{other}@example.com", "password": PASSWORD,
            "tribe": "gauls"})
        token2 = (await client.post("/api/v1/auth/login", json={
            "username": other, "password": PASSWORD})).json()["access_token"]
        village2 = (await client.get("/api/v1/villages", headers={
            "Authorization": f"Bearer {token2}"})).json()[0]["id"]
        try:
            await bench_lateness(stack, token2, reg2.json()["id"], village2,
                                 3 if quick else 10)
        except Exception as err:  # noqa: BLE001
            not_measured("WebSocket lateness", err)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer villages and requests")
    parser.add_argument("--villages", type=int, help="villages to seed (default 100,000; "
                        "--quick 5,000)")
    parser.add_argument("--requests", type=int, help="reads per read figure (default 5,000; "
                        "--quick 500)")
    parser.add_argument("--lateness-only", action="store_true",
                        help="only the WebSocket lateness figures (and their baseline)")
    args = parser.parse_args()
    servers = Servers.start()
    stack = Stack(servers, new_run_id(), Path(tempfile.mkdtemp(prefix="palisade-bench-")),
                  extra_env={"RATE_LIMIT_MULTIPLIER": "1000000", "LOG_LEVEL": "WARNING",
                             "GAME_SPEED": os.environ.get("BENCH_GAME_SPEED", str(GAME_SPEED))})
    try:
        stack.start()
        asyncio.run(run(stack, args.quick, args.villages, args.requests, args.lateness_only))
    finally:
        stack.stop()
        servers.stop()


if __name__ == "__main__":
    main()
