"""gRPC servicer of auth: protobuf in and out, use cases do the work."""

from __future__ import annotations

import logging

import grpc

from protos.auth.v1 import auth_pb2, auth_pb2_grpc
from protos.village.v1 import village_pb2, village_pb2_grpc
from services.auth import keys, usecases
from services.runtime.clients import invoke, make_channel
from services.runtime.errors import DomainError
from services.runtime.server import Runtime

log = logging.getLogger(__name__)


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.signer: usecases.Signer | None = None
        self.village = village_pb2_grpc.VillageServiceStub(
            make_channel(rt.settings.addresses["village"]))

    async def _signer(self) -> usecases.Signer:
        if self.signer is None:
            async with self.rt.db.transaction() as conn:
                self.signer = usecases.Signer(*await keys.load_or_create(conn))
        return self.signer

    async def Register(self, request, context):  # noqa: N802, ANN001
        user = await usecases.register(self.rt.db, self.rt.outbox, request.username,
                                       request.email, request.password, request.tribe)
        # The capital exists before register answers; if village is down the
        # auth.user.registered event makes it later (CreateCapital is idempotent).
        try:
            await invoke(self.village.CreateCapital, village_pb2.CreateCapitalRequest(
                user_id=user.id, username=user.username, tribe=user.tribe),
                timeout=self.rt.settings.grpc_deadline_s)
        except DomainError:
            log.warning("capital not created synchronously; the event will create it",
                        exc_info=True)
        return user

    async def Login(self, request, context):  # noqa: N802, ANN001
        return await usecases.login(self.rt.db, await self._signer(), request.username,
                                    request.password)

    async def GetUser(self, request, context):  # noqa: N802, ANN001
        return await usecases.get_user(self.rt.db, request.user_id)

    async def GetPublicKeys(self, request, context):  # noqa: N802, ANN001
        signer = await self._signer()
        return auth_pb2.PublicKeys(keys=[
            auth_pb2.PublicKey(kid=kid, algorithm="EdDSA", pem=pem)
            for kid, pem in signer.public_keys.items()])


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    auth_pb2_grpc.add_AuthServiceServicer_to_server(AuthServicer(rt), server)
    return [auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name]
