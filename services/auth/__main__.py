"""python -m services.auth"""

from pathlib import Path

from services.auth import handlers
from services.auth.server import register
from services.runtime.server import ServiceSpec, main

SPEC = ServiceSpec(name="auth", register=register,
                   migrations=Path(__file__).parent / "migrations",
                   timers=handlers.timer_handlers)

if __name__ == "__main__":
    main(SPEC)
