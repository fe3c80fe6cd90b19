"""Tactics through the real stack: GET /games/{id}/state and end-turn throughput.

Prints each figure beside same-run baselines: the same read as a direct gRPC call to the
tactics service (what the gateway adds), and a bare gRPC health round trip (the floor of
any call on this machine). Run: .venv/bin/python bench/bench_tactics_http.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from protos.tactics.v1 import tactics_pb2, tactics_pb2_grpc  # noqa: E402
from tests.stack import Servers, Stack, new_run_id  # noqa: E402

CONCURRENCY = 16
READS = 2000
END_TURNS = 200


async def timed(label: str, count: int, make_call) -> float:  # noqa: ANN001
    """Run `count` calls with CONCURRENCY in flight; print and return calls per second."""
    latencies: list[float] = []
    queue = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)

    async def worker() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            started = time.perf_counter()
            await make_call(i)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    latencies.sort()
    print(f"{label:<44} {rate:8.0f}/s  p50 {statistics.median(latencies) * 1000:6.2f} ms"
          f"  p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:6.2f} ms")
    return rate


async def main(stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=60) as http:
        name = f"bench{new_run_id()}"
        await http.post("/api/v1/auth/register", json={
            "username": name, "email": f"{name}@example.com", "password": "password1",
            "tribe": 1})
        login = await http.post("/api/v1/auth/login",
                                json={"username": name, "password": "password1"})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        user_id = (await http.get("/api/v1/auth/me", headers=headers)).json()["id"]
        games = [(await http.post("/api/v1/games", json={}, headers=headers)).json()["id"]
                 for _ in range(CONCURRENCY)]

        addr = stack.env["TACTICS_GRPC_ADDR"]
        async with grpc.aio.insecure_channel(addr) as channel:
            health = health_pb2_grpc.HealthStub(channel)
            tactics = tactics_pb2_grpc.TacticsServiceStub(channel)
            await timed("baseline: bare gRPC health round trip", READS,
                        lambda i: health.Check(health_pb2.HealthCheckRequest()))
            direct = await timed("GetGameState, direct gRPC", READS,
                                 lambda i: tactics.GetGameState(
                                     tactics_pb2.GameRef(game_id=games[i % len(games)]),
                                     metadata=(("x-user-id", user_id),)))
        gateway = await timed("GET /games/{id}/state through the gateway", READS,
                              lambda i: http.get(f"/api/v1/games/{games[i % len(games)]}/state",
                                                 headers=headers))
        print(f"{'gateway share of a state read':<44} {direct / gateway:8.2f}x slower than "
              "direct gRPC")

        async def end_turn(i: int) -> None:
            gid = games[i % len(games)]
            resp = await http.post(f"/api/v1/games/{gid}/end-turn", json={}, headers=headers)
            if resp.status_code == 200 and resp.json()["state"]["game"]["status"] != "active":
                games[i % len(games)] = (await http.post("/api/v1/games", json={},
                                                         headers=headers)).json()["id"]

        await timed("POST /games/{id}/end-turn (AI turn included)", END_TURNS, end_turn)


if __name__ == "__main__":
    servers = Servers.start()
    stack = Stack(servers, new_run_id(), Path(tempfile.mkdtemp(prefix="bench-tactics-")),
                  extra_env={"RATE_LIMIT_MULTIPLIER": "100000", "LOG_LEVEL": "WARNING",
                             "TACTICS_MAX_ACTIVE_GAMES": "100000"})
    stack.start()
    try:
        asyncio.run(main(stack))
    finally:
        stack.stop()
        servers.stop()
