"""GET /health (every service's gRPC health) and GET /metrics (Prometheus text)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import grpc
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from grpc_health.v1 import health_pb2
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

router = APIRouter(tags=["operations"])

HEALTH_DEADLINE_S = 1.5


async def _check(stub) -> str:  # noqa: ANN001
    try:
        reply = await stub.Check(health_pb2.HealthCheckRequest(service=""),
                                 timeout=HEALTH_DEADLINE_S)
    except grpc.aio.AioRpcError:
        return "not_serving"
    return "serving" if reply.status == health_pb2.HealthCheckResponse.SERVING else "not_serving"


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    stubs = request.app.state.backends.health
    names = list(stubs)
    states = await asyncio.gather(*(_check(stubs[n]) for n in names))
    services = dict(zip(names, states, strict=True))
    healthy = all(s == "serving" for s in states)
    body = {
        "status": "healthy" if healthy else "unhealthy",
        "version": request.app.state.settings.version,
        "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "services": services,
    }
    return JSONResponse(body, status_code=200 if healthy else 503)


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics() -> PlainTextResponse:
    return PlainTextResponse(generate_latest().decode(), media_type=CONTENT_TYPE_LATEST)
