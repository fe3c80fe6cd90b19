"""The package ships byte-identical copies of the reference tables and reads only those."""

from __future__ import annotations

import pytest

from rules.travian import _data

from .reference import REFERENCE_DIR, VENDORED_DIR


@pytest.mark.parametrize("name", _data.DATA_FILES)
def test_vendored_copy_is_byte_identical_to_reference(name: str) -> None:
    assert (VENDORED_DIR / name).read_bytes() == (REFERENCE_DIR / name).read_bytes()


def test_every_reference_table_is_vendored() -> None:
    reference_tables = {p.name for p in REFERENCE_DIR.glob("*.json")}
    assert reference_tables == set(_data.DATA_FILES)


def test_loader_reads_the_package_copy_not_the_shared_folder() -> None:
    assert _data.DATA_DIR == VENDORED_DIR.resolve()
    assert "shared" not in _data.DATA_DIR.parts


def test_loader_refuses_unknown_table_names() -> None:
    with pytest.raises(KeyError):
        _data.load("../../etc/passwd")
