"""python -m services.scheduler"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from services.runtime.server import Runtime, ServiceSpec, asyncpg_dsn, main
from services.scheduler import handlers, server
from services.scheduler.firing import Firing
from services.scheduler.periodic import JOBS, Periodic, parse_jobs
from services.scheduler.shards import Shards, fire_shards


class Loops:
    """This process's shards, its firing loops (one per shard it fires) and the periodic
    trigger (shard 0), stopped before exit."""

    def __init__(self) -> None:
        self._shards: Shards | None = None
        self.firing: list[Firing] = []
        self.periodic: Periodic | None = None

    def shards(self, rt: Runtime) -> Shards:
        if self._shards is None:
            self._shards = Shards(rt.db, list(rt.settings.scheduler_shards))
        return self._shards

    def background(self, rt: Runtime) -> list[Awaitable[Any]]:
        settings = rt.settings
        shards = self.shards(rt)
        urls = [settings.database_url, *settings.scheduler_shards]
        self.firing = [Firing(shards.dbs[i], rt.js, settings.nats_prefix,
                              asyncpg_dsn(urls[i]), settings, shard=i, ready=shards.ready)
                       for i in fire_shards(shards.n, settings.scheduler_fire_shards)]
        self.periodic = Periodic(rt.db, JOBS + parse_jobs(settings.scheduler_extra_jobs))
        return [*(f.run() for f in self.firing), self.periodic.run()]

    async def stop(self, rt: Runtime) -> None:
        """Finish the batch in hand (a killed batch is re-fired after its lease anyway)."""
        for loop in (*self.firing, self.periodic):
            if loop is not None:
                loop.stop()
        running = [t for t in rt.tasks if t.get_name().startswith("background")]
        if running:
            await asyncio.wait(running, timeout=rt.settings.shutdown_grace_s)
        if self._shards is not None:
            await self._shards.close()


LOOPS = Loops()
SPEC = ServiceSpec(name="scheduler",
                   register=lambda srv, rt: server.register(srv, rt, LOOPS.shards(rt)),
                   consumers=lambda rt: handlers.consumers(rt, LOOPS.shards(rt)),
                   background=LOOPS.background, on_stop=LOOPS.stop,
                   migrations=Path(__file__).parent / "migrations")

if __name__ == "__main__":
    main(SPEC)
