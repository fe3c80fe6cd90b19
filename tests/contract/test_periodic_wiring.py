"""One periodic mechanism: every job the scheduler fires has a handler in its owner's
ServiceSpec, every service with a database gets housekeeping, and no service but the
scheduler (its firing and trigger loops) runs a background loop."""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path

import pytest

from services.runtime.config import Settings
from services.runtime.retention import HOUSEKEEPING
from services.runtime.server import Runtime, ServiceSpec
from services.scheduler.periodic import JOBS, SERVICES_WITH_DATABASE

SERVICES = Path(__file__).resolve().parents[2] / "services"


def spec(service: str) -> ServiceSpec:
    return importlib.import_module(f"services.{service}.__main__").SPEC


def runtime(service: str) -> Runtime:
    return Runtime(replace(Settings(), service=service))


def test_every_service_with_migrations_has_the_housekeeping_job() -> None:
    with_migrations = {p.parent.name for p in SERVICES.glob("*/migrations")}
    assert with_migrations == set(SERVICES_WITH_DATABASE)
    housekept = {j.owner for j in JOBS if j.kind == HOUSEKEEPING}
    assert housekept == set(SERVICES_WITH_DATABASE)


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.name)
def test_every_periodic_job_has_a_handler_in_its_owner(job) -> None:  # noqa: ANN001
    kinds = set(spec(job.owner).timers(runtime(job.owner))) | {HOUSEKEEPING}
    assert job.kind in kinds, f"{job.owner} handles no timer kind {job.kind!r}"


@pytest.mark.parametrize("service", [s for s in SERVICES_WITH_DATABASE if s != "scheduler"])
def test_no_service_runs_a_periodic_loop_of_its_own(service: str) -> None:
    assert spec(service).background(runtime(service)) == []
