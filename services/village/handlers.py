"""Event and timer handlers of village; each runs in a transaction with its inbox row and is
idempotent by state (a repeated, late, early or reordered delivery changes nothing)."""

from __future__ import annotations

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


def timer_batch_handlers(rt: Runtime) -> dict[str, BatchHandler]:
    config = Config.from_settings(rt.settings)

    async def on_settle(conn: AsyncConnection, fired: list[scheduler_pb2.TimerFired]) -> None:
        """Wake-ups only: settle the villages to now and publish what completed (the
        firings of one fetch together: usecases.settle_villages)."""
        ids = []
        for f in fired:
            try:
                ids.append(uuid.UUID(f.payload.decode()))
            except ValueError:
                continue
        await usecases.settle_villages(Unit(conn, rt.outbox, config), ids, usecases.now_s())

    return {usecases.TIMER_KIND: on_settle}
