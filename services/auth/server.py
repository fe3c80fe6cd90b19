"""gRPC servicer of auth: protobuf in and out, use cases do the work."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from datetime import UTC

import grpc

from protos.auth.v1 import auth_pb2, auth_pb2_grpc
from protos.village.v1 import village_pb2, village_pb2_grpc
from services.auth import mail, usecases
from services.auth.config import AuthConfig
from services.runtime import context as ctx
from services.runtime.clients import invoke, make_channel
from services.runtime.errors import DomainError
from services.runtime.server import Runtime

log = logging.getLogger(__name__)



class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, rt: Runtime, config: AuthConfig) -> None:
        self.rt = rt
        self.config = config
        self.signer: usecases.Signer | None = None
        self.village = village_pb2_grpc.VillageServiceStub(
            make_channel(rt.settings.addresses["village"]))
        # Mails in flight; held so the tasks are not garbage-collected mid-send.
        self.mailing: set[asyncio.Task] = set()

    async def _signer(self) -> usecases.Signer:
        if self.signer is None:
            self.signer = await usecases.load_signer(self.rt.db)
        return self.signer

    def _in_background(self, coro: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coro)
        self.mailing.add(task)
        task.add_done_callback(self.mailing.discard)

    async def Register(self, request, context):  # noqa: N802, ANN001
        # The capital is guaranteed: it is created (CreateCapital is idempotent) inside the
        # registration's transaction, so when village cannot make it the registration
        # fails whole with 503 and nothing is persisted; the auth.user.registered event
        # still follows a registration that succeeded.
        async def create_capital(user: auth_pb2.User) -> None:
            try:
                await invoke(self.village.CreateCapital, village_pb2.CreateCapitalRequest(
                    user_id=user.id, username=user.username, tribe=user.tribe),
                    timeout=self.rt.settings.grpc_deadline_s)
            except DomainError as err:
                log.warning("capital not created; registration refused",
                            extra={"code": err.code})
                raise DomainError("SERVICE_UNAVAILABLE",
                                  "Registration is unavailable; try again shortly.",
                                  {"retry_after": 5}) from None

        return await usecases.register(self.rt.db, self.rt.outbox, request.username,
                                       request.email, request.password, request.tribe,
                                       before_commit=create_capital)

    async def Login(self, request, context):  # noqa: N802, ANN001
        try:
            return await usecases.login(self.rt.db, await self._signer(), self.config,
                                        request.username, request.password, self.rt.outbox)
        except DomainError as err:
            # Operators watch refused sign-ins by address (the lockout itself is per account).
            log.info("login refused", extra={"code": err.code, "client_ip": request.client_ip})
            raise

    async def Refresh(self, request, context):  # noqa: N802, ANN001
        return await usecases.refresh(self.rt.db, self.rt.outbox, await self._signer(),
                                      self.config, request.refresh_token)

    async def Logout(self, request, context):  # noqa: N802, ANN001
        return await usecases.logout(self.rt.db, self.rt.outbox, request.session_token,
                                     request.session_id)

    async def VerifySession(self, request, context):  # noqa: N802, ANN001
        return await usecases.verify_session(self.rt.db, self.config, request.session_token,
                                             request.session_id, slide=False)

    async def KeepAlive(self, request, context):  # noqa: N802, ANN001
        return await usecases.verify_session(self.rt.db, self.config, request.session_token,
                                             request.session_id, slide=True)

    async def GetUser(self, request, context):  # noqa: N802, ANN001
        return await usecases.get_user(self.rt.db, request.user_id)

    async def GetMe(self, request, context):  # noqa: N802, ANN001
        caller = ctx.user_id.get()
        if not caller:
            raise usecases.unauthenticated()
        return await usecases.get_user(self.rt.db, caller)

    async def RequestPasswordReset(self, request, context):  # noqa: N802, ANN001
        found = await usecases.request_password_reset(self.rt.db, self.config, request.email)
        if found is not None:
            address, token = found
            self._in_background(mail.send(self.rt.settings,
                                          mail.reset_message(self.rt.settings, address, token)))
        return auth_pb2.PasswordResetRequestResponse()

    async def ResetPassword(self, request, context):  # noqa: N802, ANN001
        await usecases.reset_password(self.rt.db, self.rt.outbox, request.token,
                                      request.new_password)
        return auth_pb2.ResetPasswordResponse()

    async def GetPublicKeys(self, request, context):  # noqa: N802, ANN001
        signer = await self._signer()
        return auth_pb2.PublicKeys(keys=[
            auth_pb2.PublicKey(kid=kid, algorithm="EdDSA", pem=pem)
            for kid, pem in signer.public_keys.items()])

    async def ListRevokedSessions(self, request, context):  # noqa: N802, ANN001
        return await usecases.list_revoked(self.rt.db, request.since.ToDatetime(tzinfo=UTC),
                                           request.after_id, request.page_size)


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    servicer = AuthServicer(rt, AuthConfig.from_settings(rt.settings))
    auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, server)
    return [auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name]
