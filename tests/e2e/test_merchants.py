"""Merchants through the gateway at GAME_SPEED 1000 (two village replicas): the stock
leaves at once, the target receives exactly what the rules give at the arrival instant,
exactly once (a repeated timer and a later write change nothing), merchants come back,
the target's owner gets merchants_arrived on the WebSocket.

Buildings and stocks are set up in the database (a marketplace would take minutes of
building at this speed); everything measured goes through the gateway and the services."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
import pytest
import sqlalchemy as sa
import websockets
from sqlalchemy.ext.asyncio import create_async_engine

from protos.events.v1 import events_pb2
from protos.village.v1 import village_events_pb2
from rules.travian.fields import SUBUNITS
from services.runtime.config import sqlalchemy_url
from tests.conftest import unique_name
from tests.e2e.test_village_play import _extra_wake_up
from tests.e2e.test_ws_realtime import recv_type, ws_url
from tests.stack import Stack

R = SUBUNITS


@pytest.fixture
def client(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def seconds(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def db(stack: Stack, sql: str, **params: object) -> list:
    async def run() -> list:
        engine = create_async_engine(sqlalchemy_url(stack.database_url))
        try:
            async with engine.begin() as conn:
                result = await conn.execute(sa.text(sql), params)
                return list(result.all()) if result.returns_rows else []
        finally:
            await engine.dispose()

    return asyncio.run(run())


def new_player(client: httpx.Client, tribe: str) -> dict:
    name = unique_name("m")
    password = "correct horse battery"
    reg = client.post("/api/v1/auth/register", json={
        "username": name, "email": f"{name}@example.com", "password": password,
        "tribe": tribe})
    assert reg.status_code == 201, reg.text
    login = client.post("/api/v1/auth/login", data={"username": name, "password": password})
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    village = client.get("/api/v1/villages", headers=headers).json()[0]
    return {"id": reg.json()["id"], "headers": headers, "village": village["id"],
            "x": village["x"], "y": village["y"], "token": login.json()["access_token"]}


def set_up(stack: Stack, village: str, *, buildings: dict[int, tuple[int, int]],
           stock: int) -> int:
    """Buildings {position: (type, level)} and every stock at ``stock`` as of a whole
    second now (what a long game would have built). Returns that second."""
    at = int(time.time())
    for position, (btype, level) in buildings.items():
        db(stack, "INSERT INTO village.buildings (village_id, position, id, building_type, "
                  "level) VALUES (:v, :p, :i, :t, :l) ON CONFLICT (village_id, position) DO "
                  "UPDATE SET building_type = :t, level = :l",
           v=village, p=position, i=str(uuid.uuid4()), t=btype, l=level)
    db(stack, "UPDATE village.villages SET stock_wood = :s, stock_clay = :s, stock_iron = :s, "
              "stock_crop = :s, settled_at = :at WHERE id = :v",
       s=stock * R, at=datetime.fromtimestamp(at, UTC), v=village)
    return at


def merchant_events(stack: Stack, village: str) -> list[village_events_pb2.VillageUpdated]:
    out = []
    for (data,) in db(stack, "SELECT data FROM village.outbox WHERE subject LIKE "
                             "'%.village.village.updated' ORDER BY seq"):
        msg = village_events_pb2.VillageUpdated()
        events_pb2.Envelope.FromString(data).payload.Unpack(msg)
        if msg.village_id == village and msg.WhichOneof("change") == "merchants_arrived":
            out.append(msg)
    return out


MARKETPLACE, WAREHOUSE = 15, 10


def test_merchants_carry_exactly_once_and_come_back(client: httpx.Client,
                                                    fast_stack: Stack) -> None:
    a, b = new_player(client, "romans"), new_player(client, "gauls")
    set_up(fast_stack, a["village"], buildings={19: (MARKETPLACE, 1)}, stock=800)
    start_b = set_up(fast_stack, b["village"], buildings={}, stock=0)
    send = client.post(f"/api/v1/villages/{a['village']}/merchants/send", headers=a["headers"],
                       json={"to": {"x": b["x"], "y": b["y"]},
                             "resources": {"wood": 300, "clay": 100, "iron": 0, "crop": 50}})
    assert send.status_code == 201, send.text
    trip = send.json()
    assert trip["merchants"] == 1 and trip["to_village_id"] == b["village"]
    sent, arrives, returns = (seconds(trip[k]) for k in ("sent_at", "arrives_at", "returns_at"))
    assert returns - arrives == arrives - sent > 0
    # The stock dropped at the send instant, exactly (it was full: 800 each).
    row = db(fast_stack, "SELECT stock_wood, stock_clay, stock_iron, stock_crop, settled_at "
                         "FROM village.villages WHERE id = :v", v=a["village"])[0]
    assert row[:4] == (500 * R, 700 * R, 800 * R, 750 * R)
    assert int(row.settled_at.timestamp()) == sent
    # One merchant (marketplace 1, 500 each): a second load waits for its return.
    again = client.post(f"/api/v1/villages/{a['village']}/merchants/send",
                        headers=a["headers"], json={"to_village_id": b["village"],
                                                    "resources": {"wood": 1}})
    if time.time() < returns - 0.5:
        assert again.status_code == 400 and again.json()["code"] == "NOT_ENOUGH_MERCHANTS"
    listed = client.get(f"/api/v1/villages/{a['village']}/merchants", headers=a["headers"])
    assert listed.status_code == 200 and listed.json()["total"] == 1
    incoming = client.get(f"/api/v1/villages/{b['village']}/merchants", headers=b["headers"])
    if time.time() < arrives - 0.5:
        assert [t["id"] for t in incoming.json()["incoming"]] == [trip["id"]]

    # The target's timer applies the delivery at the arrival instant.
    deadline = time.time() + 30
    while not merchant_events(fast_stack, b["village"]) and time.time() < deadline:
        time.sleep(0.2)
    events = merchant_events(fast_stack, b["village"])
    assert len(events) == 1 and events[0].merchants_arrived.trip_id == trip["id"]
    assert events[0].at.seconds == arrives and events[0].owner_id == b["id"]
    assert (events[0].merchants_arrived.wood, events[0].merchants_arrived.crop) == (300, 50)
    done = db(fast_stack, "SELECT delivered_at FROM village.deliveries WHERE id = :i",
              i=trip["id"])[0]
    assert int(done.delivered_at.timestamp()) == arrives

    # B's stock: production since the set-up (rates per hour = sub-units per second) plus
    # the load, exactly (a Gaul capital at speed 1000 makes 12000/h of wood, far below 800).
    prod = client.get(f"/api/v1/villages/{b['village']}/production", headers=b["headers"]).json()
    row = db(fast_stack, "SELECT stock_wood, stock_clay, stock_iron, stock_crop, settled_at "
                         "FROM village.villages WHERE id = :v", v=b["village"])[0]
    elapsed = int(row.settled_at.timestamp()) - start_b
    assert row.stock_wood == prod["wood_production"] * elapsed + 300 * R
    assert row.stock_clay == prod["clay_production"] * elapsed + 100 * R
    assert row.stock_iron == prod["iron_production"] * elapsed
    assert row.stock_crop == prod["net_crop"] * elapsed + 50 * R

    # A repeated, late timer and a later write apply nothing more.
    asyncio.run(_extra_wake_up(fast_stack, b["village"], f"again:{trip['id']}"))
    assert client.put(f"/api/v1/villages/{b['village']}", json={"name": "Rich"},
                      headers=b["headers"]).status_code == 200
    time.sleep(1.5)
    assert len(merchant_events(fast_stack, b["village"])) == 1
    view = client.get(f"/api/v1/villages/{b['village']}", headers=b["headers"]).json()
    now = seconds(view["settled_at"])
    assert view["resources"]["wood"] == (prod["wood_production"] * (now - start_b)
                                         + 300 * R) // R

    # Back home: the merchant can go again.
    while time.time() < returns + 0.2:
        time.sleep(0.1)
    later = client.post(f"/api/v1/villages/{a['village']}/merchants/send",
                        headers=a["headers"], json={"to_village_id": b["village"],
                                                    "resources": {"iron": 10}})
    assert later.status_code == 201, later.text


def test_merchant_refusals_in_the_contracts_shape(client: httpx.Client,
                                                  fast_stack: Stack) -> None:
    a, b = new_player(client, "teutons"), new_player(client, "romans")
    url = f"/api/v1/villages/{a['village']}/merchants/send"
    body = {"to_village_id": b["village"], "resources": {"wood": 10}}
    no_market = client.post(url, headers=a["headers"], json=body)
    assert no_market.status_code == 400 and no_market.json()["code"] == "BUILDING_REQUIRED"
    set_up(fast_stack, a["village"], buildings={19: (MARKETPLACE, 1)}, stock=800)
    cases = [
        ({"to_village_id": b["village"], "resources": {"wood": 900}}, 400,
         "INSUFFICIENT_RESOURCES"),
        ({"to_village_id": b["village"], "resources": {"wood": 800, "clay": 201}}, 400,
         "NOT_ENOUGH_MERCHANTS"),  # Teutons carry 1000 per merchant
        ({"to_village_id": a["village"], "resources": {"wood": 1}}, 422, "INVALID_INPUT"),
        ({"to_village_id": str(uuid.uuid4()), "resources": {"wood": 1}}, 404,
         "VILLAGE_NOT_FOUND"),
        ({"to": {"x": b["x"], "y": b["y"]}, "to_village_id": b["village"],
          "resources": {"wood": 1}}, 422, "INVALID_INPUT"),
        ({"to_village_id": b["village"], "resources": {}}, 422, "INVALID_INPUT"),
        ({"to_village_id": b["village"], "resources": {"wood": -1}}, 422, "INVALID_INPUT"),
    ]
    for payload, status, code in cases:
        resp = client.post(url, headers=a["headers"], json=payload)
        assert resp.status_code == status and resp.json()["code"] == code, (payload, resp.text)
        assert set(resp.json()) >= {"code", "message"}
    other = client.post(f"/api/v1/villages/{b['village']}/merchants/send",
                        headers=a["headers"], json=body)
    assert other.status_code == 404


def test_the_target_owner_gets_merchants_arrived_on_the_websocket(
        client: httpx.Client, fast_stack: Stack) -> None:
    a, b = new_player(client, "gauls"), new_player(client, "teutons")
    set_up(fast_stack, a["village"], buildings={19: (MARKETPLACE, 1)}, stock=800)

    async def scenario() -> None:
        async with websockets.connect(ws_url(fast_stack.gateway_url, b["token"])) as ws:
            await recv_type(ws, "connected")
            await ws.send(json.dumps({"type": "subscribe_village", "village_id": b["village"]}))
            await recv_type(ws, "subscribed")
            sent = await asyncio.to_thread(
                client.post, f"/api/v1/villages/{a['village']}/merchants/send",
                headers=a["headers"], json={"to_village_id": b["village"],
                                            "resources": {"clay": 120}})
            assert sent.status_code == 201, sent.text
            frame = await recv_type(ws, "village_update", timeout=60)
            data = frame["data"]
            assert frame["village_id"] == b["village"]
            assert data["event"] == "merchants_arrived" and data["trip_id"] == sent.json()["id"]
            assert data["clay"] == 120 and seconds(data["at"]) == seconds(
                sent.json()["arrives_at"])

    asyncio.run(scenario())


def test_two_villages_sending_to_each_other_at_once_never_deadlock(
        client: httpx.Client, fast_stack: Stack) -> None:
    """Each send locks its own village and inserts rows referencing the other: the row
    lock is FOR NO KEY UPDATE, so the foreign-key checks never wait for it."""
    a, b = new_player(client, "romans"), new_player(client, "romans")
    for p in (a, b):
        set_up(fast_stack, p["village"], buildings={19: (MARKETPLACE, 20)}, stock=800)

    def send(i: int) -> httpx.Response:
        src, dst = (a, b) if i % 2 else (b, a)
        with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
            return c.post(f"/api/v1/villages/{src['village']}/merchants/send",
                          headers=src["headers"],
                          json={"to_village_id": dst["village"], "resources": {"wood": 10}})

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(24)))
    assert all(r.status_code == 201 for r in answers), [r.text for r in answers
                                                        if r.status_code != 201]


def test_a_repeated_send_with_one_idempotency_key_sends_once(client: httpx.Client,
                                                             fast_stack: Stack) -> None:
    a, b = new_player(client, "teutons"), new_player(client, "gauls")
    set_up(fast_stack, a["village"], buildings={19: (MARKETPLACE, 5)}, stock=800)
    headers = {**a["headers"], "Idempotency-Key": f"send-{uuid.uuid4()}"}
    body = {"to_village_id": b["village"], "resources": {"wood": 200}}
    url = f"/api/v1/villages/{a['village']}/merchants/send"
    first = client.post(url, headers=headers, json=body)
    second = client.post(url, headers=headers, json=body)
    assert first.status_code == second.status_code == 201, second.text
    assert first.json()["id"] == second.json()["id"]
    assert second.headers.get("Idempotent-Replayed") == "true"
    trips = db(fast_stack, "SELECT count(*) FROM village.merchant_trips "
                           "WHERE from_village_id = :v", v=a["village"])[0][0]
    assert trips == 1
    row = db(fast_stack, "SELECT stock_wood FROM village.villages WHERE id = :v",
             v=a["village"])[0]
    assert row.stock_wood == 600 * R
