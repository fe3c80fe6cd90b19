"""python -m services.village"""

from pathlib import Path

from services.runtime.server import ServiceSpec, main
from services.village import jobs
from services.village.handlers import consumers, timer_batch_handlers
from services.village.server import register

SPEC = ServiceSpec(name="village", register=register, consumers=consumers,
                   timers=lambda rt: {**jobs.HANDLERS, **jobs.hero_handlers(rt)},
                   batch_timers=timer_batch_handlers,
                   migrations=Path(__file__).parent / "migrations")

if __name__ == "__main__":
    main(SPEC)
