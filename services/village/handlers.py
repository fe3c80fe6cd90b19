"""Event handlers of village; each runs in a transaction with its inbox row."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from protos.auth.v1 import auth_pb2
from protos.events.v1 import events_pb2
from services.runtime.events import ConsumerSpec, events_stream
from services.runtime.server import Runtime
from services.village import usecases


async def on_user_registered(conn: AsyncConnection, env: events_pb2.Envelope) -> None:
    """Fallback for the synchronous CreateCapital call at registration."""
    msg = auth_pb2.UserRegistered()
    env.payload.Unpack(msg)
    await usecases.create_capital(conn, msg.user_id, msg.username, msg.tribe)


def consumers(rt: Runtime) -> list[ConsumerSpec]:
    prefix = rt.settings.nats_prefix
    return [ConsumerSpec(durable="village-user-registered",
                         subject=f"{prefix}.auth.user.registered",
                         handler=on_user_registered, stream=events_stream(prefix))]
