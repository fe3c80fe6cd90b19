"""Timers requested through events: "<service>.timer.requested|cancelled|rescheduled".

For services that prefer their outbox to a gRPC call (the request commits with their
state change). The owner is the service in the event type, never a field of the message,
so a service can only schedule its own timers. Each event is applied once (inbox).
"""

from __future__ import annotations

import functools
import logging

from sqlalchemy.ext.asyncio import AsyncConnection

from protos.events.v1 import events_pb2
from protos.scheduler.v1 import scheduler_pb2
from services.runtime.errors import DomainError
from services.runtime.events import EVENT_SERVICES, ConsumerSpec, events_stream
from services.runtime.server import Runtime
from services.scheduler import usecases
from services.scheduler.shards import Shards

log = logging.getLogger(__name__)


async def on_timer_event(shards: Shards, conn: AsyncConnection,
                         env: events_pb2.Envelope) -> None:
    """One request, on its timer's shard (shard 0's share in the inbox's transaction;
    another shard's in its own, safe to repeat: the dedupe key defaults to the event id)."""
    owner, _, verb = env.type.partition(".timer.")
    try:
        if verb == "requested":
            msg = scheduler_pb2.TimerRequested()
            env.payload.Unpack(msg)
            await usecases.schedule_sharded(shards, [scheduler_pb2.ScheduleRequest(
                owner=owner, kind=msg.kind, due_at=msg.due_at, payload=msg.payload,
                dedupe_key=msg.dedupe_key or f"event:{env.id}", ordering_key=msg.ordering_key)],
                conn0=conn)
        elif verb == "cancelled":
            msg = scheduler_pb2.TimerCancelRequested()
            env.payload.Unpack(msg)
            await usecases.cancel_sharded(shards, scheduler_pb2.CancelRequest(
                owner=owner, dedupe_key=msg.dedupe_key), conn0=conn)
        elif verb == "rescheduled":
            msg = scheduler_pb2.TimerRescheduleRequested()
            env.payload.Unpack(msg)
            await usecases.reschedule_sharded(shards, scheduler_pb2.RescheduleRequest(
                owner=owner, dedupe_key=msg.dedupe_key, due_at=msg.due_at), conn0=conn)
        else:
            log.warning("ignoring event %s of unknown type %s", env.id, env.type)
    except DomainError as err:
        # A request that can never succeed (bad kind, timer already fired) is not retried.
        log.warning("timer request %s (%s) refused: %s %s", env.id, env.type, err.code,
                    err.message)


def consumers(rt: Runtime, shards: Shards) -> list[ConsumerSpec]:
    """One consumer per service's timer requests: a filter such as ``<prefix>.*.timer.*``
    spans several of the EVENTS stream's subjects, which NATS servers before 2.10 refuse
    ("filter subject is not a valid subset"); ``<prefix>.<svc>.timer.*`` lies inside one."""
    prefix = rt.settings.nats_prefix
    return [ConsumerSpec(durable=f"scheduler-timer-requests-{svc}",
                         subject=f"{prefix}.{svc}.timer.*",
                         handler=functools.partial(on_timer_event, shards),
                         stream=events_stream(prefix))
            for svc in EVENT_SERVICES]
