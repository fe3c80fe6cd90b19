"""Fixtures for integration tests: a fresh scratch database per test module."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from services.runtime.config import sqlalchemy_url
from tests.stack import (
    Servers,
    create_database,
    drop_database,
    new_run_id,
    plain_url,
    with_database,
)


@pytest.fixture(scope="module")
def scratch_db(servers: Servers) -> Iterator[str]:
    """A SQLAlchemy URL of a database created for this module and dropped after it."""
    name = f"palisade_scratch_{new_run_id()}"
    asyncio.run(create_database(servers.database_url, name))
    yield sqlalchemy_url(plain_url(with_database(servers.database_url, name)))
    asyncio.run(drop_database(servers.database_url, name))
