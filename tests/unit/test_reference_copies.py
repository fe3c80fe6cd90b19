"""The contract documents shipped in tests/reference equal ../shared's, when it is beside us.

Every other test reads the copies (a lone clone runs them all); this is the one check that
needs ../shared, and it says so when it is absent. Bump: tests/reference/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COPIES = REPO / "tests" / "reference"
SHARED = (REPO / ".." / "shared").resolve()
# copy folder -> original folder, relative to tests/reference and ../shared
PAIRS = {"": "", "seeds": "seeds", "travian": "reference/travian"}
SUFFIXES = {"": {"API.md"}, "seeds": None, "travian": None}


def originals() -> list[tuple[Path, Path]]:
    pairs = []
    for copy_dir, shared_dir in PAIRS.items():
        for original in sorted((SHARED / shared_dir).iterdir()):
            wanted = SUFFIXES[copy_dir]
            if original.is_file() and (wanted is None or original.name in wanted):
                pairs.append((COPIES / copy_dir / original.name, original))
    return pairs


@pytest.mark.skipif(not (SHARED / "API.md").is_file(), reason=f"no {SHARED} to compare with")
def test_every_shared_document_is_copied_byte_for_byte() -> None:
    pairs = originals()
    assert len(pairs) > 15
    missing = [str(c) for c, _ in pairs if not c.is_file()]
    assert not missing, f"not copied into tests/reference: {missing}"
    stale = [str(c.relative_to(REPO)) for c, o in pairs if c.read_bytes() != o.read_bytes()]
    assert not stale, f"tests/reference differs from ../shared (see its README): {stale}"


@pytest.mark.skipif(not (SHARED / "API.md").is_file(), reason=f"no {SHARED} to compare with")
def test_no_copy_is_left_without_an_original() -> None:
    copies = {p for d in PAIRS for p in (COPIES / d).iterdir()
              if p.is_file() and p != COPIES / "README.md"}
    assert copies == {c for c, _ in originals()}
