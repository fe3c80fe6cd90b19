"""The scheduler's use cases on the real schema, each test rolled back (conftest.py).

They take the connection of the transaction their caller opened (server.py, or here the
test's unit of work), as the scheduler's servicer does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from protos.scheduler.v1 import scheduler_pb2 as spb
from services.runtime.errors import DomainError
from services.scheduler import store, usecases


def request(kind: str, due: datetime, dedupe_key: str = "") -> spb.ScheduleRequest:
    at = Timestamp()
    at.FromDatetime(due)
    return spb.ScheduleRequest(owner="village", kind=kind, due_at=at, payload=b"p",
                               dedupe_key=dedupe_key)


async def test_schedule_is_idempotent_per_dedupe_key_and_cancel_ends_a_pending_timer(
        uow: Callable) -> None:
    due = datetime.now(UTC) + timedelta(hours=1)
    async with uow("scheduler").transaction() as conn:
        first, other = await usecases.schedule(conn, [request("settle", due, "v1@1"),
                                                      request("settle", due)])
        (again,) = await usecases.schedule(conn, [request("settle", due + timedelta(1),
                                                          "v1@1")])
    assert again.id == first.id and again.due_at == first.due_at and other.id != first.id
    async with uow("scheduler").transaction() as conn:
        assert await usecases.cancel(conn, spb.CancelRequest(owner="village",
                                                             dedupe_key="v1@1"))
        assert not await usecases.cancel(conn, spb.CancelRequest(id=first.id))
        assert (await usecases.get_timer(conn, first.id)).state == "cancelled"
        assert (await usecases.get_timer(conn, other.id)).state == "pending"


async def test_a_claimed_timer_is_neither_claimed_again_nor_cancelled(uow: Callable) -> None:
    async with uow("scheduler").transaction() as conn:
        (timer,) = await usecases.schedule(conn, [request("settle", datetime(2020, 1, 1,
                                                                            tzinfo=UTC))])
        # The firing loop's claim runs on a plain asyncpg connection: this one's, inside
        # the test's transaction.
        raw = (await conn.get_raw_connection()).driver_connection
        claimed, _, _ = await store.claim_free(raw, "replica-a", lease_s=60, limit=10)
        assert [c.id for c in claimed] == [timer.id]
        again, _, _ = await store.claim_free(raw, "replica-b", lease_s=60, limit=10)
        assert again == []
        assert not await usecases.cancel(conn, spb.CancelRequest(id=timer.id))
        with pytest.raises(DomainError) as err:
            await usecases.reschedule(conn, spb.RescheduleRequest(id=timer.id,
                                                                  due_at=Timestamp()))
    assert err.value.code == "FAILED_PRECONDITION"


@pytest.mark.parametrize(("owner", "kind"), [("Village!", "settle"), ("village", "a..b")])
async def test_a_timer_needs_a_service_owner_and_a_dotted_kind(uow: Callable, owner: str,
                                                               kind: str) -> None:
    bad = request(kind, datetime.now(UTC))
    bad.owner = owner
    with pytest.raises(DomainError) as err:
        async with uow("scheduler").transaction() as conn:
            await usecases.schedule(conn, [bad])
    assert err.value.code == "INVALID_INPUT"
