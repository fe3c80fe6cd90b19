"""Loads the vendored reference tables (rules/travian/data/*.json) once, at import."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = (
    "buildings.json",
    "capacity.json",
    "culture.json",
    "fields.json",
    "misc.json",
    "oases.json",
    "time_factors.json",
    "units.json",
    "world.json",
)


@cache
def load(name: str) -> Any:
    """Parsed content of one vendored JSON file (cached; treat as read-only)."""
    if name not in DATA_FILES:
        raise KeyError(name)
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)
