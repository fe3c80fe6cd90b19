"""The one database session pattern: an async engine per process, one transaction per use case."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine


class UnitOfWork(Protocol):
    """What a use case takes: ``transaction()`` is its one transaction (commit on success,
    roll back on an exception). A :class:`Database` in production, a :class:`Joined` unit
    inside a transaction already open (the idempotency record's; a test's rolled-back one)."""

    schema: str

    def transaction(self) -> AbstractAsyncContextManager[AsyncConnection]: ...


P = ParamSpec("P")
R = TypeVar("R")
W = TypeVar("W", bound=UnitOfWork)
A = TypeVar("A")


def use_case_with(unit: Callable[[W, AsyncConnection], A]
                  ) -> Callable[[Callable[Concatenate[A, P], Awaitable[R]]],
                                Callable[Concatenate[W, P], Awaitable[R]]]:
    """The ``use_case`` decorator of a service whose bodies take more than the connection:
    ``body(unit(uow, conn), ...)`` as a use case ``(uow, ...)``, run in ONE transaction of
    the unit of work it is given (commit on return, roll back on an exception). Village's
    bodies take ``Unit(conn, outbox, config)`` built from its ``Work``."""

    def decorate(body: Callable[Concatenate[A, P], Awaitable[R]]
                 ) -> Callable[Concatenate[W, P], Awaitable[R]]:
        @functools.wraps(body)
        async def run(uow: W, *args: P.args, **kwargs: P.kwargs) -> R:
            async with uow.transaction() as conn:
                return await body(unit(uow, conn), *args, **kwargs)

        return run

    return decorate


def _connection(uow: UnitOfWork, conn: AsyncConnection) -> AsyncConnection:
    return conn


# ``work(conn, ...)`` as a use case ``(uow, ...)``: the body runs in ONE transaction of the
# unit of work it is given (commit on return, roll back on an exception).
use_case = use_case_with(_connection)


class Database:
    """Owns the engine of one service; every state change runs in ``transaction()``."""

    def __init__(self, url: str, schema: str, pool_size: int = 10) -> None:
        self.schema = schema
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            connect_args={"server_settings": {"application_name": f"palisade-{schema}"}},
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """Commit on success, roll back on any exception (the unit of work)."""
        async with self.engine.begin() as conn:
            yield conn

    async def close(self) -> None:
        await self.engine.dispose()


class Joined:
    """A unit of work inside a transaction someone else opened and will end.

    ``savepoint=True`` gives each use case a SAVEPOINT, so one that raises undoes its own
    writes as its real transaction would (the use-case tests' rolled-back fixture);
    without it the use case simply works in the outer transaction (``run_idempotent``,
    whose transaction also holds the idempotency record and rolls back whole).
    """

    def __init__(self, conn: AsyncConnection, schema: str, *, savepoint: bool = False) -> None:
        self.conn = conn
        self.schema = schema
        self.savepoint = savepoint

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        if not self.savepoint:
            yield self.conn
            return
        async with self.conn.begin_nested():
            yield self.conn
