"""The hero through the gateway at GAME_SPEED 1000: hiring from a hero's mansion, an
adventure whose result takes effect at the arrival and whose loot reaches home at the
return, points, battle experience (the function the battle code calls, run on the stack's
database), death and revival paid from the home village, the adventure job."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from rules.travian import hero as rules
from rules.travian.fields import SUBUNITS
from rules.travian.ids import Tribe
from services.runtime.config import sqlalchemy_url
from services.runtime.events import Outbox
from services.village import usecases_hero
from services.village.usecases import Config, Unit
from tests.e2e.test_merchants import db, new_player, seconds, set_up
from tests.stack import Stack

R = SUBUNITS
HERO_MANSION = 27
SPEED = 1000
CONFIG = Config(world_seed=0, speed=SPEED)


@pytest.fixture
def client(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def in_service(stack: Stack, work):  # noqa: ANN001, ANN201
    """Run a village use case on the stack's database in one transaction."""
    async def run():  # noqa: ANN202
        engine = create_async_engine(sqlalchemy_url(stack.database_url))
        try:
            async with engine.begin() as conn:
                return await work(Unit(conn, Outbox("village", stack.prefix), CONFIG))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def production(client: httpx.Client, player: dict) -> dict:
    resp = client.get(f"/api/v1/villages/{player['village']}/production",
                      headers=player["headers"])
    assert resp.status_code == 200, resp.text
    return resp.json()


def wait_until(instant: int) -> None:
    while time.time() < instant + 0.3:
        time.sleep(0.1)


def test_hero_hiring_adventure_points_death_and_revival(client: httpx.Client,
                                                         fast_stack: Stack) -> None:
    p = new_player(client, "romans")
    h = p["headers"]
    assert client.get("/api/v1/hero", headers=h).status_code == 404
    refused = client.post("/api/v1/hero", headers=h, json={"village_id": p["village"]})
    assert refused.status_code == 400 and refused.json()["code"] == "BUILDING_REQUIRED"
    set_up(fast_stack, p["village"], buildings={20: (HERO_MANSION, 1)}, stock=100)
    before = production(client, p)
    hired = client.post("/api/v1/hero", headers=h, json={"village_id": p["village"]})
    assert hired.status_code == 201, hired.text
    hero = hired.json()
    # From its hiring on the hero yields 3 of each per resources point (4 at the start)
    # and 6 crop per hour, times the world speed, for its home village.
    assert hero["output"] == {"wood": 12 * SPEED, "clay": 12 * SPEED, "iron": 12 * SPEED,
                              "crop": 18 * SPEED}
    assert production(client, p) == {k: v + (18 if k == "crop_production" else 12) * SPEED
                                     if k.endswith("_production") else v
                                     for k, v in before.items()} | {
        "net_crop": before["net_crop"] + 18 * SPEED}
    assert (hero["level"], hero["experience"], hero["health"], hero["status"]) == (
        0, 0, 100, "home")
    assert hero["points"]["resources"] == 4 and hero["free_points"] == 0
    assert hero["fighting_strength"] == 100 and hero["experience_next_level"] == 50
    again = client.post("/api/v1/hero", headers=h, json={"village_id": p["village"]})
    assert again.status_code == 409

    offers = client.get("/api/v1/hero/adventures", headers=h).json()
    assert len(offers) == 3 and {a["state"] for a in offers} == {"offered"}
    sent = client.post(f"/api/v1/hero/adventures/{offers[0]['id']}/start", headers=h)
    assert sent.status_code == 200, sent.text
    trip = sent.json()
    assert trip["state"] == "going" and trip["result"] is None
    arrives, returns = seconds(trip["arrives_at"]), seconds(trip["returns_at"])
    owner, home = uuid.UUID(p["id"]), uuid.UUID(p["village"])
    away = in_service(fast_stack, lambda u: usecases_hero.battle_hero(
        u.conn, CONFIG, owner, home, arrives - 1))
    assert away is None  # on its way: it does not defend the village
    busy = client.post(f"/api/v1/hero/adventures/{offers[1]['id']}/start", headers=h)
    if time.time() < returns - 0.5:
        assert busy.status_code == 400 and busy.json()["code"] == "HERO_UNAVAILABLE"
    twice = client.post(f"/api/v1/hero/adventures/{offers[0]['id']}/start", headers=h)
    assert twice.status_code == 409

    wait_until(arrives)
    done = next(a for a in client.get("/api/v1/hero/adventures", headers=h).json()
                if a["id"] == offers[0]["id"])
    result = done["result"]
    assert result is not None and not result["died"]
    hero = client.get("/api/v1/hero", headers=h).json()
    assert hero["experience"] == result["experience"]
    # health: 100 - loss at the arrival, then 10 points/day x 1000 (exact sub-units)
    regen = (seconds(hero["at"]) - arrives) * SPEED * rules.REGEN_PER_DAY * rules.HEALTH_SUBUNITS
    expected = min(100 * rules.HEALTH_SUBUNITS,
                   (100 - result["health_loss"]) * rules.HEALTH_SUBUNITS + regen // 86400)
    assert hero["health"] == expected // rules.HEALTH_SUBUNITS
    # the outcome is stored once (the hero timer or this read-free check): applied_at set
    wait_until(returns)
    row = db(fast_stack, "SELECT applied_at FROM village.adventures WHERE id = :i",
             i=offers[0]["id"])[0]
    assert row.applied_at is not None and int(row.applied_at.timestamp()) == arrives
    loot = result["resources"]
    if sum(loot.values()):
        deadline = time.time() + 20
        while time.time() < deadline:
            got = db(fast_stack, "SELECT delivered_at, wood FROM village.deliveries "
                                 "WHERE id = :i", i=offers[0]["id"])[0]
            if got.delivered_at is not None:
                break
            time.sleep(0.2)
        assert int(got.delivered_at.timestamp()) == returns and got.wood == loot["wood"]
    assert client.get("/api/v1/hero", headers=h).json()["status"] == "home"

    # Points: none free at level 0; battle XP (the battle code's call) levels it up.
    no = client.post("/api/v1/hero/points", headers=h, json={"strength": 1})
    assert no.status_code == 400 and no.json()["code"] == "NOT_ENOUGH_POINTS"
    now = int(time.time())
    state = in_service(fast_stack, lambda u: usecases_hero.apply_battle_experience(
        u, owner, now, health_after=60, xp=50))
    assert state.level == 1 and state.health == 100 * rules.HEALTH_SUBUNITS  # level-up heals
    before = production(client, p)
    assigned = client.post("/api/v1/hero/points", headers=h,
                           json={"strength": 2, "resources": 2})
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["fighting_strength"] == 100 + 100 * 2
    assert assigned.json()["free_points"] == 0
    assert assigned.json()["output"]["wood"] == 3 * 6 * SPEED  # 6 resources points now
    assert production(client, p)["wood_production"] == before["wood_production"] + 6 * SPEED
    fighter = in_service(fast_stack, lambda u: usecases_hero.battle_hero(
        u.conn, CONFIG, owner, home, int(time.time())))
    assert (fighter.strength_points, fighter.health) == (2, 100)

    # A battle that costs 90 points kills; the revival is paid from home and takes time.
    dead = in_service(fast_stack, lambda u: usecases_hero.apply_battle_experience(
        u, owner, int(time.time()), health_after=5, xp=3))
    assert not dead.alive and dead.xp == result["experience"] + 53
    assert client.get("/api/v1/hero", headers=h).json()["status"] == "dead"
    cost, secs = rules.revival(dead, SPEED)
    set_up(fast_stack, p["village"], buildings={}, stock=800)
    revived = client.post("/api/v1/hero/revive", headers=h)
    assert revived.status_code == 200, revived.text
    hero = revived.json()
    assert hero["status"] == "reviving"
    at = seconds(hero["revive_at"]) - secs
    village = db(fast_stack, "SELECT stock_wood, stock_iron, settled_at FROM village.villages "
                             "WHERE id = :v", v=p["village"])[0]
    assert int(village.settled_at.timestamp()) == at
    assert (village.stock_wood, village.stock_iron) == ((800 - cost.wood) * R,
                                                        (800 - cost.iron) * R)
    twice = client.post("/api/v1/hero/revive", headers=h)
    assert twice.status_code == 400 and twice.json()["code"] == "HERO_UNAVAILABLE"
    wait_until(seconds(hero["revive_at"]))
    back = client.get("/api/v1/hero", headers=h).json()
    assert back["status"] == "home" and back["health"] == 100


def test_the_adventure_job_tops_offers_up_to_three(client: httpx.Client,
                                                   fast_stack: Stack) -> None:
    p = new_player(client, "gauls")
    set_up(fast_stack, p["village"], buildings={20: (HERO_MANSION, 1)}, stock=100)
    assert client.post("/api/v1/hero", headers=p["headers"],
                       json={"village_id": p["village"]}).status_code == 201
    first = client.get("/api/v1/hero/adventures", headers=p["headers"]).json()[0]
    assert client.post(f"/api/v1/hero/adventures/{first['id']}/start",
                       headers=p["headers"]).status_code == 200

    def open_offers() -> int:
        return sum(1 for a in client.get("/api/v1/hero/adventures",
                                         headers=p["headers"]).json()
                   if a["state"] == "offered")

    assert open_offers() == 2
    in_service(fast_stack, lambda u: usecases_hero.offer_adventures(u.conn, CONFIG,
                                                                    int(time.time())))
    assert open_offers() == 3
    in_service(fast_stack, lambda u: usecases_hero.offer_adventures(u.conn, CONFIG,
                                                                    int(time.time())))
    assert open_offers() == 3
    assert rules.new_hero(Tribe.GAULS, 0).points["resources"] == 4
