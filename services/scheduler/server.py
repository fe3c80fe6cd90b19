"""gRPC servicer of scheduler: protobuf in and out, one transaction per call."""

from __future__ import annotations

import grpc

from protos.scheduler.v1 import scheduler_pb2, scheduler_pb2_grpc
from services.runtime.server import Runtime
from services.scheduler import usecases


class SchedulerServicer(scheduler_pb2_grpc.SchedulerServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def Schedule(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return (await usecases.schedule(conn, [request]))[0]

    async def ScheduleBatch(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return scheduler_pb2.ScheduleBatchResponse(
                timers=await usecases.schedule(conn, list(request.timers)))

    async def Cancel(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return scheduler_pb2.CancelResponse(cancelled=await usecases.cancel(conn, request))

    async def Reschedule(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return await usecases.reschedule(conn, request)

    async def GetTimer(self, request, context):  # noqa: N802, ANN001
        async with self.rt.db.transaction() as conn:
            return await usecases.get_timer(conn, request.id)


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    scheduler_pb2_grpc.add_SchedulerServiceServicer_to_server(SchedulerServicer(rt), server)
    return [scheduler_pb2.DESCRIPTOR.services_by_name["SchedulerService"].full_name]
