"""GET /health (every service's gRPC health) and GET /metrics (Prometheus text)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Literal

import grpc
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from grpc_health.v1 import health_pb2
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

router = APIRouter(tags=["operations"])

HEALTH_DEADLINE_S = 1.5
ServiceState = Literal["serving", "not_serving"]


class HealthOut(BaseModel):
    status: Literal["healthy", "unhealthy"]
    version: str
    timestamp: str = Field(description="ISO-8601 UTC.")
    services: dict[str, ServiceState] = Field(description="Each service's gRPC health.")


async def _check(stub) -> str:  # noqa: ANN001
    try:
        reply = await stub.Check(health_pb2.HealthCheckRequest(service=""),
                                 timeout=HEALTH_DEADLINE_S)
    except grpc.aio.AioRpcError:
        return "not_serving"
    return "serving" if reply.status == health_pb2.HealthCheckResponse.SERVING else "not_serving"


@router.get("/health", response_model=HealthOut,
            responses={503: {"model": HealthOut, "description": "A service is down."}})
async def health(request: Request) -> JSONResponse:
    """200 when every service answers SERVING, else 503 with the same body."""
    stubs = request.app.state.backends.health
    names = list(stubs)
    states = await asyncio.gather(*(_check(stubs[n]) for n in names))
    services = dict(zip(names, states, strict=True))
    healthy = all(s == "serving" for s in states)
    body = HealthOut(status="healthy" if healthy else "unhealthy",
                     version=request.app.state.settings.version,
                     timestamp=datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                     services=services)
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if healthy else 503)


@router.get("/metrics", response_class=PlainTextResponse,
            responses={200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {
                "schema": {"type": "string"}}}, "description": "Prometheus text format."}})
async def metrics() -> PlainTextResponse:
    return PlainTextResponse(generate_latest().decode(), media_type=CONTENT_TYPE_LATEST)
