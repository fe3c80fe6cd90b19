"""Combat's use cases on the real schema, each test rolled back (conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.combat.v1 import combat_pb2 as cpb
from protos.common.v1 import common_pb2
from services.combat import store, usecases
from services.runtime.errors import DomainError

ATTACKER, DEFENDER = str(uuid.uuid4()), str(uuid.uuid4())


def battle(battle_id: str, legionnaires: int) -> cpb.ResolveRequest:
    at = Timestamp(seconds=1_800_000_000)
    army = [common_pb2.UnitCount(unit=1, count=legionnaires)]
    return cpb.ResolveRequest(
        battle_id=battle_id, mission=cpb.MISSION_TYPE_ATTACK, at=at,
        attacker=cpb.BattleArmy(owner_id=ATTACKER, village_id=str(uuid.uuid4()), tribe=1,
                                units=army),
        defenders=[cpb.BattleArmy(owner_id=DEFENDER, village_id=str(uuid.uuid4()), tribe=2,
                                  units=[common_pb2.UnitCount(unit=11, count=5)])],
        attacker_village=cpb.VillagePlace(name="a", x=1, y=1, owner_id=ATTACKER),
        defender_village=cpb.VillagePlace(name="d", x=2, y=2, owner_id=DEFENDER),
        defender_tribe=2, stock=common_pb2.Resources(wood=100, clay=100, iron=100, crop=100))


async def test_resolve_stores_a_battle_once(conn: AsyncConnection, uow: Callable) -> None:
    db = uow("combat")
    battle_id = str(uuid.uuid4())
    first = await usecases.resolve(db, battle(battle_id, 50))
    # A retry (a redelivered arrival) with other troops still answers the stored battle.
    again = await usecases.resolve(db, battle(battle_id, 1))
    assert again == first
    assert [c.count for c in first.attacker.sent] == [50]
    reports = (await conn.execute(sa.select(sa.func.count()).select_from(store.reports)))
    assert reports.scalar() == 1


async def test_only_recipients_read_a_report_and_deleting_is_per_reader(
        uow: Callable) -> None:
    db = uow("combat")
    report = await usecases.resolve(db, battle(str(uuid.uuid4()), 20))
    view = await usecases.mark_read(db, DEFENDER, report.id)
    assert view.read and view.role == cpb.ROLE_DEFENDER
    with pytest.raises(DomainError) as err:
        await usecases.get_report(db, str(uuid.uuid4()), report.id)
    assert err.value.code == "REPORT_NOT_FOUND"

    await usecases.delete_report(db, DEFENDER, report.id)
    page = cpb.ListReportsRequest(page=common_pb2.PageRequest(page=1, page_size=10))
    assert (await usecases.list_reports(db, DEFENDER, page)).page.total == 0
    listed = await usecases.list_reports(db, ATTACKER, page)
    assert [v.report.id for v in listed.items] == [report.id]


async def test_not_a_battle_id_is_invalid_input(uow: Callable) -> None:
    with pytest.raises(DomainError) as err:
        await usecases.resolve(uow("combat"), battle("not-a-uuid", 1))
    assert err.value.code == "INVALID_INPUT"
