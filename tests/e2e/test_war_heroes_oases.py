"""Heroes and oases in the war, troops away eating from home, what GET /troops lists, and
the protection end on the village and the map, taking another player's oasis, through the
gateway at GAME_SPEED 1000.

Every report is held against a battle computed here with rules.combat from the same
inputs (heroes included: their points and health at the battle, nature's animals of an
oasis as the world generator made them). Armies, buildings and the heroes' points are put
in place with the test-world knob (tests/e2e/war_world.py); the rest is played over HTTP.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from rules.combat import Army, Battle, Hero, resolve
from rules.travian import hero as hero_rules
from rules.travian import oases, world
from rules.travian.ids import Animal, Tribe
from rules.travian.ids import BuildingType as B
from rules.travian.ids import UnitType as U
from rules.travian.movement import distance
from rules.travian.resources import Resources
from tests.e2e.test_war_http import assert_matches, buildings_of, full_stock, named
from tests.e2e.war_world import (
    db,
    give,
    movements,
    register,
    seconds,
    send,
    village,
    wait_for,
    wait_report,
)
from tests.stack import Servers, Stack, new_run_id

SEED = world.DEFAULT_WORLD_SEED
SPEED = 1000
# Level 5 (750 XP): 24 points, 4 of them the creation's resources.
POINTS = {"strength": 10, "off_bonus": 5, "def_bonus": 5, "resources": 4}
FIGHTER = Hero(strength_points=10, off_bonus_points=5, def_bonus_points=5, health=100)


@pytest.fixture
def client(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def hire(client: httpx.Client, stack: Stack, p: dict) -> None:
    """A hero in p's capital (the knob builds the mansion), level 5 with POINTS."""
    give(stack, p["village"], buildings={20: (B.HERO_MANSION, 1)})
    resp = client.post("/api/v1/hero", headers=p["headers"], json={"village_id": p["village"]})
    assert resp.status_code == 201, resp.text
    db(stack, "UPDATE village.heroes SET xp = 750, strength = :s, off_bonus = :o, "
              "def_bonus = :d, resources = :r WHERE owner_id = :p", s=POINTS["strength"],
       o=POINTS["off_bonus"], d=POINTS["def_bonus"], r=POINTS["resources"], p=p["id"])


def hero_of(client: httpx.Client, p: dict) -> dict:
    resp = client.get("/api/v1/hero", headers=p["headers"])
    assert resp.status_code == 200, resp.text
    return resp.json()


def hero_row(stack: Stack, p: dict) -> tuple:
    """(xp, health sub-units, alive, settled_at epoch s, home village) of p's hero."""
    return tuple(db(stack, "SELECT xp, health, alive, extract(epoch FROM settled_at)::bigint, "
                           "home_village_id::text FROM village.heroes WHERE owner_id = :p",
                    p=p["id"])[0])


def hero_result(outcome: hero_rules.HeroOutcome | None) -> dict | None:
    if outcome is None:
        return None
    return {"health_before": outcome.health_before, "health_after": outcome.health_after,
            "experience": outcome.xp, "died": outcome.died}


def expected_hero(outcome: hero_rules.HeroOutcome, at: int) -> tuple[int, int, bool]:
    """(xp, health sub-units, alive) after the battle, by the rules (from full health)."""
    before = hero_rules.HeroState(tribe=Tribe.ROMANS, at=at, xp=750, points=POINTS)
    after = hero_rules.after_battle(before, at, SPEED, outcome.health_after, outcome.xp)
    return after.xp, after.health, after.alive


def test_heroes_fight_with_their_army_and_at_home_and_can_die(client: httpx.Client,
                                                              fast_stack: Stack) -> None:
    a = register(client, "romans")
    d = register(client, "teutons")
    give(fast_stack, a["village"], buildings={39: (B.RALLY_POINT, 1)},
         units={U.LEGIONNAIRE: 300})
    give(fast_stack, d["village"], buildings={39: (B.RALLY_POINT, 1), 21: (B.WAREHOUSE, 5)},
         units={U.CLUBSWINGER: 40})
    hire(client, fast_stack, a)
    hire(client, fast_stack, d)
    dv = village(client, d)
    give(fast_stack, d["village"], stock=dv["capacity"]["warehouse"])
    dv = village(client, d)

    # 1. A's hero goes with 200 legionnaires; it is away meanwhile (no second army gets it).
    sent = send(client, a, d, "attack", {"1": 200}, hero=True)
    av = village(client, a)
    out = movements(client, a, a["village"])["outgoing"]
    assert [(m["id"], m["hero"]) for m in out] == [(sent["id"], True)]
    if seconds(sent["arrives_at"]) > seconds(hero_of(client, a)["at"]) + 0.5:
        assert hero_of(client, a)["status"] == "away"
        again = client.post("/api/v1/combat/attack", headers=a["headers"], json={
            "from_village_id": a["village"], "to": {"x": d["x"], "y": d["y"]},
            "movement_type": "raid", "units": {"1": 1}, "hero": True})
        assert again.status_code == 400 and again.json()["code"] == "HERO_UNAVAILABLE"
    report = wait_report(client, fast_stack, a, sent["id"])
    at = int(seconds(report["at"]))
    battle = Battle(attacker=Army(Tribe.ROMANS, {1: 200}, hero=FIGHTER),
                    defenders=[Army(Tribe.TEUTONS, {11: 40}, hero=FIGHTER)],
                    defender_tribe=Tribe.TEUTONS, kind="attack",
                    pop_attacker=av["population"], pop_defender=dv["population"],
                    buildings=buildings_of(dv), stock=full_stock(dv),
                    seed=uuid.UUID(sent["id"]).int)
    result = resolve(battle)
    assert_matches(report, result, {1: 200}, [{11: 40}])
    mine, (theirs,) = hero_rules.battle_outcomes(battle, result)
    assert report["attacker"]["hero"] == hero_result(mine)
    assert report["defenders"][0]["hero"] == hero_result(theirs)
    assert mine.xp == 40 + 6 * theirs.died  # every clubswinger (upkeep 1) and its hero
    # The heroes' rows hold the battle: health, XP, death, as of the battle's instant.
    xp, health, alive, settled, _ = hero_row(fast_stack, a)
    assert (xp, health, alive, settled) == (*expected_hero(mine, at), at)
    assert hero_row(fast_stack, d)[:3] == expected_hero(theirs, at)
    # The hero walks home with the survivors (their return carries it), then is at home.
    assert [tuple(r) for r in db(fast_stack, "SELECT hero FROM village.movements WHERE "
                                             "parent_id = :m", m=sent["id"])] == [
        (not mine.died,)]
    assert wait_for(lambda: not movements(client, a, a["village"])["incoming"])
    assert hero_of(client, a)["status"] == ("dead" if mine.died else "home")
    assert village(client, a)["troops"]["legionnaire"] == 300 - result.attacker_losses[1]
    if not theirs.died:
        assert hero_of(client, d)["status"] == "home"

    # 2. A's hero with a single legionnaire attacks D's fresh clubswingers: a lost normal
    # attack loses everything, so both die; nobody walks home; D's hero (if alive) has the
    # XP.
    give(fast_stack, d["village"], units={U.CLUBSWINGER: 100})
    dv = village(client, d)
    d_hero = hero_of(client, d)
    sent = send(client, a, d, "attack", {"1": 1}, hero=True)
    av = village(client, a)
    a_hero = hero_of(client, a)
    report = wait_report(client, fast_stack, a, sent["id"])
    at = int(seconds(report["at"]))
    assert report["attacker"]["hero"]["died"] is True
    assert report["attacker"]["hero"]["health_after"] == 0
    # The heroes' health at the battle: regenerated since their last battle (10/day x 1000).
    attacker_health = report["attacker"]["hero"]["health_before"]
    assert a_hero["health"] <= attacker_health <= 100
    defender = None
    if d_hero["status"] == "home":
        defender = Hero(strength_points=10, off_bonus_points=5, def_bonus_points=5,
                        health=report["defenders"][0]["hero"]["health_before"])
    battle = Battle(attacker=Army(Tribe.ROMANS, {1: 1}, hero=Hero(
        strength_points=10, off_bonus_points=5, def_bonus_points=5, health=attacker_health)),
                    defenders=[Army(Tribe.TEUTONS, {11: 100}, hero=defender)],
                    defender_tribe=Tribe.TEUTONS, kind="attack", pop_attacker=av["population"],
                    pop_defender=dv["population"], buildings=buildings_of(dv),
                    stock=full_stock(dv), seed=uuid.UUID(sent["id"]).int)
    result = resolve(battle)
    assert_matches(report, result, {1: 1}, [{11: 100}])
    mine, (theirs,) = hero_rules.battle_outcomes(battle, result)
    assert report["attacker"]["hero"] == hero_result(mine)
    assert report["defenders"][0]["hero"] == hero_result(theirs)
    assert hero_row(fast_stack, a)[2] is False and hero_of(client, a)["status"] == "dead"
    assert not movements(client, a, a["village"])["incoming"]
    if theirs is not None:
        assert theirs.xp == 1 + 6  # one legionnaire and the hero


def test_a_hero_reinforcing_a_friend_defends_there_and_goes_home_with_its_army(
        client: httpx.Client, fast_stack: Stack) -> None:
    r = register(client, "gauls")
    host = register(client, "teutons")
    x = register(client, "romans")
    give(fast_stack, r["village"], buildings={39: (B.RALLY_POINT, 1)}, units={U.PHALANX: 50})
    give(fast_stack, x["village"], buildings={39: (B.RALLY_POINT, 1)},
         units={U.LEGIONNAIRE: 60})
    give(fast_stack, host["village"], units={U.CLUBSWINGER: 10})
    hire(client, fast_stack, r)
    sent = send(client, r, host, "reinforce", {"21": 50}, hero=True)
    assert wait_for(lambda: movements(client, host, host["village"])["here"])
    assert hero_of(client, r)["status"] == "away"
    hv = village(client, host)
    attack = send(client, x, host, "raid", {"1": 60})
    xv = village(client, x)
    report = wait_report(client, fast_stack, x, attack["id"])
    guest_hero = Hero(strength_points=10, off_bonus_points=5, def_bonus_points=5,
                      health=report["defenders"][1]["hero"]["health_before"])
    battle = Battle(attacker=Army(Tribe.ROMANS, {1: 60}),
                    defenders=[Army(Tribe.TEUTONS, {11: 10}),
                               Army(Tribe.GAULS, {21: 50}, hero=guest_hero)],
                    defender_tribe=Tribe.TEUTONS, kind="raid", pop_attacker=xv["population"],
                    pop_defender=hv["population"], buildings=buildings_of(hv),
                    stock=Resources(*(hv["resources"][k] for k in ("wood", "clay", "iron",
                                                                    "crop"))),
                    seed=uuid.UUID(attack["id"]).int)
    result = resolve(battle)
    assert report["attacker"]["lost"] == named(result.attacker_losses)
    assert [d["lost"] for d in report["defenders"]] == [named(v) for v in
                                                         result.defender_losses]
    _, (home, guest) = hero_rules.battle_outcomes(battle, result)
    assert home is None and report["defenders"][0]["hero"] is None
    assert report["defenders"][1]["hero"] == hero_result(guest)
    assert guest.xp == result.attacker_losses[1]  # it alone shares the defenders' XP
    assert hero_row(fast_stack, r)[0] == 750 + guest.xp
    # The host sends them home: the hero walks with them and is home on arrival.
    if not guest.died:
        stationed = movements(client, host, host["village"])["here"]
        back = client.post(f"/api/v1/combat/movements/{stationed[0]['id']}/send-back",
                           headers=host["headers"])
        assert back.status_code == 200, back.text
        assert wait_for(lambda: hero_of(client, r)["status"] == "home")
        assert village(client, r)["troops"]["phalanx"] == 50 - result.defender_losses[1][21]
    assert sent["id"]


def test_a_raid_on_an_oasis_fights_its_animals_and_stores_the_survivors(
        client: httpx.Client, fast_stack: Stack) -> None:
    for _ in range(8):  # ~99 % of capitals have an oasis within 3 squares
        p = register(client, "gauls")
        square = next((s for s in world.window(SEED, p["x"], p["y"], oases.REACH)
                       if s.kind == "oasis" and sum(s.animals.values()) > 0
                       and not db(fast_stack, "SELECT 1 FROM village.oases WHERE x = :x AND "
                                              "y = :y", x=s.x, y=s.y)), None)
        if square is not None:
            break
    assert square is not None
    give(fast_stack, p["village"], buildings={39: (B.RALLY_POINT, 1)},
         units={U.PHALANX: 40, U.THEUTATES_THUNDER: 20})
    target = {"x": square.x, "y": square.y}
    refused = client.post("/api/v1/combat/attack", headers=p["headers"], json={
        "from_village_id": p["village"], "to": target, "movement_type": "reinforce",
        "units": {"21": 1}})
    assert refused.status_code == 400 and refused.json()["code"] == "NO_VILLAGE_THERE"
    hire(client, fast_stack, p)
    army = {int(U.PHALANX): 40, int(U.THEUTATES_THUNDER): 20}
    sent = send(client, p, target, "raid", {str(u): n for u, n in army.items()}, hero=True)
    out = movements(client, p, p["village"])
    assert not out["incoming"]  # an oasis raid is outgoing, though its arrival is ours
    assert [(m["oasis"], m["destination"]["x"], m["destination"]["y"],
             m["destination"]["village_id"]) for m in out["outgoing"]] == [
        (True, square.x, square.y, "")]
    report = wait_report(client, fast_stack, p, sent["id"])
    at = int(seconds(report["at"]))
    animals = {int(a): n for a, n in square.animals.items()}
    battle = Battle(attacker=Army(Tribe.GAULS, army, hero=FIGHTER),
                    defenders=[Army(None, animals)], defender_tribe=None, kind="raid",
                    stock=Resources(), seed=uuid.UUID(sent["id"]).int)
    result = resolve(battle)
    mine, _ = hero_rules.battle_outcomes(battle, result)
    assert report["attacker"]["hero"] == hero_result(mine)
    # The hero's XP: the animals killed at their T3.1 upkeep (rats 1 ... elephants 5).
    assert mine.xp == hero_rules.battle_xp(result.defender_losses[0])
    assert hero_row(fast_stack, p)[0] == 750 + mine.xp
    assert report["defenders"][0]["tribe"] == "nature"
    assert report["defenders"][0]["owner_id"] == ""
    assert report["defenders"][0]["sent"] == {Animal(a).name.lower(): n
                                              for a, n in sorted(animals.items())}
    assert report["attacker"]["lost"] == named(result.attacker_losses)
    assert report["defenders"][0]["lost"] == {Animal(a).name.lower(): n for a, n in
                                              sorted(result.defender_losses[0].items())}
    assert report["loot"] == Resources().as_dict()  # nothing to loot in a wild oasis
    assert (report["defender_village"]["x"], report["defender_village"]["y"]) == (
        square.x, square.y)
    # The herd's survivors are stored as of the battle (respawn restarts from them).
    stored = db(fast_stack, "SELECT animals, extract(epoch FROM fought_at)::bigint FROM "
                            "village.oases WHERE x = :x AND y = :y", **target)
    survivors = {str(a): n for a, n in result.defender_survivors[0].items() if n}
    assert [tuple(r) for r in stored] == [(survivors, at)]
    back = {u: n - result.attacker_losses[u] for u, n in army.items()}
    assert wait_for(lambda: not movements(client, p, p["village"])["incoming"])
    troops = village(client, p)["troops"]
    assert {u: troops.get(U(u).name.lower(), 0) for u in army} == back

    # The hero alone attacks what is left there (and what grew back meanwhile); with a
    # hero's mansion at 10 (one oasis), a won attack that empties it annexes it.
    assert wait_for(lambda: hero_of(client, p)["status"] == "home")
    give(fast_stack, p["village"], buildings={20: (B.HERO_MANSION, 10)})
    fought = at
    sent = send(client, p, target, "attack", {}, hero=True)
    report = wait_report(client, fast_stack, p, sent["id"])
    at = int(seconds(report["at"]))
    herd = oases.animals_at(oases.OasisState(
        x=square.x, y=square.y, oasis_type=square.oasis_type, at=fought, fought_at=fought,
        animals={Animal(int(a)): n for a, n in survivors.items()}), at, SEED, SPEED)
    alone = Hero(strength_points=10, off_bonus_points=5, def_bonus_points=5,
                 health=report["attacker"]["hero"]["health_before"])
    battle = Battle(attacker=Army(Tribe.GAULS, {}, hero=alone),
                    defenders=[Army(None, {int(a): n for a, n in herd.items()})],
                    defender_tribe=None, kind="attack", stock=Resources(),
                    seed=uuid.UUID(sent["id"]).int)
    result = resolve(battle)
    assert report["attacker"]["sent"] == {} and report["winner"] == result.winner
    assert report["defenders"][0]["lost"] == {Animal(a).name.lower(): n for a, n in
                                              sorted(result.defender_losses[0].items())}
    mine = hero_rules.battle_outcomes(battle, result)[0]
    assert report["attacker"]["hero"] == hero_result(mine)
    emptied = not any(result.defender_survivors[0].values())
    owner = db(fast_stack, "SELECT owner_village_id::text FROM village.oases WHERE x = :x "
                           "AND y = :y", **target)[0][0]
    assert owner == (p["village"] if emptied and not mine.died else None)
    if owner:  # its bonus joins the village's production from the battle on
        shown = client.get("/api/v1/map", params={**target, "radius": 0},
                           headers=p["headers"]).json()["squares"][0]
        assert shown["oasis_owner_village_id"] == p["village"]


def far_oasis(x: int, y: int, at_least: int) -> world.Square:
    """An oasis at least ``at_least`` fields away (so an army is seen on the road)."""
    for sq in world.window(SEED, x + at_least, y, 4):
        if sq.kind == "oasis" and distance(x, y, sq.x, sq.y) >= at_least:
            return sq
    raise AssertionError("no oasis found")


def test_troops_away_eat_from_home_and_are_listed(client: httpx.Client,
                                                  fast_stack: Stack) -> None:
    """Crop upkeep by hand: a legionnaire eats 1/h, a clubswinger 1/h; the consumption is
    the population plus every unit of the village at home or on the road, and the
    reinforcements stationed in it (not its own stationed elsewhere)."""
    a = register(client, "romans")
    d = register(client, "teutons")
    give(fast_stack, a["village"], buildings={39: (B.RALLY_POINT, 1)},
         units={U.LEGIONNAIRE: 100})
    give(fast_stack, d["village"], units={U.CLUBSWINGER: 7})

    def eaten(p: dict) -> tuple[int, int]:
        v = village(client, p)
        return v["production"]["crop_consumption"], v["population"]

    consumption, population = eaten(a)
    assert consumption == population + 100
    # 1. 30 legionnaires on a long raid (about 40 s away at 6 fields/h x 1000): they still
    # eat from home; recalled, they eat from home on the way back too.
    sq = far_oasis(a["x"], a["y"], 70)
    sent = send(client, a, {"x": sq.x, "y": sq.y}, "raid", {"1": 30})
    consumption, population = eaten(a)
    assert consumption == population + 100  # 70 at home + 30 on the road
    troops = client.get(f"/api/v1/villages/{a['village']}/troops", headers=a["headers"])
    assert troops.status_code == 200, troops.text
    away = troops.json()["elsewhere"]
    assert [(t["kind"], t["units"], t["x"], t["y"], t["arrives_at"]) for t in away] == [
        ("raid", {"legionnaire": 30}, sq.x, sq.y, sent["arrives_at"])]
    recalled = client.post(f"/api/v1/combat/movements/{sent['id']}/recall",
                           headers=a["headers"])
    assert recalled.status_code == 200, recalled.text
    consumption, population = eaten(a)
    assert consumption == population + 100
    kinds = [t["kind"] for t in client.get(f"/api/v1/villages/{a['village']}/troops",
                                           headers=a["headers"]).json()["elsewhere"]]
    assert kinds in (["return"], [])  # [] once they are home again
    assert wait_for(lambda: village(client, a)["troops"].get("legionnaire") == 100)

    # 2. 25 legionnaires reinforce D: while stationed they eat from D, not from home.
    sent = send(client, a, d, "reinforce", {"1": 25})
    assert wait_for(lambda: movements(client, d, d["village"])["here"])
    consumption, population = eaten(a)
    assert consumption == population + 75
    consumption, population = eaten(d)
    assert consumption == population + 7 + 25
    here = client.get(f"/api/v1/villages/{d['village']}/troops", headers=d["headers"]).json()
    assert [(t["kind"], t["units"], t["village_id"], t["arrives_at"]) for t in here["here"]
            ] == [("reinforcement", {"legionnaire": 25}, a["village"], None)]
    there = client.get(f"/api/v1/villages/{a['village']}/troops", headers=a["headers"]).json()
    assert [(t["kind"], t["units"], t["village_id"], t["arrives_at"])
            for t in there["elsewhere"]] == [
        ("reinforcement", {"legionnaire": 25}, d["village"], None)]


@pytest.fixture(scope="module")
def protected_stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[Stack]:
    run = Stack(servers, new_run_id(), tmp_path_factory.mktemp("protected"),
                extra_env={"GAME_SPEED": str(SPEED), "BEGINNER_PROTECTION_HOURS": "1000"})
    run.start()
    yield run
    run.stop()


def test_the_village_and_the_map_show_when_protection_ends(protected_stack: Stack) -> None:
    """1000 hours / GAME_SPEED 1000 = 3600 s from the account's first village."""
    with httpx.Client(base_url=protected_stack.gateway_url, timeout=30) as client:
        p = register(client, "gauls")
        (created,) = db(protected_stack, "SELECT floor(extract(epoch FROM created_at))::bigint "
                                         "FROM village.villages WHERE id = :v", v=p["village"])[0]
        ends = created + 3600

        def shown() -> tuple[str | None, str | None]:
            v = village(client, p)
            squares = client.get("/api/v1/map", params={"x": p["x"], "y": p["y"],
                                                        "radius": 0}, headers=p["headers"])
            assert squares.status_code == 200, squares.text
            return v["protection_ends_at"], squares.json()["squares"][0]["village"][
                "protection_ends_at"]

        on_village, on_map = shown()
        assert on_village == on_map and int(seconds(on_village)) == ends
        # Ending it early (the owner attacked someone) removes it from both.
        db(protected_stack, "INSERT INTO village.protection_ended VALUES (:o, now())",
           o=p["id"])
        assert shown() == (None, None)


def test_an_owned_oasis_is_taken_by_attacks_with_the_hero_and_its_bonus_changes_hands(
        client: httpx.Client, fast_stack: Stack) -> None:
    """RULES.md section 15: O owns one oasis, so it takes d = 3 won attacks with a living
    hero, each lowering its loyalty (regenerating by O's mansion level per hour x speed) by
    33; below 99 / 3 it becomes A's. O gets every report; O's production loses the bonus
    exactly at the battle that took it, A's gains it then."""
    from services.village import usecases_oasis
    from services.village.usecases import Config
    from tests.e2e.test_hero import in_service

    o = register(client, "teutons")
    sq = next(s for s in world.window(SEED, o["x"], o["y"], oases.REACH) if s.kind == "oasis"
              and not db(fast_stack, "SELECT 1 FROM village.oases WHERE x = :x AND y = :y",
                         x=s.x, y=s.y))
    square = {"x": sq.x, "y": sq.y}
    give(fast_stack, o["village"], buildings={20: (B.HERO_MANSION, 10)}, stock=0)
    emptied_at = int(seconds(village(client, o)["settled_at"]))
    in_service(fast_stack, lambda u: usecases_oasis.record_fight(  # its animals killed
        u.conn, Config(world_seed=SEED, speed=SPEED), sq.x, sq.y, {}, emptied_at))
    annexed = client.post(f"/api/v1/villages/{o['village']}/oases/annex", headers=o["headers"],
                          json=square)
    assert annexed.status_code == 200, annexed.text
    for _ in range(12):  # the next capitals of the spiral lie around O's
        a = register(client, "gauls")
        if oases.in_reach((a["x"], a["y"]), (sq.x, sq.y)):
            break
    assert oases.in_reach((a["x"], a["y"]), (sq.x, sq.y))
    give(fast_stack, a["village"], buildings={39: (B.RALLY_POINT, 1)})
    hire(client, fast_stack, a)
    give(fast_stack, a["village"], buildings={20: (B.HERO_MANSION, 10)})
    row = db(fast_stack, "SELECT stock_wood, stock_clay, stock_iron, stock_crop, "
                         "extract(epoch FROM settled_at)::bigint FROM village.villages "
                         "WHERE id = :v", v=o["village"])[0]
    loyalty, taken = 100, False
    for wave in range(6):
        assert wait_for(lambda: hero_of(client, a)["status"] == "home")
        sent = send(client, a, square, "attack", {}, hero=True)
        report = wait_report(client, fast_stack, a, sent["id"])
        assert report["winner"] == "attacker" and not report["attacker"]["hero"]["died"]
        before, after = report["loyalty_before"], report["loyalty_after"]
        assert loyalty <= before <= 100  # regenerated since the last wave, at most 100
        assert after == before - 33
        assert report["conquered"] == (after * 3 < 99), (wave, report)
        assert wait_report(client, fast_stack, o, sent["id"])["role"] == "defender"
        loyalty = after
        if report["conquered"]:
            taken = True
            lost_at = int(seconds(report["at"]))
            break
    assert taken and wave == 2  # the regeneration between waves is a few points
    owner = db(fast_stack, "SELECT owner_village_id::text, loyalty FROM village.oases "
                           "WHERE x = :x AND y = :y", **square)[0]
    assert tuple(owner) == (a["village"], 100)
    shown = client.get("/api/v1/map", params={**square, "radius": 0},
                       headers=a["headers"]).json()["squares"][0]
    assert shown["oasis_owner_village_id"] == a["village"]
    # O's stock: the bonus until the battle's instant, none after (its row was not written).
    ov = village(client, o)
    buildings = every_building(ov)
    with_bonus = fields_production(buildings, sq.oasis_bonus)
    plain = fields_production(buildings, Resources())
    assert {k: ov["production"][k] for k in ("wood", "clay", "iron", "crop")} == plain
    now, settled = int(seconds(ov["settled_at"])), row[4]
    eaten = ov["production"]["crop_consumption"]
    for name, start in zip(("wood", "clay", "iron", "crop"), row[:4], strict=True):
        used = eaten if name == "crop" else 0
        gained = ((with_bonus[name] - used) * (lost_at - settled)
                  + (plain[name] - used) * (now - lost_at))
        assert ov["resources"][name] == (start + gained) // 3600, name
    av = village(client, a)
    assert {k: av["production"][k] for k in ("wood", "clay", "iron", "crop")} == \
        fields_production(every_building(av), sq.oasis_bonus, hero=True)


def every_building(v: dict) -> dict:
    """Position -> (type, level), the fields at level 0 too (they produce)."""
    return {b["position"]: (B[b["building_type"].upper()], b["level"]) for b in v["buildings"]}


def fields_production(buildings: dict, bonus: Resources, hero: bool = False) -> dict:
    from rules.travian.fields import village_production
    out = village_production(buildings, bonus, speed=SPEED).as_dict()
    if hero:  # A's hero at home: 3 of each per resources point and 6 crop
        extra = hero_rules.output(POINTS)
        out = {k: v + extra.as_dict()[k] * SPEED for k, v in out.items()}
    return out
