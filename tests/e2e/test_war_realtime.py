"""The war on the WebSocket: the defender learns of an attack at once (its arrival time,
not the army), and at the arrival both players get troop_arrival and a new report."""

from __future__ import annotations

import asyncio
import json

import httpx
import websockets

from rules.travian.ids import BuildingType as B
from rules.travian.ids import UnitType as U
from tests.e2e.test_ws_realtime import recv_type, ws_url
from tests.e2e.war_world import give, register, send
from tests.stack import Stack


async def subscribed(url: str, village_id: str):  # noqa: ANN201
    ws = await websockets.connect(url)
    await recv_type(ws, "connected")
    await ws.send(json.dumps({"type": "subscribe_village", "village_id": village_id}))
    await recv_type(ws, "subscribed")
    return ws


async def updates(ws, n: int) -> list[dict]:  # noqa: ANN001
    return [(await recv_type(ws, "village_update", timeout=60))["data"] for _ in range(n)]


def test_incoming_attack_then_arrival_and_report_reach_both_players(fast_stack: Stack) -> None:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as client:
        a = register(client, "romans")
        d = register(client, "gauls")
        give(fast_stack, a["village"], buildings={39: (B.RALLY_POINT, 1)},
             units={U.LEGIONNAIRE: 20})

        async def scenario() -> None:
            wa = await subscribed(ws_url(fast_stack.gateway_url, a["token"]), a["village"])
            wd = await subscribed(ws_url(fast_stack.gateway_url, d["token"]), d["village"])
            try:
                sent = await asyncio.to_thread(send, client, a, d, "raid", {"1": 20})
                incoming = (await updates(wd, 1))[0]
                assert incoming["event"] == "incoming_attack"
                assert incoming["movement_id"] == sent["id"]
                assert incoming["arrives_at"] == sent["arrives_at"]
                assert incoming["mission"] == "raid"
                assert "units" not in incoming  # the arrival time, not the army
                for ws, role in ((wd, "defender"), (wa, "attacker")):
                    got = {u["event"]: u for u in await updates(ws, 2)}
                    assert got["report"]["report_id"] == sent["id"]
                    assert got["report"]["role"] == role
                    assert got["troop_arrival"]["movement_id"] == sent["id"]
                    assert got["troop_arrival"]["at"] == sent["arrives_at"]
            finally:
                await wa.close()
                await wd.close()

        asyncio.run(scenario())
