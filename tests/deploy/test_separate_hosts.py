"""Services on separate hosts: PostgreSQL + NATS in one Linux network namespace, each
service replica and the gateway in their own, joined by veth links to a bridge (inside a
switch namespace of its own) on 10.231.15.0/24. A player plays a village turn and a tactics
game through the gateway; then one village replica's host vanishes (processes killed,
namespace deleted) and the other keeps giving every new player a capital."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.runtime.config import DEFAULT_GRPC_PORTS
from tests.deploy import validate

NET = "10.231.15"
HOSTS = {"data": 2, "auth": 10, "village-1": 11, "village-2": 12, "combat": 13,
         "tactics": 14, "scheduler": 15, "gateway": 20, "client": 30}
TAG = f"p{os.getpid() % 10000}"


def ip(*args: str, ns: str | None = None) -> None:
    cmd = ["ip", "netns", "exec", ns, "ip", *args] if ns else ["ip", *args]
    subprocess.run(cmd, check=True, capture_output=True)


def ns_of(host: str) -> str:
    return f"{TAG}-{host}"


def addr(host: str) -> str:
    return f"{NET}.{HOSTS[host]}"


def pg_bin() -> Path:
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def skip_reason() -> str | None:
    if os.geteuid() != 0:
        return "separate-hosts test needs root (network namespaces): skipped"
    if shutil.which("ip") is None or shutil.which("runuser") is None:
        return "separate-hosts test needs iproute2 and runuser: skipped"
    return None


class Network:
    """The namespaces, links and processes; everything is removed at the end."""

    def __init__(self) -> None:
        self.procs: dict[str, subprocess.Popen] = {}
        self.made: list[str] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="palisade-hosts-"))

    def build(self) -> None:
        switch = f"{TAG}-sw"
        subprocess.run(["ip", "netns", "add", switch], check=True)
        self.made.append(switch)
        ip("link", "add", "br0", "type", "bridge", ns=switch)
        ip("link", "set", "br0", "up", ns=switch)
        for host, n in HOSTS.items():
            ns = ns_of(host)
            subprocess.run(["ip", "netns", "add", ns], check=True)
            self.made.append(ns)
            ip("link", "add", f"{TAG}h{n}", "type", "veth", "peer", "name", f"{TAG}b{n}")
            ip("link", "set", f"{TAG}h{n}", "netns", ns)
            ip("link", "set", f"{TAG}b{n}", "netns", switch)
            ip("link", "set", f"{TAG}b{n}", "master", "br0", ns=switch)
            ip("link", "set", f"{TAG}b{n}", "up", ns=switch)
            ip("link", "set", "lo", "up", ns=ns)
            ip("addr", "add", f"{NET}.{n}/24", "dev", f"{TAG}h{n}", ns=ns)
            ip("link", "set", f"{TAG}h{n}", "up", ns=ns)

    def run(self, name: str, host: str, argv: list[str], env: dict[str, str] | None = None,
            user: str | None = None) -> subprocess.Popen:
        prefix = ["ip", "netns", "exec", ns_of(host)]
        if user:
            prefix += ["runuser", "-u", user, "--"]
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(prefix + argv, env=env, cwd=validate.ROOT, stdout=log,
                                stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def kill_host(self, host: str) -> None:
        """Abrupt loss of a machine: SIGKILL its processes, then delete its namespace."""
        pids = subprocess.run(["ip", "netns", "pids", ns_of(host)], capture_output=True,
                              text=True).stdout.split()
        for pid in pids:
            try:
                os.kill(int(pid), 9)
            except ProcessLookupError:
                pass
        subprocess.run(["ip", "netns", "del", ns_of(host)], check=True)
        self.made.remove(ns_of(host))

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-1500:]
                         for p in sorted(self.tmp.glob("*.log")))

    def close(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        for ns in reversed(self.made):
            for pid in subprocess.run(["ip", "netns", "pids", ns], capture_output=True,
                                      text=True).stdout.split():
                try:
                    os.kill(int(pid), 9)
                except ProcessLookupError:
                    pass
            subprocess.run(["ip", "netns", "del", ns])
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_data(net: Network) -> None:
    """A fresh PostgreSQL (pgserver's binaries, run as nobody) and NATS JetStream on the
    data host's address."""
    data = net.tmp / "pg"
    data.mkdir()
    shutil.chown(data, "nobody", "nogroup")
    shutil.chown(net.tmp, "nobody", "nogroup")
    subprocess.run(["runuser", "-u", "nobody", "--", str(pg_bin() / "initdb"), "-D",
                    str(data), "-U", "postgres", "--auth=trust"], check=True,
                   capture_output=True)
    with open(data / "pg_hba.conf", "a") as hba:
        hba.write(f"host all all {NET}.0/24 trust\n")
    net.run("postgres", "data", [str(pg_bin() / "postgres"), "-D", str(data), "-h",
                                 addr("data"), "-p", "5432", "-k", str(data)], user="nobody")
    nats = Path(sys.executable).parent / "nats-server"
    net.run("nats", "data", [str(nats), "-js", "-a", addr("data"), "-p", "4222", "-sd",
                             str(net.tmp / "nats")])


def service_env(service: str, listen_host: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_GRPC_ADDR")}
    villages = ",".join(f"{addr(h)}:{DEFAULT_GRPC_PORTS['village']}"
                        for h in ("village-1", "village-2"))
    env.update(DATABASE_URL=f"postgresql://postgres@{addr('data')}:5432/postgres",
               NATS_URL=f"nats://{addr('data')}:4222", NATS_PREFIX=f"hosts{uuid.uuid4().hex[:6]}",
               RATE_LIMIT_MULTIPLIER="1000", SERVICE_NAME=service,
               SMTP_HOST=addr("data"), SMTP_PORT="8025",
               AUTH_GRPC_ADDR=f"{addr('auth')}:{DEFAULT_GRPC_PORTS['auth']}",
               VILLAGE_GRPC_ADDR=villages,
               COMBAT_GRPC_ADDR=f"{addr('combat')}:{DEFAULT_GRPC_PORTS['combat']}",
               TACTICS_GRPC_ADDR=f"{addr('tactics')}:{DEFAULT_GRPC_PORTS['tactics']}",
               SCHEDULER_GRPC_ADDR=f"{addr('scheduler')}:{DEFAULT_GRPC_PORTS['scheduler']}",
               GATEWAY_HOST=addr("gateway"), GATEWAY_PORT="8080", METRICS_LISTEN="")
    if service != "gateway":
        env["GRPC_LISTEN"] = f"{addr(listen_host)}:{DEFAULT_GRPC_PORTS[service]}"
    return env


def wait_pg(net: Network) -> None:
    deadline = time.monotonic() + 60
    while subprocess.run(["ip", "netns", "exec", ns_of("client"), str(pg_bin() / "pg_isready"),
                          "-h", addr("data"), "-p", "5432"], capture_output=True).returncode:
        assert time.monotonic() < deadline, net.logs()
        time.sleep(0.3)


def client(net: Network, phase: str, count: int) -> dict:
    out = subprocess.run(["ip", "netns", "exec", ns_of("client"), sys.executable, "-m",
                          "tests.deploy.hosts_client", f"http://{addr('gateway')}:8080",
                          phase, str(count)], cwd=validate.ROOT, capture_output=True, text=True,
                         timeout=240)
    assert out.returncode == 0, out.stdout + out.stderr[-3000:] + net.logs()
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def network() -> Iterator[Network]:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    net = Network()
    try:
        net.build()
        yield net
    finally:
        net.close()


def test_services_on_separate_hosts_survive_losing_a_village_replica(
        network: Network) -> None:
    start_data(network)
    wait_pg(network)
    prefix_env = service_env("auth", "auth")  # one NATS prefix for the whole cluster
    prefix = prefix_env["NATS_PREFIX"]
    for host in ("auth", "village-1", "village-2", "combat", "tactics", "scheduler"):
        service = host.split("-")[0]
        env = dict(service_env(service, host), NATS_PREFIX=prefix)
        network.run(host, host, [sys.executable, "-m", f"services.{service}"], env)
    network.run("gateway", "gateway", [sys.executable, "-m", "gateway"],
                dict(service_env("gateway", "gateway"), NATS_PREFIX=prefix))

    before = client(network, "play", 4)
    assert before["health"]["services"] == {s: "serving" for s in DEFAULT_GRPC_PORTS}
    assert before["capitals"] == [1, 1, 1, 1]
    assert before["tactics"]["status"] == "finished"

    network.kill_host("village-2")
    after = client(network, "register", 8)
    assert after["capitals"] == [1] * 8, "a player registered after the loss got no capital"
    assert network.procs["village-1"].poll() is None
