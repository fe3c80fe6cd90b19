"""Touched oases (schema "village"): an oasis gets a row the first time it is fought or
annexed; every other oasis is the world generator's (rules/travian/world.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

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
    required("loyalty", sa.SmallInteger, server_default="100"), sa.Column("loyalty_at", TS),
    sa.Index("oases_owner", "owner_village_id",
             postgresql_where=sa.text("owner_village_id IS NOT NULL")),
)

# Oases taken from a village (by another's attacks): its load counts their bonus until
# ``lost_at`` when it was settled before that instant (the loss is data, like a job).
losses = sa.Table(
    "oasis_losses", metadata,
    sa.Column("village_id", sa.Uuid, sa.ForeignKey("village.villages.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("lost_at", TS, primary_key=True),
    sa.Column("x", sa.SmallInteger, primary_key=True),
    sa.Column("y", sa.SmallInteger, primary_key=True),
    required("oasis_type", sa.Text),
)


def state_of(row: sa.Row) -> oases.OasisState:
    return oases.OasisState(
        x=row.x, y=row.y, oasis_type=row.oasis_type,
        animals={Animal(int(a)): int(n) for a, n in row.animals.items()},
        at=store.to_s(row.state_at),
        fought_at=None if row.fought_at is None else store.to_s(row.fought_at),
        owner_village=None if row.owner_village_id is None else str(row.owner_village_id),
        loyalty=row.loyalty,
        loyalty_at=None if row.loyalty_at is None else store.to_s(row.loyalty_at))


async def bonus_of(conn: AsyncConnection, settled: Mapping[uuid.UUID, int]
                   ) -> dict[uuid.UUID, tuple[Resources, tuple[tuple[int, Resources], ...]]]:
    """Per village (-> its ``settled_at``): the annexed oases' production bonus (percent)
    as of that instant, and the bonus from each later instant an oasis was taken from it
    (``VillageState.oasis_changes``). Two statements."""
    ids = list(settled)
    rows = (await conn.execute(sa.select(table.c.owner_village_id, table.c.oasis_type).where(
        table.c.owner_village_id.in_(ids)))).all()
    types: dict[uuid.UUID, list[str]] = {}
    for r in rows:
        types.setdefault(r.owner_village_id, []).append(r.oasis_type)
    lost: dict[uuid.UUID, list[tuple[int, str]]] = {}
    for r in (await conn.execute(sa.select(losses).where(losses.c.village_id.in_(ids))
                                 .order_by(losses.c.lost_at))).all():
        at = store.to_s(r.lost_at)
        if at > settled[r.village_id]:
            lost.setdefault(r.village_id, []).append((at, r.oasis_type))
    out = {}
    for vid in set(types) | set(lost):
        now, later = types.get(vid, []), lost.get(vid, [])
        changes = tuple((at, oases.bonus(now + [t for _, t in later[i + 1:]]))
                        for i, (at, _) in enumerate(later))
        out[vid] = (oases.bonus(now + [t for _, t in later]), changes)
    return out


async def record_loss(conn: AsyncConnection, village_id: uuid.UUID, state: oases.OasisState,
                      at: int) -> None:
    await conn.execute(insert(losses).values(
        village_id=village_id, lost_at=store.to_dt(at), x=state.x, y=state.y,
        oasis_type=state.oasis_type).on_conflict_do_nothing())


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
              else uuid.UUID(state.owner_village), "loyalty": state.loyalty,
              "loyalty_at": None if state.loyalty_at is None else store.to_dt(state.loyalty_at)}
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
