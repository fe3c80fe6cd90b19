"""The gateway's gRPC stubs, one balanced channel per service, and the one call helper."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import grpc
from fastapi import Request, Response
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health_pb2_grpc
from pydantic import BaseModel

from protos.auth.v1 import auth_pb2_grpc
from protos.combat.v1 import combat_pb2_grpc
from protos.scheduler.v1 import scheduler_pb2_grpc
from protos.tactics.v1 import tactics_pb2_grpc
from protos.village.v1 import village_pb2_grpc, war_pb2_grpc
from services.runtime import context
from services.runtime.clients import Reply, invoke, make_channel
from services.runtime.config import SERVICES, Settings


class Backends:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.channels: dict[str, grpc.aio.Channel] = {
            name: make_channel(settings.addresses[name]) for name in SERVICES}
        self.auth = auth_pb2_grpc.AuthServiceStub(self.channels["auth"])
        self.village = village_pb2_grpc.VillageServiceStub(self.channels["village"])
        self.war = war_pb2_grpc.WarServiceStub(self.channels["village"])
        self.combat = combat_pb2_grpc.CombatServiceStub(self.channels["combat"])
        self.tactics = tactics_pb2_grpc.TacticsServiceStub(self.channels["tactics"])
        self.scheduler = scheduler_pb2_grpc.SchedulerServiceStub(self.channels["scheduler"])
        self.health = {name: health_pb2_grpc.HealthStub(ch) for name, ch in self.channels.items()}

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()


def iso(ts: Timestamp) -> str:
    """A protobuf timestamp as the contract writes times: ISO-8601 UTC with a Z."""
    if ts.nanos:
        return ts.ToDatetime(tzinfo=UTC).isoformat().replace("+00:00", "Z")
    return _iso_seconds(ts.seconds)


@lru_cache(maxsize=16384)
def _iso_seconds(seconds: int) -> str:
    """Whole-second instants (the village game's) repeat a lot across answers: cached."""
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def model_answer(model: type[BaseModel], data: dict) -> Response:
    """A JSON answer validated once against ``model`` (the route's declared
    response_model) and serialised by pydantic-core. Returned as a Response, so FastAPI
    does not validate, dump and encode it again (its path for a returned model)."""
    return Response(model.model_validate(data).model_dump_json(), media_type="application/json")


def request_hash(method: str, path: str, query: str, body: bytes) -> str:
    """What makes two requests 'the same' for Idempotency-Key replay."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


async def call(request: Request, method: Any, message: Any, *, idempotent: bool = False,
               timeout: float | None = None) -> Reply:
    """Call a service for this HTTP request: deadline, request id, user id and, for creates
    and turn actions, the Idempotency-Key with a hash of the request.

    A replayed answer is flagged on request.state so the response gets Idempotent-Replayed.
    """
    settings: Settings = request.app.state.settings
    metadata: list[tuple[str, str]] = []
    key = request.headers.get("idempotency-key", "").strip()
    if idempotent and key:
        body = await request.body()
        metadata.append((context.IDEMPOTENCY_KEY, key[:255]))
        metadata.append((context.REQUEST_HASH, request_hash(
            request.method, request.url.path, request.url.query, body)))
    reply = await invoke(method, message, timeout=timeout or settings.grpc_deadline_s,
                         metadata=tuple(metadata))
    if reply.replayed:
        request.state.replayed = True
    return reply
