"""Least privilege on the real stack: each service's role reaches only its own schema.

The session stack (tests/conftest.py) provisions the roles through deploy/local.py exactly
as `make run` does; every service migrated and serves under its role, or the stack would
not have come up. Here each role tries the other schemas' tables.
"""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
import pytest

from deploy import local
from services.runtime.config import SERVICES
from tests.stack import Stack


async def _tables(stack: Stack) -> dict[str, list[str]]:
    conn = await asyncpg.connect(stack.database_url)
    try:
        rows = await conn.fetch(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1::text[])",
            list(SERVICES))
    finally:
        await conn.close()
    out: dict[str, list[str]] = {s: [] for s in SERVICES}
    for row in rows:
        out[row["schemaname"]].append(row["tablename"])
    return out


async def _denied(url: str, sql: str) -> bool:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    except asyncpg.InsufficientPrivilegeError:
        return True
    finally:
        await conn.close()
    return False


def test_village_role_is_denied_auths_signing_keys(stack: Stack) -> None:
    url = stack.plan.database_urls["village"]
    assert local.role_name(stack.database_name, "village") in url
    assert asyncio.run(_denied(url, "SELECT * FROM auth.signing_keys"))
    # ...while its own tables answer.
    assert not asyncio.run(_denied(url, "SELECT count(*) FROM village.outbox"))


def test_every_role_reaches_only_its_own_schema(stack: Stack) -> None:
    tables = asyncio.run(_tables(stack))
    assert all(tables[s] for s in SERVICES), "every service migrated its schema"

    async def check() -> list[str]:
        leaks = []
        for service in SERVICES:
            url = stack.plan.database_urls[service]
            for other in SERVICES:
                for table in tables[other]:
                    sql = f'SELECT 1 FROM "{other}"."{table}" LIMIT 1'
                    if (other != service) != await _denied(url, sql):
                        leaks.append(f"{service} -> {other}.{table}")
            for sql in ("CREATE SCHEMA intruder", "CREATE TABLE public.intruder (x int)",
                        "CREATE TEMP TABLE intruder (x int)"):
                if not await _denied(url, sql):
                    leaks.append(f"{service}: {sql}")
        return leaks

    assert asyncio.run(check()) == []


def test_gateway_holds_no_database_credentials_and_everything_listens_on_loopback(
        stack: Stack, client: httpx.Client) -> None:
    gateway = stack.proc("gateway")
    assert "DATABASE_URL" not in gateway.env
    admin = stack.database_url
    for proc in stack.plan.procs:
        assert admin not in proc.env.values(), f"{proc.name} got the admin URL"
        for key in ("GRPC_LISTEN", "METRICS_LISTEN"):
            if key in proc.env:
                assert proc.env[key].startswith("127.0.0.1:"), (proc.name, key)
    assert stack.env.get("GATEWAY_HOST", "127.0.0.1") == "127.0.0.1"
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize("service", ["village"])
def test_provisioning_is_idempotent(stack: Stack, service: str) -> None:
    """A second launch over the same database (a `make run` restart) keeps the schema and
    its data, gives the role a new password, and the old privileges still hold."""
    before = asyncio.run(_tables(stack))[service]
    urls = local.provision_roles(stack.database_url, (service,))
    stack.plan.database_urls.update(urls)  # the running processes keep their connections
    assert asyncio.run(_tables(stack))[service] == before
    assert asyncio.run(_denied(urls[service], "SELECT * FROM auth.signing_keys"))
    assert not asyncio.run(_denied(urls[service], f"SELECT count(*) FROM {service}.outbox"))


def test_a_database_from_before_roles_is_adopted(scratch_db: str) -> None:
    """`make run` over an existing DATA_DIR: a schema the admin migrated (tables, identity
    sequences) becomes the service role's, which then migrates and reads it."""
    from pathlib import Path

    import services.village as village
    from services.runtime import migrate
    from services.runtime.config import sqlalchemy_url
    from services.runtime.db import Database
    from tests.stack import plain_url

    admin = plain_url(scratch_db)
    database = local.database_name(admin)
    migrations = Path(village.__file__).parent / "migrations"

    async def migrate_as(url: str) -> int:
        db = Database(sqlalchemy_url(url), schema="village")
        try:
            await migrate.upgrade(db.engine, "village", migrations)
        finally:
            await db.close()
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("INSERT INTO village.outbox (id, subject, data) "
                               "VALUES (gen_random_uuid()::text, 's', '')")  # identity column
            return await conn.fetchval("SELECT count(*) FROM village.alembic_version")
        finally:
            await conn.close()

    try:
        assert asyncio.run(migrate_as(admin)) == 1
        urls = local.provision_roles(admin, ("village", "tactics"))
        assert asyncio.run(migrate_as(urls["village"])) == 1
        assert asyncio.run(_denied(urls["tactics"], "SELECT * FROM village.outbox"))
    finally:
        asyncio.run(_drop_all(admin, database))


async def _drop_all(admin: str, database: str) -> None:
    conn = await asyncpg.connect(admin)
    try:
        for service in ("tactics", "village"):
            role = local.role_name(database, service)
            if await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
                await conn.execute(f'DROP OWNED BY "{role}" CASCADE')
                await conn.execute(f'DROP ROLE "{role}"')
    finally:
        await conn.close()
