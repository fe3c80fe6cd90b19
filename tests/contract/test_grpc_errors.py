"""Every contract code, raised in a real grpc.aio service behind the runtime's interceptor,
reaches a plain gRPC client (no project code on its side) as the table's gRPC status with
typed google.rpc details, and comes back to the gateway as the same DomainError."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from google.protobuf.wrappers_pb2 import StringValue
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from services.runtime.errors import ERRORS, DomainError, from_rpc_error
from services.runtime.server import ContextInterceptor

pytestmark = pytest.mark.asyncio(loop_scope="session")

SERVICE = "palisade.test.v1.Fails"
DETAILS = {"fields": {"name": "too long"}, "retry_after": 2, "required": 500}


async def fail(request: StringValue, context: grpc.aio.ServicerContext) -> StringValue:
    raise DomainError(request.value, f"{request.value} happened.", DETAILS)


@pytest.fixture(scope="module")
async def method() -> AsyncIterator[grpc.aio.UnaryUnaryMultiCallable]:
    server = grpc.aio.server(interceptors=[ContextInterceptor()])
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, {
        "Fail": grpc.unary_unary_rpc_method_handler(
            fail, request_deserializer=StringValue.FromString,
            response_serializer=StringValue.SerializeToString)}),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    yield channel.unary_unary(f"/{SERVICE}/Fail", request_serializer=StringValue.SerializeToString,
                              response_deserializer=StringValue.FromString)
    await channel.close()
    await server.stop(1)


@pytest.mark.parametrize("code", sorted(ERRORS))
async def test_each_code_travels_as_its_grpc_status_with_typed_details(
        method: grpc.aio.UnaryUnaryMultiCallable, code: str) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await method(StringValue(value=code), timeout=5)
    err = raised.value
    assert err.code() == ERRORS[code].grpc
    status = rpc_status.from_call(err)
    assert status is not None and status.message == f"{code} happened."
    info, bad, retry = (error_details_pb2.ErrorInfo(), error_details_pb2.BadRequest(),
                        error_details_pb2.RetryInfo())
    assert status.details[0].Unpack(info) and info.reason == code and info.domain == "palisade"
    assert status.details[1].Unpack(bad) and bad.field_violations[0].field == "name"
    assert status.details[2].Unpack(retry) and retry.retry_delay.seconds == 2
    back = from_rpc_error(err)
    assert (back.code, back.message, back.details, back.http_status) == (
        code, f"{code} happened.", DETAILS, ERRORS[code].http)
