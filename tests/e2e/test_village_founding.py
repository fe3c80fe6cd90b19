"""The village game's long path through the gateway, on a world at GAME_SPEED 1,000,000:
the real upgrade path (main building, rally point, barracks, academy, blacksmith,
warehouse, granary, residence 10), academy research, training the researched unit, three
settlers, and founding a second village, with every completion (building, research,
training, the founding) arriving on the WebSocket.

Why that speed: GAME_SPEED divides every duration and multiplies production (the rules'
definition, any positive number). At 1,000,000 each build, research, training and the
settlers' walk takes its 1-second floor and production refills the storage within a
second, so the ~40 steps of the path take ~40 s instead of hours; the rules applied are
the same as at speed 1 (costs, prerequisites, queues, storage caps, expansion slots,
culture). The exact stock arithmetic is tested at GAME_SPEED 1000 (test_village_play.py),
where the stock does not refill at once."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from rules.travian.culture import cp_required
from rules.travian.movement import distance
from tests.conftest import unique_name
from tests.e2e.test_ws_realtime import recv_type, ws_url
from tests.stack import Servers, Stack, new_run_id

SPEED = 1_000_000
# The inner buildings the path needs, in order (position, building): academy needs main
# building 3 and barracks 3; the praetorian needs the blacksmith 1; a Roman settler costs
# up to 7,200 iron (warehouse 8 holds 7,800) and 5,500 crop (granary 7: 6,300); the
# residence needs main building 5 and trains settlers from level 10.
PATH = ([(26, "main_building")] * 2 + [(39, "rally_point")] + [(19, "barracks")] * 3
        + [(20, "academy"), (21, "blacksmith")] + [(22, "warehouse")] * 8
        + [(23, "granary")] * 7 + [(26, "main_building")] * 2 + [(24, "residence")] * 10)


@pytest.fixture(scope="module")
def rapid_stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    run = Stack(servers, new_run_id(), tmp_path_factory.mktemp("rapid"),
                extra_env={"GAME_SPEED": str(SPEED)})
    run.start()
    yield run
    run.stop()


def seconds(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def until(instant: float) -> None:
    """Sleep until just after ``instant`` (a completion's whole-second complete_at)."""
    time.sleep(max(0.0, instant - time.time()) + 0.05)


def retry_resources(send) -> httpx.Response:  # noqa: ANN001 - a request thunk
    """Send; while the stock is short (it refills within a second here), wait and resend."""
    deadline = time.time() + 20
    while True:
        resp = send()
        if resp.status_code != 400 or resp.json()["code"] != "INSUFFICIENT_RESOURCES" \
                or time.time() > deadline:
            return resp
        time.sleep(0.2)


def get(client: httpx.Client, path: str, h: dict) -> dict | list:
    resp = client.get(path, headers=h)
    assert resp.status_code == 200, (path, resp.status_code, resp.text)
    return resp.json()


def register(client: httpx.Client) -> dict:
    name, password = unique_name("f"), "correct horse battery"
    reg = client.post("/api/v1/auth/register", json={
        "username": name, "email": f"{name}@example.com", "password": password,
        "tribe": "romans"})
    assert reg.status_code == 201, reg.text
    login = client.post("/api/v1/auth/login", json={"username": name, "password": password})
    assert login.status_code == 200, login.text
    token = login.json()["access_token"]
    return {"token": token, "headers": {"Authorization": f"Bearer {token}"}}


def free_square_near(client: httpx.Client, h: dict, x: int, y: int) -> tuple[int, int]:
    squares = client.get("/api/v1/map", params={"x": x, "y": y, "radius": 3},
                         headers=h).json()["squares"]
    free = [s for s in squares if s["kind"] == "village" and s["village"] is None]
    assert free, "no free village square within 3 fields"
    nearest = min(free, key=lambda s: distance(x, y, s["x"], s["y"]))
    return nearest["x"], nearest["y"]


def play(client: httpx.Client, p: dict, subscribe) -> dict:  # noqa: ANN001, C901
    """The path; returns what it expects on the socket."""
    h = p["headers"]
    vid = get(client, "/api/v1/villages", h)[0]["id"]
    subscribe(vid)
    expected: dict = {"building_complete": [], "research_complete": [],
                      "training_complete": [], "village_founded": []}
    for position, building in PATH:
        # The level before the request (each upgrade is waited for): read after it, a
        # 1-second upgrade may already have completed.
        levels = {b["position"]: b["level"]
                  for b in get(client, f"/api/v1/villages/{vid}", h)["buildings"]}
        resp = retry_resources(lambda b=building, pos=position: client.post(
            f"/api/v1/villages/{vid}/buildings/{b}/upgrade", params={"position": pos},
            headers=h))
        assert resp.status_code == 200, (building, resp.text)
        expected["building_complete"].append((position, building, levels.get(position, 0) + 1))
        until(seconds(resp.json()["complete_at"]))
    v = get(client, f"/api/v1/villages/{vid}", h)
    levels = {b["building_type"]: b["level"] for b in v["buildings"] if b["position"] > 18}
    assert levels == {"main_building": 5, "rally_point": 1, "barracks": 3, "academy": 1,
                      "blacksmith": 1, "warehouse": 8, "granary": 7, "residence": 10}
    assert v["capacity"] == {"warehouse": 7800, "granary": 6300}

    # Not researched yet: the barracks refuses the praetorian; research it, then train one.
    early = client.post(f"/api/v1/villages/{vid}/troops/train",
                        json={"unit": "praetorian", "count": 1}, headers=h)
    assert early.status_code == 400 and early.json()["code"] == "RESEARCH_REQUIRED", early.text
    research = retry_resources(lambda: client.post(
        f"/api/v1/villages/{vid}/research", json={"unit": "praetorian"}, headers=h))
    assert research.status_code == 200, research.text
    assert research.json()["item"]["unit"] == "praetorian"
    expected["research_complete"].append("praetorian")
    until(seconds(research.json()["item"]["complete_at"]))
    assert "praetorian" in get(client, f"/api/v1/villages/{vid}", h)["researched"]
    trained = retry_resources(lambda: client.post(
        f"/api/v1/villages/{vid}/troops/train", json={"unit": "praetorian", "count": 1},
        headers=h))
    assert trained.status_code == 200, trained.text
    expected["training_complete"].append(("praetorian", 1))

    # Three settlers, one at a time (three at once cost more than the warehouse holds).
    last = 0.0
    for _ in range(3):
        settler = retry_resources(lambda: client.post(
            f"/api/v1/villages/{vid}/troops/train", json={"unit": "settler", "count": 1},
            headers=h))
        assert settler.status_code == 200, settler.text
        expected["training_complete"].append(("settler", 1))
        last = max(last, seconds(settler.json()["item"]["complete_at"]))
    until(last)
    home = get(client, f"/api/v1/villages/{vid}/troops", h)["home"]
    assert home == {"praetorian": 1, "settler": 3}, home

    v = get(client, f"/api/v1/villages/{vid}", h)
    assert v["culture_points"] >= cp_required(2, SPEED)
    x, y = free_square_near(client, h, v["x"], v["y"])
    found = client.post("/api/v1/villages/found", params={"x": x, "y": y}, headers=h)
    assert found.status_code == 200, found.text
    new_id = found.json()["village_id"]
    assert found.json()["coordinates"] == f"({x}|{y})"
    subscribe(new_id)
    expected["village_founded"].append((new_id, x, y))
    away = get(client, f"/api/v1/villages/{vid}/troops", h)
    assert away["home"] == {"praetorian": 1}
    assert [(e["kind"], e["units"], e["village_id"], e["x"], e["y"], e["arrives_at"])
            for e in away["elsewhere"]] == [
        ("founding", {"settler": 3}, new_id, x, y, found.json()["arrives_at"])]
    assert away["here"] == []
    being = get(client, f"/api/v1/villages/{new_id}", h)
    assert being["founding"] is True and (being["x"], being["y"]) == (x, y)
    until(seconds(found.json()["arrives_at"]))
    mine = get(client, "/api/v1/villages", h)
    assert [m["id"] for m in mine] == [vid, new_id] and not mine[1]["is_capital"]
    new = get(client, f"/api/v1/villages/{new_id}", h)
    assert new["founding"] is False and new["population"] > 0
    assert [b["level"] for b in new["buildings"] if b["position"] <= 18] == [0] * 18
    assert get(client, f"/api/v1/villages/{vid}/troops", h)["elsewhere"] == []
    return expected


def test_research_training_and_a_second_village_with_every_completion_on_the_socket(
        rapid_stack: Stack) -> None:
    with httpx.Client(base_url=rapid_stack.gateway_url, timeout=30) as client:
        p = register(client)

        async def scenario() -> None:
            frames: list[dict] = []
            async with websockets.connect(ws_url(rapid_stack.gateway_url, p["token"]),
                                          max_queue=None) as ws:
                await recv_type(ws, "connected")
                loop = asyncio.get_running_loop()

                def subscribe(village_id: str) -> None:
                    asyncio.run_coroutine_threadsafe(ws.send(json.dumps(
                        {"type": "subscribe_village", "village_id": village_id})), loop
                    ).result(10)
                    time.sleep(0.3)  # the reader below sees the "subscribed" answer

                want: list[int] = []  # how many updates to wait for, once known
                enough = asyncio.Event()

                async def reader() -> None:
                    with contextlib.suppress(ConnectionClosed):
                        while True:
                            frames.append(json.loads(await ws.recv()))
                            updates = sum(f["type"] == "village_update" for f in frames)
                            if want and updates >= want[0]:
                                enough.set()

                reading = asyncio.create_task(reader())
                expected = await asyncio.to_thread(play, client, p, subscribe)
                subscribed = [f["village_id"] for f in frames if f["type"] == "subscribed"]
                assert len(subscribed) == 2, frames
                want.append(sum(len(v) for v in expected.values()))
                if sum(f["type"] == "village_update" for f in frames) < want[0]:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(enough.wait(), 30)
                reading.cancel()
            updates = [f["data"] for f in frames if f["type"] == "village_update"]
            got = {
                "building_complete": [(d["position"], d["building_type"], d["level"])
                                      for d in updates if d["event"] == "building_complete"],
                "research_complete": [d["unit"] for d in updates
                                      if d["event"] == "research_complete"],
                "training_complete": sorted((d["unit"], d["count"]) for d in updates
                                             if d["event"] == "training_complete"),
                "village_founded": [(d["village_id"], d["x"], d["y"]) for d in updates
                                    if d["event"] == "village_founded"]}
            expected["training_complete"].sort()
            assert got == expected

        asyncio.run(scenario())
