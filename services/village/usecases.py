"""Village use cases (capital stub: create, list, get)."""

from __future__ import annotations

import random
import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.village.v1 import village_pb2
from services.runtime.errors import DomainError
from services.village.store import rankings, villages


def village_message(row: sa.Row) -> village_pb2.Village:
    return village_pb2.Village(
        id=str(row.id), owner_id=str(row.owner_id), name=row.name, x=row.x, y=row.y,
        is_capital=row.is_capital, tribe=row.tribe, population=row.population,
        loyalty=row.loyalty)


def _parse_uuid(value: str, code: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise DomainError(code, "Not found.") from None


async def create_capital(conn: AsyncConnection, user_id: str, username: str,
                         tribe: int) -> village_pb2.Village:
    """Idempotent per user: a second call returns the existing capital."""
    owner = _parse_uuid(user_id, "INVALID_INPUT")
    existing = (await conn.execute(sa.select(villages).where(
        villages.c.owner_id == owner, villages.c.is_capital))).first()
    if existing is not None:
        return village_message(existing)
    rng = random.Random()
    for attempt in range(200):
        radius = 20 + attempt * 5
        x, y = rng.randint(-radius, radius), rng.randint(-radius, radius)
        x, y = max(-400, min(400, x)), max(-400, min(400, y))
        row = (await conn.execute(insert(villages).values(
            id=uuid.uuid4(), owner_id=owner, owner_name=username,
            name=f"{username}'s village", x=x, y=y, tribe=tribe, is_capital=True,
        ).on_conflict_do_nothing().returning(villages))).first()
        if row is not None:
            return village_message(row)
        again = (await conn.execute(sa.select(villages).where(
            villages.c.owner_id == owner, villages.c.is_capital))).first()
        if again is not None:
            return village_message(again)
    raise DomainError("COORDINATES_OCCUPIED", "No free square found for the capital.")


async def list_villages(conn: AsyncConnection, user_id: str) -> list[village_pb2.Village]:
    owner = _parse_uuid(user_id, "UNAUTHENTICATED")
    rows = (await conn.execute(sa.select(villages).where(villages.c.owner_id == owner)
                               .order_by(villages.c.created_at))).all()
    return [village_message(r) for r in rows]


async def get_village(conn: AsyncConnection, user_id: str, village_id: str) -> village_pb2.Village:
    vid = _parse_uuid(village_id, "VILLAGE_NOT_FOUND")
    row = (await conn.execute(sa.select(villages).where(villages.c.id == vid))).first()
    if row is None or str(row.owner_id) != user_id:
        # Another player's village answers as if it did not exist.
        raise DomainError("VILLAGE_NOT_FOUND", "Village not found.")
    return village_message(row)


RANKING_SORTS = {"rank": rankings.c.rank, "population": rankings.c.population,
                 "villages": rankings.c.villages, "player": rankings.c.owner_name}


async def list_rankings(conn: AsyncConnection, page: int, page_size: int, sort: str,
                        order: str) -> village_pb2.ListRankingsResponse:
    """The players' ranking as the hourly job last computed it (never computed per request:
    the request path must not scan the world)."""
    column = RANKING_SORTS.get(sort or "rank", rankings.c.rank)
    if (sort or "rank") in ("population", "villages"):
        ordering = column.asc() if order == "asc" else column.desc()
    else:
        ordering = column.desc() if order == "desc" else column.asc()
    total = (await conn.execute(sa.select(sa.func.count()).select_from(rankings))).scalar()
    rows = (await conn.execute(sa.select(rankings).order_by(ordering, rankings.c.owner_id)
                               .offset((page - 1) * page_size).limit(page_size))).all()
    return village_pb2.ListRankingsResponse(
        items=[village_pb2.RankingRow(rank=r.rank, player_id=str(r.owner_id),
                                      player=r.owner_name, villages=r.villages,
                                      population=r.population) for r in rows],
        page=page, page_size=page_size, total=total)
