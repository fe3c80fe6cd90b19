"""A load generator that plays a whole world through the gateway, on a local stack it starts.

    .venv/bin/python bench/world.py [--players 100] [--seconds 60] [--speed 100]
                                    [--think 10] [--ws-share 0.5] [--register-concurrency 8]

Starts its own stack (tests/stack.py: every service, the gateway, a fresh database and
NATS prefix; DATABASE_URL / NATS_URL when set, embedded servers otherwise) at
``GAME_SPEED=--speed`` with the rate limits raised (all players share one address), then:

1. registers and logs in ``--players`` players (argon2id: reported apart, not in the run);
2. for ``--seconds``, each player repeats a weighted journey and then thinks for an
   exponential time of mean ``--think`` seconds; ``--ws-share`` of the players hold a
   WebSocket subscribed to their village the whole time;
3. stops by itself and prints requests/s and p50/p99 per route with the answers by status
   (404s of routes the stack does not serve yet are counted, not fatal), timers fired per
   second and their due -> published lateness, WebSocket lateness (push received - the
   event's ``at``), the CPU of each process of the stack (and of this generator and of
   the database's backends), and the database's growth.

Journeys (weight): read villages (30: the list, then one village), read the map around
the village (10), upgrade a building (25: read the village, then the next building
towards raiding, rally point, main building 3, barracks, else a resource field; no
click while the queue is busy),
train troops (10: the tribe's first unit), raid a neighbour (10: ``POST /combat/attack``,
``movement_type`` raid, to a village found on the map), read reports (10: ``GET
/combat/reports``), log in again (5). Beginner's protection is off unless
``--protection-hours`` is given (the reference's at speed 100 outlasts a run).
HTTP goes through ``bench/rawhttp.py`` (one connection per request in flight, as browsers
would; httpx's pool made the generator the bottleneck).
No assertions: it prints figures. Only ever targets the stack it started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import asyncpg
import psutil
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rawhttp import Answer, RawHTTP  # noqa: E402
from tests.stack import Servers, Stack, new_run_id  # noqa: E402

PASSWORD = "correct horse battery"
TRIBES = ("romans", "teutons", "gauls")
FIRST_UNIT = {"romans": "legionnaire", "teutons": "clubswinger", "gauls": "phalanx"}
# (building, position, level) a player builds towards first: a raid needs a rally point,
# training a barracks, which needs the main building at 3
RAID_PATH = (("rally_point", 39, 1), ("main_building", 26, 3), ("barracks", 19, 1))
WEIGHTS = {"read_villages": 30, "read_map": 10, "upgrade": 25, "train": 10, "raid": 10,
           "reports": 10, "login": 5}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


@dataclass
class Stats:
    """Per route: latencies (s) and answers by status; WebSocket lateness (s)."""

    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    status: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    ws_lateness: list[float] = field(default_factory=list)
    ws_frames: Counter = field(default_factory=Counter)
    journeys: Counter = field(default_factory=Counter)


@dataclass
class Player:
    name: str
    tribe: str
    token: str = ""
    village_id: str = ""
    x: int = 0
    y: int = 0
    buildings: list[dict] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class World:
    """The players' journeys against one gateway."""

    def __init__(self, client: RawHTTP, stats: Stats, rng: random.Random) -> None:
        self.client = client
        self.stats = stats
        self.rng = rng
        self.recording = False

    async def call(self, route: str, method: str, url: str, params: dict | None = None,
                   json: object = None, headers: dict[str, str] | None = None
                   ) -> Answer | None:
        """One request, timed and counted under ``route`` (a template, not the URL)."""
        started = time.perf_counter()
        try:
            resp = await self.client.request(method, url, params=params, json_body=json,
                                             headers=headers)
            status = str(resp.status_code)
            if 400 <= resp.status_code < 500:  # the game's answer: say which
                try:
                    status += f" {resp.json().get('code', '')}".rstrip()
                except (ValueError, AttributeError):
                    pass
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as err:
            resp, status = None, type(err).__name__
        if self.recording:
            self.stats.latency[route].append(time.perf_counter() - started)
            self.stats.status[route][status] += 1
        return resp

    async def register(self, p: Player) -> None:
        """Register (again after a 5xx or a timeout: a 409 then means the first one went
        through), log in, find the capital."""
        for _ in range(3):
            resp = await self.call("POST /auth/register", "POST", "/api/v1/auth/register",
                                   json={"username": p.name, "email": f"{p.name}@example.com",
                                         "password": PASSWORD, "tribe": p.tribe})
            if resp is not None and resp.status_code < 500:
                break
        await self.login(p)
        if not p.token:
            return
        resp = await self.call("GET /villages", "GET", "/api/v1/villages", headers=p.headers)
        if resp is not None and resp.status_code == 200 and resp.json():
            v = resp.json()[0]
            p.village_id, p.x, p.y = v["id"], v["x"], v["y"]

    async def login(self, p: Player) -> None:
        resp = await self.call("POST /auth/login", "POST", "/api/v1/auth/login",
                               json={"username": p.name, "password": PASSWORD})
        if resp is not None and resp.status_code == 200:
            p.token = resp.json()["access_token"]

    async def read_village(self, p: Player) -> None:
        resp = await self.call("GET /villages/{id}", "GET", f"/api/v1/villages/{p.village_id}",
                               headers=p.headers)
        if resp is not None and resp.status_code == 200:
            p.buildings = resp.json()["buildings"]

    def next_build(self, p: Player) -> tuple[str, int] | None:
        """What the player clicks, as the village shows it: the next building towards raiding
        (rally point, main building 3, barracks) while one is missing, else a random
        resource field; nothing while the queue is busy (Romans: a field and an inner
        building at once, the others one construction)."""
        inner = {b["position"]: b for b in p.buildings if b["position"] > 18}
        fields = [b for b in p.buildings if 1 <= b["position"] <= 18]
        inner_busy = any(b.get("is_upgrading") for b in inner.values())
        field_busy = any(b.get("is_upgrading") for b in fields)
        if p.tribe != "romans":
            inner_busy = field_busy = inner_busy or field_busy
        if not inner_busy:
            for btype, position, level in RAID_PATH:
                b = inner.get(position)
                if b is None or b["level"] < level:
                    return btype, position
        if field_busy or not fields:
            return None
        b = self.rng.choice(fields)
        return b["building_type"], b["position"]

    async def journey(self, p: Player, kind: str) -> None:
        h = p.headers
        if kind == "read_villages":
            await self.call("GET /villages", "GET", "/api/v1/villages", headers=h)
            await self.read_village(p)
        elif kind == "read_map":
            await self.call("GET /map", "GET", "/api/v1/map",
                            params={"x": p.x, "y": p.y, "radius": 3}, headers=h)
        elif kind == "upgrade":
            await self.read_village(p)  # a player looks at the village, then clicks
            choice = self.next_build(p)
            if choice is None:
                self.stats.journeys["upgrade: queue busy, no click"] += 1
                return
            btype, position = choice
            await self.call("POST /villages/{id}/buildings/{type}/upgrade", "POST",
                            f"/api/v1/villages/{p.village_id}/buildings/{btype}/upgrade",
                            params={"position": position}, headers=h)
        elif kind == "train":
            await self.call("POST /villages/{id}/troops/train", "POST",
                            f"/api/v1/villages/{p.village_id}/troops/train",
                            json={"unit": FIRST_UNIT[p.tribe], "count": 1}, headers=h)
        elif kind == "raid":
            resp = await self.call("GET /map", "GET", "/api/v1/map",
                                   params={"x": p.x, "y": p.y, "radius": 5}, headers=h)
            targets = [s for s in (resp.json()["squares"] if resp is not None
                                   and resp.status_code == 200 else [])
                       if s.get("village") and s["village"]["id"] != p.village_id]
            to = self.rng.choice(targets) if targets else {"x": p.x + 1, "y": p.y}
            await self.call("POST /combat/attack", "POST", "/api/v1/combat/attack", json={
                "from_village_id": p.village_id, "to": {"x": to["x"], "y": to["y"]},
                "movement_type": "raid", "units": {FIRST_UNIT[p.tribe]: 1}}, headers=h)
        elif kind == "reports":
            await self.call("GET /combat/reports", "GET", "/api/v1/combat/reports",
                            params={"page": 1, "pageSize": 20}, headers=h)
        elif kind == "login":
            await self.login(p)

    async def play(self, p: Player, until: float, think: float) -> None:
        kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
        await asyncio.sleep(self.rng.uniform(0, think))  # players do not start in step
        while time.monotonic() < until:
            kind = self.rng.choices(kinds, weights)[0]
            self.stats.journeys[kind] += 1
            await self.journey(p, kind)
            await asyncio.sleep(min(self.rng.expovariate(1 / think),
                                    max(0.0, until - time.monotonic())))

    async def hold_websocket(self, base_url: str, p: Player, stop: asyncio.Event) -> None:
        """Subscribed to the player's village; lateness = received - the event's ``at``."""
        url = base_url.replace("http://", "ws://") + f"/api/v1/ws?token={p.token}"
        try:
            # No client keepalive pings: with hundreds of sockets on one busy event loop
            # their pongs came late and the client closed its own sockets (1011); the
            # gateway's pings are still answered.
            async with websockets.connect(url, open_timeout=30, ping_interval=None) as ws:
                await ws.send(json.dumps({"type": "subscribe_village",
                                          "village_id": p.village_id}))
                while not stop.is_set():
                    try:
                        raw = await asyncio.wait_for(ws.recv(), 1.0)
                    except TimeoutError:
                        continue
                    frame = json.loads(raw)
                    self.stats.ws_frames[frame.get("type", "?")] += 1
                    at = frame.get("data", {}).get("at") if frame.get("type") == \
                        "village_update" else None
                    if at and self.recording:
                        self.stats.ws_lateness.append(
                            time.time() - datetime.fromisoformat(at).timestamp())
        except (OSError, websockets.WebSocketException) as err:
            code = getattr(getattr(err, "rcvd", None), "code", None) or getattr(
                getattr(err, "sent", None), "code", "")
            self.stats.ws_frames[f"closed: {type(err).__name__} {code}".strip()] += 1


def cpu_of(procs: dict[str, psutil.Process]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, proc in procs.items():
        try:
            t = proc.cpu_times()
            out[name] = t.user + t.system
        except psutil.Error:  # a backend that ended during the run: left out
            pass
    return out


async def database_figures(pg: asyncpg.Connection) -> dict[str, int]:
    """Bytes of the whole database and of each service schema."""
    rows = await pg.fetch(
        "SELECT n.nspname AS schema, sum(pg_total_relation_size(c.oid))::bigint AS bytes "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'm') AND n.nspname IN "
        "('auth', 'village', 'combat', 'tactics', 'scheduler') GROUP BY 1")
    out = {r["schema"]: r["bytes"] for r in rows}
    out["database"] = await pg.fetchval("SELECT pg_database_size(current_database())")
    return out


async def backend_pids(pg: asyncpg.Connection) -> dict[str, psutil.Process]:
    """This database's server processes (the services' pooled connections)."""
    out = {}
    for r in await pg.fetch("SELECT pid FROM pg_stat_activity WHERE datname = "
                            "current_database() AND pid <> pg_backend_pid()"):
        try:
            out[str(r["pid"])] = psutil.Process(r["pid"])
        except psutil.Error:
            pass
    return out


async def run(stack: Stack, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    stats = Stats()
    players = [Player(f"w{stack.run_id[:6]}_{i}", TRIBES[i % 3]) for i in range(args.players)]
    pg = await asyncpg.connect(stack.database_url)
    client = RawHTTP(stack.gateway_url, max_connections=args.connections or None)
    try:
        setup = Stats()
        world = World(client, setup, rng)
        world.recording = True
        started = time.monotonic()
        gate = asyncio.Semaphore(args.register_concurrency)

        async def register(p: Player) -> None:
            async with gate:
                await world.register(p)

        await asyncio.gather(*(register(p) for p in players))
        ready = [p for p in players if p.token and p.village_id]
        print(f"registered and logged in {len(ready)} of {len(players)} players in "
              f"{time.monotonic() - started:.1f} s (argon2id; not part of the run): " + "; ".join(
                  f"{route} " + " ".join(f"{s}:{n}" for s, n in sorted(c.items()))
                  for route, c in sorted(setup.status.items())), flush=True)
        world.stats, world.recording = stats, False

        procs = {p.name: psutil.Process(p.popen.pid) for p in stack.plan.procs if p.alive()}
        procs["load generator (this process)"] = psutil.Process()
        db_procs = await backend_pids(pg)
        size0 = await database_figures(pg)
        cpu0, db_cpu0 = cpu_of(procs), cpu_of(db_procs)
        t0_wall = await pg.fetchval("SELECT now()")
        stop = asyncio.Event()
        world.recording = True
        begun = time.monotonic()
        until = begun + args.seconds
        holders = ready[:int(len(ready) * args.ws_share)]
        sockets = [asyncio.create_task(world.hold_websocket(stack.gateway_url, p, stop))
                   for p in holders]
        await asyncio.gather(*(world.play(p, until, args.think) for p in ready))
        elapsed = time.monotonic() - begun
        world.recording = False
        stop.set()
        await asyncio.gather(*sockets, return_exceptions=True)
        cpu1, db_cpu1 = cpu_of(procs), cpu_of(db_procs)
        size1 = await database_figures(pg)
        timers = await pg.fetchrow(
            "SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY "
            "EXTRACT(EPOCH FROM fired_at - due_at)) AS p50, percentile_cont(0.99) WITHIN "
            "GROUP (ORDER BY EXTRACT(EPOCH FROM fired_at - due_at)) AS p99 "
            "FROM scheduler.timers WHERE fired_at >= $1", t0_wall)
        pending = await pg.fetchval(
            "SELECT count(*) FROM scheduler.timers WHERE state IN ('pending', 'claimed') "
            "AND due_at < now()")
    finally:
        await client.close()
    await pg.close()
    report(args, stats, elapsed, len(ready), len(holders), timers, pending,
           {k: cpu1[k] - cpu0[k] for k in cpu0 if k in cpu1},
           sum(db_cpu1[k] - db_cpu0[k] for k in db_cpu0 if k in db_cpu1),
           len(set(db_cpu0) & set(db_cpu1)), size0, size1)


def report(args: argparse.Namespace, stats: Stats, elapsed: float, players: int,
           sockets: int, timers: asyncpg.Record, pending: int, cpu: dict[str, float],
           db_cpu: float, db_backends: int, size0: dict, size1: dict) -> None:
    total = sum(len(v) for v in stats.latency.values())
    print(f"\n{players} players for {elapsed:.0f} s at GAME_SPEED {args.speed}, think "
          f"{args.think:.0f} s, {sockets} WebSockets, replicas {args.replicas or 'one each'}; "
          "load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"requests: {total} ({total / elapsed:.1f}/s); journeys: "
          + ", ".join(f"{k} {v}" for k, v in stats.journeys.most_common()))
    print(f"{'route':<48} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}  answers")
    for route in sorted(stats.latency):
        lat = stats.latency[route]
        answers = " ".join(f"{s}:{n}" for s, n in sorted(stats.status[route].items()))
        print(f"{route:<48} {len(lat) / elapsed:>7.2f} {pct(lat, 0.5) * 1000:>8.1f} "
              f"{pct(lat, 0.99) * 1000:>8.1f}  {answers}")
    late = stats.ws_lateness
    print(f"timers fired: {timers['n']} ({timers['n'] / elapsed:.1f}/s), due -> published "
          f"p50 {(timers['p50'] or 0) * 1000:.1f} ms, p99 {(timers['p99'] or 0) * 1000:.1f} ms; "
          f"overdue and not fired at the end: {pending}")
    if late:
        print(f"WebSocket pushes: {len(late)}, lateness (received - event at) p50 "
              f"{statistics.median(late) * 1000:.0f} ms, p99 {pct(late, 0.99) * 1000:.0f} ms "
              "(the event's at is whole seconds)")
    else:
        print("WebSocket pushes: none received")
    print("WebSocket frames: " + ", ".join(f"{k} {v}" for k, v in stats.ws_frames.most_common()))
    print("CPU (% of one core over the run):")
    for name, secs in sorted(cpu.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<36} {secs / elapsed * 100:>6.1f} %")
    print(f"  {'postgres (' + str(db_backends) + ' backends of this db)':<36} "
          f"{db_cpu / elapsed * 100:>6.1f} %")
    print("database growth: " + ", ".join(
        f"{k} {(size1.get(k, 0) - size0.get(k, 0)) / 1e6:+.2f} MB"
        for k in ("database", "village", "scheduler", "auth", "combat")))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--players", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--speed", type=int, default=100, help="GAME_SPEED of the stack")
    parser.add_argument("--think", type=float, default=10.0,
                        help="mean seconds a player waits between journeys")
    parser.add_argument("--ws-share", type=float, default=0.5,
                        help="share of the players holding a WebSocket")
    parser.add_argument("--register-concurrency", type=int, default=8)
    parser.add_argument("--connections", type=int, default=0,
                        help="most HTTP connections to the gateway, shared by the players "
                             "(0: as many as requests in flight, as browsers would)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--replicas", default="",
                        help="replicas per service, e.g. village=2 (default: one of each)")
    parser.add_argument("--log-level", default="WARNING",
                        help="LOG_LEVEL of the stack (INFO logs every RPC with its ms)")
    parser.add_argument("--protection-hours", type=float, default=0.0,
                        help="BEGINNER_PROTECTION_HOURS of the stack (0: players can raid "
                             "from the start; the reference's 72 h at speed 100 outlast a run)")
    args = parser.parse_args()
    servers = Servers.start()
    replicas = {name: int(n) for name, _, n in
                (part.partition("=") for part in args.replicas.split(",") if part)}
    stack = Stack(servers, new_run_id(), Path(tempfile.mkdtemp(prefix="palisade-world-")),
                  replicas=replicas,
                  extra_env={"GAME_SPEED": str(args.speed), "RATE_LIMIT_MULTIPLIER": "1000000",
                             "BEGINNER_PROTECTION_HOURS": str(args.protection_hours),
                             "LOG_LEVEL": args.log_level})
    try:
        stack.start()
        print(f"stack up (logs in {stack.log_dir})", flush=True)
        asyncio.run(run(stack, args))
    finally:
        stack.stop()
        servers.stop()


if __name__ == "__main__":
    main()
