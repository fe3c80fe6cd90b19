"""The player's side of tests/deploy/test_separate_hosts.py, run inside the client's own
network namespace: `python -m tests.deploy.hosts_client GATEWAY_URL PHASE COUNT`.
Prints one JSON line with what it saw."""

from __future__ import annotations

import json
import sys
import time
import uuid

import httpx


def register(client: httpx.Client) -> dict:
    """Register and sign in a new player; return its capital as GET /api/v1/villages shows."""
    name = "h" + uuid.uuid4().hex[:10]
    resp = client.post("/api/v1/auth/register", json={
        "username": name, "email": f"{name}@example.com", "password": "secret123",
        "tribe": "gauls"})
    assert resp.status_code == 201, resp.text
    token = client.post("/api/v1/auth/login", json={"username": name, "password": "secret123"}
                        ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    villages = client.get("/api/v1/villages", headers=headers)
    assert villages.status_code == 200, villages.text
    capitals = [v for v in villages.json() if v["is_capital"]]
    return {"user": name, "headers": headers, "capitals": len(capitals)}


def play_tactics(client: httpx.Client, headers: dict) -> dict:
    """A whole tactics game, the scripted human against the AI (as the e2e test plays it)."""
    from rules.tactics.scripted import scripted_human_actions
    from tests.e2e.test_tactics_full_game import MAX_ROUNDS, SEED, post_action
    from tests.tactics_http import state_from_projection

    created = client.post("/api/v1/games", json={"settings": {"seed": SEED}}, headers=headers)
    assert created.status_code == 201, created.text
    game_id, state = created.json()["id"], created.json()["state"]
    human = next(p["id"] for p in state["participants"] if p["kind"] == "human")
    while state["game"]["status"] == "active" and state["game"]["turnNo"] <= MAX_ROUNDS:
        for action in scripted_human_actions(state_from_projection(state, rng_seed=SEED),
                                             human):
            state = post_action(client, game_id, headers, action)
            if state["game"]["status"] != "active":
                break
    return {"status": state["game"]["status"], "turns": state["game"]["turnNo"]}


def main() -> None:
    url, phase, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    out: dict = {}
    with httpx.Client(base_url=url, timeout=30) as client:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = client.get("/health")
                if health.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("gateway never healthy")
            time.sleep(0.5)
        out["health"] = health.json()
        players = [register(client) for _ in range(count)]
        out["capitals"] = [p["capitals"] for p in players]
        if phase == "play":
            out["tactics"] = play_tactics(client, players[0]["headers"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
