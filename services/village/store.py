"""Village's tables (schema "village") and every query the service makes.

A village's state is its row (stock and culture in sub-units as of ``settled_at``) plus its
buildings, jobs, units and unit upgrades. ``load`` reads it into the rules' VillageState;
``save`` writes back what differs from the state it was loaded as. Times are epoch seconds
in the rules and ``timestamptz`` here: converted at this edge only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian.ids import BuildingType, Tribe, UnitType
from rules.travian.resources import Resources
from rules.travian.village import BuildJob, ResearchJob, TrainingJob, VillageState
from services.village import store_oasis, store_trade

S = "village"
metadata = sa.MetaData(schema=S)
TS = sa.DateTime(timezone=True)


def _paid() -> list[sa.Column]:
    return [sa.Column(f"paid_{r}", sa.BigInteger) for r in ("wood", "clay", "iron", "crop")]


villages = sa.Table(
    "villages", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("owner_id", sa.Uuid),
    sa.Column("owner_name", sa.Text),
    sa.Column("name", sa.Text),
    sa.Column("x", sa.SmallInteger),
    sa.Column("y", sa.SmallInteger),
    sa.Column("tribe", sa.SmallInteger),
    sa.Column("is_capital", sa.Boolean),
    sa.Column("population", sa.Integer),
    sa.Column("loyalty", sa.SmallInteger),
    sa.Column("created_at", TS),
    sa.Column("layout", sa.Text),
    sa.Column("stock_wood", sa.BigInteger),
    sa.Column("stock_clay", sa.BigInteger),
    sa.Column("stock_iron", sa.BigInteger),
    sa.Column("stock_crop", sa.BigInteger),
    sa.Column("settled_at", TS),
    sa.Column("culture", sa.BigInteger),
    sa.Column("inactive", sa.Boolean),
    sa.Column("next_seq", sa.Integer),
    sa.Column("founding", sa.Boolean),
    sa.Column("founded_at", TS),
    sa.Column("founded_from", sa.Uuid),
)

buildings = sa.Table(
    "buildings", metadata,
    sa.Column("village_id", sa.Uuid, primary_key=True),
    sa.Column("position", sa.SmallInteger, primary_key=True),
    sa.Column("id", sa.Uuid),
    sa.Column("building_type", sa.SmallInteger),
    sa.Column("level", sa.SmallInteger),
)

build_jobs = sa.Table(
    "build_jobs", metadata,
    sa.Column("id", sa.Uuid, primary_key=True), sa.Column("village_id", sa.Uuid),
    sa.Column("position", sa.SmallInteger), sa.Column("building_type", sa.SmallInteger),
    sa.Column("level", sa.SmallInteger), sa.Column("start_at", TS), sa.Column("due_at", TS),
    sa.Column("seq", sa.Integer), *_paid(),
)

training_jobs = sa.Table(
    "training_jobs", metadata,
    sa.Column("id", sa.Uuid, primary_key=True), sa.Column("village_id", sa.Uuid),
    sa.Column("building", sa.SmallInteger), sa.Column("unit", sa.SmallInteger),
    sa.Column("count", sa.Integer), sa.Column("done", sa.Integer),
    sa.Column("each_s", sa.Integer), sa.Column("start_at", TS), sa.Column("seq", sa.Integer),
    *_paid(),
)

research_jobs = sa.Table(
    "research_jobs", metadata,
    sa.Column("id", sa.Uuid, primary_key=True), sa.Column("village_id", sa.Uuid),
    sa.Column("kind", sa.Text), sa.Column("unit", sa.SmallInteger),
    sa.Column("level", sa.SmallInteger), sa.Column("start_at", TS), sa.Column("due_at", TS),
    sa.Column("seq", sa.Integer), *_paid(),
)

units = sa.Table(
    "units", metadata,
    sa.Column("village_id", sa.Uuid, primary_key=True),
    sa.Column("unit", sa.SmallInteger, primary_key=True),
    sa.Column("count", sa.BigInteger),
)

unit_upgrades = sa.Table(
    "unit_upgrades", metadata,
    sa.Column("village_id", sa.Uuid, primary_key=True),
    sa.Column("unit", sa.SmallInteger, primary_key=True),
    sa.Column("researched", sa.Boolean),
    sa.Column("weapons", sa.SmallInteger),
    sa.Column("armour", sa.SmallInteger),
)

rankings = sa.Table(
    "rankings", metadata,
    sa.Column("owner_id", sa.Uuid),
    sa.Column("owner_name", sa.Text),
    sa.Column("rank", sa.Integer),
    sa.Column("population", sa.BigInteger),
    sa.Column("villages", sa.Integer),
    sa.Column("computed_at", TS),
    sa.Column("inactive", sa.Boolean),
)


def to_dt(t: int) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def to_s(dt: datetime) -> int:
    return int(dt.timestamp())


def _paid_of(row: sa.Row) -> Resources:
    return Resources(row.paid_wood, row.paid_clay, row.paid_iron, row.paid_crop)


def _paid_values(paid: Resources) -> dict[str, int]:
    return {f"paid_{k}": v for k, v in paid.as_dict().items()}


@dataclass(frozen=True)
class Loaded:
    """A village row with its state and the ids of its buildings (position -> id)."""

    row: sa.Row
    state: VillageState
    building_ids: dict[int, uuid.UUID]


def parse_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        return None


async def village_row(conn: AsyncConnection, village_id: uuid.UUID, *,
                      lock: bool = False) -> sa.Row | None:
    query = sa.select(villages).where(villages.c.id == village_id)
    if lock:
        # FOR NO KEY UPDATE: writers of one village still queue, but rows that only
        # reference it (a delivery or trip from another village's transaction) do not wait.
        query = query.with_for_update(key_share=True)
    return (await conn.execute(query)).first()


async def owner_rows(conn: AsyncConnection, owner: uuid.UUID) -> list[sa.Row]:
    return list((await conn.execute(sa.select(villages).where(villages.c.owner_id == owner)
                                    .order_by(villages.c.created_at, villages.c.id))).all())


async def load_many(conn: AsyncConnection, rows: Sequence[sa.Row]) -> list[Loaded]:
    """States of these village rows: one query per table for all of them."""
    ids = [r.id for r in rows]
    if not ids:
        return []
    per: dict[uuid.UUID, dict[str, list]] = {i: {"b": [], "bj": [], "tj": [], "rj": [], "u": [],
                                                 "uu": []} for i in ids}
    for key, table in (("b", buildings), ("bj", build_jobs), ("tj", training_jobs),
                       ("rj", research_jobs), ("u", units), ("uu", unit_upgrades)):
        for r in (await conn.execute(sa.select(table).where(table.c.village_id.in_(ids)))).all():
            per[r.village_id][key].append(r)
    arrivals = await store_trade.pending_arrivals(conn, ids)  # merchants on their way here
    bonus = await store_oasis.bonus_of(conn, ids)  # annexed oases
    return [_assemble(row, per[row.id], arrivals.get(row.id, ()), bonus.get(row.id))
            for row in rows]


async def load(conn: AsyncConnection, village_id: uuid.UUID, *,
               lock: bool = False) -> Loaded | None:
    row = await village_row(conn, village_id, lock=lock)
    if row is None:
        return None
    return (await load_many(conn, [row]))[0]


def _assemble(row: sa.Row, parts: dict[str, list], arrivals: tuple = (),
              oasis_bonus: Resources | None = None) -> Loaded:
    state = VillageState(
        tribe=Tribe(row.tribe), is_capital=row.is_capital,
        buildings={b.position: (BuildingType(b.building_type), b.level) for b in parts["b"]},
        stock=Resources(row.stock_wood, row.stock_clay, row.stock_iron, row.stock_crop),
        at=to_s(row.settled_at),
        units={UnitType(u.unit): u.count for u in parts["u"] if u.count},
        researched=frozenset(UnitType(u.unit) for u in parts["uu"] if u.researched),
        weapons={UnitType(u.unit): u.weapons for u in parts["uu"] if u.weapons},
        armour={UnitType(u.unit): u.armour for u in parts["uu"] if u.armour},
        builds=tuple(sorted((BuildJob(
            id=str(j.id), position=j.position, building=BuildingType(j.building_type),
            level=j.level, start=to_s(j.start_at), due=to_s(j.due_at), seq=j.seq,
            paid=_paid_of(j)) for j in parts["bj"]), key=lambda j: j.seq)),
        trainings=tuple(sorted((TrainingJob(
            id=str(j.id), building=BuildingType(j.building), unit=UnitType(j.unit),
            count=j.count, done=j.done, each_s=j.each_s, start=to_s(j.start_at), seq=j.seq,
            paid=_paid_of(j)) for j in parts["tj"]), key=lambda j: j.seq)),
        researches=tuple(sorted((ResearchJob(
            id=str(j.id), kind=j.kind, unit=UnitType(j.unit), level=j.level,
            start=to_s(j.start_at), due=to_s(j.due_at), seq=j.seq, paid=_paid_of(j))
            for j in parts["rj"]), key=lambda j: j.seq)),
        culture=row.culture, next_seq=row.next_seq, arrivals=arrivals,
        oasis_bonus=oasis_bonus or Resources())
    return Loaded(row, state, {b.position: b.id for b in parts["b"]})


async def insert_village(conn: AsyncConnection, values: dict) -> sa.Row | None:
    """Insert a village row; None when its square (or the owner's capital) is taken."""
    return (await conn.execute(insert(villages).values(**values).on_conflict_do_nothing()
                               .returning(villages))).first()


async def capital_of(conn: AsyncConnection, owner: uuid.UUID) -> sa.Row | None:
    return (await conn.execute(sa.select(villages).where(
        villages.c.owner_id == owner, villages.c.is_capital))).first()


async def taken_squares(conn: AsyncConnection, squares: Iterable[tuple[int, int]]
                        ) -> set[tuple[int, int]]:
    pairs = list(squares)
    if not pairs:
        return set()
    rows = (await conn.execute(sa.select(villages.c.x, villages.c.y).where(
        sa.tuple_(villages.c.x, villages.c.y).in_(pairs)))).all()
    return {(r.x, r.y) for r in rows}


async def villages_in(conn: AsyncConnection, xs: Iterable[int], ys: Iterable[int]
                      ) -> list[sa.Row]:
    """Villages whose x and y are among these (the map window: one query)."""
    return list((await conn.execute(sa.select(villages).where(
        villages.c.x.in_(sorted(set(xs))), villages.c.y.in_(sorted(set(ys)))))).all())


async def save(conn: AsyncConnection, loaded: Loaded, new: VillageState, *,
               population: int, extra: dict | None = None) -> dict[int, uuid.UUID]:
    """Write what differs between ``loaded.state`` and ``new``; returns building ids."""
    old, vid = loaded.state, loaded.row.id
    values = {"stock_wood": new.stock.wood, "stock_clay": new.stock.clay,
              "stock_iron": new.stock.iron, "stock_crop": new.stock.crop,
              "settled_at": to_dt(new.at), "culture": new.culture, "next_seq": new.next_seq,
              "population": population, **(extra or {})}
    await conn.execute(sa.update(villages).where(villages.c.id == vid).values(**values))
    ids = dict(loaded.building_ids)
    for pos, (btype, level) in new.buildings.items():
        if old.buildings.get(pos) == (btype, level):
            continue
        if pos in ids:
            await conn.execute(sa.update(buildings).where(
                buildings.c.village_id == vid, buildings.c.position == pos).values(
                building_type=int(btype), level=level))
        else:
            ids[pos] = uuid.uuid4()
            await conn.execute(sa.insert(buildings).values(
                village_id=vid, position=pos, id=ids[pos], building_type=int(btype),
                level=level))
    for pos in set(old.buildings) - set(new.buildings):
        await conn.execute(sa.delete(buildings).where(
            buildings.c.village_id == vid, buildings.c.position == pos))
        ids.pop(pos, None)
    await _save_jobs(conn, vid, old, new)
    await _save_units(conn, vid, old, new)
    await store_trade.mark_delivered(conn, old, new)
    return ids


async def _save_jobs(conn: AsyncConnection, vid: uuid.UUID, old: VillageState,
                     new: VillageState) -> None:
    if old.builds != new.builds:
        await _replace(conn, build_jobs, vid, {j.id for j in old.builds}, [
            {"id": uuid.UUID(j.id), "village_id": vid, "position": j.position,
             "building_type": int(j.building), "level": j.level, "start_at": to_dt(j.start),
             "due_at": to_dt(j.due), "seq": j.seq, **_paid_values(j.paid)} for j in new.builds])
    if old.trainings != new.trainings:
        await _replace(conn, training_jobs, vid, {j.id for j in old.trainings}, [
            {"id": uuid.UUID(j.id), "village_id": vid, "building": int(j.building),
             "unit": int(j.unit), "count": j.count, "done": j.done, "each_s": j.each_s,
             "start_at": to_dt(j.start), "seq": j.seq, **_paid_values(j.paid)}
            for j in new.trainings])
    if old.researches != new.researches:
        await _replace(conn, research_jobs, vid, {j.id for j in old.researches}, [
            {"id": uuid.UUID(j.id), "village_id": vid, "kind": j.kind, "unit": int(j.unit),
             "level": j.level, "start_at": to_dt(j.start), "due_at": to_dt(j.due),
             "seq": j.seq, **_paid_values(j.paid)} for j in new.researches])


async def _replace(conn: AsyncConnection, table: sa.Table, vid: uuid.UUID, old_ids: set[str],
                   rows: list[dict]) -> None:
    """The village's rows of a job table become ``rows`` (a village has a handful)."""
    await conn.execute(sa.delete(table).where(table.c.village_id == vid))
    if rows:
        await conn.execute(sa.insert(table), rows)


async def _save_units(conn: AsyncConnection, vid: uuid.UUID, old: VillageState,
                      new: VillageState) -> None:
    changed = {u: new.units.get(u, 0) for u in set(old.units) | set(new.units)
               if old.units.get(u, 0) != new.units.get(u, 0)}
    if changed:
        stmt = insert(units).values([{"village_id": vid, "unit": int(u), "count": c}
                                     for u, c in changed.items()])
        await conn.execute(stmt.on_conflict_do_update(
            index_elements=[units.c.village_id, units.c.unit],
            set_={"count": stmt.excluded.count}))
    upgraded = {u for u in set(new.researched) | set(new.weapons) | set(new.armour)
                | set(old.researched) | set(old.weapons) | set(old.armour)
                if (u in old.researched, old.weapons.get(u, 0), old.armour.get(u, 0))
                != (u in new.researched, new.weapons.get(u, 0), new.armour.get(u, 0))}
    if upgraded:
        stmt = insert(unit_upgrades).values([
            {"village_id": vid, "unit": int(u), "researched": u in new.researched,
             "weapons": new.weapons.get(u, 0), "armour": new.armour.get(u, 0)}
            for u in upgraded])
        await conn.execute(stmt.on_conflict_do_update(
            index_elements=[unit_upgrades.c.village_id, unit_upgrades.c.unit],
            set_={"researched": stmt.excluded.researched, "weapons": stmt.excluded.weapons,
                  "armour": stmt.excluded.armour}))


async def rename(conn: AsyncConnection, village_id: uuid.UUID, name: str) -> None:
    await conn.execute(sa.update(villages).where(villages.c.id == village_id).values(name=name))


async def set_inactive(conn: AsyncConnection, owner: uuid.UUID, inactive: bool) -> int:
    result = await conn.execute(sa.update(villages).where(
        villages.c.owner_id == owner, villages.c.inactive.is_distinct_from(inactive))
        .values(inactive=inactive))
    await conn.execute(sa.update(rankings).where(rankings.c.owner_id == owner)
                       .values(inactive=inactive))
    return result.rowcount or 0


async def mark_founded(conn: AsyncConnection, village_id: uuid.UUID) -> bool:
    """True once: the founding flag goes down when the settlers' arrival is applied."""
    row = (await conn.execute(sa.update(villages).where(
        villages.c.id == village_id, villages.c.founding).values(founding=False)
        .returning(villages.c.id))).first()
    return row is not None


RANKING_SORTS = {"rank": rankings.c.rank, "population": rankings.c.population,
                 "villages": rankings.c.villages, "player": rankings.c.owner_name}


async def ranking_page(conn: AsyncConnection, page: int, page_size: int, sort: str,
                       order: str) -> tuple[list[sa.Row], int]:
    column = RANKING_SORTS.get(sort or "rank", rankings.c.rank)
    if (sort or "rank") in ("population", "villages"):
        ordering = column.asc() if order == "asc" else column.desc()
    else:
        ordering = column.desc() if order == "desc" else column.asc()
    total = (await conn.execute(sa.select(sa.func.count()).select_from(rankings))).scalar()
    rows = (await conn.execute(sa.select(rankings).order_by(ordering, rankings.c.owner_id)
                               .offset((page - 1) * page_size).limit(page_size))).all()
    return list(rows), total or 0


async def has_building(conn: AsyncConnection, village_ids: list[uuid.UUID],
                       building: BuildingType) -> bool:
    if not village_ids:
        return False
    return (await conn.execute(sa.select(sa.literal(1)).where(
        buildings.c.village_id.in_(village_ids), buildings.c.building_type == int(building),
        buildings.c.level > 0).limit(1))).first() is not None
