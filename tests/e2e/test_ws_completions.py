"""A real completion reaches the socket: upgrade a field at GAME_SPEED 1000 and the
village service's VillageUpdated (outbox -> NATS -> every gateway) arrives as
building_complete with the instant it completed. Whichever applies the completion first
(the scheduler's timer or a write, which settles under the row lock) publishes it; the test
makes a second upgrade after complete_at so it does not depend on the timer alone."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime

import httpx
import websockets

from tests.e2e.test_ws_realtime import new_player, recv_type, ws_url
from tests.stack import Stack


def test_upgrade_completion_arrives_as_building_complete(fast_stack: Stack) -> None:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as client:
        p = new_player(client)

        async def scenario() -> None:
            async with websockets.connect(ws_url(fast_stack.gateway_url, p["token"])) as ws:
                await recv_type(ws, "connected")
                await ws.send(json.dumps({"type": "subscribe_village",
                                          "village_id": p["village"]}))
                await recv_type(ws, "subscribed")
                up = await asyncio.to_thread(
                    client.post, f"/api/v1/villages/{p['village']}/buildings/woodcutter/upgrade",
                    params={"position": 1}, headers=p["headers"])
                assert up.status_code == 200, up.text
                due = datetime.fromisoformat(up.json()["complete_at"].replace("Z", "+00:00"))
                await asyncio.sleep(max(0.0, due.timestamp() - time.time()) + 1)
                again = await asyncio.to_thread(
                    client.post, f"/api/v1/villages/{p['village']}/buildings/woodcutter/upgrade",
                    params={"position": 3}, headers=p["headers"])
                assert again.status_code == 200, again.text
                frame = await recv_type(ws, "village_update", timeout=60)
                data = frame["data"]
                assert frame["village_id"] == p["village"]
                assert data["event"] == "building_complete"
                assert (data["position"], data["building_type"], data["level"]) == (
                    1, "woodcutter", 1)
                at = datetime.fromisoformat(data["at"].replace("Z", "+00:00"))
                assert at == due

        asyncio.run(scenario())
