"""The caller's identity travels in gRPC metadata (``x-user-id``), never in a request body.

A request field naming a user is allowed only where the user is the subject of the call
and not its caller, each listed here with the reason; a new one fails until it is.
"""

from __future__ import annotations

import importlib

import grpc
import pytest

from protos.auth.v1 import auth_pb2, auth_pb2_grpc
from services.runtime import context
from services.runtime.config import SERVICES
from tests.stack import Stack

IDENTITY_FIELDS = {"user_id", "player_id", "owner_id", "caller_id"}
# request message -> why the field is not the caller's identity
SUBJECT_NOT_CALLER = {
    "palisade.auth.v1.GetUserRequest":
        "another user looked up by a service; the caller's own account is GetMe",
    "palisade.village.v1.CreateCapitalRequest":
        "auth creates the new player's capital at registration (the caller is auth)",
    "palisade.combat.v1.BattleArmy": "a side of the battle village asks combat to resolve",
    "palisade.combat.v1.VillagePlace": "a village of that battle and its owner",
}


def request_types() -> dict[str, object]:
    """Every RPC input message of the five services (nested messages included)."""
    found: dict[str, object] = {}

    def walk(message: object) -> None:
        if message.full_name in found:
            return
        found[message.full_name] = message
        for field in message.fields:
            if field.message_type is not None and field.message_type.file.package.startswith(
                    "palisade."):
                walk(field.message_type)

    for service in SERVICES:
        module = importlib.import_module(f"protos.{service}.v1.{service}_pb2")
        for svc in module.DESCRIPTOR.services_by_name.values():
            for method in svc.methods:
                walk(method.input_type)
    return found


def test_no_request_carries_the_callers_identity() -> None:
    offenders = sorted(
        f"{name}.{field.name}" for name, message in request_types().items()
        for field in message.fields
        if field.name in IDENTITY_FIELDS and name not in SUBJECT_NOT_CALLER)
    assert offenders == []
    assert len(request_types()) > 40


@pytest.mark.asyncio(loop_scope="session")
async def test_get_me_answers_the_metadata_user_and_refuses_without_one(
        stack: Stack, player: dict) -> None:
    address = stack.env["AUTH_GRPC_ADDR"].split(",")[0]
    async with grpc.aio.insecure_channel(address) as channel:
        stub = auth_pb2_grpc.AuthServiceStub(channel)
        me = await stub.GetMe(auth_pb2.GetMeRequest(),
                              metadata=((context.USER_ID, player["id"]),), timeout=10)
        assert (me.id, me.username) == (player["id"], player["username"])
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.GetMe(auth_pb2.GetMeRequest(), timeout=10)
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
