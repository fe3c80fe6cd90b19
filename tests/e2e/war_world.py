"""Helpers of the war tests: players, the test-world knob, movements and reports.

The test-world knob (documented in services/village/README.md, "Test worlds"): the tests
write buildings, units and stock straight into a village's rows through the admin
database URL, as of the village's ``settled_at`` (a GAME_SPEED 1000 world still needs
hours of play for rams, catapults and senators). Everything after that goes through the
gateway.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from rules.travian.fields import SUBUNITS
from rules.travian.ids import BuildingType, UnitType
from services.runtime.config import sqlalchemy_url
from tests.stack import Stack

PASSWORD = "correct horse battery"


def register(client: httpx.Client, tribe: str) -> dict:
    name = f"w{uuid.uuid4().hex[:12]}"
    reg = client.post("/api/v1/auth/register", json={
        "username": name, "email": f"{name}@example.com", "password": PASSWORD,
        "tribe": tribe})
    assert reg.status_code == 201, reg.text
    login = client.post("/api/v1/auth/login", data={"username": name, "password": PASSWORD})
    assert login.status_code == 200, login.text
    token = login.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    villages = client.get("/api/v1/villages", headers=headers).json()
    return {"id": reg.json()["id"], "username": name, "token": token, "headers": headers,
            "village": villages[0]["id"], "x": villages[0]["x"], "y": villages[0]["y"]}


async def _db(stack: Stack, statements: list[tuple[str, dict]]) -> list[list]:
    engine = create_async_engine(sqlalchemy_url(stack.database_url))
    try:
        async with engine.begin() as conn:
            out = []
            for sql, params in statements:
                result = await conn.execute(sa.text(sql), params)
                out.append(list(result.all()) if result.returns_rows else [])
            return out
    finally:
        await engine.dispose()


def db(stack: Stack, sql: str, **params: object) -> list:
    return asyncio.run(_db(stack, [(sql, params)]))[0]


def give(stack: Stack, village_id: str, *, buildings: dict[int, tuple[BuildingType, int]]
         | None = None, units: dict[UnitType, int] | None = None,
         stock: int | None = None) -> None:
    """The test-world knob: set buildings (position -> type, level), units at home and the
    stock (whole resources of each kind) of a village, in one transaction."""
    statements: list[tuple[str, dict]] = [
        ("SELECT 1 FROM village.villages WHERE id = :v FOR NO KEY UPDATE", {"v": village_id})]
    for position, (btype, level) in (buildings or {}).items():
        statements.append((
            "INSERT INTO village.buildings (village_id, position, id, building_type, level) "
            "VALUES (:v, :p, :i, :b, :l) ON CONFLICT (village_id, position) DO UPDATE "
            "SET building_type = excluded.building_type, level = excluded.level",
            {"v": village_id, "p": position, "i": str(uuid.uuid4()), "b": int(btype),
             "l": level}))
    for unit, count in (units or {}).items():
        statements.append((
            "INSERT INTO village.units (village_id, unit, count) VALUES (:v, :u, :c) "
            "ON CONFLICT (village_id, unit) DO UPDATE SET count = excluded.count",
            {"v": village_id, "u": int(unit), "c": count}))
    if stock is not None:
        statements.append((
            "UPDATE village.villages SET stock_wood = :s, stock_clay = :s, stock_iron = :s, "
            "stock_crop = :s, settled_at = now() WHERE id = :v",
            {"v": village_id, "s": stock * SUBUNITS}))
    asyncio.run(_db(stack, statements))


def seconds(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def send(client: httpx.Client, player: dict, target: dict, mission: str,
         units: dict[str, int], **extra: object) -> dict:
    resp = client.post("/api/v1/combat/attack", headers=player["headers"], json={
        "from_village_id": extra.pop("from_village", player["village"]),
        "to": {"x": target["x"], "y": target["y"]}, "movement_type": mission,
        "units": units, **extra})
    assert resp.status_code == 201, resp.text
    return resp.json()


def wait_for(what, timeout: float = 30.0, every: float = 0.2):  # noqa: ANN001, ANN201
    """Poll ``what()`` until it is truthy (a deadline, never a timed assertion)."""
    deadline = time.time() + timeout
    while True:
        got = what()
        if got or time.time() > deadline:
            return got
        time.sleep(every)


def report_of(client: httpx.Client, player: dict, report_id: str) -> dict | None:
    resp = client.get(f"/api/v1/combat/reports/{report_id}", headers=player["headers"])
    return resp.json() if resp.status_code == 200 else None


def movement_report(stack: Stack, movement_id: str) -> str | None:
    rows = db(stack, "SELECT report_id FROM village.movements WHERE id = :m", m=movement_id)
    return str(rows[0][0]) if rows and rows[0][0] else None


def wait_report(client: httpx.Client, stack: Stack, player: dict, movement_id: str) -> dict:
    """The report of the battle of ``movement_id`` (its id is the movement's), once the
    village has applied the battle (combat stores the report just before the village's
    transaction commits)."""
    assert wait_for(lambda: movement_report(stack, movement_id) == movement_id)
    report = wait_for(lambda: report_of(client, player, movement_id))
    assert report is not None, f"no report for {movement_id}"
    return report


def movements(client: httpx.Client, player: dict, village_id: str) -> dict:
    resp = client.get("/api/v1/combat/movements", params={"village_id": village_id},
                      headers=player["headers"])
    assert resp.status_code == 200, resp.text
    return resp.json()


def village(client: httpx.Client, player: dict, village_id: str | None = None) -> dict:
    resp = client.get(f"/api/v1/villages/{village_id or player['village']}",
                      headers=player["headers"])
    assert resp.status_code == 200, resp.text
    return resp.json()


def now_utc() -> datetime:
    return datetime.now(UTC)


# ---- bursts of arrivals (the conservation test and bench/bench_arrivals.py) ------------------

def total_units(stack: Stack) -> dict[str, int]:
    """Every unit of every player: at home, on the way, stationed, and dead in a report."""
    from protos.combat.v1 import combat_pb2

    out: dict[str, int] = {}

    def add(owner: str, n: int) -> None:
        out[owner] = out.get(owner, 0) + n

    for owner, count in db(stack, "SELECT v.owner_id, u.count FROM village.units u "
                                  "JOIN village.villages v ON v.id = u.village_id"):
        add(str(owner), count)
    for owner, units in db(stack, "SELECT owner_id, units FROM village.movements "
                                  "WHERE state IN ('moving', 'stationed')"):
        add(str(owner), sum(units.values()))
    for (body,) in db(stack, "SELECT body FROM combat.reports"):
        report = combat_pb2.Report.FromString(body)
        for side in (report.attacker, *report.defenders):
            add(side.owner_id, sum(u.count for u in side.lost))
    return out


async def _burst(stack: Stack, plan: list[tuple], home: dict[tuple[str, int], int]) -> None:
    """Insert movements (id, owner, origin, destination, mission, count of unit 1 or 11,
    arrival epoch s), take their units from home, and ask for each arrival's wake-up, in
    one transaction: as if they had been sent over the gateway."""
    from services.runtime.events import Outbox
    from services.runtime.timers import request_timer

    engine = create_async_engine(sqlalchemy_url(stack.database_url))
    outbox = Outbox("village", stack.prefix)
    try:
        async with engine.begin() as conn:
            for (village_id, unit), taken in home.items():
                await conn.execute(sa.text(
                    "UPDATE village.units SET count = count - :n WHERE village_id = :v "
                    "AND unit = :u"), {"n": taken, "v": village_id, "u": unit})
            woken: set[tuple[str, int]] = set()
            for mid, owner, origin, dest, mission, count, unit, tribe, at in plan:
                await conn.execute(sa.text(
                    "INSERT INTO village.movements (id, owner_id, mission, state, origin_id, "
                    "destination_id, tribe, units, sent_at, arrives_at) VALUES (:i, :o, :m, "
                    "'moving', :f, :d, :t, CAST(:u AS jsonb), now(), to_timestamp(:a))"),
                    {"i": mid, "o": owner, "m": mission, "f": origin, "d": dest, "t": tribe,
                     "u": f'{{"{unit}": {count}}}', "a": at})
                if (dest, at) not in woken:
                    woken.add((dest, at))
                    await request_timer(conn, outbox, "settle",
                                        datetime.fromtimestamp(at, UTC),
                                        payload=dest.encode(), dedupe_key=f"settle:{dest}:{at}")
    finally:
        await engine.dispose()


def burst(stack: Stack, attackers: list[dict], defenders: list[dict], n: int, start: int,
          spread_s: int, seed: int = 7) -> list[str]:
    """``n`` movements from the attackers' capitals (legionnaires) at the defenders'
    (60% raids, 20% attacks, 20% reinforcements of the defenders' own clubswingers),
    due over ``spread_s`` seconds from ``start``; returns their ids."""
    import random

    rng = random.Random(seed)
    plan, home, out = [], {}, []
    for i in range(n):
        kind = rng.random()
        if kind < 0.8:
            src, dst = rng.choice(attackers), rng.choice(defenders)
            mission, unit, tribe = ("raid" if kind < 0.6 else "attack"), 1, 1
        else:
            src, dst = rng.sample(defenders, 2) if len(defenders) > 1 else (defenders[0],
                                                                            attackers[0])
            mission, unit, tribe = "reinforce", 11, 2
        count = rng.randint(1, 5)
        mid = str(uuid.uuid4())
        plan.append((mid, src["id"], src["village"], dst["village"], mission, count, unit,
                     tribe, start + (i * spread_s) // max(n, 1)))
        home[(src["village"], unit)] = home.get((src["village"], unit), 0) + count
        out.append(mid)
    asyncio.run(_burst(stack, plan, home))
    return out
