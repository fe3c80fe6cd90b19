"""The one Idempotency-Key mechanism.

The gateway passes the key, the user and a hash of the request in gRPC metadata.
The owning service runs the use case through :func:`run_idempotent`: the key is
claimed, the change is made and the answer stored in ONE transaction, so a retry
after any crash either finds nothing (nothing was applied) or replays the answer.
A concurrent retry blocks on the claimed key until the first commits, then replays.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import grpc
import sqlalchemy as sa
from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncConnection

from services.runtime import context
from services.runtime.db import Database
from services.runtime.errors import DomainError

M = TypeVar("M", bound=Message)

RETENTION = "24 hours"


async def run_idempotent(db: Database, grpc_context: grpc.aio.ServicerContext, method: str,
                         response_cls: type[M],
                         work: Callable[[AsyncConnection], Awaitable[M]]) -> M:
    key = context.idempotency_key.get()
    user = context.user_id.get()
    if not key or not user:
        async with db.transaction() as conn:
            return await work(conn)
    request_hash = context.request_hash.get()
    table = f'"{db.schema}".idempotency'
    async with db.transaction() as conn:
        claimed = (await conn.execute(sa.text(
            f"INSERT INTO {table} (user_id, key, method, request_hash) "
            "VALUES (:u, :k, :m, :h) ON CONFLICT DO NOTHING RETURNING key"),
            {"u": user, "k": key, "m": method, "h": request_hash})).first()
        if claimed is None:
            row = (await conn.execute(sa.text(
                f"SELECT method, request_hash, response, created_at < now() - interval "
                f"'{RETENTION}' AS expired FROM {table} WHERE user_id = :u AND key = :k "
                "FOR UPDATE"), {"u": user, "k": key})).one()
            if not row.expired:
                if row.method != method or row.request_hash != request_hash:
                    raise DomainError("IDEMPOTENCY_KEY_REUSED",
                                      "This Idempotency-Key was used with a different request.")
                grpc_context.set_trailing_metadata(((context.REPLAYED, "true"),))
                return response_cls.FromString(row.response)
            await conn.execute(sa.text(
                f"UPDATE {table} SET method = :m, request_hash = :h, response = NULL, "
                "created_at = now() WHERE user_id = :u AND key = :k"),
                {"u": user, "k": key, "m": method, "h": request_hash})
        response = await work(conn)
        await conn.execute(sa.text(
            f"UPDATE {table} SET response = :r WHERE user_id = :u AND key = :k"),
            {"r": response.SerializeToString(), "u": user, "k": key})
        return response


async def purge_expired(conn: AsyncConnection, schema: str) -> int:
    result = await conn.execute(sa.text(
        f'DELETE FROM "{schema}".idempotency WHERE created_at < now() - interval '
        f"'{RETENTION}'"))
    return result.rowcount or 0
