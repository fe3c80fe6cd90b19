"""Order and exactness of arrivals (ANCHORS R1, R4): two waves in one second resolve one
after the other (arrival, then movement id), each against what the previous left; an
attack arriving at a building's completion instant meets the completed level (jobs due at
an instant come before the arrivals due then); an arrival applies once when a read gets
there first and when its timer fires again later; a recall within the window races the
arrival exactly once. The instants are set with the test-world knob on the movement rows."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from rules.combat import Army, Battle, resolve
from rules.travian import world
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources
from services.runtime.config import sqlalchemy_url
from services.runtime.events import Outbox
from services.runtime.timers import request_timer
from tests.e2e.test_war_http import assert_matches, buildings_of, full_stock, named
from tests.e2e.war_world import db, give, register, send, village, wait_for, wait_report
from tests.stack import Stack


@pytest.fixture
def client(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def armies(client: httpx.Client, stack: Stack) -> tuple[dict, dict]:
    a = register(client, "romans")
    d = register(client, "teutons")
    give(stack, a["village"], buildings={39: (B.RALLY_POINT, 1)},
         units={U.LEGIONNAIRE: 400})
    give(stack, d["village"], buildings={40: (B.EARTH_WALL, 1)},
         units={U.CLUBSWINGER: 120})
    dv = village(client, d)
    give(stack, d["village"], stock=dv["capacity"]["warehouse"])
    return a, d


def arrive_at(stack: Stack, movement_ids: list[str], at: int) -> None:
    """The knob: these movements arrive at ``at`` (epoch seconds)."""
    for mid in movement_ids:
        db(stack, "UPDATE village.movements SET arrives_at = to_timestamp(:t) WHERE id = :m",
           t=at, m=mid)


def pending(stack: Stack, movement_id: str) -> bool:
    return db(stack, "SELECT state FROM village.movements WHERE id = :m",
              m=movement_id)[0][0] == "moving"


def test_two_waves_in_one_second_resolve_in_order_against_what_the_first_left(
        client: httpx.Client, fast_stack: Stack) -> None:
    a, d = armies(client, fast_stack)
    dv = village(client, d)
    w1 = send(client, a, d, "raid", {"1": 150})
    w2 = send(client, a, d, "raid", {"1": 150})
    first, second = sorted([w1["id"], w2["id"]])  # same instant: the lower id goes first
    at = int(datetime.now(UTC).timestamp()) + 3
    arrive_at(fast_stack, [w1["id"], w2["id"]], at)
    av = village(client, a)
    r1 = wait_report(client, fast_stack, a, first)
    r2 = wait_report(client, fast_stack, a, second)
    common = {"defender_tribe": Tribe.TEUTONS, "kind": "raid", "wall_level": 1,
              "pop_attacker": av["population"], "pop_defender": dv["population"],
              "buildings": buildings_of(dv), "cranny_levels": []}
    one = resolve(Battle(attacker=Army(Tribe.ROMANS, {1: 150}),
                         defenders=[Army(Tribe.TEUTONS, {11: 120})], stock=full_stock(dv),
                         seed=uuid.UUID(first).int, **common))
    left = {11: one.defender_survivors[0][11]}
    stock = Resources(*(s - g for s, g in zip(full_stock(dv).as_tuple(), one.loot.as_tuple(),
                                              strict=True)))
    two = resolve(Battle(attacker=Army(Tribe.ROMANS, {1: 150}),
                         defenders=[Army(Tribe.TEUTONS, left)], stock=stock,
                         seed=uuid.UUID(second).int, **common))
    assert_matches(r1, one, {1: 150}, [{11: 120}])
    assert_matches(r2, two, {1: 150}, [left])
    assert r1["at"] == r2["at"]
    assert village(client, d)["troops"].get("clubswinger", 0) == two.defender_survivors[0][11]


def test_an_attack_at_a_completion_instant_meets_the_completed_level(
        client: httpx.Client, fast_stack: Stack) -> None:
    a, d = armies(client, fast_stack)
    give(fast_stack, d["village"], stock=5000)
    up = client.post(f"/api/v1/villages/{d['village']}/buildings/earth_wall/upgrade",
                     params={"position": 40}, headers=d["headers"])
    assert up.status_code == 200, up.text
    done_at = int(datetime.fromisoformat(up.json()["complete_at"].replace("Z", "+00:00"))
                  .timestamp())
    sent = send(client, a, d, "raid", {"1": 200})
    arrive_at(fast_stack, [sent["id"]], done_at)
    av = village(client, a)
    report = wait_report(client, fast_stack, a, sent["id"])
    assert report["at"] == up.json()["complete_at"]
    dv = village(client, d)
    assert {b["position"]: b["level"] for b in dv["buildings"]}[40] == 2

    def raid(wall: int):  # noqa: ANN202
        return resolve(Battle(attacker=Army(Tribe.ROMANS, {1: 200}),
                              defenders=[Army(Tribe.TEUTONS, {11: 120})],
                              defender_tribe=Tribe.TEUTONS, kind="raid", wall_level=wall,
                              pop_attacker=av["population"], pop_defender=dv["population"]))

    behind_new, behind_old = raid(2), raid(1)
    assert (behind_new.attacker_losses, behind_new.defender_losses) != (
        behind_old.attacker_losses, behind_old.defender_losses)  # the order matters here
    # The battle was fought behind the level-2 wall that completed at that instant.
    assert report["attacker"]["lost"] == named(behind_new.attacker_losses)
    assert report["defenders"][0]["lost"] == named(behind_new.defender_losses[0])


async def _extra_wake_up(stack: Stack, village_id: str, dedupe: str) -> None:
    engine = create_async_engine(sqlalchemy_url(stack.database_url))
    try:
        async with engine.begin() as conn:
            await request_timer(conn, Outbox("village", stack.prefix), "settle",
                                datetime.now(UTC), payload=village_id.encode(),
                                dedupe_key=dedupe)
    finally:
        await engine.dispose()


def outbox_reports(stack: Stack, village_id: str) -> int:
    """How many report events the village service published for this village."""
    from protos.events.v1 import events_pb2
    from protos.village.v1 import village_events_pb2

    count = 0
    for (data,) in db(stack, "SELECT data FROM village.outbox WHERE subject LIKE "
                             "'%.village.village.updated'"):
        msg = village_events_pb2.VillageUpdated()
        events_pb2.Envelope.FromString(data).payload.Unpack(msg)
        if msg.village_id == village_id and msg.WhichOneof("change") == "report":
            count += 1
    return count


def test_a_read_first_then_repeated_and_late_timers_apply_an_arrival_once(
        client: httpx.Client, fast_stack: Stack) -> None:
    a, d = armies(client, fast_stack)
    sent = send(client, a, d, "attack", {"1": 10})
    # The knob: the arrival is already due, but its timer (at the sent time) is still
    # ahead, so the defender's read gets there first and applies it.
    arrive_at(fast_stack, [sent["id"]], int(datetime.now(UTC).timestamp()) - 1)
    seen = village(client, d)
    assert not pending(fast_stack, sent["id"])
    lost = wait_report(client, fast_stack, d, sent["id"])["defenders"][0]["lost"]
    assert seen["troops"].get("clubswinger", 0) == 120 - lost.get("clubswinger", 0)
    for n in range(2):  # the original timer fires later; two more firings after it
        dedupe = f"war-extra-{sent['id']}-{n}"
        asyncio.run(_extra_wake_up(fast_stack, d["village"], dedupe))
        assert wait_for(lambda d=dedupe: db(
            fast_stack, "SELECT 1 FROM village.inbox i JOIN scheduler.timers t "
                        "ON i.event_id = t.id::text WHERE t.dedupe_key = :d", d=d))
    assert outbox_reports(fast_stack, d["village"]) == 1
    assert db(fast_stack, "SELECT count(*) FROM combat.reports WHERE id = :m",
              m=sent["id"])[0][0] == 1
    assert village(client, d)["troops"] == seen["troops"]


def test_a_recall_within_the_window_brings_the_troops_home_instead(
        client: httpx.Client, fast_stack: Stack) -> None:
    a, d = armies(client, fast_stack)
    sent = send(client, a, d, "attack", {"1": 10})
    arrive_at(fast_stack, [sent["id"]], int(datetime.now(UTC).timestamp()) + 60)
    back = client.post(f"/api/v1/combat/movements/{sent['id']}/recall", headers=a["headers"])
    assert back.status_code == 200, back.text
    assert back.json()["movement_type"] == "return"
    again = client.post(f"/api/v1/combat/movements/{sent['id']}/recall", headers=a["headers"])
    assert again.status_code == 400 and again.json()["code"] == "CANNOT_RECALL"
    assert wait_for(lambda: village(client, a)["troops"].get("legionnaire") == 400)
    assert client.get(f"/api/v1/combat/reports/{sent['id']}",
                      headers=a["headers"]).status_code == 404
    other = client.post(f"/api/v1/combat/movements/{sent['id']}/recall", headers=d["headers"])
    assert other.status_code == 404


def test_refusals_have_their_codes(client: httpx.Client, fast_stack: Stack) -> None:
    a, d = armies(client, fast_stack)
    other = register(client, "romans")  # no rally point
    give(fast_stack, other["village"], units={U.LEGIONNAIRE: 5})
    body = {"from_village_id": a["village"], "to": {"x": d["x"], "y": d["y"]},
            "movement_type": "attack", "units": {"1": 5}}

    def refused(changes: dict, player: dict = a) -> tuple[int, str]:
        resp = client.post("/api/v1/combat/attack", json={**body, **changes},
                           headers=player["headers"])
        return resp.status_code, resp.json()["code"]

    assert refused({"units": {"1": 401}}) == (400, "TROOPS_NOT_AT_HOME")
    assert refused({"units": {"11": 1}}) == (422, "INVALID_INPUT")  # not the tribe's unit
    assert refused({"units": {"nonsense": 1}}) == (422, "INVALID_INPUT")
    assert refused({"units": {}}) == (422, "INVALID_INPUT")
    assert refused({"to": {"x": 401, "y": 0}}) == (422, "INVALID_INPUT")
    assert refused({"movement_type": "scout"}) == (400, "SCOUTS_ONLY")
    assert refused({"catapult_targets": ["warehouse"]}) == (400, "CATAPULT_TARGET_NOT_ALLOWED")
    assert refused({"to": {"x": a["x"], "y": a["y"]}}) == (400, "SAME_VILLAGE")
    assert refused({"from_village_id": d["village"]}) == (404, "VILLAGE_NOT_FOUND")
    assert refused({"from_village_id": other["village"]}, other) == (400,
                                                                     "RALLY_POINT_REQUIRED")
    empty = next((x, y) for x in range(-400, -380) for y in range(-400, -380)
                 if world.square(world.DEFAULT_WORLD_SEED, x, y).kind == "village"
                 and not db(fast_stack, "SELECT 1 FROM village.villages WHERE x = :x AND "
                                        "y = :y", x=x, y=y))
    assert refused({"to": {"x": empty[0], "y": empty[1]}}) == (400, "NO_VILLAGE_THERE")
    oasis = next((x, y) for x in range(-400, -380) for y in range(-400, -380)
                 if world.square(world.DEFAULT_WORLD_SEED, x, y).kind == "oasis")
    # An oasis takes attacks and raids only (and only with the hero at home).
    assert refused({"to": {"x": oasis[0], "y": oasis[1]}, "movement_type": "reinforce"}
                   ) == (400, "NO_VILLAGE_THERE")
    assert refused({"to": {"x": oasis[0], "y": oasis[1]}, "hero": True}) == (
        400, "HERO_UNAVAILABLE")  # no hero hired
    assert village(client, a)["troops"]["legionnaire"] == 400  # nothing left
    assert client.get("/api/v1/combat/movements", params={"village_id": d["village"]},
                      headers=a["headers"]).status_code == 404
    assert client.get("/api/v1/combat/reports/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12,
                      headers=a["headers"]).status_code == 404


def test_reports_page_newest_first_read_unread_first_and_delete(
        client: httpx.Client, fast_stack: Stack) -> None:
    a, d = armies(client, fast_stack)
    first = send(client, a, d, "raid", {"1": 5})
    wait_report(client, fast_stack, a, first["id"])
    second = send(client, a, d, "raid", {"1": 5})
    wait_report(client, fast_stack, a, second["id"])
    h = a["headers"]
    page = client.get("/api/v1/combat/reports", headers=h).json()
    assert [r["id"] for r in page["items"]] == [second["id"], first["id"]]
    assert page["total"] == 2 and page["page"] == 1 and page["pageSize"] == 20
    assert not any(r["read"] for r in page["items"])
    one = client.get("/api/v1/combat/reports", params={"pageSize": 1, "page": 2}, headers=h)
    assert [r["id"] for r in one.json()["items"]] == [first["id"]]
    read = client.post(f"/api/v1/combat/reports/{second['id']}/read", headers=h)
    assert read.status_code == 200 and read.json()["read"]
    unread = client.get("/api/v1/combat/reports", params={"unreadFirst": "true"}, headers=h)
    assert [r["id"] for r in unread.json()["items"]] == [first["id"], second["id"]]
    assert client.delete(f"/api/v1/combat/reports/{first['id']}", headers=h).status_code == 204
    assert client.get(f"/api/v1/combat/reports/{first['id']}", headers=h).status_code == 404
    assert client.delete(f"/api/v1/combat/reports/{first['id']}", headers=h).status_code == 404
    # The defender keeps its copy; a third player never had one.
    assert client.get(f"/api/v1/combat/reports/{first['id']}",
                      headers=d["headers"]).status_code == 200
    stranger = register(client, "gauls")
    assert client.get(f"/api/v1/combat/reports/{second['id']}",
                      headers=stranger["headers"]).status_code == 404
    assert client.post(f"/api/v1/combat/reports/{second['id']}/read",
                       headers=stranger["headers"]).status_code == 404
    too_big = client.get("/api/v1/combat/reports", params={"pageSize": 101}, headers=h)
    assert too_big.status_code == 422


def test_a_village_counts_from_its_settlers_arrival_not_from_its_wake_up(
        client: httpx.Client, fast_stack: Stack) -> None:
    """Reads show a village founded from the settlers' arrival; its ``founding`` flag is
    cleared later by its wake-up. An attack in between must find the village (it did
    not: NO_VILLAGE_THERE under a lagging scheduler), and one still being founded not."""
    a, d = armies(client, fast_stack)
    db(fast_stack, "UPDATE village.villages SET founding = true, "
                   "founded_at = now() - interval '5 seconds' WHERE id = :v", v=d["village"])
    assert not village(client, d)["founding"]
    sent = send(client, a, d, "raid", {"1": 5})
    assert wait_report(client, fast_stack, a, sent["id"])["movement_type"] == "raid"

    db(fast_stack, "UPDATE village.villages SET founding = true, "
                   "founded_at = now() + interval '1 hour' WHERE id = :v", v=d["village"])
    resp = client.post("/api/v1/combat/attack", headers=a["headers"], json={
        "from_village_id": a["village"], "to": {"x": d["x"], "y": d["y"]},
        "movement_type": "raid", "units": {"1": 5}})
    assert (resp.status_code, resp.json()["code"]) == (400, "NO_VILLAGE_THERE")
