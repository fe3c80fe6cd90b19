"""Oases through the gateway at GAME_SPEED 1000: the map shows an oasis's animals (the
generator's until touched, then the stored state at now), annexing needs the hero's
mansion slot and an emptied oasis (emptied here by the function the battle code calls,
run on the stack's database), and the bonus joins the village's production from the
annexation instant, exactly."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from rules.travian import oases, world
from rules.travian.fields import SUBUNITS, village_production
from rules.travian.ids import BuildingType
from services.village import usecases_oasis
from services.village.usecases import Config
from tests.e2e.test_hero import in_service
from tests.e2e.test_merchants import db, new_player, seconds, set_up
from tests.stack import Stack

R = SUBUNITS
HERO_MANSION = 27
SEED = world.DEFAULT_WORLD_SEED
CONFIG = Config(world_seed=SEED, speed=1000)


@pytest.fixture
def client(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def oasis_near(x: int, y: int) -> world.Square | None:
    for sq in world.window(SEED, x, y, oases.REACH):
        if sq.kind == "oasis":
            return sq
    return None


def test_annexing_an_emptied_oasis_adds_its_bonus_from_that_instant(
        client: httpx.Client, fast_stack: Stack) -> None:
    for _ in range(8):  # ~99 % of capitals have an oasis within 3 squares
        p = new_player(client, "teutons")
        sq = oasis_near(p["x"], p["y"])
        if sq is not None:
            break
    assert sq is not None
    h, url = p["headers"], f"/api/v1/villages/{p['village']}/oases/annex"
    square = {"x": sq.x, "y": sq.y}

    def on_map() -> dict:
        resp = client.get("/api/v1/map", params={**square, "radius": 0}, headers=h)
        assert resp.status_code == 200, resp.text
        return resp.json()["squares"][0]

    shown = on_map()
    assert shown["kind"] == "oasis" and shown["oasis_owner_village_id"] is None
    assert shown["animals"] == {a.name.lower(): n for a, n in sq.animals.items()}
    no_slot = client.post(url, headers=h, json=square)
    assert no_slot.status_code == 400 and no_slot.json()["code"] == "NO_OASIS_SLOT"
    set_up(fast_stack, p["village"], buildings={20: (HERO_MANSION, 10)}, stock=0)
    full = client.post(url, headers=h, json=square)
    assert full.status_code == 400 and full.json()["code"] == "OASIS_NOT_EMPTY"
    assert db(fast_stack, "SELECT count(*) FROM village.oases WHERE x = :x AND y = :y",
              **square)[0][0] == 0  # a refused annexation stores nothing

    # The battle that kills every animal (issue 10's battle code calls this).
    in_service(fast_stack, lambda u: usecases_oasis.record_fight(
        u.conn, CONFIG, sq.x, sq.y, {}, int(time.time())))
    assert on_map()["animals"] == {}

    before = client.get(f"/api/v1/villages/{p['village']}", headers=h).json()
    done = client.post(url, headers=h, json=square)
    assert done.status_code == 200, done.text
    annexed = done.json()
    assert annexed["owner_village_id"] == p["village"]
    assert annexed["bonus"] == sq.oasis_bonus.as_dict()
    at = seconds(annexed["annexed_at"])
    row = db(fast_stack, "SELECT stock_wood, stock_clay, stock_iron, stock_crop, settled_at "
                         "FROM village.villages WHERE id = :v", v=p["village"])[0]
    assert int(row.settled_at.timestamp()) == at  # settled at the old rates up to now
    assert on_map()["oasis_owner_village_id"] == p["village"]

    buildings = {b["position"]: (BuildingType[b["building_type"].upper()], b["level"])
                 for b in before["buildings"]}
    old = village_production(buildings, speed=1000)
    new = village_production(buildings, sq.oasis_bonus, speed=1000)
    assert new != old
    after = client.get(f"/api/v1/villages/{p['village']}", headers=h).json()
    assert {k: after["production"][k] for k in ("wood", "clay", "iron", "crop")} == \
        new.as_dict()
    # From the annexation on the stock grows at the new rates, exactly.
    dt = seconds(after["settled_at"]) - at
    consumption = after["production"]["crop_consumption"]
    for name, start in zip(("wood", "clay", "iron", "crop"), row[:4], strict=True):
        rate = new.as_dict()[name] - (consumption if name == "crop" else 0)
        assert after["resources"][name] == (start + rate * dt) // R, name

    again = client.post(url, headers=h, json=square)
    assert again.status_code == 422  # already this village's
    other = new_player(client, "romans")
    far = client.post(f"/api/v1/villages/{other['village']}/oases/annex",
                      headers=other["headers"], json=square)
    assert far.status_code == 400 and far.json()["code"] in ("OUT_OF_REACH", "NO_OASIS_SLOT")
    not_oasis = client.post(url, headers=h, json={"x": p["x"], "y": p["y"]})
    assert not_oasis.status_code == 422 and not_oasis.json()["code"] == "INVALID_INPUT"
