"""gRPC servicer of village."""

from __future__ import annotations

import grpc

from protos.village.v1 import village_pb2, village_pb2_grpc
from services.runtime.server import Runtime
from services.village import usecases


class VillageServicer(village_pb2_grpc.VillageServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def CreateCapital(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return await usecases.create_capital(conn, request.user_id, request.username,
                                                 request.tribe)

    async def ListVillages(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return village_pb2.ListVillagesResponse(
                villages=await usecases.list_villages(conn, request.user_id))

    async def ListRankings(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return await usecases.list_rankings(conn, max(request.page, 1),
                                                min(max(request.page_size, 1), 100),
                                                request.sort, request.order)

    async def GetVillage(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return await usecases.get_village(conn, request.user_id, request.village_id)


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    village_pb2_grpc.add_VillageServiceServicer_to_server(VillageServicer(rt), server)
    return [village_pb2.DESCRIPTOR.services_by_name["VillageService"].full_name]
