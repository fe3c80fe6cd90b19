"""Access to the shared reference tables, for tests that pin our tables against them.

In CI the reference sits beside the repository: <repo>/../shared/reference/travian.
Tests that need it skip (only that check) when it is absent.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
REFERENCE_DIR = (REPO / ".." / "shared" / "reference" / "travian").resolve()
VENDORED_DIR = REPO / "rules" / "travian" / "data"


def reference_available() -> bool:
    return (REFERENCE_DIR / "buildings.json").is_file()


@cache
def _load(name: str) -> Any:
    return json.loads((REFERENCE_DIR / name).read_text(encoding="utf-8"))


def reference(name: str) -> Any:
    """Parsed reference JSON file, or skip the calling test with the reason."""
    if not (REFERENCE_DIR / name).is_file():
        pytest.skip(f"reference table {name} not found at {REFERENCE_DIR}")
    return _load(name)


@cache
def vendored(name: str) -> Any:
    """Parsed vendored copy (always present): used to parametrize tests."""
    return json.loads((VENDORED_DIR / name).read_text(encoding="utf-8"))
