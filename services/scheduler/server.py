"""gRPC servicer of scheduler: protobuf in and out, one transaction per call (per shard)."""

from __future__ import annotations

import grpc

from protos.scheduler.v1 import scheduler_pb2, scheduler_pb2_grpc
from services.runtime.server import Runtime
from services.scheduler import usecases
from services.scheduler.shards import Shards


class SchedulerServicer(scheduler_pb2_grpc.SchedulerServiceServicer):
    def __init__(self, shards: Shards) -> None:
        self.shards = shards

    async def Schedule(self, request, context):  # noqa: N802, ANN001
        return (await usecases.schedule_sharded(self.shards, [request]))[0]

    async def ScheduleBatch(self, request, context):  # noqa: N802, ANN001
        return scheduler_pb2.ScheduleBatchResponse(
            timers=await usecases.schedule_sharded(self.shards, list(request.timers)))

    async def Cancel(self, request, context):  # noqa: N802, ANN001
        return scheduler_pb2.CancelResponse(
            cancelled=await usecases.cancel_sharded(self.shards, request))

    async def Reschedule(self, request, context):  # noqa: N802, ANN001
        return await usecases.reschedule_sharded(self.shards, request)

    async def GetTimer(self, request, context):  # noqa: N802, ANN001
        return await usecases.get_timer_sharded(self.shards, request.id)


def register(server: grpc.aio.Server, rt: Runtime, shards: Shards) -> list[str]:
    scheduler_pb2_grpc.add_SchedulerServiceServicer_to_server(SchedulerServicer(shards), server)
    return [scheduler_pb2.DESCRIPTOR.services_by_name["SchedulerService"].full_name]
