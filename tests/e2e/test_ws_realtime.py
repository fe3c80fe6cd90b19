"""GET /api/v1/ws on the real stack: auth, subscriptions, fan-out from NATS on every
gateway replica, logout closing the socket, and the slow-consumer bound."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from datetime import UTC, datetime

import httpx
import nats
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from deploy import local
from protos.common.v1 import common_pb2
from protos.village.v1 import village_events_pb2
from services.runtime.events import event_subject, make_envelope
from tests.conftest import unique_name
from tests.stack import Stack

SLOW_QUEUE = 16


def ws_url(base: str, token: str | None = None) -> str:
    url = base.replace("http://", "ws://") + "/api/v1/ws"
    return f"{url}?token={token}" if token else url


async def recv(ws, timeout: float = 30) -> dict:  # noqa: ANN001
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def recv_type(ws, kind: str, timeout: float = 30) -> dict:  # noqa: ANN001
    """The next frame of one type (skipping others, e.g. an earlier test's events)."""
    while True:
        frame = await recv(ws, timeout)
        if frame["type"] == kind:
            return frame


def new_player(client: httpx.Client) -> dict:
    name = unique_name("ws")
    password = "correct horse battery"
    reg = client.post("/api/v1/auth/register", json={
        "username": name, "email": f"{name}@example.com", "password": password,
        "tribe": "gauls"})
    assert reg.status_code == 201, reg.text
    login = client.post("/api/v1/auth/login", json={"username": name, "password": password})
    assert login.status_code == 200, login.text
    token = login.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    villages = client.get("/api/v1/villages", headers=headers)
    assert villages.status_code == 200, villages.text
    return {"id": reg.json()["id"], "token": token, "headers": headers,
            "session": login.cookies.get("session"), "village": villages.json()[0]["id"]}


def building_event(owner: str, village: str, level: int) -> bytes:
    event = village_events_pb2.VillageUpdated(
        village_id=village, owner_id=owner,
        building_complete=village_events_pb2.BuildingCompleted(
            building_id=str(uuid.uuid4()), position=1, level=level,
            building_type=common_pb2.BUILDING_TYPE_WOODCUTTER))
    event.at.FromDatetime(datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC))
    return make_envelope("village.village.updated", event, key=village).SerializeToString()


async def publish(stack: Stack, payloads: list[bytes], jetstream: bool = True) -> None:
    """As the outbox relay does: JetStream publish with the envelope id as Nats-Msg-Id."""
    nc = await nats.connect(stack.servers.nats_url)
    try:
        subject = event_subject(stack.prefix, "village.village.updated")
        if jetstream:
            js = nc.jetstream()
            for data in payloads:
                await js.publish(subject, data, headers={"Nats-Msg-Id": uuid.uuid4().hex})
        else:
            for data in payloads:
                await nc.publish(subject, data)
            await nc.flush()
    finally:
        await nc.close()


@pytest.fixture(scope="module")
def second_gateway(stack: Stack) -> str:
    """Another gateway replica of the same stack (small WebSocket queue for the bound test)."""
    port = local.free_port()
    proc = stack.add_process("gateway-ws2", "gateway", {
        "GATEWAY_PORT": str(port), "WS_QUEUE_FRAMES": str(SLOW_QUEUE)})
    url = f"http://127.0.0.1:{port}"
    local.wait_healthy(url, 90, [proc])
    return url


def test_greeting_by_token_and_by_cookie_and_refusal(stack: Stack, client: httpx.Client) -> None:
    p = new_player(client)

    async def scenario() -> None:
        async with websockets.connect(ws_url(stack.gateway_url, p["token"])) as ws:
            assert await recv(ws) == {"type": "connected", "user_id": p["id"]}
        cookie = {"Cookie": f"session={p['session']}"}
        async with websockets.connect(ws_url(stack.gateway_url),
                                      additional_headers=cookie) as ws:
            assert await recv(ws) == {"type": "connected", "user_id": p["id"]}
        for url, headers in ((ws_url(stack.gateway_url), {}),
                             (ws_url(stack.gateway_url, "not-a-token"), {}),
                             (ws_url(stack.gateway_url), {"Cookie": "session=nope"})):
            with pytest.raises(InvalidStatus) as err:
                async with websockets.connect(url, additional_headers=headers):
                    pass
            assert err.value.response.status_code == 401
            assert json.loads(err.value.response.body)["code"] == "UNAUTHENTICATED"
        with pytest.raises(InvalidStatus) as err:
            async with websockets.connect(ws_url(stack.gateway_url), additional_headers={
                    **cookie, "Origin": "https://evil.example"}):
                pass
        assert err.value.response.status_code == 403

    asyncio.run(scenario())


def test_subscribe_own_village_only_and_ping(stack: Stack, client: httpx.Client) -> None:
    me, other = new_player(client), new_player(client)

    async def scenario() -> None:
        async with websockets.connect(ws_url(stack.gateway_url, me["token"])) as ws:
            await recv_type(ws, "connected")
            await ws.send(json.dumps({"type": "ping"}))
            assert await recv(ws) == {"type": "pong"}
            await ws.send(json.dumps({"type": "subscribe_village", "village_id": me["village"]}))
            assert await recv(ws) == {"type": "subscribed", "village_id": me["village"]}
            await ws.send(json.dumps({"type": "subscribe_village",
                                      "village_id": other["village"]}))
            frame = await recv(ws)
            assert frame["type"] == "error" and frame["code"] == "VILLAGE_NOT_FOUND"
            await ws.send("not json")
            frame = await recv(ws)
            assert frame["type"] == "error" and frame["code"] == "INVALID_INPUT"
            await ws.send(json.dumps({"type": "unsubscribe_village",
                                      "village_id": me["village"]}))
            assert await recv(ws) == {"type": "unsubscribed", "village_id": me["village"]}

    asyncio.run(scenario())


def test_event_reaches_the_subscribed_owner_on_both_replicas_and_no_one_else(
        stack: Stack, client: httpx.Client, second_gateway: str) -> None:
    me, other = new_player(client), new_player(client)

    async def scenario() -> None:
        sockets = {}
        for name, base, player in (("mine1", stack.gateway_url, me),
                                   ("mine2", second_gateway, me),
                                   ("unsubscribed", stack.gateway_url, me),
                                   ("other", second_gateway, other)):
            ws = await websockets.connect(ws_url(base, player["token"]))
            await recv_type(ws, "connected")
            if name != "unsubscribed":
                await ws.send(json.dumps({"type": "subscribe_village",
                                          "village_id": player["village"]}))
                await recv_type(ws, "subscribed")
            sockets[name] = ws
        try:
            await publish(stack, [building_event(me["id"], me["village"], 3)])
            for name in ("mine1", "mine2"):
                frame = await recv_type(sockets[name], "village_update")
                assert frame == {"type": "village_update", "village_id": me["village"], "data": {
                    "event": "building_complete", "at": "2026-12-01T12:00:00Z",
                    "building_id": frame["data"]["building_id"], "position": 1,
                    "building_type": "woodcutter", "level": 3}}
            # the others got nothing: a ping's pong is their very next frame
            for name in ("unsubscribed", "other"):
                await sockets[name].send(json.dumps({"type": "ping"}))
                assert await recv(sockets[name]) == {"type": "pong"}
            # an event of another owner's village never reaches me even if ids collide
            await publish(stack, [building_event(other["id"], me["village"], 4),
                                  building_event(other["id"], other["village"], 5)])
            frame = await recv_type(sockets["other"], "village_update")
            assert frame["data"]["level"] == 5
            await sockets["mine1"].send(json.dumps({"type": "ping"}))
            assert await recv(sockets["mine1"]) == {"type": "pong"}
        finally:
            for ws in sockets.values():
                await ws.close()

    asyncio.run(scenario())


def test_logout_closes_the_socket_on_every_replica(stack: Stack, client: httpx.Client,
                                                   second_gateway: str) -> None:
    p = new_player(client)

    async def scenario() -> None:
        ws1 = await websockets.connect(ws_url(stack.gateway_url, p["token"]))
        ws2 = await websockets.connect(ws_url(second_gateway, p["token"]))
        await recv_type(ws1, "connected")
        await recv_type(ws2, "connected")
        out = await asyncio.to_thread(client.post, "/api/v1/auth/logout", headers=p["headers"])
        assert out.status_code in (200, 204), out.text
        for ws in (ws1, ws2):
            with pytest.raises(ConnectionClosed) as err:
                while True:
                    await recv(ws)
            assert err.value.rcvd is not None and err.value.rcvd.code == 1008
        with pytest.raises(InvalidStatus):
            async with websockets.connect(ws_url(second_gateway, p["token"])):
                pass

    asyncio.run(scenario())


def test_a_slow_consumer_is_dropped_not_buffered(stack: Stack, client: httpx.Client,
                                                 second_gateway: str) -> None:
    """A client that stops reading: its bounded queue fills and the gateway drops it.
    Without the bound it would get every frame and stay connected (the recv times out)."""
    p = new_player(client)
    flood = 20_000

    async def scenario() -> None:
        port = int(second_gateway.rsplit(":", 1)[1])
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port))
        ws = await websockets.connect(ws_url(second_gateway, p["token"]), sock=sock,
                                      max_queue=1)
        await recv_type(ws, "connected")
        await ws.send(json.dumps({"type": "subscribe_village", "village_id": p["village"]}))
        await recv_type(ws, "subscribed")
        await publish(stack, [building_event(p["id"], p["village"], i % 20 + 1)
                              for i in range(flood)], jetstream=False)
        received = 0
        with pytest.raises(ConnectionClosed):
            while True:
                frame = await recv(ws, timeout=60)
                received += frame["type"] == "village_update"
        assert received < flood

    asyncio.run(scenario())
