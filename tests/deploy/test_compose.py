"""deploy/compose.yaml against the Compose specification, and the image built and started
wherever a Docker daemon answers."""

from __future__ import annotations

import copy
import shutil
import subprocess
import time
import urllib.request

import pytest

from services.runtime.config import SERVICES
from tests.deploy import validate

COMPOSE = validate.DEPLOY / "compose.yaml"


def test_compose_file_is_valid_and_has_the_whole_cluster() -> None:
    doc = validate.load(COMPOSE)
    validate.compose(doc)
    services = doc["services"]
    assert {"postgres", "nats", "gateway", "envoy", *SERVICES} <= set(services)
    assert services["village"]["deploy"]["replicas"] == 2
    assert services["auth"]["deploy"]["replicas"] == 2
    assert "-js" in services["nats"]["command"]
    for name in (*SERVICES, "gateway"):
        assert services[name]["read_only"] is True
        assert services[name]["user"] == "10001:10001"


@pytest.mark.parametrize("mutate", [
    lambda d: d["services"]["auth"]["deploy"].update(replicas="two"),
    lambda d: d["services"]["village"].update(restrat="always"),
    lambda d: d["services"]["gateway"].update(read_only="yes"),
], ids=["replicas-not-a-number", "misspelt-key", "bool-as-text"])
def test_a_broken_field_fails_validation(mutate) -> None:
    doc = copy.deepcopy(validate.load(COMPOSE))
    mutate(doc)
    with pytest.raises(ValueError):
        validate.compose(doc)


def test_dockerfile_is_pinned_non_root_and_health_checked() -> None:
    text = (validate.ROOT / "Dockerfile").read_text()
    base = next(line for line in text.splitlines() if line.startswith("FROM "))
    assert ":" in base and "latest" not in base, "the base image must be pinned"
    assert "USER 10001" in text
    assert "HEALTHCHECK" in text


def _docker_ok() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


@pytest.mark.slow
def test_compose_builds_and_serves_through_envoy() -> None:
    if not _docker_ok():
        pytest.skip("no Docker daemon answers here: the image is not built or started")
    base = ["docker", "compose", "-f", str(COMPOSE), "-p", "palisade-test"]
    subprocess.run([*base, "up", "-d", "--build", "--wait"], check=True, timeout=900)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen("http://127.0.0.1:10000/health", timeout=3) as r:
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
    finally:
        subprocess.run([*base, "down", "-v"], timeout=300)
