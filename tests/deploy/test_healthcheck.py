"""The image's HEALTHCHECK command (deploy/healthcheck.py) against the real stack: healthy
processes answer 0, a port nobody serves answers 1."""

from __future__ import annotations

import subprocess
import sys

from deploy import local
from tests.stack import Stack


def probe(env: dict[str, str]) -> int:
    return subprocess.run([sys.executable, "-m", "deploy.healthcheck"], env=env,
                          timeout=30).returncode


def test_healthcheck_passes_for_serving_processes_and_fails_otherwise(stack: Stack) -> None:
    village = stack.proc("village-1").env
    gateway_port = stack.gateway_url.rsplit(":", 1)[1]
    assert probe(dict(village, SERVICE_NAME="village")) == 0
    assert probe(dict(stack.env, SERVICE_NAME="gateway", GATEWAY_PORT=gateway_port)) == 0
    dead = str(local.free_port())
    assert probe(dict(village, SERVICE_NAME="village", GRPC_LISTEN=f"127.0.0.1:{dead}")) == 1
    assert probe(dict(stack.env, SERVICE_NAME="gateway", GATEWAY_PORT=dead)) == 1
