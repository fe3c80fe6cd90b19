"""The one service bootstrap: SIGTERM turns health NOT_SERVING, finishes in-flight calls,
exits 0 within the grace period."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import grpc
import pytest

from deploy import local
from tests.stack import Servers, delete_streams, plain_url, wait_serving

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.asyncio(loop_scope="session")
async def test_sigterm_drains_and_exits_cleanly(servers: Servers, scratch_db: str) -> None:
    port = local.free_port()
    prefix = f"sd{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DATABASE_URL=plain_url(scratch_db), NATS_URL=servers.nats_url,
               NATS_PREFIX=prefix, GRPC_LISTEN=f"127.0.0.1:{port}",
               SERVICE_NAME="combat", SHUTDOWN_GRACE_SECONDS="5")
    proc = subprocess.Popen([sys.executable, "-m", "services.combat"], cwd=ROOT, env=env,  # noqa: ASYNC220
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        await wait_serving(f"127.0.0.1:{port}", 30)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(proc.wait, 15)
        assert code == 0
        assert time.monotonic() - started < 10
        log = proc.stderr.read().decode()
        assert '"msg": "stopping"' in log and '"msg": "stopped"' in log
        assert "Traceback" not in log
    finally:
        if proc.poll() is None:
            proc.kill()
        await delete_streams(servers.nats_url, prefix)


@pytest.mark.asyncio(loop_scope="session")
async def test_every_service_serves_health_and_reflection(servers: Servers,
                                                          scratch_db: str) -> None:
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    port = local.free_port()
    prefix = f"rf{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DATABASE_URL=plain_url(scratch_db), NATS_URL=servers.nats_url,
               NATS_PREFIX=prefix, GRPC_LISTEN=f"127.0.0.1:{port}",
               SERVICE_NAME="scheduler")
    proc = subprocess.Popen([sys.executable, "-m", "services.scheduler"], cwd=ROOT,  # noqa: ASYNC220
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await wait_serving(f"127.0.0.1:{port}", 30)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)

            async def ask():  # noqa: ANN202
                yield reflection_pb2.ServerReflectionRequest(list_services="")

            async for reply in stub.ServerReflectionInfo(ask()):
                names = {s.name for s in reply.list_services_response.service}
                break
        assert {"palisade.scheduler.v1.SchedulerService", "grpc.health.v1.Health"} <= names
    finally:
        proc.terminate()
        await asyncio.to_thread(proc.wait, 15)
        await delete_streams(servers.nats_url, prefix)
