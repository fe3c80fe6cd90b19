"""Generated protobuf code is committed; it must match what its .proto sources generate."""

from __future__ import annotations

import tempfile
from pathlib import Path

from protos.generate import ROOT, generate, proto_files


def test_regenerating_the_protos_changes_nothing() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(out)
        generated = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
        assert generated, "protoc produced nothing"
        stale = [str(rel) for rel in generated
                 if not (ROOT / rel).exists()
                 or (ROOT / rel).read_bytes() != (out / rel).read_bytes()]
        assert not stale, f"run `make protos` and commit: {stale}"


def test_every_service_has_one_versioned_proto_package() -> None:
    files = proto_files()
    for service in ("auth", "village", "combat", "tactics", "scheduler", "events"):
        path = f"protos/{service}/v1/{service}.proto"
        assert path in files
        assert f"package palisade.{service}.v1;" in (ROOT / path).read_text()
