"""An AI turn over its budget answers 503 AI_TIMEOUT and applies nothing."""

from __future__ import annotations

import time

import httpx

from deploy import local
from tests.stack import Stack


def test_ai_turn_over_budget_is_503_and_rolls_back(stack: Stack, player: dict) -> None:
    tactics_port, gateway_port = local.free_port(), local.free_port()
    slow = stack.add_process("tactics-tight-budget", "services.tactics", {
        "SERVICE_NAME": "tactics", "GRPC_LISTEN": f"127.0.0.1:{tactics_port}",
        "AI_TURN_BUDGET_MS": "0.001"})
    gateway = stack.add_process("gateway-tight-budget", "gateway", {
        "GATEWAY_PORT": str(gateway_port), "TACTICS_GRPC_ADDR": f"127.0.0.1:{tactics_port}"})
    try:
        url = f"http://127.0.0.1:{gateway_port}"
        local.wait_healthy(url, 60, [slow, gateway])
        with httpx.Client(base_url=url, timeout=30) as client:
            game = client.post("/api/v1/games", json={}, headers=player["headers"]).json()
            resp = client.post(f"/api/v1/games/{game['id']}/end-turn", json={},
                               headers=player["headers"])
            assert resp.status_code == 503 and resp.json()["code"] == "AI_TIMEOUT"
            state = client.get(f"/api/v1/games/{game['id']}/state",
                               headers=player["headers"]).json()
            assert state["game"]["turnNo"] == 1
            assert state == game["state"]
            saves = client.get(f"/api/v1/games/{game['id']}/saves",
                               headers=player["headers"]).json()
            assert saves["autosaves"] == []
    finally:
        for proc in (gateway, slow):
            proc.stop()
        deadline = time.monotonic() + 10
        while (slow.alive() or gateway.alive()) and time.monotonic() < deadline:
            time.sleep(0.1)
