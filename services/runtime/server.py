"""The one way a service starts and stops.

Order at start: settings, logs, database and migrations (under an advisory lock),
NATS streams, the gRPC server (with health and reflection), the outbox relay and
consumers, then health turns SERVING. On SIGTERM/SIGINT: health NOT_SERVING,
consumers stop fetching, the server stops accepting and finishes in-flight calls
within the grace period, then everything closes.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import nats
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from prometheus_client import Histogram, start_http_server

from services.runtime import context, events, logs, migrate, retention, timers
from services.runtime.config import Settings
from services.runtime.db import Database
from services.runtime.errors import DomainError
from services.runtime.events import Consumer, ConsumerSpec, Outbox, OutboxRelay

log = logging.getLogger(__name__)

SERVER_LATENCY = Histogram(
    "grpc_server_handling_seconds", "gRPC server handling time by method and code",
    ["method", "code"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


class Runtime:
    """What a service's code gets: settings, database, NATS, outbox. Built once per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db: Database | None = None
        self.nc: nats.NATS | None = None
        self.js: Any = None
        self.outbox: Outbox | None = None
        self.tasks: list[asyncio.Task] = []
        self.stopping = asyncio.Event()

    def spawn(self, coro: Awaitable[Any], name: str) -> asyncio.Task:
        task = asyncio.create_task(coro, name=name)
        self.tasks.append(task)
        return task


@dataclass
class ServiceSpec:
    """Everything that differs between services; the rest is this module's job."""

    name: str
    # Adds the service's servicers to the server; returns their full service names.
    register: Callable[[grpc.aio.Server, Runtime], list[str]]
    migrations: Path | None = None
    # Event consumers (the timer consumer is the runtime's: see ``timers``).
    consumers: Callable[[Runtime], list[ConsumerSpec]] = field(default=lambda rt: [])
    # {kind: handler} of the service's timers and periodic jobs; serve() gives every service
    # with a database one timer consumer with these plus the runtime's housekeeping job.
    timers: Callable[[Runtime], dict[str, timers.TimerHandler]] = field(
        default=lambda rt: {})
    # {kind: handler} of kinds whose handler takes many firings per call (timers.py).
    batch_timers: Callable[[Runtime], dict[str, timers.BatchHandler]] = field(
        default=lambda rt: {})
    # Long-running background coroutines (e.g. the scheduler's firing loop).
    background: Callable[[Runtime], list[Awaitable[Any]]] = field(default=lambda rt: [])
    on_stop: Callable[[Runtime], Awaitable[None]] | None = None
    pool_size: int = 10
    # True if the service asks for timers with an ``ordering_key`` (per-key order): only
    # then does each replica run its share of the KEY_PARTITIONS keyed timer consumers
    # (timers.KeyPartitions). A keyed timer of a service without it is never consumed.
    keyed_timers: bool = False
    # The service's own old rows for the housekeeping job (retention.py).
    retention: Callable[[Runtime], list[retention.RetentionRule]] = field(
        default=lambda rt: [])


class GenericHandlersOnly:
    """The gRPC server as the generated ``add_*Servicer_to_server`` functions see it: they
    add each service twice, as a generic handler and as "registered methods"; only the
    generic one is kept (it serves every method the same).

    Why: grpcio's asyncio server accepts each registered method's calls through an accept
    loop of its own, one call at a time; on a busy event loop a frequent method's calls
    queued there for seconds before reaching the interceptor. In a 1,000-player world run
    (bench/world.py) the gateway's GetVillage calls took p50 8 s from the call to the
    village's interceptor (most hit the 10 s deadline) while UpgradeBuilding's took 0.18 s
    on the same channel and server."""

    def __init__(self, server: grpc.aio.Server) -> None:
        self._server = server

    def add_registered_method_handlers(self, service: str, handlers: dict) -> None:
        """Not registered: the generic handler added beside them serves these methods."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._server, name)


class ContextInterceptor(grpc.aio.ServerInterceptor):
    """Request id/user/idempotency from metadata into context; errors into rich status."""

    async def intercept_service(self, continuation, handler_call_details):  # noqa: ANN001
        handler = await continuation(handler_call_details)
        if handler is None or handler.unary_unary is None:
            return handler
        metadata = dict(handler_call_details.invocation_metadata or ())
        method = handler_call_details.method
        inner = handler.unary_unary

        async def wrapped(request, ctx: grpc.aio.ServicerContext):  # noqa: ANN001, ANN202
            context.request_id.set(metadata.get(context.REQUEST_ID) or context.new_request_id())
            context.user_id.set(metadata.get(context.USER_ID, ""))
            context.idempotency_key.set(metadata.get(context.IDEMPOTENCY_KEY, ""))
            context.request_hash.set(metadata.get(context.REQUEST_HASH, ""))
            started = time.perf_counter()
            code = "OK"
            try:
                return await inner(request, ctx)
            except DomainError as err:
                code = err.grpc_code.name
                await ctx.abort_with_status(err.to_grpc_status())
            except (asyncio.CancelledError, grpc.aio.AbortError):
                code = "ABORTED_OR_CANCELLED"
                raise
            except Exception:
                code = "INTERNAL"
                log.exception("unhandled error in %s", method)
                await ctx.abort(grpc.StatusCode.INTERNAL, "internal error")
            finally:
                elapsed = time.perf_counter() - started
                SERVER_LATENCY.labels(method, code).observe(elapsed)
                log.info("rpc", extra={"method": method, "code": code,
                                       "ms": round(elapsed * 1000, 2)})

        return grpc.unary_unary_rpc_method_handler(
            wrapped, request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer)


def timer_consumer(spec: ServiceSpec, rt: Runtime, others: list[ConsumerSpec]) -> ConsumerSpec:
    """The service's one timer consumer: its own kinds and the housekeeping job."""
    if any(c.durable == f"{spec.name}-timers" for c in others):
        raise SystemExit(f"{spec.name}: declare timer handlers in ServiceSpec.timers, "
                         "not as a consumer (one timer consumer per service)")
    handlers = dict(spec.timers(rt))
    handlers[retention.HOUSEKEEPING] = retention.housekeeping(
        rt.db, [*retention.runtime_rules(rt.settings), *spec.retention(rt)],
        rt.settings.retention_batch, budget_s=rt.settings.timer_ack_wait_s / 3)
    return timers.timer_consumer(rt, handlers, batch_handlers=spec.batch_timers(rt))


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def serve(spec: ServiceSpec, settings: Settings | None = None) -> None:
    settings = settings or Settings.from_env(spec.name)
    logs.setup(spec.name, settings.log_level)
    rt = Runtime(settings)
    if settings.metrics_listen:
        host, port = settings.metrics_listen.rsplit(":", 1)
        start_http_server(int(port), addr=host)

    if spec.migrations is not None:
        if not settings.database_url:
            raise SystemExit("DATABASE_URL is required")
        retention.check_inbox_age(settings)
        rt.db = Database(settings.database_url, schema=spec.name, pool_size=spec.pool_size)
        await migrate.upgrade(rt.db.engine, spec.name, spec.migrations)
        rt.outbox = Outbox(spec.name, settings.nats_prefix)
    rt.nc = await events.connect(settings.nats_url, f"palisade-{spec.name}")
    rt.js = rt.nc.jetstream()
    await events.ensure_streams(rt.js, settings.nats_prefix)

    server = grpc.aio.server(interceptors=[ContextInterceptor()],
                             options=[("grpc.so_reuseport", 0)])
    registrar = GenericHandlersOnly(server)  # every servicer, health and reflection too
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, registrar)
    names = spec.register(registrar, rt)
    reflection.enable_server_reflection(
        [*names, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
         reflection.SERVICE_NAME], registrar)
    bound = server.add_insecure_port(settings.grpc_listen)
    if bound == 0:
        raise SystemExit(f"cannot listen on {settings.grpc_listen}")
    await server.start()

    relay = None
    if rt.db is not None and rt.outbox is not None:
        relay = OutboxRelay(rt.db, rt.js, rt.outbox, asyncpg_dsn(settings.database_url))
        rt.spawn(relay.run(), "outbox-relay")
    consumers: list[Consumer] = []
    partitions = None
    if rt.db is not None:
        specs = spec.consumers(rt)
        timer_spec = timer_consumer(spec, rt, specs)
        consumers = [Consumer(c, rt.db, rt.js, settings.nats_prefix)
                     for c in [*specs, timer_spec]]
        if spec.keyed_timers:  # keyed firings: key partitions shared out between replicas
            partitions = timers.KeyPartitions(rt, timer_spec,
                                              asyncpg_dsn(settings.database_url))
            rt.spawn(partitions.run(), "timer-key-partitions")
    for consumer in consumers:
        rt.spawn(consumer.run(), f"consumer-{consumer.spec.durable}")
    for i, coro in enumerate(spec.background(rt)):
        rt.spawn(coro, f"background-{i}")

    for name in ["", *names]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info("serving", extra={"listen": settings.grpc_listen})

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, rt.stopping.set)
    await rt.stopping.wait()

    log.info("stopping")
    await health_servicer.enter_graceful_shutdown()
    for consumer in consumers:
        consumer.stop()
    await server.stop(settings.shutdown_grace_s)
    if partitions is not None:
        await partitions.close()
    if relay is not None:
        relay.stop()
    if spec.on_stop is not None:
        await spec.on_stop(rt)
    for task in rt.tasks:
        task.cancel()
    await asyncio.gather(*rt.tasks, return_exceptions=True)
    await rt.nc.close()
    if rt.db is not None:
        await rt.db.close()
    log.info("stopped")


def main(spec: ServiceSpec) -> None:
    asyncio.run(serve(spec))
