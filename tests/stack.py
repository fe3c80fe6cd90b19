"""The real stack for tests: every service as a process on free ports, a fresh database,
a unique NATS prefix. Uses DATABASE_URL / NATS_URL when set, embedded servers otherwise.

Each service connects as its own role (deploy/local.py's provisioning); ``database_url`` is
the admin URL tests use to look inside; the roles are dropped with the database."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import nats

from deploy import local
from services.runtime.config import SERVICES
from services.runtime.events import dead_letters_stream, events_stream, timers_stream


@dataclass
class Servers:
    """A PostgreSQL server URL (any database) and a NATS URL; embedded when not given."""

    database_url: str
    nats_url: str
    _cleanup: list = field(default_factory=list)

    @classmethod
    def start(cls) -> Servers:
        cleanup: list = []
        db = os.environ.get("DATABASE_URL", "")
        nats_url = os.environ.get("NATS_URL", "")
        if not db:
            tmp = Path(tempfile.mkdtemp(prefix="palisade-pg-"))
            db = local.embedded_postgres(tmp)
            cleanup.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
        if not nats_url:
            tmp = Path(tempfile.mkdtemp(prefix="palisade-nats-"))
            port = local.free_port()
            proc = local.embedded_nats(tmp, port)
            local.wait_port(port, 15)
            nats_url = f"nats://127.0.0.1:{port}"
            cleanup.append(lambda: (proc.terminate(), proc.wait(10),
                                    shutil.rmtree(tmp, ignore_errors=True)))
        return cls(db, nats_url, cleanup)

    def stop(self) -> None:
        for fn in reversed(self._cleanup):
            fn()


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def plain_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(plain_url(with_database(server_url, "postgres")))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(plain_url(with_database(server_url, "postgres")))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def delete_streams(nats_url: str, prefix: str) -> None:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for name in (events_stream(prefix), timers_stream(prefix),
                     dead_letters_stream(prefix)):
            try:
                await js.delete_stream(name)
            except Exception:  # noqa: BLE001 - already gone
                pass
    finally:
        await nc.close()


@dataclass
class Stack:
    """A running suite. ``env`` is what every process got; ``procs`` can be killed/restarted."""

    servers: Servers
    run_id: str
    log_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    replicas: dict[str, int] = field(default_factory=dict)
    plan: local.Plan | None = None
    gateway_url: str = ""
    # Roles provisioned for processes beyond the five services (e.g. a test owner service).
    extra_roles: list[str] = field(default_factory=list)

    @property
    def database_name(self) -> str:
        return f"palisade_test_{self.run_id}"

    @property
    def database_url(self) -> str:
        return plain_url(with_database(self.servers.database_url, self.database_name))

    @property
    def prefix(self) -> str:
        return f"t{self.run_id}"

    @property
    def env(self) -> dict[str, str]:
        return self.plan.env if self.plan else {}

    def start(self) -> None:
        asyncio.run(create_database(self.servers.database_url, self.database_name))
        base = dict(os.environ)
        base.update({
            "DATABASE_URL": self.database_url,
            "NATS_URL": self.servers.nats_url,
            "NATS_PREFIX": self.prefix,
            "DATA_DIR": str(self.log_dir / "data"),
            "LOG_LEVEL": "INFO",
            "RATE_LIMIT_MULTIPLIER": "1000",
            "SHUTDOWN_GRACE_SECONDS": "5",
            "BEGINNER_PROTECTION_HOURS": "0",  # test worlds: no beginner's protection
        })
        base.update(self.extra_env)
        ports = {name: [local.free_port() for _ in range(self.replicas.get(name, 1))]
                 for name in SERVICES}
        gateway_port = local.free_port()
        self.plan = local.plan(base, self.replicas, ports, gateway_port,
                               local.provision_roles(self.database_url))
        self.gateway_url = f"http://127.0.0.1:{gateway_port}"
        for proc in self.plan.procs:
            proc.start(self.log_dir)
        try:
            local.wait_healthy(self.gateway_url, 90, self.plan.procs)
        except Exception:
            self.stop()
            raise

    def proc(self, name: str) -> local.Proc:
        return next(p for p in self.plan.procs if p.name == name)

    def service_database_url(self, service: str) -> str:
        """The DATABASE_URL of ``service``'s own role (provisioned on first use)."""
        if service not in self.plan.database_urls:
            self.plan.database_urls.update(local.provision_roles(self.database_url, (service,)))
            self.extra_roles.append(service)
        return self.plan.database_urls[service]

    def add_process(self, name: str, module: str, env: dict[str, str]) -> local.Proc:
        """Start another process of the stack (an extra replica, a second gateway...); a
        service gets its own role's DATABASE_URL, the gateway none."""
        penv = {**self.env, **env}
        service = penv.get("SERVICE_NAME") or module.removeprefix("services.")
        if module != "gateway" and "DATABASE_URL" not in env:
            penv["DATABASE_URL"] = self.service_database_url(service)
        proc = local.Proc(name, [local.sys.executable, "-m", module], penv)
        proc.start(self.log_dir)
        self.plan.procs.append(proc)
        return proc

    def stop(self) -> None:
        if self.plan:
            local.stop_all(self.plan.procs, grace=10)
        asyncio.run(drop_database(self.servers.database_url, self.database_name))
        local.drop_roles(plain_url(with_database(self.servers.database_url, "postgres")),
                         self.database_name, (*SERVICES, *self.extra_roles))
        asyncio.run(delete_streams(self.servers.nats_url, self.prefix))


def new_run_id() -> str:
    return uuid.uuid4().hex[:10]


def tail_logs(log_dir: Path, lines: int = 40) -> str:
    out = []
    for path in sorted(log_dir.glob("*.log")):
        text = subprocess.run(["tail", f"-n{lines}", str(path)], capture_output=True,
                              text=True).stdout
        out.append(f"== {path.name}\n{text}")
    return "\n".join(out)


async def wait_serving(address: str, timeout: float) -> None:
    """Until the gRPC health service at ``address`` answers SERVING."""
    import time

    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    deadline = time.monotonic() + timeout
    async with grpc.aio.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            try:
                reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=1)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.aio.AioRpcError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(f"{address} not SERVING within {timeout} s")
