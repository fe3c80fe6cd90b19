"""python -m services.tactics"""

from pathlib import Path

from services.runtime.server import ServiceSpec, main
from services.tactics import handlers
from services.tactics.server import register

SPEC = ServiceSpec(name="tactics", register=register, timers=lambda rt: handlers.HANDLERS,
                   migrations=Path(__file__).parent / "migrations")

if __name__ == "__main__":
    main(SPEC)
