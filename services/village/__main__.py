"""python -m services.village"""

from pathlib import Path

from services.runtime.server import ServiceSpec, main
from services.village import handlers_periodic as periodic
from services.village.handlers import consumers, timer_handlers
from services.village.server import register

SPEC = ServiceSpec(name="village", register=register, consumers=consumers,
                   timers=lambda rt: {**periodic.HANDLERS, **periodic.hero_handlers(rt)},
                   batch_timers=timer_handlers,
                   migrations=Path(__file__).parent / "migrations")

if __name__ == "__main__":
    main(SPEC)
