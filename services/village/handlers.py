"""Event and timer handlers of village, idempotent by state (a repeated, late, early or
reordered delivery changes nothing). The event handlers run in the transaction of their
inbox row; the ``settle`` wake-ups of a batch settle each village in a transaction of its
own (see ``timer_handlers``)."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from protos.auth.v1 import auth_pb2
from protos.events.v1 import events_pb2
from protos.scheduler.v1 import scheduler_pb2
from services.runtime.events import ConsumerSpec, events_stream
from services.runtime.server import Runtime
from services.runtime.timers import BatchHandler
from services.village import usecases, usecases_world
from services.village.usecases import Config, Unit


def consumers(rt: Runtime) -> list[ConsumerSpec]:
    prefix, config = rt.settings.nats_prefix, Config.from_settings(rt.settings)

    async def on_user_registered(conn: AsyncConnection, env: events_pb2.Envelope) -> None:
        """Fallback for the synchronous CreateCapital call at registration."""
        msg = auth_pb2.UserRegistered()
        env.payload.Unpack(msg)
        await usecases_world.create_capital(conn, config, msg.user_id, msg.username,
                                            msg.tribe, usecases.now_s())

    async def on_inactivity_changed(conn: AsyncConnection, env: events_pb2.Envelope) -> None:
        """Auth's daily job marks a player inactive (and the next login clears it)."""
        msg = auth_pb2.UserInactivityChanged()
        env.payload.Unpack(msg)
        await usecases.set_owner_inactive(conn, msg.user_id, msg.inactive)

    stream = events_stream(prefix)
    return [ConsumerSpec(durable="village-user-registered",
                         subject=f"{prefix}.auth.user.registered",
                         handler=on_user_registered, stream=stream),
            ConsumerSpec(durable="village-user-inactivity",
                         subject=f"{prefix}.auth.user.inactivity_changed",
                         handler=on_inactivity_changed, stream=stream)]


# A settle batch's villages: how many share a transaction, and how many transactions run at
# once (each holds one pooled connection of the 10 + 10 the runtime gives; the timer lanes
# and the RPCs need the others).
VILLAGES_PER_TRANSACTION = 10
TRANSACTIONS_AT_ONCE = 6


def timer_handlers(rt: Runtime) -> dict[str, BatchHandler]:
    """``settle`` as a batch handler (wake-ups only: settle the villages to now and publish
    what completed). The batch's villages are settled in transactions of their own, up to
    ``TRANSACTIONS_AT_ONCE`` at a time: a village with movements due alone (its arrivals
    are a pass under its row lock with a battle round trip each, ``usecases_war``), the
    others ``VILLAGES_PER_TRANSACTION`` together (``usecases.settle_villages``: one statement
    per kind of work for all of them).

    Why not the whole batch in the lane's transaction: it would hold every village's row
    lock until its last village is done and publish nothing before its commit, so every
    completion of a busy second would wait for the whole batch (and two replicas taking
    villages in different orders would deadlock). A wake-up carries no state: exactly-once
    lives in the village (row lock, conditional transitions), so a village committed before
    the lane's inbox rows is only found done again if the firing comes back. If one
    transaction fails, the others still finish, then the error fails the lane, whose
    firings are retried one by one."""
    config = Config.from_settings(rt.settings)
    gate = asyncio.Semaphore(TRANSACTIONS_AT_ONCE)

    async def settle(village_ids: list[uuid.UUID], now: int,
                     ahead: dict[uuid.UUID, int]) -> None:
        async with gate, rt.db.transaction() as conn:
            await usecases.settle_villages(Unit(conn, rt.outbox, config), village_ids, now,
                                           ahead)

    async def on_settle(_: AsyncConnection, fired: list[scheduler_pb2.TimerFired]) -> None:
        ids: set[uuid.UUID] = set()
        for f in fired:
            try:
                ids.add(uuid.UUID(f.payload.decode()))
            except ValueError:
                continue
        now = usecases.now_s()
        async with rt.db.transaction() as conn:
            ahead = await usecases.next_arrivals(conn, sorted(ids))
        alone = sorted(v for v in ids if ahead.get(v, now + 1) <= now)
        rest = sorted(ids.difference(alone))
        groups = [[v] for v in alone] + [rest[i:i + VILLAGES_PER_TRANSACTION]
                                         for i in range(0, len(rest), VILLAGES_PER_TRANSACTION)]
        results = await asyncio.gather(*(settle(g, now, ahead) for g in groups),
                                       return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result

    return {usecases.TIMER_KIND: on_settle}
