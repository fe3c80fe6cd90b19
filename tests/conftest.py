"""Shared fixtures: the servers, one real stack per test session, an HTTP client."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.stack import Servers, Stack, new_run_id


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    started = Servers.start()
    yield started
    started.stop()


@pytest.fixture(scope="session")
def stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole suite on free ports against a fresh database and NATS prefix."""
    # Rankings, the tactics save purge, auth's purge of expired rows and combat's
    # housekeeping every 2 s instead of hourly/daily, so tests see the periodic jobs end to end.
    run = Stack(servers, new_run_id(), tmp_path_factory.mktemp("stack"),
                extra_env={"SCHEDULER_EXTRA_JOBS": "test.rankings:village:rankings:2,"
                           "test.save-retention:tactics:purge_old_saves:2,"
                           "test.auth-purge:auth:purge_expired:2,"
                           "test.combat-housekeeping:combat:housekeeping:2"})
    run.start()
    yield run
    run.stop()


@pytest.fixture(scope="session")
def fast_stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A second suite at GAME_SPEED 1000 with two village replicas, for the village game's
    timed completions."""
    run = Stack(servers, new_run_id(), tmp_path_factory.mktemp("fast"),
                extra_env={"GAME_SPEED": "1000"}, replicas={"village": 2})
    run.start()
    yield run
    run.stop()


@pytest.fixture
def client(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def unique_name(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


@pytest.fixture
def player(client: httpx.Client) -> dict:
    """A registered, signed-in player: {id, username, password, token, headers}."""
    name = unique_name()
    password = "correct horse battery"
    reg = client.post("/api/v1/auth/register", json={
        "username": name, "email": f"{name}@example.com", "password": password,
        "tribe": "romans"})
    assert reg.status_code == 201, reg.text
    login = client.post("/api/v1/auth/login", data={"username": name, "password": password})
    assert login.status_code == 200, login.text
    token = login.json()["access_token"]
    return {"id": reg.json()["id"], "username": name, "password": password, "token": token,
            "headers": {"Authorization": f"Bearer {token}"}}
