"""Identity benchmarks on a real local stack; prints figures, asserts nothing.

- login throughput through the gateway (argon2id-bound), beside in-process argon2id verifies;
- access-token verification throughput as the gateway does it (Ed25519 JWT + revoked
  set), beside a bare Ed25519 signature check;
- the gateway's added latency per authenticated request: GET /api/v1/auth/me through the
  gateway vs the direct gRPC GetMe call it makes, beside an HTTP round trip to a route
  that calls no service (GET /api/v1/auth/csrf).

Run: .venv/bin/python bench/bench_auth.py  (starts its own stack; DATABASE_URL/NATS_URL
are used when set, embedded servers otherwise).
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
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gateway.revocations import RevokedSessions  # noqa: E402
from protos.auth.v1 import auth_pb2, auth_pb2_grpc  # noqa: E402
from services.auth import passwords  # noqa: E402
from services.runtime.tokens import TokenVerifier  # noqa: E402
from tests.stack import Servers, Stack, new_run_id  # noqa: E402

USERS = 32
LOGINS = 256
CONCURRENCY = 16
SEQUENTIAL = 1000
VERIFY_N = 5000
PASSWORD = "correct horse battery"


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def line(name: str, value: str, baseline: str = "") -> None:
    print(f"{name:<52} {value:>18}   {baseline}")


async def bench_logins(client: httpx.AsyncClient, names: list[str]) -> None:
    sem = asyncio.Semaphore(CONCURRENCY)

    async def one(i: int) -> None:
        async with sem:
            resp = await client.post("/api/v1/auth/login",
                                     json={"username": names[i % len(names)],
                                           "password": PASSWORD})
            resp.raise_for_status()

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(LOGINS)))
    elapsed = time.perf_counter() - started
    stored = await passwords.hash_password(PASSWORD)
    base_started = time.perf_counter()
    for _ in range(20):
        await passwords.verify_password(stored, PASSWORD)
    per_verify = (time.perf_counter() - base_started) / 20
    line(f"login via gateway ({CONCURRENCY} concurrent)", f"{LOGINS / elapsed:,.0f} logins/s",
         f"baseline: argon2id verify in-process {1 / per_verify:,.0f}/s (one thread)")


def bench_verification(token: str, keys: dict[str, str]) -> None:
    verifier = TokenVerifier(keys)
    revoked = RevokedSessions()
    for i in range(1000):
        revoked.add(f"session-{i}")
    started = time.perf_counter()
    for _ in range(VERIFY_N):
        claims = verifier.verify(token)
        assert claims is not None and claims.session_id not in revoked
    rate = VERIFY_N / (time.perf_counter() - started)
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    message = token.rsplit(".", 1)[0].encode()
    signature = key.sign(message)
    started = time.perf_counter()
    for _ in range(VERIFY_N):
        public.verify(signature, message)
    base = VERIFY_N / (time.perf_counter() - started)
    line("access-token verification (JWT + revoked set)", f"{rate:,.0f} tokens/s",
         f"baseline: bare Ed25519 verify {base:,.0f}/s")


async def timed(fn, n: int) -> list[float]:  # noqa: ANN001
    for _ in range(50):
        await fn()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def bench_latency(client: httpx.AsyncClient, token: str, user_id: str,
                        auth_addr: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}

    async def via_gateway() -> None:
        (await client.get("/api/v1/auth/me", headers=headers)).raise_for_status()

    async def no_backend() -> None:
        (await client.get("/api/v1/auth/csrf")).raise_for_status()

    async with grpc.aio.insecure_channel(auth_addr) as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)

        async def direct() -> None:
            await stub.GetMe(auth_pb2.GetMeRequest(), metadata=(("x-user-id", user_id),),
                             timeout=5)

        grpc_ms = await timed(direct, SEQUENTIAL)
    http_ms = await timed(via_gateway, SEQUENTIAL)
    bare_ms = await timed(no_backend, SEQUENTIAL)
    for name, samples in (("GET /api/v1/auth/me via gateway", http_ms),
                          ("direct gRPC GetMe", grpc_ms),
                          ("GET /api/v1/auth/csrf (no service call)", bare_ms)):
        line(name, f"p50 {statistics.median(samples):.3f} ms",
             f"p99 {pct(samples, 0.99):.3f} ms  mean {statistics.fmean(samples):.3f} ms")
    added = statistics.median(http_ms) - statistics.median(grpc_ms)
    line("gateway added latency per authenticated request", f"{added:.3f} ms (p50)",
         "= /auth/me p50 - GetMe p50")


async def run(stack: Stack) -> None:
    auth_addr = stack.env["AUTH_GRPC_ADDR"].split(",")[0]
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=60,
                                 limits=httpx.Limits(max_connections=CONCURRENCY)) as client:
        names = [f"bench{new_run_id()}" for _ in range(USERS)]
        for name in names:
            (await client.post("/api/v1/auth/register", json={
                "username": name, "email": f"{name}@example.com", "password": PASSWORD,
                "tribe": "romans"})).raise_for_status()
        login = (await client.post("/api/v1/auth/login", json={
            "username": names[0], "password": PASSWORD})).json()
        me = (await client.get("/api/v1/auth/me", headers={
            "Authorization": f"Bearer {login['access_token']}"})).json()
        async with grpc.aio.insecure_channel(auth_addr) as channel:
            keys = await auth_pb2_grpc.AuthServiceStub(channel).GetPublicKeys(
                auth_pb2.GetPublicKeysRequest(), timeout=5)
        print(f"{'figure':<52} {'value':>18}   baseline (same run)")
        await bench_logins(client, names)
        bench_verification(login["access_token"], {k.kid: k.pem for k in keys.keys})
        await bench_latency(client, login["access_token"], me["id"], auth_addr)


def main() -> None:
    servers = Servers.start()
    stack = Stack(servers, new_run_id(), Path(tempfile.mkdtemp(prefix="palisade-bench-")),
                  extra_env={"RATE_LIMIT_MULTIPLIER": "1000000", "LOG_LEVEL": "WARNING"})
    try:
        stack.start()
        asyncio.run(run(stack))
    finally:
        stack.stop()
        servers.stop()


if __name__ == "__main__":
    main()
