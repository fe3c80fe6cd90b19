"""A war between players played wholly through the gateway, at GAME_SPEED 1,000,000 with two
village replicas: three players build their capitals up (tests/e2e/war_buildup.py: rally
point 10, academy 20, workshop 10, residence 10 for the attacker), train and research;
then the attacker scouts, raids, meets a friend's reinforcement with rams and catapults,
the host sends the friend home, merchants carry resources, and the defender's second
village (founded with settlers it trained) is conquered with a senator. Every report is
held against a battle computed here with rules.combat from the same inputs (the armies,
the wall, the crannies, the settled stock, the populations, the battle id's seed).

At this speed every construction, training and march takes the rules' shortest time (one
second) and every storage refills within seconds, so the stock a battle meets is the
full storage: the test waits for it to be full before each send."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rules.combat import Army, Battle, BattleResult, Hero, resolve
from rules.travian.culture import loyalty_reduction
from rules.travian.ids import BuildingType as B
from rules.travian.ids import Tribe, UnitType
from rules.travian.ids import UnitType as U
from rules.travian.resources import Resources
from tests.e2e import war_buildup as plan
from tests.e2e.war_world import movements, register, send, village, wait_for, wait_report
from tests.stack import Servers, Stack, new_run_id


@pytest.fixture(scope="module")
def war_stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    run = Stack(servers, new_run_id(), Path(tmp_path_factory.mktemp("war")),
                extra_env={"GAME_SPEED": "1000000"}, replicas={"village": 2})
    run.start()
    yield run
    run.stop()


@pytest.fixture
def client(war_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=war_stack.gateway_url, timeout=30) as c:
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


def full(client: httpx.Client, player: dict, village_id: str | None = None) -> dict:
    """The village once its storage is full again (production refills it within seconds)."""
    def filled() -> dict | None:
        v = village(client, player, village_id)
        return v if Resources(*(v["resources"][k] for k in ("wood", "clay", "iron", "crop"))
                              ) == full_stock(v) else None
    v = wait_for(filled)
    assert v, village(client, player, village_id)["resources"]
    return v


def home(client: httpx.Client, player: dict, unit: str, count: int) -> None:
    """Wait until ``count`` of ``unit`` are at home (the survivors walked back)."""
    assert wait_for(lambda: village(client, player)["troops"].get(unit, 0) == count), (
        unit, count, village(client, player)["troops"])


def test_a_war_built_up_and_fought_through_the_gateway(client: httpx.Client,
                                                       war_stack: Stack) -> None:
    a = register(client, "romans")
    d = register(client, "teutons")
    f = register(client, "gauls")
    plan.play(client, [plan.Village(a["village"], a["headers"], plan.attacker_romans()),
                       plan.Village(d["village"], d["headers"], plan.defender_teutons()),
                       plan.Village(f["village"], f["headers"], plan.friend_gauls())])
    legionnaires = 90
    assert village(client, a)["troops"] == {"legionnaire": legionnaires, "equites_legati": 3,
                                            "battering_ram": 3, "fire_catapult": 10,
                                            "senator": 1}
    # D founds a second village with the settlers it trained and hires its hero there.
    d2 = found_second_village(client, d)
    plan.play(client, [plan.Village(d2["id"], d["headers"], [[
        plan.build(26, B.MAIN_BUILDING, 3), plan.build(39, B.RALLY_POINT, 1),
        plan.build(19, B.HERO_MANSION, 1)]])])
    hired = client.post("/api/v1/hero", headers=d["headers"], json={"village_id": d2["id"]})
    assert hired.status_code == 201, hired.text
    dv = full(client, d)
    d_home = ids(dv["troops"])
    assert d_home == {int(U.CLUBSWINGER): 10}
    levels = {b["position"]: b["level"] for b in dv["buildings"]}
    assert (levels[40], levels[22], levels[20]) == (3, 3, 8)  # wall, cranny, warehouse

    def battle(attacker: dict[int, int], defenders: list[Army], kind: str, av: dict,
               dv: dict, movement_id: str, **extra: object) -> BattleResult:
        return resolve(Battle(attacker=Army(Tribe.ROMANS, attacker), defenders=defenders,
                              defender_tribe=Tribe.TEUTONS, kind=kind,
                              wall_level=levels_of(dv).get(40, 0),
                              residence_level=max([lvl for b, lvl in buildings_of(dv).values()
                                                   if b in (B.RESIDENCE, B.PALACE)] or [0]),
                              pop_attacker=av["population"], pop_defender=dv["population"],
                              buildings=buildings_of(dv), stock=full_stock(dv),
                              cranny_levels=[lvl for _, (b, lvl) in buildings_of(dv).items()
                                             if b is B.CRANNY],
                              seed=uuid.UUID(movement_id).int, **extra))

    # 1. Scouting (resources and troops): D has no scouts, so nothing stops them.
    sent = send(client, a, d, "scout", {"equites_legati": 3}, scout_target="resources")
    assert sent["movement_type"] == "scout"
    av = village(client, a)  # after the send: the population the battle uses
    report = wait_report(client, war_stack, a, sent["id"])
    result = battle({4: 3}, [Army(Tribe.TEUTONS, d_home)], "raid", av, dv, sent["id"])
    assert result.mode == "scout"
    assert_matches(report, result, {4: 3}, [d_home])
    assert report["scouting"]["succeeded"] is True
    assert report["scouting"]["resources"] == full_stock(dv).as_dict()
    assert report["scouting"]["troops"] == named(d_home)
    seen_by_d = wait_report(client, war_stack, d, sent["id"])
    assert seen_by_d["role"] == "defender" and seen_by_d["scouting"]["resources"] is None
    assert client.get(f"/api/v1/combat/reports/{sent['id']}",
                      headers=f["headers"]).status_code == 404
    home(client, a, "equites_legati", 3)

    # 2. A raid: the loot is what the rules give for the settled (full) stock, crannies
    # protecting their share; the survivors carry it home.
    dv = full(client, d)
    sent = send(client, a, d, "raid", {"legionnaire": 30})
    av = village(client, a)
    report = wait_report(client, war_stack, a, sent["id"])
    result = battle({1: 30}, [Army(Tribe.TEUTONS, d_home)], "raid", av, dv, sent["id"])
    assert_matches(report, result, {1: 30}, [d_home])
    assert result.winner == "attacker" and sum(result.loot.as_tuple()) > 0
    legionnaires += result.attacker_survivors[1] - 30
    home(client, a, "legionnaire", legionnaires)
    assert not movements(client, a, a["village"])["incoming"]
    d_home = ids(village(client, d)["troops"])

    # 3. F reinforces D; D's movements show them stationed ("here"), F's "elsewhere".
    sent_f = send(client, f, d, "reinforce", {"phalanx": 20})
    here = wait_for(lambda: movements(client, d, d["village"])["here"])
    assert here and here[0]["id"] == sent_f["id"] and here[0]["units"] == {"phalanx": 20}
    assert movements(client, f, f["village"])["elsewhere"][0]["id"] == sent_f["id"]

    # 4. Rams and catapults (aimed at the warehouse) against home troops + F's phalanx.
    dv = full(client, d)
    attack = {1: 50, 7: 3, 8: 10}
    sent = send(client, a, d, "attack", named(attack), catapult_targets=["warehouse"])
    av = village(client, a)
    report = wait_report(client, war_stack, a, sent["id"])
    result = battle(attack, [Army(Tribe.TEUTONS, d_home), Army(Tribe.GAULS, {21: 20})],
                    "attack", av, dv, sent["id"], rally_point_level=10,
                    catapult_targets=[B.WAREHOUSE])
    assert_matches(report, result, attack, [d_home, {21: 20}])
    assert result.winner == "attacker"
    changes = {c["position"]: (c["level_before"], c["level_after"]) for c in report["buildings"]}
    assert changes[40] == (3, result.wall_after) and result.wall_after < 3
    damaged = {x.position: (x.level_before, x.level_after) for x in result.buildings_damaged}
    assert damaged[20][0] == 8 and damaged[20][1] < 8 and changes[20] == damaged[20]
    after = levels_of(village(client, d))
    assert after.get(40, 0) == result.wall_after and after.get(20, 0) == damaged[20][1]
    assert wait_report(client, war_stack, f, sent["id"])["role"] == "reinforcement"
    legionnaires += result.attacker_survivors[1] - 50
    home(client, a, "legionnaire", legionnaires)

    # 5. The host sends what is left of F's phalanx home.
    left = 20 - result.defender_losses[1][21]
    if left:
        here = movements(client, d, d["village"])["here"]
        back = client.post(f"/api/v1/combat/movements/{here[0]['id']}/send-back",
                           headers=d["headers"])
        assert back.status_code == 200, back.text
        assert wait_for(lambda: village(client, f)["troops"].get("phalanx") == left)

    # 6. Merchants: A's one merchant (marketplace 1) carries a load to F and walks back.
    trip = client.post(f"/api/v1/villages/{a['village']}/merchants/send", headers=a["headers"],
                       json={"to_village_id": f["village"],
                             "resources": {"wood": 200, "clay": 100, "iron": 100, "crop": 100}})
    assert trip.status_code == 201, trip.text
    assert trip.json()["merchants"] == 1 and trip.json()["to_village_id"] == f["village"]

    def merchants_home() -> bool:
        m = client.get(f"/api/v1/villages/{a['village']}/merchants", headers=a["headers"])
        return m.json()["at_home"] == m.json()["total"] == 1 and not m.json()["outgoing"]
    assert wait_for(merchants_home)

    # 7. Conquest of D's second village: A's senator lowers its loyalty wave after wave
    # until it changes owner.
    target = {"x": d2["x"], "y": d2["y"]}
    loyalty, wave, escort = 100, 0, {1: 30, 9: 1}
    while loyalty > 0:
        assert wave < 12, "the senator never took the village"
        dv2 = full(client, d, d2["id"])
        sent = send(client, a, target, "attack", named(escort))
        av = village(client, a)
        report = wait_report(client, war_stack, a, sent["id"])
        seed = uuid.UUID(sent["id"]).int
        hero = Hero(health=100) if wave == 0 else None
        assert (report["defenders"][0]["hero"] is not None) == (wave == 0)
        result = resolve(Battle(attacker=Army(Tribe.ROMANS, escort),
                                defenders=[Army(Tribe.TEUTONS, {}, hero=hero)],
                                defender_tribe=Tribe.TEUTONS, kind="attack",
                                pop_attacker=av["population"], pop_defender=dv2["population"],
                                buildings=buildings_of(dv2), stock=full_stock(dv2),
                                seed=seed))
        assert_matches(report, result, escort, [{}])
        drop = loyalty_reduction(result.attacker_survivors[9], U.SENATOR, av["population"],
                                 dv2["population"], random.Random(seed + 1))
        assert report["loyalty_before"] == loyalty
        assert report["loyalty_after"] == max(0, loyalty - drop)
        loyalty = report["loyalty_after"]
        assert report["conquered"] == (loyalty == 0), (wave, report)
        legionnaires += result.attacker_survivors[1] - 30
        if loyalty:
            home(client, a, "senator", 1)
        home(client, a, "legionnaire", legionnaires)
        wave += 1
    mine = client.get("/api/v1/villages", headers=a["headers"]).json()
    assert d2["id"] in {v["id"] for v in mine}
    assert d2["id"] not in {v["id"] for v in client.get("/api/v1/villages",
                                                         headers=d["headers"]).json()}
    assert "senator" not in village(client, a)["troops"]  # it stays as the new lord
    # D's hero died defending the first wave; it now belongs to D's capital.
    d_hero = client.get("/api/v1/hero", headers=d["headers"]).json()
    assert (d_hero["status"], d_hero["home_village_id"]) == ("dead", d["village"])


def levels_of(v: dict) -> dict[int, int]:
    return {b["position"]: b["level"] for b in v["buildings"] if b["level"] > 0}


def found_second_village(client: httpx.Client, d: dict) -> dict:
    """D sends its three settlers to a free square next to its capital."""
    squares = client.get("/api/v1/map", params={"x": d["x"], "y": d["y"], "radius": 4},
                         headers=d["headers"]).json()["squares"]
    square = next(s for s in squares if s["kind"] == "village" and not s["village"])
    resp = client.post("/api/v1/villages/found", params={"x": square["x"], "y": square["y"]},
                       headers=d["headers"])
    assert resp.status_code == 200, resp.text
    vid = resp.json()["village_id"]
    assert wait_for(lambda: not village(client, d, vid)["founding"])
    return village(client, d, vid)

