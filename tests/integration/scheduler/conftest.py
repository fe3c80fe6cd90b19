"""The scheduler's own stack: its own NATS (restartable), 2 scheduler replicas and
2 replicas of the test consumer (consumer_app.py), on top of the usual suite."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from deploy import local
from tests.stack import Servers, Stack, new_run_id, tail_logs, wait_serving

CONSUMER_MODULE = "tests.integration.scheduler.consumer_app"
TICK_SECONDS = 2


@dataclass
class OwnNats:
    """An embedded nats-server on a free port that a test may restart (same port, same data)."""

    port: int
    data_dir: Path
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = local.embedded_nats(self.data_dir, self.port)
        local.wait_port(self.port, 15)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(15)


@pytest.fixture(scope="module")
def own_nats() -> Iterator[OwnNats]:
    tmp = Path(tempfile.mkdtemp(prefix="palisade-sched-nats-"))
    server = OwnNats(local.free_port(), tmp)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def sched_stack(servers: Servers, own_nats: OwnNats,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    log_dir = tmp_path_factory.mktemp("scheduler-stack")
    stack = Stack(Servers(servers.database_url, own_nats.url), new_run_id(), log_dir,
                  extra_env={"SCHEDULER_LEASE_SECONDS": "3", "TIMER_ACK_WAIT_SECONDS": "4",
                             "SCHEDULER_EXTRA_JOBS": f"test.tick:timertest:tick:{TICK_SECONDS}"},
                  replicas={"scheduler": 2})
    stack.start()
    try:
        for i in (1, 2):
            port = local.free_port()
            stack.add_process(f"timertest-{i}", CONSUMER_MODULE, {
                "SERVICE_NAME": "timertest", "GRPC_LISTEN": f"127.0.0.1:{port}",
                "REPLICA_NAME": f"timertest-{i}", "TIMERTEST_MARK_BATCHES": "1"})
            asyncio.run(wait_serving(f"127.0.0.1:{port}", 60))
    except Exception:
        print(tail_logs(log_dir))
        stack.stop()
        raise
    yield stack
    if any(not p.alive() for p in stack.plan.procs):
        print(tail_logs(log_dir))
    stack.stop()


async def db(stack: Stack) -> asyncpg.Connection:
    return await asyncpg.connect(stack.database_url)
