"""Combat's tables (schema "combat"): reports (one per battle id) and their recipients,
besides the runtime's outbox, inbox and idempotency. Declared whole, so the migrations are
checked against it (tests/contract/test_migrations_match_store.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.runtime.tables import runtime_tables

S = "combat"
metadata = sa.MetaData(schema=S)
runtime = runtime_tables(metadata, S)
TS = sa.DateTime(timezone=True)

reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("at", TS, nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("created_at", TS, nullable=False, server_default=sa.text("now()")),
)

recipients = sa.Table(
    "report_recipients", metadata,
    sa.Column("report_id", sa.Uuid, sa.ForeignKey(f"{S}.reports.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("player_id", sa.Uuid, primary_key=True),
    sa.Column("role", sa.SmallInteger, nullable=False),
    sa.Column("at", TS, nullable=False),
    sa.Column("read", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("report_recipients_player", "player_id", sa.text("at DESC"), "report_id",
             postgresql_where=sa.text("NOT deleted")),
)


def to_dt(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


async def report_body(conn: AsyncConnection, report_id: uuid.UUID) -> bytes | None:
    return (await conn.execute(sa.select(reports.c.body).where(reports.c.id == report_id))
            ).scalar()


async def store_once(conn: AsyncConnection, report_id: uuid.UUID, at: datetime, body: bytes,
                     readers: dict[uuid.UUID, int]) -> bytes:
    """Store a battle's report and its recipients unless the battle has one already (a
    concurrent twin's insert waits for the first one's commit, then does nothing); answers
    the stored body: ``body`` the first time, the one stored before after that. One
    statement (both inserts in one WITH) in the common first-time case."""
    players = list(readers)
    inserted = (await conn.execute(sa.text(
        f'WITH ins AS (INSERT INTO "{S}".reports (id, at, body) VALUES (:id, :at, :body) '
        "ON CONFLICT DO NOTHING RETURNING id), "
        f'rec AS (INSERT INTO "{S}".report_recipients (report_id, player_id, role, at) '
        "SELECT ins.id, r.player, r.role, :at FROM ins, unnest(CAST(:players AS uuid[]), "
        "CAST(:roles AS smallint[])) AS r(player, role) ON CONFLICT DO NOTHING) "
        "SELECT count(*) FROM ins"),
        {"id": report_id, "at": at, "body": body, "players": players,
         "roles": [readers[p] for p in players]})).scalar()
    if inserted:
        return body
    return await report_body(conn, report_id)


async def recipient(conn: AsyncConnection, report_id: uuid.UUID,
                    player: uuid.UUID) -> sa.Row | None:
    return (await conn.execute(
        sa.select(recipients.c.role, recipients.c.read, reports.c.body)
        .join(reports, reports.c.id == recipients.c.report_id)
        .where(recipients.c.report_id == report_id, recipients.c.player_id == player,
               sa.not_(recipients.c.deleted)))).first()


async def page(conn: AsyncConnection, player: uuid.UUID, page: int, size: int,
               unread_first: bool) -> tuple[list[sa.Row], int]:
    mine = sa.and_(recipients.c.player_id == player, sa.not_(recipients.c.deleted))
    total = (await conn.execute(sa.select(sa.func.count()).select_from(recipients)
                                .where(mine))).scalar() or 0
    order = [recipients.c.at.desc(), recipients.c.report_id.desc()]
    if unread_first:
        order.insert(0, recipients.c.read.asc())
    rows = (await conn.execute(
        sa.select(recipients.c.role, recipients.c.read, reports.c.body)
        .join(reports, reports.c.id == recipients.c.report_id).where(mine)
        .order_by(*order).offset((page - 1) * size).limit(size))).all()
    return list(rows), total


async def mark(conn: AsyncConnection, report_id: uuid.UUID, player: uuid.UUID, **values: bool
               ) -> bool:
    done = (await conn.execute(sa.update(recipients).where(
        recipients.c.report_id == report_id, recipients.c.player_id == player,
        sa.not_(recipients.c.deleted)).values(**values).returning(recipients.c.report_id))
    ).first()
    return done is not None
