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


# Villages settled at once by one process's wake-up batches (each holds a pooled connection
# of the 10 + 10 the runtime gives; the timer lanes and the RPCs need the others).
PASSES_AT_ONCE = 10


def timer_handlers(rt: Runtime) -> dict[str, BatchHandler]:
    """``settle`` as a batch handler: the batch's wake-ups grouped by village, each village
    settled once (its due completions and arrivals applied, ``usecases.settle_village``) in
    a transaction of its own, up to ``PASSES_AT_ONCE`` villages at a time.

    Why not in the lane's transaction: one transaction would hold every village's row lock
    until the batch's last village is done, serialising everything behind it (and two
    replicas taking villages in different orders deadlock). A wake-up carries no state:
    exactly-once lives in the village (row lock, conditional transitions), so a village
    committed before the lane's inbox rows is only found done again if the firing comes
    back. If a village fails, the others still finish, then the error fails the lane, whose
    firings are retried one by one."""
    config = Config.from_settings(rt.settings)
    gate = asyncio.Semaphore(PASSES_AT_ONCE)

    async def settle_one(village_id: uuid.UUID) -> None:
        async with gate, rt.db.transaction() as conn:
            await usecases.settle_village(Unit(conn, rt.outbox, config), village_id,
                                          usecases.now_s())

    async def on_settle(_: AsyncConnection, fired: list[scheduler_pb2.TimerFired]) -> None:
        villages: dict[uuid.UUID, None] = {}
        for f in fired:
            try:
                villages[uuid.UUID(f.payload.decode())] = None
            except ValueError:
                continue
        results = await asyncio.gather(*(settle_one(v) for v in villages),
                                       return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result

    return {usecases.TIMER_KIND: on_settle}
