"""No unit is made or lost outside a battle (ANCHORS R1): a burst of arrivals (raids,
attacks, reinforcements, then the survivors' returns) at ten villages through two village
and two combat replicas, one village replica killed with SIGKILL in the middle of it.
Afterwards every battle has exactly one report, and for every player the units at home,
on the way and stationed plus those lost in reports equal what there was before.

The same stack has beginner's protection on (1000 h / GAME_SPEED 1000 = 1 h): a protected
player cannot be attacked, and attacking someone ends one's own protection.

Size: 600 arrivals due within 3 s (plus their returns); bench/bench_arrivals.py runs
the 2,000 of the issue and prints the rate."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import httpx
import pytest

from rules.travian.ids import BuildingType as B
from rules.travian.ids import UnitType as U
from tests.e2e.war_world import burst, db, give, register, total_units, wait_for
from tests.stack import Servers, Stack, new_run_id

ARRIVALS = 600


@pytest.fixture(scope="module")
def war_stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    run = Stack(servers, new_run_id(), tmp_path_factory.mktemp("war"),
                extra_env={"GAME_SPEED": "1000", "TIMER_ACK_WAIT_SECONDS": "3",
                           # an hour of beginner's protection (the burst bypasses it)
                           "BEGINNER_PROTECTION_HOURS": "1000"},
                replicas={"village": 2, "combat": 2})
    run.start()
    yield run
    run.stop()


def test_units_are_conserved_through_a_burst_and_a_killed_replica(war_stack: Stack) -> None:
    with httpx.Client(base_url=war_stack.gateway_url, timeout=30) as client:
        attackers = [register(client, "romans") for _ in range(4)]
        defenders = [register(client, "teutons") for _ in range(6)]
    for p in attackers:
        give(war_stack, p["village"], buildings={39: (B.RALLY_POINT, 1)},
             units={U.LEGIONNAIRE: 2000}, stock=800)
    for p in defenders:
        give(war_stack, p["village"], buildings={39: (B.RALLY_POINT, 1)},
             units={U.CLUBSWINGER: 500}, stock=800)
    before = total_units(war_stack)
    start = int(time.time()) + 4
    ids = burst(war_stack, attackers, defenders, ARRIVALS, start, 3)
    battles = set(db(war_stack, "SELECT id::text FROM village.movements WHERE "
                                "mission IN ('raid', 'attack')"))
    # Kill one village replica while the burst is being applied.
    assert wait_for(lambda: db(war_stack, "SELECT count(*) FROM village.movements WHERE "
                                          "state <> 'moving'")[0][0] >= ARRIVALS // 5,
                    timeout=60, every=0.05)
    victim = war_stack.proc("village-1")
    os.kill(victim.popen.pid, signal.SIGKILL)
    victim.popen.wait(10)
    settled = wait_for(lambda: db(war_stack, "SELECT count(*) FROM village.movements "
                                             "WHERE state = 'moving'")[0][0] == 0,
                       timeout=300, every=0.5)
    assert settled, db(war_stack, "SELECT count(*) FROM village.movements WHERE "
                                  "state = 'moving'")
    assert len(ids) == ARRIVALS
    done = db(war_stack, "SELECT id::text, report_id::text FROM village.movements WHERE "
                         "mission IN ('raid', 'attack')")
    assert {i for i, _ in done} == {i for (i,) in battles}
    assert all(r == i for i, r in done), "every battle points at its own report"
    reports = {r for (r,) in db(war_stack, "SELECT id::text FROM combat.reports")}
    assert reports == {i for i, _ in done}
    assert db(war_stack, "SELECT count(*) FROM combat.reports")[0][0] == len(done)
    assert total_units(war_stack) == before


def test_beginners_protection_refuses_and_ends_when_its_owner_attacks(
        war_stack: Stack) -> None:
    with httpx.Client(base_url=war_stack.gateway_url, timeout=30) as client:
        a, d = register(client, "romans"), register(client, "teutons")
        give(war_stack, a["village"], buildings={39: (B.RALLY_POINT, 1)},
             units={U.LEGIONNAIRE: 20})
        give(war_stack, d["village"], buildings={39: (B.RALLY_POINT, 1)},
             units={U.CLUBSWINGER: 20})

        def attack(p: dict, target: dict) -> httpx.Response:
            return client.post("/api/v1/combat/attack", headers=p["headers"], json={
                "from_village_id": p["village"], "to": {"x": target["x"], "y": target["y"]},
                "movement_type": "raid",
                "units": {{"romans": "1", "teutons": "11"}[p["tribe"]]: 1}})

        a["tribe"], d["tribe"] = "romans", "teutons"
        refused = attack(a, d)
        assert refused.status_code == 400 and refused.json()["code"] == "BEGINNER_PROTECTION"
        assert refused.json()["details"]["protected_until"]
        # No troops to or from other players, and resources are received but not sent.
        give(war_stack, a["village"], buildings={19: (B.MARKETPLACE, 1)}, stock=800)
        helping = client.post("/api/v1/combat/attack", headers=a["headers"], json={
            "from_village_id": a["village"], "to": {"x": d["x"], "y": d["y"]},
            "movement_type": "reinforce", "units": {"1": 1}})
        trading = client.post(f"/api/v1/villages/{a['village']}/merchants/send",
                              headers=a["headers"],
                              json={"to_village_id": d["village"], "resources": {"wood": 10}})
        for resp in (helping, trading):
            assert resp.status_code == 400 and resp.json()["code"] == "BEGINNER_PROTECTION", (
                resp.text)
        # The knob: D's protection already ended (as if D had attacked someone).
        db(war_stack, "INSERT INTO village.protection_ended VALUES (:o, now())", o=d["id"])
        assert attack(a, d).status_code == 201  # ...and A's own protection ends with it
        assert attack(d, a).status_code == 201
        sent = client.post(f"/api/v1/villages/{a['village']}/merchants/send",
                           headers=a["headers"],
                           json={"to_village_id": d["village"], "resources": {"wood": 10}})
        assert sent.status_code == 201, sent.text
