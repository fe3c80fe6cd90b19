"""The service shape of docs/ARCHITECTURE.md, checked on the source: where transactions
open, who reads the environment, where timer handlers live.

A service still deviating is listed in ``NOT_YET`` with the reason; the test fails both
for a new deviation and for a listed one that is gone (so the list stays true)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from services.runtime.config import SERVICES

ROOT = Path(__file__).resolve().parents[2]
TRANSACTION = re.compile(r"\.transaction\(\)")
QUERY = re.compile(r"\bsa\.(text|select|insert|update|delete)\(|\.execute\(")
# service -> why its servicer still opens the transactions (moved by their owners' issues)
NOT_YET: dict[str, str] = {}

# module -> the query it still makes outside store*.py
QUERIES_NOT_YET: dict[str, str] = {}


def servers(service: str) -> list[Path]:
    return sorted((ROOT / "services" / service).glob("server*.py"))


@pytest.mark.parametrize("service", SERVICES)
def test_servicers_open_no_transaction_and_make_no_query(service: str) -> None:
    opening = [p.name for p in servers(service) if TRANSACTION.search(p.read_text())]
    querying = [p.name for p in servers(service) if QUERY.search(p.read_text())]
    assert querying == []
    if service in NOT_YET:
        assert opening, f"{service} opens no transaction in server*.py: drop it from NOT_YET"
    else:
        assert opening == [], f"{service}: transactions belong in the use cases"


def test_only_the_settings_read_the_environment() -> None:
    readers = []
    for path in [*ROOT.glob("services/**/*.py"), *ROOT.glob("gateway/**/*.py")]:
        if path == ROOT / "services" / "runtime" / "config.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and (
                    isinstance(node.value, ast.Name) and node.value.id == "os"):
                readers.append(str(path.relative_to(ROOT)))
            if isinstance(node, ast.ImportFrom) and node.module == "services.runtime.config":
                readers += [f"{path.relative_to(ROOT)}: {a.name}" for a in node.names
                            if a.name in ("env_int", "env_float")]
    assert readers == []


def test_timer_and_event_handlers_live_in_handlers_modules() -> None:
    assert sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("services/*/jobs.py")) == []
    for service in SERVICES:
        main = (ROOT / "services" / service / "__main__.py").read_text()
        if "timers=" in main or "consumers=" in main:
            assert re.search(rf"from services\.{service}(\.handlers\w*| import handlers)",
                             main), f"{service}: wire handlers from handlers*.py"


def test_use_cases_and_handlers_leave_the_queries_to_the_store() -> None:
    modules = [*ROOT.glob("services/*/usecases*.py"), *ROOT.glob("services/*/handlers*.py")]
    querying = {p.relative_to(ROOT).as_posix() for p in modules if QUERY.search(p.read_text())}
    assert sorted(querying - set(QUERIES_NOT_YET)) == []
    assert sorted(set(QUERIES_NOT_YET) - querying) == [], "moved: drop it from QUERIES_NOT_YET"
