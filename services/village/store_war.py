"""Village's war tables (movements, protection_ended) and their queries.

A movement row is troops on their way (``moving``), stationed as reinforcements
(``stationed``) or over (``done`` / ``recalled``). Units are ``{unit id: count}`` JSON,
loot whole resources. Times are ``timestamptz`` here and epoch seconds in the rules.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian.ids import UnitType
from rules.travian.resources import Resources
from services.runtime.tables import required
from services.village.store import metadata, to_dt, to_s, village_fk, villages

movements = sa.Table(
    "movements", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    required("owner_id", sa.Uuid),
    required("mission", sa.Text),
    required("state", sa.Text),
    required("origin_id", sa.Uuid, village_fk()),
    required("destination_id", sa.Uuid, village_fk()),
    required("tribe", sa.SmallInteger),
    required("units", JSONB),
    required("levels", JSONB, server_default=sa.text("'{}'::jsonb")),
    required("armour", JSONB, server_default=sa.text("'{}'::jsonb")),
    required("rally_point_level", sa.SmallInteger, server_default="0"),
    required("tournament_square_level", sa.SmallInteger, server_default="0"),
    required("catapult_targets", ARRAY(sa.SmallInteger),
             server_default=sa.text("'{}'::smallint[]")),
    required("scout_target", sa.SmallInteger, server_default="0"),
    *(required(f"loot_{r}", sa.BigInteger, server_default="0")
      for r in ("wood", "clay", "iron", "crop")),
    required("sent_at", sa.DateTime(timezone=True)),
    required("arrives_at", sa.DateTime(timezone=True)),
    sa.Column("parent_id", sa.Uuid),
    sa.Column("report_id", sa.Uuid),
    required("hero", sa.Boolean, server_default=sa.false()),
    sa.Column("oasis_x", sa.SmallInteger), sa.Column("oasis_y", sa.SmallInteger),
    sa.CheckConstraint("(oasis_x IS NULL) = (oasis_y IS NULL)", name="movements_oasis_square"),
    sa.Index("movements_due", "destination_id", "arrives_at", "id",
             postgresql_where=sa.text("state = 'moving'")),
    sa.Index("movements_origin", "origin_id",
             postgresql_where=sa.text("state IN ('moving', 'stationed')")),
    sa.Index("movements_stationed", "destination_id",
             postgresql_where=sa.text("state = 'stationed'")),
    sa.Index("movements_hero", "owner_id",
             postgresql_where=sa.text("hero AND state IN ('moving', 'stationed')")),
)

protection_ended = sa.Table(
    "protection_ended", metadata,
    sa.Column("owner_id", sa.Uuid, primary_key=True),
    required("ended_at", sa.DateTime(timezone=True)),
)


def units_json(units: Mapping[int, int]) -> dict[str, int]:
    return {str(int(u)): int(n) for u, n in sorted(units.items()) if n}


def units_of(raw: Mapping[str, int]) -> dict[UnitType, int]:
    return {UnitType(int(u)): int(n) for u, n in raw.items() if n}


def loot_of(row: sa.Row) -> Resources:
    return Resources(row.loot_wood, row.loot_clay, row.loot_iron, row.loot_crop)


@dataclass(frozen=True)
class NewMovement:
    """What sending (or a battle, or a recall) puts on the road."""

    owner_id: uuid.UUID
    mission: str
    origin_id: uuid.UUID
    destination_id: uuid.UUID
    tribe: int
    units: Mapping[int, int]
    sent_at: int
    arrives_at: int
    levels: Mapping[int, int] | None = None
    armour: Mapping[int, int] | None = None
    rally_point_level: int = 0
    tournament_square_level: int = 0
    catapult_targets: Sequence[int] = ()
    scout_target: int = 0
    loot: Resources = Resources()
    parent_id: uuid.UUID | None = None
    id: uuid.UUID | None = None
    hero: bool = False  # the owner's hero walks with it
    oasis: tuple[int, int] | None = None  # the target is this oasis (destination = origin)


def _movement_values(m: NewMovement) -> dict:
    return dict(
        id=m.id or uuid.uuid4(), owner_id=m.owner_id, mission=m.mission, state="moving",
        origin_id=m.origin_id, destination_id=m.destination_id, tribe=m.tribe,
        units=units_json(m.units), levels=units_json(m.levels or {}),
        armour=units_json(m.armour or {}), rally_point_level=m.rally_point_level,
        tournament_square_level=m.tournament_square_level,
        catapult_targets=[int(t) for t in m.catapult_targets], scout_target=m.scout_target,
        loot_wood=m.loot.wood, loot_clay=m.loot.clay, loot_iron=m.loot.iron,
        loot_crop=m.loot.crop, sent_at=to_dt(m.sent_at), arrives_at=to_dt(m.arrives_at),
        parent_id=m.parent_id, hero=m.hero, oasis_x=m.oasis[0] if m.oasis else None,
        oasis_y=m.oasis[1] if m.oasis else None)


async def insert_movement(conn: AsyncConnection, m: NewMovement) -> uuid.UUID:
    return (await insert_movements(conn, [m]))[0]


async def insert_movements(conn: AsyncConnection, new: Sequence[NewMovement]
                           ) -> list[uuid.UUID]:
    """Put movements on the road with one statement; their ids, in order."""
    rows = [_movement_values(m) for m in new]
    if rows:
        await conn.execute(sa.insert(movements).values(rows))
    return [r["id"] for r in rows]


async def has_due(conn: AsyncConnection, village_ids: Sequence[uuid.UUID] | sa.Select,
                  now: int) -> list[uuid.UUID]:
    """Which of these villages (ids, or a query of ids) have a movement arriving at or
    before ``now``."""
    if not isinstance(village_ids, sa.Select):
        if not village_ids:
            return []
        village_ids = list(village_ids)
    rows = await conn.execute(sa.select(movements.c.destination_id).distinct().where(
        movements.c.destination_id.in_(village_ids), movements.c.state == "moving",
        movements.c.arrives_at <= to_dt(now)))
    return [r.destination_id for r in rows]


async def due(conn: AsyncConnection, village_id: uuid.UUID, now: int) -> list[sa.Row]:
    """The movements due at this village, in (arrival, id) order, row-locked: a recall
    racing with an arrival waits for it (and then finds it no longer moving)."""
    return list((await conn.execute(sa.select(movements).where(
        movements.c.destination_id == village_id, movements.c.state == "moving",
        movements.c.arrives_at <= to_dt(now))
        .order_by(movements.c.arrives_at, movements.c.id).with_for_update())).all())


async def finish(conn: AsyncConnection, movement_id: uuid.UUID, state: str,
                 report_id: uuid.UUID | None = None) -> bool:
    """The conditional transition out of ``moving`` (exactly once)."""
    row = (await conn.execute(sa.update(movements).where(
        movements.c.id == movement_id, movements.c.state == "moving")
        .values(state=state, report_id=report_id).returning(movements.c.id))).first()
    return row is not None


async def finish_many(conn: AsyncConnection,
                      outcomes: Mapping[uuid.UUID, tuple[str, uuid.UUID | None]]) -> None:
    """``finish`` for many movements in one statement: ``{id: (state, report id)}``. The
    caller holds their row locks (``due``), so every one must still be ``moving``; if one
    is not, the transaction is aborted rather than apply an arrival twice."""
    if not outcomes:
        return
    ids = list(outcomes)
    done = (await conn.execute(sa.text(
        "UPDATE village.movements m SET state = u.state, report_id = u.report_id "
        "FROM unnest(CAST(:ids AS uuid[]), CAST(:states AS text[]), "
        "CAST(:reports AS uuid[])) AS u(id, state, report_id) "
        "WHERE m.id = u.id AND m.state = 'moving' RETURNING m.id"),
        {"ids": ids, "states": [outcomes[i][0] for i in ids],
         "reports": [outcomes[i][1] for i in ids]})).all()
    if len(done) != len(ids):
        raise RuntimeError(f"{len(ids) - len(done)} locked movements were no longer moving")


async def movement(conn: AsyncConnection, movement_id: uuid.UUID, *,
                   lock: bool = False) -> sa.Row | None:
    query = sa.select(movements).where(movements.c.id == movement_id)
    if lock:
        query = query.with_for_update()
    return (await conn.execute(query)).first()


async def stationed_at(conn: AsyncConnection, village_ids: Sequence[uuid.UUID]
                       ) -> list[sa.Row]:
    """Reinforcements stationed in these villages, in arrival order."""
    if not village_ids:
        return []
    return list((await conn.execute(sa.select(movements).where(
        movements.c.destination_id.in_(list(village_ids)), movements.c.state == "stationed")
        .order_by(movements.c.arrives_at, movements.c.id))).all())


async def save_guests(conn: AsyncConnection, old: Mapping[str, Mapping], new: Mapping[str, Mapping]
                      ) -> None:
    """Stationed armies whose units changed (battle, starvation), in one statement; an
    emptied one is done; one no longer listed left (sent back) and is handled by its own
    use case."""
    changed = [(key, units) for key, units in new.items()
               if dict(old.get(key, {})) != dict(units)]
    if not changed:
        return
    await conn.execute(sa.text(
        "UPDATE village.movements m SET units = CAST(u.units AS jsonb), "
        "state = CASE WHEN u.empty THEN 'done' ELSE m.state END "
        "FROM unnest(CAST(:ids AS uuid[]), CAST(:units AS text[]), CAST(:empty AS boolean[])) "
        "AS u(id, units, empty) WHERE m.id = u.id AND m.state = 'stationed'"),
        {"ids": [uuid.UUID(k) for k, _ in changed],
         "units": [json.dumps(units_json(u)) for _, u in changed],
         "empty": [not any(u.values()) for _, u in changed]})


async def station(conn: AsyncConnection, movement_id: uuid.UUID) -> bool:
    return await finish(conn, movement_id, "stationed")


async def leave_station(conn: AsyncConnection, movement_id: uuid.UUID) -> bool:
    row = (await conn.execute(sa.update(movements).where(
        movements.c.id == movement_id, movements.c.state == "stationed")
        .values(state="done").returning(movements.c.id))).first()
    return row is not None


async def of_village(conn: AsyncConnection, village_id: uuid.UUID) -> list[sa.Row]:
    """Every live movement to or from a village (moving or stationed)."""
    return list((await conn.execute(sa.select(movements).where(
        sa.or_(movements.c.destination_id == village_id, movements.c.origin_id == village_id),
        movements.c.state.in_(("moving", "stationed")))
        .order_by(movements.c.arrives_at, movements.c.id))).all())


async def village_at(conn: AsyncConnection, x: int, y: int) -> sa.Row | None:
    return (await conn.execute(sa.select(villages).where(villages.c.x == x, villages.c.y == y))
            ).first()


async def places(conn: AsyncConnection, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, sa.Row]:
    if not ids:
        return {}
    rows = await conn.execute(sa.select(villages.c.id, villages.c.name, villages.c.x,
                                        villages.c.y, villages.c.owner_id,
                                        villages.c.owner_name, villages.c.population).where(
        villages.c.id.in_(sorted(set(ids)))))
    return {r.id: r for r in rows}


async def protection_started(conn: AsyncConnection, owner: uuid.UUID) -> tuple[int, int | None]:
    """(first village's creation, protection ended early at) of an account."""
    first = (await conn.execute(sa.select(sa.func.min(villages.c.created_at)).where(
        villages.c.owner_id == owner))).scalar()
    ended = (await conn.execute(sa.select(protection_ended.c.ended_at).where(
        protection_ended.c.owner_id == owner))).scalar()
    return to_s(first), (to_s(ended) if ended is not None else None)


async def protection_of(conn: AsyncConnection, owners: Sequence[uuid.UUID]
                        ) -> dict[uuid.UUID, tuple[int, int | None]]:
    """``protection_started`` of several accounts in one query."""
    if not owners:
        return {}
    rows = await conn.execute(sa.select(
        villages.c.owner_id, sa.func.min(villages.c.created_at).label("first"),
        sa.func.min(protection_ended.c.ended_at).label("ended")).select_from(
        villages.outerjoin(protection_ended, protection_ended.c.owner_id == villages.c.owner_id))
        .where(villages.c.owner_id.in_(sorted(set(owners)))).group_by(villages.c.owner_id))
    return {r.owner_id: (to_s(r.first), None if r.ended is None else to_s(r.ended))
            for r in rows}


async def end_protection(conn: AsyncConnection, owner: uuid.UUID, at: int) -> None:
    await conn.execute(insert(protection_ended).values(owner_id=owner, ended_at=to_dt(at))
                       .on_conflict_do_nothing())


async def expansions_used(conn: AsyncConnection, village_id: uuid.UUID) -> int:
    """Villages founded or conquered from this one (its used expansion slots)."""
    return (await conn.execute(sa.select(sa.func.count()).select_from(villages).where(
        sa.or_(villages.c.founded_from == village_id,
               villages.c.conquered_from == village_id)))).scalar() or 0


async def next_arrival(conn: AsyncConnection, village_id: uuid.UUID) -> int | None:
    """The earliest instant a movement is still to arrive at this village."""
    at = (await conn.execute(sa.select(sa.func.min(movements.c.arrives_at)).where(
        movements.c.destination_id == village_id, movements.c.state == "moving"))).scalar()
    return to_s(at) if at is not None else None


async def hero_movement(conn: AsyncConnection, owner: uuid.UUID) -> sa.Row | None:
    """The live movement (moving or stationed) the owner's hero walks with, if any."""
    return (await conn.execute(sa.select(movements).where(
        movements.c.owner_id == owner, movements.c.hero,
        movements.c.state.in_(("moving", "stationed"))).limit(1))).first()


async def hero_left(conn: AsyncConnection, movement_id: uuid.UUID) -> None:
    """The hero of this (stationed) army died: the army goes on without it."""
    await conn.execute(sa.update(movements).where(movements.c.id == movement_id)
                       .values(hero=False))


async def guests_and_away(conn: AsyncConnection, village_ids: Sequence[uuid.UUID]
                          ) -> tuple[list[sa.Row], list[sa.Row]]:
    """In one query: the reinforcements stationed in these villages (arrival order), and
    these villages' armies on the road (``moving``, also coming home), which eat from
    their home village until they arrive (RULES.md section 19)."""
    if not village_ids:
        return [], []
    ids = list(village_ids)
    rows = (await conn.execute(sa.select(
        movements.c.id, movements.c.state, movements.c.origin_id, movements.c.destination_id,
        movements.c.arrives_at, movements.c.units).where(sa.or_(
            sa.and_(movements.c.destination_id.in_(ids), movements.c.state == "stationed"),
            sa.and_(movements.c.origin_id.in_(ids), movements.c.state == "moving")))
        .order_by(movements.c.arrives_at, movements.c.id))).all()
    stationed = [r for r in rows if r.state == "stationed"]
    return stationed, [r for r in rows if r.state == "moving"]
