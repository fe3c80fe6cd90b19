"""Village's use cases on the real schema, each test rolled back (conftest.py). Village's
unit of work is ``usecases.Work``: the test's ``uow("village")`` (a SAVEPOINT per use case)
with the outbox and the config; the helpers the handlers call take the ``Unit`` itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian.ids import BuildingType, UnitType
from rules.travian.world import DEFAULT_WORLD_SEED
from services.runtime.db import UnitOfWork
from services.runtime.errors import DomainError
from services.runtime.events import Outbox
from services.village import store, store_war, usecases, usecases_reads, usecases_world
from services.village.usecases import Config, Unit, Work

CONFIG = Config(world_seed=DEFAULT_WORLD_SEED, speed=1.0)
NOW = 1_800_000_000


@pytest.fixture
def work(uow: Callable[[str], UnitOfWork]) -> Work:
    return Work(uow("village"), Outbox("village", "usecases"), CONFIG)


@pytest.fixture
def unit(conn: AsyncConnection) -> Unit:
    return Unit(conn, Outbox("village", "usecases"), CONFIG)


async def capital(unit: Unit, name: str = "alice") -> usecases.VillageView:
    return await usecases_world.create_capital(unit.conn, CONFIG, str(uuid.uuid4()), name, 3,
                                               NOW)


async def subjects(conn: AsyncConnection) -> list[str]:
    rows = await conn.execute(sa.text("SELECT subject FROM village.outbox ORDER BY seq"))
    return [s.removeprefix("usecases.") for s in rows.scalars()]


async def test_the_capital_is_made_once_per_user(unit: Unit) -> None:
    user = str(uuid.uuid4())
    first = await usecases_world.create_capital(unit.conn, CONFIG, user, "bob", 2, NOW)
    again = await usecases_world.create_capital(unit.conn, CONFIG, user, "bob", 2, NOW + 5)
    assert again.row.id == first.row.id
    assert first.row.is_capital and first.row.layout == "4-4-4-6"
    assert len([p for p in first.state.buildings if p <= 18]) == 18
    count = (await unit.conn.execute(sa.select(sa.func.count()).select_from(store.villages)))
    assert count.scalar() == 1


async def test_an_upgrade_pays_queues_asks_for_a_timer_and_completes_on_settle(
        work: Work, unit: Unit) -> None:
    view = await capital(unit)
    user, vid = str(view.row.owner_id), str(view.row.id)
    before = view.state.buildings[1]
    job = await usecases.upgrade_building(work, user, vid, int(before[0]), 1, NOW)
    assert job.level == before[1] + 1 and job.due > NOW

    queued = await usecases.get_village(unit.conn, CONFIG, user, vid, NOW)
    assert [j.id for j in queued.state.builds] == [job.id]
    assert queued.state.stock.wood < view.state.stock.wood
    assert await subjects(unit.conn) == ["village.timer.requested"]

    applied = await usecases.settle_villages(unit, [view.row.id], job.due)
    done = await usecases.get_village(unit.conn, CONFIG, user, vid, job.due)
    assert applied == 1 and done.state.builds == ()
    assert done.state.buildings[1] == (before[0], before[1] + 1)
    assert (await subjects(unit.conn))[-1] == usecases.UPDATED


async def test_a_refused_upgrade_changes_nothing(work: Work, unit: Unit) -> None:
    view = await capital(unit)
    user, vid = str(view.row.owner_id), str(view.row.id)
    with pytest.raises(DomainError) as err:  # a palace needs a level-5 main building
        await usecases.upgrade_building(work, user, vid, int(BuildingType.PALACE), 25, NOW)
    assert err.value.code == "PREREQUISITES_NOT_MET"
    after = await usecases.get_village(unit.conn, CONFIG, user, vid, NOW)
    assert after.state.builds == () and after.state.stock == view.state.stock
    assert await subjects(unit.conn) == []


async def test_another_players_village_is_not_found(work: Work, unit: Unit) -> None:
    view = await capital(unit)
    with pytest.raises(DomainError) as err:
        await usecases.upgrade_building(work, str(uuid.uuid4()), str(view.row.id), 1, 1, NOW)
    assert err.value.code == "VILLAGE_NOT_FOUND"


async def test_the_village_read_applies_a_due_arrival_first_in_its_one_transaction(
        uow: Callable[[str], UnitOfWork], unit: Unit) -> None:
    """GetVillage's use case: the troops coming home by now are home in the answer (their
    movement done), with the owner's protection, all from the one unit of work it is given."""
    view = await capital(unit)
    owner, home = view.row.owner_id, view.row.id
    movement = await store_war.insert_movement(unit.conn, store_war.NewMovement(
        owner_id=owner, mission="return", origin_id=home, destination_id=home, tribe=3,
        units={int(UnitType.PHALANX): 5}, sent_at=NOW, arrives_at=NOW + 10))
    long_protection = Work(uow("village"), Outbox("village", "usecases"),
                           replace(CONFIG, protection_hours=10**6))
    read, ends = await usecases_reads.village(long_protection, str(owner), str(home), NOW + 20)
    assert read.state.units.get(UnitType.PHALANX) == 5
    assert set(ends) == {owner}
    state = (await unit.conn.execute(sa.select(store_war.movements.c.state).where(
        store_war.movements.c.id == movement))).scalar_one()
    assert state == "done"
