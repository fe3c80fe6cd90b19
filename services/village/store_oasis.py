"""Touched oases (schema "village"): an oasis gets a row the first time it is fought or
annexed; every other oasis is the world generator's (rules/travian/world.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian import oases
from rules.travian.ids import Animal
from rules.travian.resources import Resources
from services.runtime.tables import required
from services.village import store

metadata = sa.MetaData(schema="village")
TS = sa.DateTime(timezone=True)

table = sa.Table(
    "oases", metadata,
    sa.Column("x", sa.SmallInteger, primary_key=True),
    sa.Column("y", sa.SmallInteger, primary_key=True),
    required("oasis_type", sa.Text), required("animals", JSONB),
    required("state_at", TS), sa.Column("fought_at", TS),
    # A string reference: store.py imports this module before it declares villages.
    sa.Column("owner_village_id", sa.Uuid,
              sa.ForeignKey("village.villages.id", ondelete="SET NULL")),
    sa.Column("annexed_at", TS),
    sa.Index("oases_owner", "owner_village_id",
             postgresql_where=sa.text("owner_village_id IS NOT NULL")),
)


def state_of(row: sa.Row) -> oases.OasisState:
    return oases.OasisState(
        x=row.x, y=row.y, oasis_type=row.oasis_type,
        animals={Animal(int(a)): int(n) for a, n in row.animals.items()},
        at=store.to_s(row.state_at),
        fought_at=None if row.fought_at is None else store.to_s(row.fought_at),
        owner_village=None if row.owner_village_id is None else str(row.owner_village_id))


async def bonus_of(conn: AsyncConnection, village_ids: Sequence[uuid.UUID]
                   ) -> dict[uuid.UUID, Resources]:
    """The annexed oases' production bonus (percent) per village."""
    rows = (await conn.execute(sa.select(table.c.owner_village_id, table.c.oasis_type).where(
        table.c.owner_village_id.in_(list(village_ids))))).all()
    types: dict[uuid.UUID, list[str]] = {}
    for r in rows:
        types.setdefault(r.owner_village_id, []).append(r.oasis_type)
    return {vid: oases.bonus(names) for vid, names in types.items()}


async def load(conn: AsyncConnection, x: int, y: int, *, lock: bool = False
               ) -> oases.OasisState | None:
    query = sa.select(table).where(table.c.x == x, table.c.y == y)
    if lock:
        query = query.with_for_update()
    row = (await conn.execute(query)).first()
    return None if row is None else state_of(row)


async def touch(conn: AsyncConnection, state: oases.OasisState) -> None:
    """Store the row of a first-touched oasis (no-op when it exists; lock it after)."""
    await conn.execute(insert(table).values(
        x=state.x, y=state.y, oasis_type=state.oasis_type, animals=_json(state.animals),
        state_at=store.to_dt(state.at)).on_conflict_do_nothing())


async def save(conn: AsyncConnection, state: oases.OasisState, *,
               annexed_at: int | None = None) -> None:
    values = {"animals": _json(state.animals), "state_at": store.to_dt(state.at),
              "fought_at": None if state.fought_at is None else store.to_dt(state.fought_at),
              "owner_village_id": None if state.owner_village is None
              else uuid.UUID(state.owner_village)}
    if annexed_at is not None:
        values["annexed_at"] = store.to_dt(annexed_at)
    await conn.execute(sa.update(table).where(table.c.x == state.x, table.c.y == state.y)
                       .values(**values))


async def in_window(conn: AsyncConnection, xs: Iterable[int], ys: Iterable[int]
                    ) -> dict[tuple[int, int], oases.OasisState]:
    rows = (await conn.execute(sa.select(table).where(
        table.c.x.in_(sorted(set(xs))), table.c.y.in_(sorted(set(ys)))))).all()
    return {(r.x, r.y): state_of(r) for r in rows}


async def owned_by(conn: AsyncConnection, village_id: uuid.UUID) -> list[oases.OasisState]:
    rows = (await conn.execute(sa.select(table).where(table.c.owner_village_id == village_id)
                               .order_by(table.c.annexed_at, table.c.x, table.c.y))).all()
    return [state_of(r) for r in rows]


def _json(animals) -> dict[str, int]:  # noqa: ANN001 - Mapping[Animal, int]
    return {str(int(a)): int(n) for a, n in animals.items() if n}
