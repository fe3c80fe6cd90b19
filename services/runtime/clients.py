"""gRPC clients: one channel per service, balanced across replicas, every call with a deadline."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import grpc
from prometheus_client import Histogram

from services.runtime import context
from services.runtime.errors import DomainError, from_rpc_error

CLIENT_LATENCY = Histogram(
    "grpc_client_handling_seconds", "gRPC client call latency by method and code",
    ["method", "code"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


def make_channel(addresses: str) -> grpc.aio.Channel:
    """`a:p,b:p` becomes an ipv4: target balanced round-robin; one name is resolved by DNS.

    Round-robin over every resolved address is what lets ops add replicas: one long-lived
    HTTP/2 connection to a single backend would pin all traffic to it.
    """
    target = f"ipv4:{addresses}" if "," in addresses else addresses
    options = [
        ("grpc.lb_policy_name", "round_robin"),
        ("grpc.keepalive_time_ms", 30_000),
        ("grpc.initial_reconnect_backoff_ms", 100),
        ("grpc.max_reconnect_backoff_ms", 2_000),
    ]
    return grpc.aio.insecure_channel(target, options=options)


@dataclass
class Reply:
    message: Any
    replayed: bool = False


async def invoke(method: Any, request: Any, *, timeout: float,
                 metadata: tuple[tuple[str, str], ...] = ()) -> Reply:
    """Call a unary RPC; a failure comes back as the DomainError the service raised."""
    name = getattr(method, "_method", b"").decode() if hasattr(method, "_method") else str(method)
    started = time.perf_counter()
    code = "OK"
    try:
        call = method(request, timeout=timeout,
                      metadata=context.outgoing_metadata() + tuple(metadata))
        response = await call
        trailing = await call.trailing_metadata() or ()
        replayed = any(k == context.REPLAYED and v == "true" for k, v in trailing)
        return Reply(response, replayed)
    except grpc.aio.AioRpcError as err:
        code = err.code().name
        raise from_rpc_error(err) from None
    except DomainError:
        raise
    finally:
        CLIENT_LATENCY.labels(name, code).observe(time.perf_counter() - started)
