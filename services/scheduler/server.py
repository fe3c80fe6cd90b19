"""gRPC servicer of scheduler (RPCs not overridden here answer UNIMPLEMENTED)."""

from __future__ import annotations

import grpc

from protos.scheduler.v1 import scheduler_pb2, scheduler_pb2_grpc
from services.runtime.server import Runtime


class SchedulerServicer(scheduler_pb2_grpc.SchedulerServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    scheduler_pb2_grpc.add_SchedulerServiceServicer_to_server(SchedulerServicer(rt), server)
    return [scheduler_pb2.DESCRIPTOR.services_by_name["SchedulerService"].full_name]
