"""`buf lint` and `buf breaking` over protos/ (config: protos/buf.yaml), as tests, so
`make test` runs them and a failure shows buf's own message.

`buf breaking` compares against protos/buf.image.binpb, a committed image of the protos as
last released (it works on a shallow clone or without git). A deliberate breaking change
rebuilds it in the same commit (command in protos/buf.yaml and protos/README.md), so the
reviewer sees the bump.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFIG = ["--config", "protos/buf.yaml", "--path", "protos"]
BASELINE = "protos/buf.image.binpb"


def buf() -> str:
    """The buf CLI of this environment (pip's buf-bin, a dev dependency)."""
    found = Path(sys.executable).parent / "buf"
    path = str(found) if found.exists() else shutil.which("buf")
    if path is None:
        pytest.fail("buf CLI not found: install the dev dependencies (pip install -e '.[dev]')")
    return path


def run_buf(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([buf(), *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=False)


def test_buf_lint_passes() -> None:
    result = run_buf("lint", *CONFIG)
    assert result.returncode == 0, f"buf lint:\n{result.stdout}{result.stderr}"


def test_no_breaking_change_against_the_committed_baseline() -> None:
    assert (REPO / BASELINE).is_file()
    result = run_buf("breaking", *CONFIG, "--against", BASELINE)
    assert result.returncode == 0, (
        f"buf breaking (against {BASELINE}):\n{result.stdout}{result.stderr}\n"
        "If the break is deliberate, rebuild the baseline (protos/README.md).")


def test_baseline_is_an_image_of_the_protos_today_or_before() -> None:
    """The baseline builds and holds every proto package we serve (an empty image would
    make `buf breaking` pass vacuously)."""
    result = run_buf("build", BASELINE, "--exclude-source-info", "-o", "-#format=json")
    assert result.returncode == 0, result.stderr
    for package in ("auth", "village", "combat", "tactics", "scheduler", "events", "common"):
        assert f'"package":"palisade.{package}.v1"' in result.stdout.replace(" ", ""), package
