"""Each service's migrations, applied to an empty database, build exactly what its
``store.py`` declares (Alembic's ``compare_metadata``: tables, columns, types, nullability,
indexes, unique constraints, foreign keys), on the real PostgreSQL.

A change to a table therefore needs both a new migration and the matching declaration;
either alone fails here. Migrations are frozen (their DDL inline), so this also catches a
migration that would silently follow live code.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from rules.tactics.maps import MAPS, TOPOLOGY, map_tiles
from rules.tactics.units import unit_definitions
from services.runtime import migrate
from services.runtime.db import Database

ASYNC = pytest.mark.asyncio(loop_scope="session")

SERVICES = Path(__file__).resolve().parents[2] / "services"
CHECKED = ("auth", "village", "combat", "tactics", "scheduler")


def declared(service: str) -> sa.MetaData:
    """Every table the service's store modules declare (store.py and store_<area>.py;
    village's oases and trade modules keep their own MetaData), as one MetaData."""
    merged = sa.MetaData()
    for path in sorted((SERVICES / service).glob("store*.py")):
        metadata = getattr(importlib.import_module(f"services.{service}.{path.stem}"),
                           "metadata", None)
        for table in [] if metadata is None else metadata.tables.values():
            if table.key not in merged.tables:
                table.to_metadata(merged)
    return merged


def differences(sync_conn: sa.Connection, schema: str, metadata: sa.MetaData) -> list[Any]:
    def only_this_schema(obj: Any, name: str | None, type_: str, reflected: bool,
                         compare_to: Any) -> bool:
        if type_ == "table":
            return obj.schema == schema and name != "alembic_version"
        return True

    context = MigrationContext.configure(sync_conn, opts={
        "include_schemas": True, "include_object": only_this_schema,
        "include_name": lambda name, type_, parent: (
            name == schema if type_ == "schema" else True),
        "compare_type": True, "compare_server_default": True})
    return compare_metadata(context, metadata)


@ASYNC
@pytest.mark.parametrize("service", CHECKED)
async def test_migrations_build_what_store_declares(service: str, scratch_db: str) -> None:
    db = Database(scratch_db, schema=service)
    try:
        await migrate.upgrade(db.engine, service, SERVICES / service / "migrations")
        async with db.engine.connect() as conn:
            diff = await conn.run_sync(differences, service, declared(service))
    finally:
        await db.close()
    assert diff == [], "\n".join(map(str, diff))


def test_migrations_are_frozen_and_import_no_project_code() -> None:
    """A revision that imports services/ or rules/ changes whenever they do."""
    offenders = []
    for path in sorted(SERVICES.glob("*/migrations/versions/*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(SERVICES)}: {n}" for n in names
                          if n.split(".")[0] in ("services", "rules", "protos", "gateway")]
    assert len(list(SERVICES.glob("*/migrations/versions/*.py"))) >= 10
    assert offenders == []


@ASYNC
async def test_seeded_tactics_content_is_the_rules(scratch_db: str) -> None:
    """The map and unit definitions inlined in the migration are still the rules' own."""
    db = Database(scratch_db, schema="tactics")
    try:
        await migrate.upgrade(db.engine, "tactics", SERVICES / "tactics" / "migrations")
        async with db.engine.connect() as conn:
            tiles = (await conn.execute(sa.text(
                "SELECT id, row, col, terrain, resource_type, resource_amount "
                "FROM tactics.map_tiles WHERE map_id = :m ORDER BY id"),
                {"m": MAPS["default"].id})).all()
            map_row = (await conn.execute(sa.text(
                "SELECT code, schema_version, width, height, topology FROM tactics.maps"))).one()
            units = (await conn.execute(sa.text(
                "SELECT id, code, is_ranged, attack, defence, range_min, range_max, "
                "move_points, health FROM tactics.unit_definitions ORDER BY id"))).all()
    finally:
        await db.close()
    default = MAPS["default"]
    assert [tuple(t) for t in tiles] == [
        (t["id"], t["row"], t["col"], t["terrain"], t["resourceType"], t["resourceAmount"])
        for t in map_tiles(default)]
    assert tuple(map_row) == (default.code, default.schema_version, default.width,
                              default.height, TOPOLOGY)
    assert [tuple(u) for u in units] == [
        (d["id"], d["code"], d["isRanged"], d["attack"], d["defence"], d["rangeMin"],
         d["rangeMax"], d["movePoints"], d["health"]) for d in unit_definitions()]
