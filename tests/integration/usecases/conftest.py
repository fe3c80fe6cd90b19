"""Use-case tests: the use cases called directly (no gRPC, no HTTP) against the real
PostgreSQL, each test inside one transaction that is rolled back after it.

One database per test session gets every service's migrations; a test takes ``conn``
(a connection with an open outer transaction) and ``uow(service)``: a unit of work whose
``transaction()`` is a SAVEPOINT on that connection, so a use case commits (releases)
or rolls back its own writes as in production, and nothing outlives the test. That is
SQLAlchemy's "join an external transaction" recipe (``join_transaction_mode=
"create_savepoint"`` for sessions), done on the Core connection the services use.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from services.runtime import migrate
from services.runtime.config import SERVICES, sqlalchemy_url
from services.runtime.db import Database, Joined
from tests.stack import (
    Servers,
    create_database,
    drop_database,
    new_run_id,
    plain_url,
    with_database,
)

ROOT = Path(__file__).resolve().parents[3] / "services"


async def _migrate_all(url: str) -> None:
    for service in SERVICES:
        db = Database(url, schema=service, pool_size=1)
        try:
            await migrate.upgrade(db.engine, service, ROOT / service / "migrations")
        finally:
            await db.close()


@pytest.fixture(scope="session")
def usecase_db(servers: Servers) -> Iterator[str]:
    """A fresh database with all five services' migrations, for the whole session."""
    name = f"palisade_usecases_{new_run_id()}"
    asyncio.run(create_database(servers.database_url, name))
    url = sqlalchemy_url(plain_url(with_database(servers.database_url, name)))
    asyncio.run(_migrate_all(url))
    yield url
    asyncio.run(drop_database(servers.database_url, name))


@pytest.fixture(scope="session")
async def usecase_engine(usecase_db: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(usecase_db, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture
async def conn(usecase_engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a transaction that is rolled back after the test, whatever it did."""
    async with usecase_engine.connect() as connection:
        outer = await connection.begin()
        try:
            yield connection
        finally:
            await outer.rollback()


class TestUnit(Joined):
    """The unit of work of a use-case test: a SAVEPOINT per use case on the test's
    connection; each starts as a fresh transaction would (role reset: tactics switches
    to its row-level-security role for the rest of a transaction)."""

    __test__ = False

    def __init__(self, conn: AsyncConnection, schema: str) -> None:
        super().__init__(conn, schema, savepoint=True)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        await self.conn.execute(sa.text("RESET ROLE"))
        async with super().transaction() as inner:
            yield inner


@pytest.fixture
def uow(conn: AsyncConnection) -> Callable[[str], TestUnit]:
    """``uow("auth")``: a unit of work of that service on the test's transaction."""
    return lambda service: TestUnit(conn, service)
