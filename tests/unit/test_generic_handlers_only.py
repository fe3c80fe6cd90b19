"""The runtime adds servicers as generic handlers only (services/runtime/server.py,
GenericHandlersOnly): grpcio's asyncio server queued a frequent registered method's calls
behind its own accept loop (bench/README.md, the world run)."""

from protos.village.v1 import village_pb2_grpc
from services.runtime.server import GenericHandlersOnly


class RecordingServer:
    def __init__(self) -> None:
        self.generic: list = []
        self.registered: list = []

    def add_generic_rpc_handlers(self, handlers) -> None:  # noqa: ANN001
        self.generic.extend(handlers)

    def add_registered_method_handlers(self, service, handlers) -> None:  # noqa: ANN001
        self.registered.append(service)


def test_generated_registration_keeps_the_generic_handler_only() -> None:
    server = RecordingServer()
    village_pb2_grpc.add_VillageServiceServicer_to_server(
        village_pb2_grpc.VillageServiceServicer(), GenericHandlersOnly(server))
    assert len(server.generic) == 1
    assert server.generic[0].service_name() == "palisade.village.v1.VillageService"
    assert server.registered == []


def test_everything_else_reaches_the_server() -> None:
    server = RecordingServer()
    assert GenericHandlersOnly(server).generic is server.generic
