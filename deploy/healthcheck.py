"""The image's HEALTHCHECK: a service answers the gRPC health check on GRPC_LISTEN, the
gateway answers 200 on /health. Exit 0 healthy, 1 not (what Docker expects)."""

from __future__ import annotations

import os
import sys
import urllib.request

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def main() -> int:
    """Probe this container's own process, picked by SERVICE_NAME."""
    if os.environ.get("SERVICE_NAME", "gateway") == "gateway":
        port = os.environ.get("GATEWAY_PORT", "8080")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=3) as resp:
                return 0 if resp.status == 200 else 1
        except OSError:
            return 1
    port = os.environ.get("GRPC_LISTEN", "").rpartition(":")[2]
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=3)
        except grpc.RpcError:
            return 1
    return 0 if reply.status == health_pb2.HealthCheckResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main())
