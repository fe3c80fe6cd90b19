"""What a conquest does to the village's other state, at GAME_SPEED 1000: its build and
training queues are cancelled, and the former owner's hero that lived there (dead in the
battle) moves to its owner's capital. Long queues cannot be played at a speed where the
war test builds up in minutes, so the armies and the queued jobs are put in place with the
test-world knob (tests/e2e/war_world.py); the attacks go through the gateway."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from rules.travian import world
from rules.travian.ids import BuildingType as B
from rules.travian.ids import UnitType as U
from tests.e2e.war_world import db, give, register, send, village, wait_for, wait_report
from tests.stack import Stack


@pytest.fixture
def client(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def test_a_conquest_cancels_the_village_queues_and_moves_the_dead_hero(
        client: httpx.Client, fast_stack: Stack) -> None:
    a = register(client, "romans")
    d = register(client, "teutons")
    give(fast_stack, a["village"], buildings={39: (B.RALLY_POINT, 10), 25: (B.RESIDENCE, 10)},
         units={U.LEGIONNAIRE: 400, U.SENATOR: 8}, stock=0)
    d2 = found_second_village(client, fast_stack, d)
    give(fast_stack, d2["id"], buildings={20: (B.HERO_MANSION, 1)})
    hired = client.post("/api/v1/hero", headers=d["headers"], json={"village_id": d2["id"]})
    assert hired.status_code == 201, hired.text
    queue_far_ahead(fast_stack, d2["id"])
    target = {"x": d2["x"], "y": d2["y"]}
    for _ in range(4):
        sent = send(client, a, target, "attack", {"1": 100, "9": 2})
        report = wait_report(client, fast_stack, a, sent["id"])
        if report["conquered"]:
            break
    assert report["conquered"] and report["loyalty_after"] == 0
    assert d2["id"] in {v["id"] for v in client.get("/api/v1/villages",
                                                     headers=a["headers"]).json()}
    assert db(fast_stack, "SELECT (SELECT count(*) FROM village.build_jobs WHERE village_id = "
                          ":v) + (SELECT count(*) FROM village.training_jobs WHERE "
                          "village_id = :v)", v=d2["id"])[0][0] == 0
    d_hero = client.get("/api/v1/hero", headers=d["headers"]).json()
    assert (d_hero["status"], d_hero["home_village_id"]) == ("dead", d["village"])


def queue_far_ahead(stack: Stack, village_id: str) -> None:
    """The knob: a cropland upgrade and 5 clubswingers in training, due in a day."""
    paid = "paid_wood, paid_clay, paid_iron, paid_crop"
    db(stack, f"INSERT INTO village.build_jobs (id, village_id, position, building_type, "
              f"level, start_at, due_at, seq, {paid}) VALUES (:i, :v, 2, :b, 1, now(), "
              "now() + interval '1 day', 900, 0, 0, 0, 0)", i=str(uuid.uuid4()), v=village_id,
       b=int(B.CROPLAND))
    db(stack, f"INSERT INTO village.training_jobs (id, village_id, building, unit, count, "
              f"done, each_s, start_at, seq, {paid}) VALUES (:i, :v, :b, :u, 5, 0, 86400, "
              "now(), 901, 0, 0, 0, 0)", i=str(uuid.uuid4()), v=village_id,
       b=int(B.BARRACKS), u=int(U.CLUBSWINGER))


def found_second_village(client: httpx.Client, stack: Stack, d: dict) -> dict:
    """D founds a village on a free square next to its capital (3 settlers via the knob)."""
    give(stack, d["village"], units={U.SETTLER_TEUTON: 3})
    seed = 20261201
    taken = {(x, y) for x, y in db(stack, "SELECT x, y FROM village.villages")}
    square = next(s for s in world.window(seed, d["x"], d["y"], 4)
                  if s.kind == "village" and (s.x, s.y) not in taken)
    resp = client.post("/api/v1/villages/found", params={"x": square.x, "y": square.y},
                       headers=d["headers"])
    assert resp.status_code == 200, resp.text
    vid = resp.json()["village_id"]
    assert wait_for(lambda: not village(client, d, vid)["founding"])
    return village(client, d, vid)
