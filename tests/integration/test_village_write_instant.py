"""A village write whose ``now`` is behind the village's stored instant acts at that
instant (real PostgreSQL, the service's migrations and use cases).

Under row-lock contention a write reads its clock, waits for the lock, and finds the
village settled to a later second by the write it waited for. Here that is forced
deterministically: a first write at T + 100, then writes whose clock says T + 40.
They must be applied at T + 100 (never settling back in time), not refused with
INVALID_INPUT "settle the village to ... first".
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

import services.village as village_pkg
from rules.travian import world
from rules.travian.ids import BuildingType, UnitType
from rules.travian.movement import army_travel_time_s
from services.runtime import migrate
from services.runtime.db import Database
from services.runtime.events import Outbox
from services.village import store, usecases, usecases_world
from services.village.usecases import Config, Unit, Work

pytestmark = pytest.mark.asyncio(loop_scope="session")

T = 1_900_000_000
LATER = T + 100
BEHIND = T + 40


@pytest.fixture(scope="module")
async def db(scratch_db: str):  # noqa: ANN201
    database = Database(scratch_db, schema="village")
    await migrate.upgrade(database.engine, "village",
                          Path(village_pkg.__file__).parent / "migrations")
    yield database
    await database.close()


CONFIG = Config(world_seed=7, speed=1.0)


async def _capital(db: Database) -> tuple[str, str]:
    """A Roman capital made at T, with a barracks (position 19) to train in, three
    settlers at home and the culture points for a second village."""
    user = str(uuid.uuid4())
    async with db.transaction() as conn:
        view = await usecases_world.create_capital(conn, CONFIG, user, f"p{user[:8]}", 1, T)
        vid = view.row.id
        await conn.execute(sa.insert(store.buildings).values(
            village_id=vid, position=19, id=uuid.uuid4(),
            building_type=int(BuildingType.BARRACKS), level=1))
        await conn.execute(sa.insert(store.units).values(
            village_id=vid, unit=int(UnitType.SETTLER), count=3))
        await conn.execute(sa.update(store.villages).where(store.villages.c.id == vid)
                           .values(culture=10**12))
    return user, str(view.row.id)


async def _in_unit(db: Database, work):  # noqa: ANN001, ANN202
    """``work(unit)`` in a transaction of its own (the helpers the handlers call)."""
    async with db.transaction() as conn:
        return await work(Unit(conn, Outbox("village", "t"), CONFIG))


def _work(db: Database) -> Work:
    """The use cases' unit of work on this database (each opens its own transaction)."""
    return Work(db, Outbox("village", "t"), CONFIG)


async def test_writes_behind_the_stored_instant_act_at_it(db: Database) -> None:
    user, vid = await _capital(db)
    field = await usecases.upgrade_building(
        _work(db), user, vid, int(BuildingType.WOODCUTTER), 1, LATER)
    assert field.start == LATER

    # Romans build a field and an inner building at once: the main building is accepted.
    main = await usecases.upgrade_building(
        _work(db), user, vid, int(BuildingType.MAIN_BUILDING), 26, BEHIND)
    assert main.start == LATER
    trained = await usecases.train(
        _work(db), user, vid, int(UnitType.LEGIONNAIRE), 1, False, BEHIND)
    assert trained.start == LATER
    refund = await usecases.cancel_building(
        _work(db), user, vid, main.id, BEHIND)
    assert refund.wood > 0

    x, y = next((x, y) for x in range(100, 140) for y in range(100, 140)
                if world.square(CONFIG.world_seed, x, y).kind == "village")
    new_id, arrival = await usecases_world.found_village(
        _work(db), user, x, y, vid, BEHIND)
    async with db.transaction() as conn:
        home = await store.village_row(conn, uuid.UUID(vid))
    assert arrival == LATER + army_travel_time_s(
        (home.x, home.y), (x, y), {int(UnitType.SETTLER): 3}, speed=CONFIG.speed)

    async with db.transaction() as conn:
        loaded = await store.load(conn, uuid.UUID(vid))
        founded = await store.village_row(conn, new_id)
    assert founded.founded_at == store.to_dt(arrival)
    assert loaded.state.at == LATER  # never settled back to BEHIND
    assert [j.id for j in loaded.state.builds] == [field.id]
    assert [j.id for j in loaded.state.trainings] == [trained.id]


async def test_list_villages_applies_a_due_arrival_before_answering(db: Database) -> None:
    """A read reaching a movement's arrival applies it (here troops coming home) and
    answers the village with it; the movement is done once."""
    from services.village import store_war

    user, vid = await _capital(db)
    home = uuid.UUID(vid)
    async with db.transaction() as conn:
        movement = await store_war.insert_movement(conn, store_war.NewMovement(
            owner_id=uuid.UUID(user), mission="return", origin_id=home, destination_id=home,
            tribe=1, units={int(UnitType.LEGIONNAIRE): 5}, sent_at=T, arrives_at=T + 10))
    views = await usecases.list_villages(_work(db), user, T + 20)
    assert [str(v.row.id) for v in views] == [vid]
    assert views[0].state.units.get(UnitType.LEGIONNAIRE) == 5
    async with db.transaction() as conn:
        state = (await conn.execute(sa.select(store_war.movements.c.state).where(
            store_war.movements.c.id == movement))).scalar_one()
    assert state == "done"


async def _statements(db: Database, work):  # noqa: ANN001, ANN202
    """(what ``work(unit)`` answered, how many statements it ran)."""
    count = 0

    def counted(*_args: object) -> None:
        nonlocal count
        count += 1

    sa.event.listen(db.engine.sync_engine, "before_cursor_execute", counted)
    try:
        answer = await _in_unit(db, work)
    finally:
        sa.event.remove(db.engine.sync_engine, "before_cursor_execute", counted)
    return answer, count


async def test_the_settle_timer_stores_a_batch_of_villages_with_a_fixed_number_of_statements(
        db: Database) -> None:
    """Each village of the batch is stored as settling it alone would, its completion is
    published once, and the batch costs the same statements whether 2 or 6 villages."""
    counts = []
    for size in (2, 6):
        made = [await _capital(db) for _ in range(size)]
        jobs = [await usecases.upgrade_building(
            _work(db), user, vid, int(BuildingType.WOODCUTTER), 1, T) for user, vid in made]
        ids, due = [uuid.UUID(vid) for _, vid in made], jobs[0].due
        async with db.transaction() as conn:
            expected = {v.row.id: usecases.rules.settle(v.state, due, CONFIG.speed)[0]
                        for v in await store.load_many(conn, await store.lock_many(conn, ids))}
            before = (await conn.execute(sa.text("SELECT max(seq) FROM village.outbox"))).scalar()
        applied, statements = await _statements(
            db, lambda u, ids=ids, due=due: usecases.settle_villages(u, ids, due))
        assert applied == size
        counts.append(statements)
        async with db.transaction() as conn:
            for vid in ids:
                stored = (await store.load(conn, vid)).state
                assert stored == expected[vid]
                assert stored.buildings[1][1] == 1 and stored.builds == ()
            events = (await conn.execute(sa.text(
                "SELECT subject FROM village.outbox WHERE seq > :s ORDER BY seq"),
                {"s": before})).scalars().all()
        assert events == ["t.village.village.updated"] * size
        again, _ = await _statements(
            db, lambda u, ids=ids, due=due: usecases.settle_villages(u, ids, due))
        assert again == 0  # a repeated firing finds nothing to apply
    assert counts[0] == counts[1]
