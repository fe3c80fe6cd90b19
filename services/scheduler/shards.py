"""Timers spread over several PostgreSQL databases ("shards") when one is not enough.

Shard 0 is the scheduler's own database (``DATABASE_URL``: its inbox, outbox and the
periodic jobs); ``SCHEDULER_SHARDS`` lists the URLs of shards 1..N-1, each a database
with the same ``scheduler`` schema (migrated at first use). A timer lives on one shard,
chosen from what identifies it (:func:`shard_of`):

- with an ordering key: ``crc32(owner/ordering_key) % N``: a key's numbering
  (``timer_keys``) and order stay on one shard;
- else with a dedupe key: ``crc32(owner/dedupe_key) % N``: a retried request finds the
  first timer (the UNIQUE (owner, dedupe_key) index is per shard);
- else: spread by its id.

Nothing in the claim, lease, recovery or publication spans two timers' shards, so each
shard is fired by its own loops (``SCHEDULER_FIRE_SHARDS``, default all: a deployment per
shard sets one index) and all publish to the same subjects; the owners cannot tell.
Look-ups by id or by (owner, dedupe_key) ask the shards in turn (at most one holds it).
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection

from services.runtime import migrate
from services.runtime.db import Database
from services.scheduler import store

MIGRATIONS = Path(__file__).parent / "migrations"


def shard_of(n: int, owner: str, ordering_key: str = "", dedupe_key: str | None = None,
             timer_id: str = "") -> int:
    """The shard (0..n-1) of a timer: by its key, else its dedupe key, else its id."""
    if n <= 1:
        return 0
    what = ordering_key or (f"dedupe:{dedupe_key}" if dedupe_key else f"id:{timer_id}")
    return zlib.crc32(f"{owner}/{what}".encode()) % n


def fire_shards(n: int, wanted: str = "") -> list[int]:
    """The shards this replica fires: ``SCHEDULER_FIRE_SHARDS`` ("0,2"), default all."""
    if not wanted:
        return list(range(n))
    chosen = sorted({int(i) for i in wanted.split(",")})
    if any(not 0 <= i < n for i in chosen):
        raise SystemExit(f"SCHEDULER_FIRE_SHARDS {wanted!r}: there are {n} shards")
    return chosen


class Shards:
    """The scheduler's databases; ``dbs[0]`` is the service's own."""

    def __init__(self, own: Database, urls: list[str], pool_size: int = 10) -> None:
        self.dbs = [own, *(Database(u, schema=store.S, pool_size=pool_size) for u in urls)]
        self._migrated = len(self.dbs) == 1
        self._lock = asyncio.Lock()

    @property
    def n(self) -> int:
        return len(self.dbs)

    def of(self, timer: store.NewTimer) -> int:
        return shard_of(self.n, timer.owner, timer.ordering_key, timer.dedupe_key, timer.id)

    async def ready(self) -> None:
        """Bring every extra shard's schema to head once (the runtime did shard 0)."""
        if self._migrated:
            return
        async with self._lock:
            if not self._migrated:
                for db in self.dbs[1:]:
                    await migrate.upgrade(db.engine, store.S, MIGRATIONS)
                self._migrated = True

    @asynccontextmanager
    async def transaction(self, shard: int) -> AsyncIterator[AsyncConnection]:
        await self.ready()
        async with self.dbs[shard].transaction() as conn:
            yield conn

    async def close(self) -> None:
        for db in self.dbs[1:]:
            await db.close()
