"""A war between players through the gateway at GAME_SPEED 1000 (two village replicas):
scout, raid, reinforce a friend, attack with rams and catapults, send the friend home,
conquer a village with senators. Every report is held against a battle computed here
with rules.combat from the same inputs (the armies, the wall, the crannies, the settled
stock, the populations, the battle id's seed). The armies are put in place with the
test-world knob (tests/e2e/war_world.py); everything else is played over HTTP."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import httpx
import pytest

from rules.combat import Army, Battle, BattleResult, Hero, resolve
from rules.travian import world
from rules.travian.culture import loyalty_reduction
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe, UnitType
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources
from tests.e2e.war_world import (
    db,
    give,
    movements,
    register,
    send,
    village,
    wait_for,
    wait_report,
)
from tests.stack import Stack

TRIBES = {"romans": Tribe.ROMANS, "teutons": Tribe.TEUTONS, "gauls": Tribe.GAULS}


@pytest.fixture
def client(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def ids(units: dict[str, int]) -> dict[int, int]:
    return {int(UnitType[k.upper()]): n for k, n in units.items() if n}


def named(units: dict[int, int]) -> dict[str, int]:
    return {UnitType(u).name.lower(): n for u, n in sorted(units.items())}


def buildings_of(v: dict) -> dict[int, tuple[B, int]]:
    return {b["position"]: (B[b["building_type"].upper()], b["level"])
            for b in v["buildings"] if b["level"] > 0}


def full_stock(v: dict) -> Resources:
    w, g = v["capacity"]["warehouse"], v["capacity"]["granary"]
    return Resources(w, w, w, g)


def assert_matches(report: dict, result: BattleResult, attacker: dict[int, int],
                   defenders: list[dict[int, int]]) -> None:
    """The report is the battle ``result`` computed here."""
    assert report["winner"] == result.winner
    assert report["attacker"]["sent"] == named(attacker)
    assert report["attacker"]["lost"] == named(result.attacker_losses)
    assert [d["sent"] for d in report["defenders"]] == [named(d) for d in defenders]
    assert [d["lost"] for d in report["defenders"]] == [named(x) for x in result.defender_losses]
    assert report["loot"] == result.loot.as_dict()
    assert report["carry_capacity"] == result.carry_capacity


def test_a_war_scout_raid_reinforce_siege_and_conquest(client: httpx.Client,
                                                       fast_stack: Stack) -> None:
    a = register(client, "romans")
    d = register(client, "teutons")
    f = register(client, "gauls")
    # The knob: A has an army, a rally point 10 and a residence 10 (one expansion slot);
    # D a wall, a cranny, a warehouse, a full stock and a few troops; F phalanxes.
    give(fast_stack, a["village"], buildings={39: (B.RALLY_POINT, 10), 25: (B.RESIDENCE, 10)},
         units={U.LEGIONNAIRE: 1000, U.EQUITES_LEGATI: 10, U.BATTERING_RAM: 20,
                U.FIRE_CATAPULT: 20, U.SENATOR: 8}, stock=0)
    give(fast_stack, d["village"], buildings={40: (B.EARTH_WALL, 5), 20: (B.CRANNY, 3),
                                              21: (B.WAREHOUSE, 10), 39: (B.RALLY_POINT, 1)},
         units={U.CLUBSWINGER: 50, U.SCOUT: 5})
    give(fast_stack, f["village"], buildings={39: (B.RALLY_POINT, 1)},
         units={U.PHALANX: 60})
    dv = village(client, d)
    give(fast_stack, d["village"], stock=dv["capacity"]["warehouse"])
    dv = village(client, d)
    assert dv["resources"]["wood"] == dv["capacity"]["warehouse"]

    # 1. Scouting (resources and troops).
    av = village(client, a)
    sent = send(client, a, d, "scout", {"4": 5}, scout_target="resources")
    assert sent["movement_type"] == "scout"
    av = village(client, a)  # after the send: the population the battle uses
    report = wait_report(client, fast_stack, a, sent["id"])
    battle = Battle(attacker=Army(Tribe.ROMANS, {4: 5}),
                    defenders=[Army(Tribe.TEUTONS, {11: 50, 14: 5})],
                    defender_tribe=Tribe.TEUTONS, kind="raid", wall_level=5,
                    pop_attacker=av["population"], pop_defender=dv["population"],
                    buildings=buildings_of(dv), stock=full_stock(dv), cranny_levels=[3],
                    seed=uuid.UUID(sent["id"]).int)
    result = resolve(battle)
    assert result.mode == "scout"
    assert_matches(report, result, {4: 5}, [{11: 50, 14: 5}])
    assert report["scouting"]["succeeded"] == (sum(result.attacker_survivors.values()) > 0)
    if report["scouting"]["succeeded"]:
        assert report["scouting"]["resources"] == full_stock(dv).as_dict()
        assert report["scouting"]["troops"] == named({11: 50, 14: 5})
    seen_by_d = wait_report(client, fast_stack, d, sent["id"])
    assert seen_by_d["role"] == "defender" and seen_by_d["scouting"]["resources"] is None
    assert client.get(f"/api/v1/combat/reports/{sent['id']}",
                      headers=f["headers"]).status_code == 404

    # 2. A raid: the loot is what the rules give for the settled (full) stock.
    sent = send(client, a, d, "raid", {"1": 100})
    av = village(client, a)
    report = wait_report(client, fast_stack, a, sent["id"])
    battle = Battle(attacker=Army(Tribe.ROMANS, {1: 100}),
                    defenders=[Army(Tribe.TEUTONS, {11: 50, 14: 5})],
                    defender_tribe=Tribe.TEUTONS, kind="raid", wall_level=5,
                    pop_attacker=av["population"], pop_defender=dv["population"],
                    buildings=buildings_of(dv), stock=full_stock(dv), cranny_levels=[3],
                    seed=uuid.UUID(sent["id"]).int)
    result = resolve(battle)
    assert_matches(report, result, {1: 100}, [{11: 50, 14: 5}])
    assert sum(result.loot.as_tuple()) > 0
    # The survivors walk home with the loot; it is credited when they arrive.
    back = wait_for(lambda: not movements(client, a, a["village"])["incoming"]
                    and village(client, a)["troops"].get("legionnaire") == 1000 - 100
                    + result.attacker_survivors[1] - 0)
    assert back, village(client, a)["troops"]
    home_after_raid = village(client, d)["troops"]

    # 3. F reinforces D; D's movements show them stationed ("here"), F's "elsewhere".
    sent_f = send(client, f, d, "reinforce", {"21": 60})
    here = wait_for(lambda: movements(client, d, d["village"])["here"])
    assert here and here[0]["id"] == sent_f["id"] and here[0]["units"] == {"phalanx": 60}
    assert movements(client, f, f["village"])["elsewhere"][0]["id"] == sent_f["id"]

    # 4. Rams and catapults (aimed at the warehouse) against home troops + F's phalanx.
    give(fast_stack, d["village"], stock=dv["capacity"]["warehouse"])
    dv = village(client, d)
    attack = {1: 300, 7: 20, 8: 20}
    sent = send(client, a, d, "attack", {str(k): v for k, v in attack.items()},
                catapult_targets=["warehouse"])
    av = village(client, a)
    report = wait_report(client, fast_stack, a, sent["id"])
    home = ids(home_after_raid)
    battle = Battle(attacker=Army(Tribe.ROMANS, attack),
                    defenders=[Army(Tribe.TEUTONS, home), Army(Tribe.GAULS, {21: 60})],
                    defender_tribe=Tribe.TEUTONS, kind="attack", wall_level=5,
                    pop_attacker=av["population"], pop_defender=dv["population"],
                    rally_point_level=10, catapult_targets=[B.WAREHOUSE],
                    buildings=buildings_of(dv), stock=full_stock(dv), cranny_levels=[3],
                    seed=uuid.UUID(sent["id"]).int)
    result = resolve(battle)
    assert_matches(report, result, attack, [home, {21: 60}])
    changes = {c["position"]: (c["level_before"], c["level_after"]) for c in report["buildings"]}
    assert changes[40] == (5, result.wall_after)
    damaged = {x.position: (x.level_before, x.level_after) for x in result.buildings_damaged}
    assert damaged[21][0] == 10 and changes[21] == damaged[21]
    after = {b["position"]: b["level"] for b in village(client, d)["buildings"]}
    assert after.get(40, 0) == result.wall_after and after.get(21, 0) == damaged[21][1]
    assert wait_report(client, fast_stack, f, sent["id"])["role"] == "reinforcement"

    # 5. The host sends what is left of F's phalanx home.
    left = 60 - result.defender_losses[1][21]
    if left:
        here = movements(client, d, d["village"])["here"]
        back = client.post(f"/api/v1/combat/movements/{here[0]['id']}/send-back",
                           headers=d["headers"])
        assert back.status_code == 200, back.text
        assert wait_for(lambda: village(client, f)["troops"].get("phalanx") == left)

    # 6. Conquest of D's second village (not a capital, no residence) with senators.
    # D's hero lives there: it defends the first wave (and dies: the attack wins), and a
    # build and a training job are queued far ahead (the knob writes their rows).
    d2 = found_second_village(client, fast_stack, d)
    give(fast_stack, d2["id"], buildings={20: (B.HERO_MANSION, 1)})
    hired = client.post("/api/v1/hero", headers=d["headers"], json={"village_id": d2["id"]})
    assert hired.status_code == 201, hired.text
    queue_far_ahead(fast_stack, d2["id"])
    target = {"x": d2["x"], "y": d2["y"]}
    loyalty = 100
    for wave in range(4):
        sent = send(client, a, target, "attack", {"1": 100, "9": 2})
        av = village(client, a)
        dv2 = village(client, d, d2["id"]) if loyalty > 0 else None
        report = wait_report(client, fast_stack, a, sent["id"])
        seed = uuid.UUID(sent["id"]).int
        hero = Hero(health=100) if wave == 0 else None
        assert (report["defenders"][0]["hero"] is not None) == (wave == 0)
        result = resolve(Battle(attacker=Army(Tribe.ROMANS, {1: 100, 9: 2}),
                                defenders=[Army(Tribe.TEUTONS, {}, hero=hero)],
                                defender_tribe=Tribe.TEUTONS, kind="attack",
                                pop_attacker=av["population"],
                                pop_defender=dv2["population"], buildings=buildings_of(dv2),
                                stock=Resources(*(dv2["resources"][k] for k in
                                                  ("wood", "clay", "iron", "crop"))),
                                seed=seed))
        drop = loyalty_reduction(result.attacker_survivors[9], U.SENATOR, av["population"],
                                 dv2["population"], random.Random(seed + 1))
        assert report["loyalty_before"] == loyalty
        assert report["loyalty_after"] == max(0, loyalty - drop)
        loyalty = report["loyalty_after"]
        assert report["conquered"] == (loyalty == 0), (wave, report)
        if loyalty == 0:
            break
    assert loyalty == 0
    mine = client.get("/api/v1/villages", headers=a["headers"]).json()
    assert d2["id"] in {v["id"] for v in mine}
    assert d2["id"] not in {v["id"] for v in client.get("/api/v1/villages",
                                                         headers=d["headers"]).json()}
    # Conquest cancels the village's queues; D's hero, dead, now belongs to D's capital.
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
