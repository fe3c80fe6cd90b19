"""Loads the vendored reference tables (rules/travian/data/*.json) once, at import."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = (
    "academy.json",
    "buildings.json",
    "capacity.json",
    "celebrations.json",
    "culture.json",
    "demolition.json",
    "fields.json",
    "hero.json",
    "misc.json",
    "movement.json",
    "oases.json",
    "smithy.json",
    "time_factors.json",
    "units.json",
    "village_start.json",
    "world.json",
)


@cache
def load(name: str) -> Any:
    """Parsed content of one vendored JSON file (cached; treat as read-only)."""
    if name not in DATA_FILES:
        raise KeyError(name)
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)
