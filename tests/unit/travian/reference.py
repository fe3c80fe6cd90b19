"""Access to the reference tables, for tests that pin our tables against them.

The tests read the copies shipped in tests/reference/travian (so a clone without
../shared runs them all); tests/unit/test_reference_copies.py holds those copies equal to
../shared/reference/travian whenever it is present.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
REFERENCE_DIR = REPO / "tests" / "reference" / "travian"
SHARED_DIR = (REPO / ".." / "shared" / "reference" / "travian").resolve()
VENDORED_DIR = REPO / "rules" / "travian" / "data"


@cache
def reference(name: str) -> Any:
    """Parsed reference JSON file (the repository's copy)."""
    return json.loads((REFERENCE_DIR / name).read_text(encoding="utf-8"))


@cache
def vendored(name: str) -> Any:
    """Parsed copy the rules load (rules/travian/data): used to parametrize tests."""
    return json.loads((VENDORED_DIR / name).read_text(encoding="utf-8"))
