"""python -m services.scheduler"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from services.runtime.server import Runtime, ServiceSpec, asyncpg_dsn, main
from services.scheduler.config import SchedulerSettings
from services.scheduler.firing import Firing
from services.scheduler.handlers import consumers
from services.scheduler.periodic import JOBS, Periodic, parse_jobs
from services.scheduler.server import register


class Loops:
    """The firing loop and the periodic trigger of this process, stopped before exit."""

    def __init__(self) -> None:
        self.firing: Firing | None = None
        self.periodic: Periodic | None = None

    def background(self, rt: Runtime) -> list[Awaitable[Any]]:
        settings = SchedulerSettings.from_settings(rt.settings)
        self.firing = Firing(rt.db, rt.js, rt.settings.nats_prefix,
                             asyncpg_dsn(rt.settings.database_url), settings)
        self.periodic = Periodic(rt.db, JOBS + parse_jobs(settings.extra_jobs))
        return [self.firing.run(), self.periodic.run()]

    async def stop(self, rt: Runtime) -> None:
        """Finish the batch in hand (a killed batch is re-fired after its lease anyway)."""
        for loop in (self.firing, self.periodic):
            if loop is not None:
                loop.stop()
        running = [t for t in rt.tasks if t.get_name().startswith("background")]
        if running:
            await asyncio.wait(running, timeout=rt.settings.shutdown_grace_s)


LOOPS = Loops()
SPEC = ServiceSpec(name="scheduler", register=register, consumers=consumers,
                   background=LOOPS.background, on_stop=LOOPS.stop,
                   migrations=Path(__file__).parent / "migrations")

if __name__ == "__main__":
    main(SPEC)
