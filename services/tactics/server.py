"""gRPC servicer of tactics (RPCs not overridden here answer UNIMPLEMENTED)."""

from __future__ import annotations

import grpc

from protos.tactics.v1 import tactics_pb2, tactics_pb2_grpc
from services.runtime.server import Runtime


class TacticsServicer(tactics_pb2_grpc.TacticsServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    tactics_pb2_grpc.add_TacticsServiceServicer_to_server(TacticsServicer(rt), server)
    return [tactics_pb2.DESCRIPTOR.services_by_name["TacticsService"].full_name]
