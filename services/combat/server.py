"""gRPC servicer of combat: protobuf in, the use cases, protobuf out."""

from __future__ import annotations

import grpc

from protos.combat.v1 import combat_pb2, combat_pb2_grpc
from services.combat import usecases
from services.runtime import context
from services.runtime.server import Runtime


class CombatServicer(combat_pb2_grpc.CombatServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def Simulate(self, request, ctx):  # noqa: N802, ANN001
        return usecases.simulate(request)

    async def Resolve(self, request, ctx):  # noqa: N802, ANN001
        return await usecases.resolve(self.rt.db, request)

    async def Preview(self, request, ctx):  # noqa: N802, ANN001
        return usecases.preview(request)

    async def ResolveBatch(self, request, ctx):  # noqa: N802, ANN001
        return await usecases.resolve_batch(self.rt.db, request)

    async def ListReports(self, request, ctx):  # noqa: N802, ANN001
        return await usecases.list_reports(self.rt.db, context.user_id.get(), request)

    async def GetReport(self, request, ctx):  # noqa: N802, ANN001
        return await usecases.get_report(self.rt.db, context.user_id.get(), request.report_id)

    async def MarkReportRead(self, request, ctx):  # noqa: N802, ANN001
        return await usecases.mark_read(self.rt.db, context.user_id.get(), request.report_id)

    async def DeleteReport(self, request, ctx):  # noqa: N802, ANN001
        await usecases.delete_report(self.rt.db, context.user_id.get(), request.report_id)
        return combat_pb2.DeleteReportResponse()


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    combat_pb2_grpc.add_CombatServiceServicer_to_server(CombatServicer(rt), server)
    return [combat_pb2.DESCRIPTOR.services_by_name["CombatService"].full_name]
