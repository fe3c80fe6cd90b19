"""gRPC servicer of combat: the simulator (Resolve and reports arrive with issue 10)."""

from __future__ import annotations

import grpc

from protos.combat.v1 import combat_pb2, combat_pb2_grpc
from services.combat import usecases
from services.runtime.server import Runtime


class CombatServicer(combat_pb2_grpc.CombatServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def Simulate(self, request, context):  # noqa: N802, ANN001
        return usecases.simulate(request)


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    combat_pb2_grpc.add_CombatServiceServicer_to_server(CombatServicer(rt), server)
    return [combat_pb2.DESCRIPTOR.services_by_name["CombatService"].full_name]
