"""`make run`'s launcher end to end: embedded servers, health, restart keeps the world,
nothing left behind, replicas, and a dead service named by /health."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from deploy import local
from tests.conftest import unique_name

ROOT = Path(__file__).resolve().parents[2]


def start_launcher(data_dir: Path, gateway_port: int, grpc_base: int,
                   replicas: str = "") -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NATS_URL")}
    env.update(DATA_DIR=str(data_dir), GATEWAY_PORT=str(gateway_port),
               GRPC_BASE_PORT=str(grpc_base), REPLICAS=replicas, LOG_LEVEL="WARNING",
               RATE_LIMIT_MULTIPLIER="100")
    return subprocess.Popen([sys.executable, "-m", "deploy.local"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def wait_up(proc: subprocess.Popen, url: str, timeout: float = 60) -> float:
    """Until the launcher itself says the stack is up (its own health wait is over, so
    killing a process afterwards is not a start-up failure), then check /health."""
    started = time.monotonic()
    seen = []
    while time.monotonic() - started < timeout:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            assert line, "the launcher exited: " + "".join(seen)
            seen.append(line)
            if line.startswith("Palisade is up"):
                assert httpx.get(f"{url}/health", timeout=5).status_code == 200
                return time.monotonic() - started
    raise AssertionError(f"the launcher did not come up within {timeout} s: {''.join(seen)}")


def children_alive(pgid: int) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pgid,pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines()[1:] if line.split()[0] == str(pgid)]


def stop_launcher(proc: subprocess.Popen) -> str:
    pgid = os.getpgid(proc.pid)
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while children_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not children_alive(pgid), children_alive(pgid)
    return output


def pg_processes(data_dir: Path) -> list[str]:
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if str(data_dir) in line]


@pytest.mark.slow
def test_make_run_starts_everything_keeps_the_world_and_leaves_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = local.free_port()
    url = f"http://127.0.0.1:{port}"
    grpc_base = local.free_port() // 10 * 10
    name = unique_name()
    password = "secret-password"

    proc = start_launcher(data_dir, port, grpc_base)
    try:
        wait_up(proc, url)
        health = httpx.get(f"{url}/health").json()
        assert set(health["services"].values()) == {"serving"}
        reg = httpx.post(f"{url}/api/v1/auth/register", json={
            "username": name, "email": f"{name}@example.com", "password": password,
            "tribe": "gauls"})
        assert reg.status_code == 201, reg.text
    finally:
        output = stop_launcher(proc)
    assert "stopped" in output
    assert not pg_processes(data_dir), "the embedded PostgreSQL outlived the launcher"

    proc = start_launcher(data_dir, port, grpc_base)
    try:
        wait_up(proc, url)
        login = httpx.post(f"{url}/api/v1/auth/login",
                           data={"username": name, "password": password})
        assert login.status_code == 200, "the registered user did not survive a restart"
    finally:
        stop_launcher(proc)


@pytest.mark.slow
def test_replicas_share_the_load_and_a_dead_service_is_named(tmp_path: Path) -> None:
    port = local.free_port()
    url = f"http://127.0.0.1:{port}"
    grpc_base = local.free_port() // 10 * 10
    proc = start_launcher(tmp_path / "data", port, grpc_base, replicas="auth=2")
    try:
        wait_up(proc, url)
        replica_ports = [grpc_base, grpc_base + 100]
        for p in replica_ports:
            assert local.port_free(p) is False, f"auth replica on {p} is not listening"
        # Kill one auth replica: the other keeps serving, health stays 200.
        victim = find_pid(f"{grpc_base + 100}", "services.auth")
        os.kill(victim, signal.SIGKILL)
        time.sleep(0.5)
        for _ in range(6):
            name = unique_name()
            resp = httpx.post(f"{url}/api/v1/auth/register", json={
                "username": name, "email": f"{name}@example.com", "password": "secret123",
                "tribe": 1})
            assert resp.status_code == 201, resp.text
        assert httpx.get(f"{url}/health").status_code == 200
        # Kill the only combat process: /health answers 503 naming it.
        os.kill(find_pid(str(grpc_base + 2), "services.combat"), signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stdout.read()
            resp = httpx.get(f"{url}/health")
            if resp.status_code == 503:
                break
            time.sleep(0.3)
        assert resp.status_code == 503
        body = resp.json()
        assert body["services"]["combat"] == "not_serving"
        assert body["services"]["auth"] == "serving"
    finally:
        print(stop_launcher(proc))  # the launcher's own lines, shown when the test fails


def find_pid(port: str, module: str) -> int:
    """The pid of the service process whose GRPC_LISTEN ends with this port."""
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    for line in out.splitlines()[1:]:
        pid, _, args = line.strip().partition(" ")
        if module in args:
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if f"GRPC_LISTEN=127.0.0.1:{port}".encode() in environ:
                return int(pid)
    raise AssertionError(f"no {module} process listening on {port}")
