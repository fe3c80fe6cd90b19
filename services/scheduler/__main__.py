"""python -m services.scheduler"""

from pathlib import Path

from services.runtime.server import ServiceSpec, main
from services.scheduler.server import register

SPEC = ServiceSpec(name="scheduler", register=register,
                   migrations=Path(__file__).parent / "migrations")

if __name__ == "__main__":
    main(SPEC)
