"""python -m services.combat"""

from pathlib import Path

from services.combat.server import register
from services.runtime.server import ServiceSpec, main

SPEC = ServiceSpec(name="combat", register=register,
                   migrations=Path(__file__).parent / "migrations")

if __name__ == "__main__":
    main(SPEC)
