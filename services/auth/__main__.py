"""python -m services.auth"""

from pathlib import Path

from services.auth import jobs
from services.auth.server import purge_loop, register
from services.runtime.server import ServiceSpec, main

SPEC = ServiceSpec(name="auth", register=register,
                   migrations=Path(__file__).parent / "migrations",
                   consumers=jobs.consumers,
                   background=lambda rt: [purge_loop(rt)])

if __name__ == "__main__":
    main(SPEC)
