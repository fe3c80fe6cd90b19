"""Village's tables (schema "village") and every query the service makes.

A village's state is its row (stock and culture in sub-units as of ``settled_at``) plus its
buildings, jobs, units and unit upgrades. ``load`` reads it into the rules' VillageState;
``save`` writes back what differs from the state it was loaded as. Times are epoch seconds
in the rules and ``timestamptz`` here: converted at this edge only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian.ids import BuildingType, Tribe, UnitType
from rules.travian.resources import Resources
from rules.travian.units import troop_upkeep
from rules.travian.village import BuildJob, ResearchJob, TrainingJob, VillageState
from services.runtime.periodic import job_runs_table
from services.runtime.tables import required, runtime_tables
from services.village import store_oasis, store_trade

S = "village"
metadata = sa.MetaData(schema=S)
TS = sa.DateTime(timezone=True)


def village_fk(ondelete: str = "CASCADE") -> sa.ForeignKey:
    """A reference to a village (the row's parts go with it)."""
    return sa.ForeignKey(f"{S}.villages.id", ondelete=ondelete)


def _paid() -> list[sa.Column]:
    return [required(f"paid_{r}", sa.BigInteger) for r in ("wood", "clay", "iron", "crop")]


def _job(*columns: sa.Column | sa.Index) -> list[sa.Column | sa.Index]:
    return [sa.Column("id", sa.Uuid, primary_key=True),
            required("village_id", sa.Uuid, village_fk()), *columns,
            required("seq", sa.Integer), *_paid()]


# The runtime's tables (outbox, inbox, idempotency) and the periodic jobs' run records.
runtime = runtime_tables(metadata, S)
job_runs = job_runs_table(metadata, S)

villages = sa.Table(
    "villages", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    required("owner_id", sa.Uuid),
    required("owner_name", sa.Text),
    required("name", sa.Text),
    required("x", sa.SmallInteger),
    required("y", sa.SmallInteger),
    required("tribe", sa.SmallInteger),
    required("is_capital", sa.Boolean),
    required("population", sa.Integer, server_default="2"),
    required("loyalty", sa.SmallInteger, server_default="100"),
    required("created_at", TS, server_default=sa.func.now()),
    required("layout", sa.Text, server_default="4-4-4-6"),
    *(required(f"stock_{r}", sa.BigInteger, server_default="0")
      for r in ("wood", "clay", "iron", "crop")),
    required("settled_at", TS, server_default=sa.func.now()),
    required("culture", sa.BigInteger, server_default="0"),
    required("inactive", sa.Boolean, server_default=sa.false()),
    required("next_seq", sa.Integer, server_default="1"),
    required("founding", sa.Boolean, server_default=sa.false()),
    required("founded_at", TS, server_default=sa.func.now()),
    sa.Column("founded_from", sa.Uuid),
    required("loyalty_at", TS, server_default=sa.func.now()),
    sa.Column("conquered_from", sa.Uuid),
    sa.UniqueConstraint("x", "y", name="villages_square"),
    sa.Index("ix_village_villages_owner_id", "owner_id"),
    sa.Index("villages_one_capital", "owner_id", unique=True,
             postgresql_where=sa.text("is_capital")),
)

buildings = sa.Table(
    "buildings", metadata,
    sa.Column("village_id", sa.Uuid, village_fk(), primary_key=True),
    sa.Column("position", sa.SmallInteger, primary_key=True),
    required("id", sa.Uuid, unique=True),
    required("building_type", sa.SmallInteger),
    required("level", sa.SmallInteger),
)

build_jobs = sa.Table(
    "build_jobs", metadata,
    *_job(required("position", sa.SmallInteger), required("building_type", sa.SmallInteger),
          required("level", sa.SmallInteger), required("start_at", TS),
          required("due_at", TS)),
    sa.Index("build_jobs_village", "village_id"),
)

training_jobs = sa.Table(
    "training_jobs", metadata,
    *_job(required("building", sa.SmallInteger), required("unit", sa.SmallInteger),
          required("count", sa.Integer), required("done", sa.Integer),
          required("each_s", sa.Integer), required("start_at", TS)),
    sa.Index("training_jobs_village", "village_id"),
)

research_jobs = sa.Table(
    "research_jobs", metadata,
    *_job(required("kind", sa.Text), required("unit", sa.SmallInteger),
          required("level", sa.SmallInteger), required("start_at", TS),
          required("due_at", TS)),
    sa.Index("research_jobs_village", "village_id"),
)

units = sa.Table(
    "units", metadata,
    sa.Column("village_id", sa.Uuid, village_fk(), primary_key=True),
    sa.Column("unit", sa.SmallInteger, primary_key=True),
    required("count", sa.BigInteger),
)

unit_upgrades = sa.Table(
    "unit_upgrades", metadata,
    sa.Column("village_id", sa.Uuid, village_fk(), primary_key=True),
    sa.Column("unit", sa.SmallInteger, primary_key=True),
    required("researched", sa.Boolean, server_default=sa.false()),
    required("weapons", sa.SmallInteger, server_default="0"),
    required("armour", sa.SmallInteger, server_default="0"),
)

rankings = sa.Table(
    "rankings", metadata,
    sa.Column("owner_id", sa.Uuid, primary_key=True),
    required("owner_name", sa.Text),
    required("rank", sa.Integer),
    required("population", sa.BigInteger),
    required("villages", sa.Integer),
    required("computed_at", TS),
    required("inactive", sa.Boolean, server_default=sa.false()),
    sa.Index("rankings_rank", "rank"),
)


def to_dt(t: int) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def to_s(dt: datetime) -> int:
    return int(dt.timestamp())


def founding(row: sa.Row, now: int) -> bool:
    """A village is being founded until its settlers arrive (``founded_at``), as every read
    and write shows it, whether or not its wake-up has cleared the ``founding`` flag yet."""
    return now < to_s(row.founded_at)


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
    if lock:  # FOR NO KEY UPDATE: writers of one village queue, while a movement row's
        # foreign keys to it (KEY SHARE) do not wait for it (no deadlock between two
        # villages sending at each other)
        query = query.with_for_update(key_share=True)
    return (await conn.execute(query)).first()


async def lock_many(conn: AsyncConnection, village_ids: Sequence[uuid.UUID]) -> list[sa.Row]:
    """Lock these villages' rows (as ``village_row(lock=True)``) in one statement, in id
    order (one order for every batch: two batches cannot deadlock on each other)."""
    if not village_ids:
        return []
    return list((await conn.execute(sa.select(villages.c.id).where(
        villages.c.id.in_(list(village_ids))).order_by(villages.c.id)
        .with_for_update(key_share=True))).all())


async def next_arrivals(conn: AsyncConnection, village_ids: Sequence[uuid.UUID]
                        ) -> dict[uuid.UUID, int]:
    """village -> the earliest instant a movement is still to arrive there (only villages
    with one), in one statement."""
    from services.village import store_war  # the war tables build on this module's

    m = store_war.movements
    if not village_ids:
        return {}
    rows = await conn.execute(sa.select(m.c.destination_id, sa.func.min(m.c.arrives_at)).where(
        m.c.destination_id.in_(list(village_ids)), m.c.state == "moving")
        .group_by(m.c.destination_id))
    return {vid: to_s(at) for vid, at in rows}


def _epoch(column: sa.Column) -> sa.ColumnElement:
    return sa.cast(sa.func.extract("epoch", column), sa.BigInteger)


def _children(table: sa.Table, *columns: sa.ColumnElement) -> sa.ScalarSelect:
    """The village's rows of ``table`` as one JSON array of arrays (a correlated subquery,
    so a village and all its parts come back in one row of one query)."""
    return (sa.select(sa.func.json_agg(sa.func.json_build_array(*columns), type_=sa.JSON))
            .where(table.c.village_id == villages.c.id).scalar_subquery())


def _paid_columns(table: sa.Table) -> list[sa.Column]:
    return [table.c[f"paid_{r}"] for r in ("wood", "clay", "iron", "crop")]


_b, _bj, _tj, _rj = buildings.c, build_jobs.c, training_jobs.c, research_jobs.c
# One query for a village's whole state: its row and each part as a JSON array.
STATE = sa.select(
    villages,
    _children(buildings, _b.position, _b.id, _b.building_type, _b.level).label("parts_b"),
    _children(build_jobs, _bj.id, _bj.position, _bj.building_type, _bj.level,
              _epoch(_bj.start_at), _epoch(_bj.due_at), _bj.seq,
              *_paid_columns(build_jobs)).label("parts_bj"),
    _children(training_jobs, _tj.id, _tj.building, _tj.unit, _tj.count, _tj.done, _tj.each_s,
              _epoch(_tj.start_at), _tj.seq, *_paid_columns(training_jobs)).label("parts_tj"),
    _children(research_jobs, _rj.id, _rj.kind, _rj.unit, _rj.level, _epoch(_rj.start_at),
              _epoch(_rj.due_at), _rj.seq, *_paid_columns(research_jobs)).label("parts_rj"),
    _children(units, units.c.unit, units.c.count).label("parts_u"),
    _children(unit_upgrades, unit_upgrades.c.unit, unit_upgrades.c.researched,
              unit_upgrades.c.weapons, unit_upgrades.c.armour).label("parts_uu"),
)


async def settlers_walking(conn: AsyncConnection, owner: uuid.UUID, village_id: uuid.UUID,
                           now: datetime) -> list[sa.Row]:
    """Villages ``village_id``'s settlers are still walking to (arrival after ``now``)."""
    return list((await conn.execute(sa.select(
        villages.c.id, villages.c.x, villages.c.y, villages.c.founded_at).where(
        villages.c.owner_id == owner, villages.c.founded_from == village_id,
        villages.c.founded_at > now).order_by(villages.c.founded_at, villages.c.id))).all())


async def owner_rows(conn: AsyncConnection, owner: uuid.UUID) -> list[sa.Row]:
    """The owner's village rows (no state), oldest first."""
    return list((await conn.execute(sa.select(villages).where(villages.c.owner_id == owner)
                                    .order_by(villages.c.created_at, villages.c.id))).all())


async def load_many(conn: AsyncConnection, rows: Sequence[sa.Row]) -> list[Loaded]:
    """States of these village rows (in their order): one query for all of them."""
    ids = [r.id for r in rows]
    if not ids:
        return []
    found = {r.id: r for r in (await conn.execute(STATE.where(villages.c.id.in_(ids)))).all()}
    return await _with_guests(conn, [_assemble(found[i]) for i in ids if i in found])


async def load_owner(conn: AsyncConnection, owner: uuid.UUID) -> list[Loaded]:
    """The owner's villages, oldest first, with their states: one query (and one for the
    reinforcements stationed in them)."""
    rows = (await conn.execute(STATE.where(villages.c.owner_id == owner)
                               .order_by(villages.c.created_at, villages.c.id))).all()
    return await _with_guests(conn, [_assemble(r) for r in rows])


async def _with_guests(conn: AsyncConnection, loaded: list[Loaded]) -> list[Loaded]:
    """What other villages put into these: reinforcements stationed here (they eat from
    the host and starve first), this village's armies on the road (they eat from home
    until they arrive), merchants on their way here, annexed oases' bonus, the output of
    the hero living here."""
    if not loaded:
        return loaded
    from services.village import store_hero, store_war  # their tables build on this module's

    ids = [v.row.id for v in loaded]
    guests: dict[uuid.UUID, dict[str, dict]] = {i: {} for i in ids}
    away: dict[uuid.UUID, list[tuple[int, int]]] = {i: [] for i in ids}
    stationed, on_the_road = await store_war.guests_and_away(conn, ids)
    for m in stationed:
        guests[m.destination_id][str(m.id)] = store_war.units_of(m.units)
    for m in on_the_road:  # armies on the road eat from home until they arrive
        away[m.origin_id].append((to_s(m.arrives_at), troop_upkeep(store_war.units_of(m.units))))
    arrivals = await store_trade.pending_arrivals(conn, ids)
    bonus = await store_oasis.bonus_of(conn, {v.row.id: v.state.at for v in loaded})
    heroes = await store_hero.outputs(conn, ids)
    out = []
    for v in loaded:
        oasis_bonus, oasis_changes = bonus.get(v.row.id, (Resources(), ()))
        out.append(Loaded(v.row, replace(
            v.state, guests=guests[v.row.id], away=tuple(sorted(away[v.row.id])),
            arrivals=arrivals.get(v.row.id, ()), oasis_bonus=oasis_bonus,
            oasis_changes=oasis_changes, hero=heroes.get(v.row.id)), v.building_ids))
    return out


async def load(conn: AsyncConnection, village_id: uuid.UUID, *,
               lock: bool = False) -> Loaded | None:
    """A village's state. With ``lock`` the row is locked first, by a statement of its own:
    the state is then read by a second statement, whose snapshot (READ COMMITTED) includes
    whatever the previous holder of the lock committed."""
    if lock and await village_row(conn, village_id, lock=True) is None:
        return None
    row = (await conn.execute(STATE.where(villages.c.id == village_id))).first()
    return None if row is None else (await _with_guests(conn, [_assemble(row)]))[0]


def _assemble(row: sa.Row) -> Loaded:
    parts_b, parts_u, parts_uu = row.parts_b or [], row.parts_u or [], row.parts_uu or []
    upgrades = [(UnitType(u), researched, weapons, armour)
                for u, researched, weapons, armour in parts_uu]
    state = VillageState(
        tribe=Tribe(row.tribe), is_capital=row.is_capital,
        buildings={pos: (BuildingType(btype), level) for pos, _, btype, level in parts_b},
        stock=Resources(row.stock_wood, row.stock_clay, row.stock_iron, row.stock_crop),
        at=to_s(row.settled_at),
        units={UnitType(u): n for u, n in parts_u if n},
        researched=frozenset(u for u, researched, _, _ in upgrades if researched),
        weapons={u: w for u, _, w, _ in upgrades if w},
        armour={u: a for u, _, _, a in upgrades if a},
        builds=tuple(sorted((BuildJob(
            id=j[0], position=j[1], building=BuildingType(j[2]), level=j[3], start=j[4],
            due=j[5], seq=j[6], paid=Resources(*j[7:11])) for j in row.parts_bj or ()),
            key=lambda j: j.seq)),
        trainings=tuple(sorted((TrainingJob(
            id=j[0], building=BuildingType(j[1]), unit=UnitType(j[2]), count=j[3], done=j[4],
            each_s=j[5], start=j[6], seq=j[7], paid=Resources(*j[8:12]))
            for j in row.parts_tj or ()), key=lambda j: j.seq)),
        researches=tuple(sorted((ResearchJob(
            id=j[0], kind=j[1], unit=UnitType(j[2]), level=j[3], start=j[4], due=j[5],
            seq=j[6], paid=Resources(*j[7:11])) for j in row.parts_rj or ()),
            key=lambda j: j.seq)),
        culture=row.culture, next_seq=row.next_seq)
    return Loaded(row, state, {pos: uuid.UUID(bid) for pos, bid, _, _ in parts_b})


async def insert_village(conn: AsyncConnection, values: dict) -> sa.Row | None:
    """Insert a village row; None when its square (or the owner's capital) is taken."""
    return (await conn.execute(insert(villages).values(**values).on_conflict_do_nothing()
                               .returning(villages))).first()


async def capital_of(conn: AsyncConnection, owner: uuid.UUID) -> sa.Row | None:
    return (await conn.execute(sa.select(villages).where(
        villages.c.owner_id == owner, villages.c.is_capital))).first()


async def newest_capital(conn: AsyncConnection) -> sa.Row | None:
    """The most recently placed capital (where a new process's capital search resumes)."""
    return (await conn.execute(sa.select(villages.c.x, villages.c.y).where(villages.c.is_capital)
                               .order_by(villages.c.created_at.desc()).limit(1))).first()


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


async def squares_of(conn: AsyncConnection, ids: Iterable[uuid.UUID]) -> list[sa.Row]:
    """The squares (id, x, y) of these villages."""
    ids = list(ids)
    if not ids:
        return []
    return list((await conn.execute(sa.select(villages.c.id, villages.c.x, villages.c.y)
                                    .where(villages.c.id.in_(ids)))).all())


async def save(conn: AsyncConnection, loaded: Loaded, new: VillageState, *,
               population: int, extra: dict | None = None) -> dict[int, uuid.UUID]:
    """Write what differs between ``loaded.state`` and ``new``; returns building ids."""
    return (await save_many(conn, [Save(loaded, new, population, extra)]))[0]


@dataclass(frozen=True)
class Save:
    """One village to store: as loaded, as it is now (``save_many``)."""

    loaded: Loaded
    new: VillageState
    population: int
    extra: dict | None = None


class _Writes:
    """The statements of a batch of saves, grouped by kind: each group is one statement
    (one executemany), whatever the number of villages."""

    def __init__(self) -> None:
        self.groups: dict[tuple, tuple[object, list[dict]]] = {}

    def add(self, key: tuple, statement: object, params: dict) -> None:
        self.groups.setdefault((*key, *sorted(params)), (statement, []))[1].append(params)

    async def run(self, conn: AsyncConnection) -> None:
        for statement, params in self.groups.values():
            await conn.execute(statement, params)


_B_VID, _B_POS, _B_ID = sa.bindparam("b_vid"), sa.bindparam("b_pos"), sa.bindparam("b_id")
# The statements of save_many, built once (their parameters are the values to write).
_AT_POSITION = (buildings.c.village_id == _B_VID) & (buildings.c.position == _B_POS)
_ROW = sa.update(villages).where(villages.c.id == _B_ID)
_BUILDING = sa.update(buildings).where(_AT_POSITION)
_NEW_BUILDING = sa.insert(buildings)
_GONE_BUILDING = sa.delete(buildings).where(_AT_POSITION)
_JOB = {t.name: (sa.delete(t).where(t.c.id == _B_ID), sa.insert(t),
                 sa.update(t).where(t.c.id == _B_ID))
        for t in (build_jobs, training_jobs, research_jobs)}
_new_units, _new_upgrades = insert(units), insert(unit_upgrades)
_UNITS = _new_units.on_conflict_do_update(
    index_elements=[units.c.village_id, units.c.unit],
    set_={"count": _new_units.excluded.count})
_UPGRADES = _new_upgrades.on_conflict_do_update(
    index_elements=[unit_upgrades.c.village_id, unit_upgrades.c.unit],
    set_={"researched": _new_upgrades.excluded.researched,
          "weapons": _new_upgrades.excluded.weapons, "armour": _new_upgrades.excluded.armour})


async def save_many(conn: AsyncConnection, saves: Sequence[Save]) -> list[dict[int, uuid.UUID]]:
    """``save`` for many villages: what differs for each, with one statement per kind of
    change for all of them (the settle timer stores a batch of villages at once); returns
    each village's building ids, in order."""
    writes, out = _Writes(), []
    for item in saves:
        old, new, vid = item.loaded.state, item.new, item.loaded.row.id
        writes.add(("village",), _ROW, {
            "b_id": vid, "stock_wood": new.stock.wood, "stock_clay": new.stock.clay,
            "stock_iron": new.stock.iron, "stock_crop": new.stock.crop,
            "settled_at": to_dt(new.at), "culture": new.culture, "next_seq": new.next_seq,
            "population": item.population, **(item.extra or {})})
        ids = dict(item.loaded.building_ids)
        for pos, (btype, level) in new.buildings.items():
            if old.buildings.get(pos) == (btype, level):
                continue
            if pos in ids:
                writes.add(("building",), _BUILDING, {
                    "b_vid": vid, "b_pos": pos, "building_type": int(btype), "level": level})
            else:
                ids[pos] = uuid.uuid4()
                writes.add(("new building",), _NEW_BUILDING, {
                    "village_id": vid, "position": pos, "id": ids[pos],
                    "building_type": int(btype), "level": level})
        for pos in set(old.buildings) - set(new.buildings):
            writes.add(("gone building",), _GONE_BUILDING, {"b_vid": vid, "b_pos": pos})
            ids.pop(pos, None)
        _job_writes(writes, vid, old, new)
        _unit_writes(writes, vid, old, new)
        out.append(ids)
    await writes.run(conn)
    for item in saves:
        old, new = item.loaded.state, item.new
        if old.guests != new.guests:
            from services.village import store_war

            await store_war.save_guests(conn, old.guests, new.guests)
        await store_trade.mark_delivered(conn, old, new)
    return out


def _job_writes(writes: _Writes, vid: uuid.UUID, old: VillageState, new: VillageState) -> None:
    _job_rows(writes, build_jobs, vid, old.builds, new.builds, lambda j: {
        "position": j.position, "building_type": int(j.building), "level": j.level,
        "start_at": to_dt(j.start), "due_at": to_dt(j.due)})
    _job_rows(writes, training_jobs, vid, old.trainings, new.trainings, lambda j: {
        "building": int(j.building), "unit": int(j.unit), "count": j.count, "done": j.done,
        "each_s": j.each_s, "start_at": to_dt(j.start)})
    _job_rows(writes, research_jobs, vid, old.researches, new.researches, lambda j: {
        "kind": j.kind, "unit": int(j.unit), "level": j.level, "start_at": to_dt(j.start),
        "due_at": to_dt(j.due)})


def _job_rows(writes: _Writes, table: sa.Table, vid: uuid.UUID, old: Sequence, new: Sequence,
              columns) -> None:  # noqa: ANN001 - job -> its own columns
    """Only what changed: finished jobs deleted, new ones inserted, changed ones (a training
    job's ``done``) updated; an untouched job table gets no statement at all."""
    if old == new:
        return
    before = {j.id: j for j in old}
    after = {j.id: j for j in new}
    gone, added, changed = _JOB[table.name]
    for i in before.keys() - after.keys():
        writes.add((table.name, "gone"), gone, {"b_id": uuid.UUID(i)})
    for i, j in after.items():
        if i not in before:
            writes.add((table.name, "new"), added, {
                "id": uuid.UUID(j.id), "village_id": vid, "seq": j.seq,
                **_paid_values(j.paid), **columns(j)})
        elif before[i] != j:
            writes.add((table.name, "changed"), changed, {
                "b_id": uuid.UUID(i), "seq": j.seq, **_paid_values(j.paid), **columns(j)})


def _unit_writes(writes: _Writes, vid: uuid.UUID, old: VillageState, new: VillageState) -> None:
    changed = {u: new.units.get(u, 0) for u in set(old.units) | set(new.units)
               if old.units.get(u, 0) != new.units.get(u, 0)}
    for u, c in changed.items():
        writes.add(("units",), _UNITS, {"village_id": vid, "unit": int(u), "count": c})
    upgraded = {u for u in set(new.researched) | set(new.weapons) | set(new.armour)
                | set(old.researched) | set(old.weapons) | set(old.armour)
                if (u in old.researched, old.weapons.get(u, 0), old.armour.get(u, 0))
                != (u in new.researched, new.weapons.get(u, 0), new.armour.get(u, 0))}
    for u in upgraded:
        writes.add(("upgrades",), _UPGRADES, {
            "village_id": vid, "unit": int(u), "researched": u in new.researched,
            "weapons": new.weapons.get(u, 0), "armour": new.armour.get(u, 0)})


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


async def replace_rankings(conn: AsyncConnection) -> None:
    """Players ranked by total population (seed: RANK() OVER population), replaced at once."""
    await conn.execute(sa.text(f"DELETE FROM {S}.rankings"))
    await conn.execute(sa.text(
        f"INSERT INTO {S}.rankings (owner_id, owner_name, rank, population, villages, "
        "computed_at, inactive) SELECT owner_id, max(owner_name), "
        "RANK() OVER (ORDER BY sum(population) DESC), sum(population), count(*), now(), "
        f"bool_and(inactive) FROM {S}.villages WHERE NOT founding GROUP BY owner_id"))


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


@dataclass(frozen=True)
class Account:
    """The owner's other villages as the rules need them (one aggregate query)."""

    villages: int  # all of the owner's villages, this one included
    founded_from_here: int  # villages founded (or being founded) from this one
    palace_elsewhere: bool  # a palace (level > 0) in another village (when asked)
    stored_culture_elsewhere: int  # the others' culture sub-units as of their settled_at


async def account(conn: AsyncConnection, owner: uuid.UUID, village_id: uuid.UUID, *,
                  palace: bool = False) -> Account:
    """One aggregate over the owner's villages (their index); the palace lookup (a join
    with their buildings) only when asked, i.e. when a palace is being built."""
    elsewhere = villages.c.id != village_id
    columns = [sa.func.count().label("villages"),
               sa.func.count().filter(villages.c.founded_from == village_id).label("founded"),
               sa.func.coalesce(sa.func.sum(villages.c.culture).filter(elsewhere), 0)
               .label("culture")]
    if palace:
        other = villages.alias("other")
        columns.append(sa.exists().where(
            buildings.c.village_id == other.c.id, other.c.owner_id == owner,
            other.c.id != village_id, buildings.c.building_type == int(BuildingType.PALACE),
            buildings.c.level > 0).label("palace"))
    row = (await conn.execute(sa.select(*columns).where(villages.c.owner_id == owner))).one()
    return Account(villages=row.villages, founded_from_here=row.founded,
                   palace_elsewhere=bool(palace and row.palace),
                   stored_culture_elsewhere=int(row.culture))
