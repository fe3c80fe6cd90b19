"""gRPC servicer of auth: protobuf in, plain values to the use cases, their domain values
back into messages; no transaction, no query."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from datetime import UTC, datetime

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from protos.auth.v1 import auth_pb2, auth_pb2_grpc
from protos.village.v1 import village_pb2, village_pb2_grpc
from services.auth import mail, usecases
from services.auth.config import AuthConfig
from services.runtime import context as ctx
from services.runtime.clients import invoke, make_channel
from services.runtime.errors import DomainError
from services.runtime.server import Runtime

log = logging.getLogger(__name__)



def ts(value: datetime) -> Timestamp:
    out = Timestamp()
    out.FromDatetime(value)
    return out


def user_msg(user: usecases.User) -> auth_pb2.User:
    return auth_pb2.User(id=user.id, username=user.username, email=user.email,
                         tribe=user.tribe, created_at=ts(user.created_at))


def tokens_msg(tokens: usecases.Tokens) -> auth_pb2.TokenPair:
    return auth_pb2.TokenPair(
        access_token=tokens.access_token, refresh_token=tokens.refresh_token,
        token_type="bearer", expires_in=tokens.expires_in, session_token=tokens.session_token,
        session_idle_seconds=tokens.session_idle_seconds)


def session_msg(session: usecases.Session) -> auth_pb2.SessionInfo:
    return auth_pb2.SessionInfo(user_id=session.user_id, session_id=session.session_id,
                                idle_expires_at=ts(session.idle_expires_at))


def revoked_msg(page: usecases.RevokedPage) -> auth_pb2.ListRevokedSessionsResponse:
    out = auth_pb2.ListRevokedSessionsResponse(more=page.more, revoked=[
        auth_pb2.SessionRevoked(session_ids=[r.session_id], user_id=r.user_id,
                                revoked_at=ts(r.revoked_at)) for r in page.revoked])
    if page.revoked:
        out.next_since.CopyFrom(ts(page.revoked[-1].revoked_at))
        out.next_after_id = page.revoked[-1].session_id
    return out


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
        async def create_capital(user: usecases.User) -> None:
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

        return user_msg(await usecases.register(
            self.rt.db, self.rt.outbox, request.username, request.email, request.password,
            request.tribe, before_commit=create_capital))

    async def Login(self, request, context):  # noqa: N802, ANN001
        try:
            return tokens_msg(await usecases.login(
                self.rt.db, await self._signer(), self.config, request.username,
                request.password, self.rt.outbox))
        except DomainError as err:
            # Operators watch refused sign-ins by address (the lockout itself is per account).
            log.info("login refused", extra={"code": err.code, "client_ip": request.client_ip})
            raise

    async def Refresh(self, request, context):  # noqa: N802, ANN001
        return tokens_msg(await usecases.refresh(self.rt.db, self.rt.outbox,
                                                 await self._signer(), self.config,
                                                 request.refresh_token))

    async def Logout(self, request, context):  # noqa: N802, ANN001
        return auth_pb2.LogoutResponse(session_id=await usecases.logout(
            self.rt.db, self.rt.outbox, request.session_token, request.session_id))

    async def VerifySession(self, request, context):  # noqa: N802, ANN001
        return session_msg(await usecases.verify_session(
            self.rt.db, self.config, request.session_token, request.session_id, slide=False))

    async def KeepAlive(self, request, context):  # noqa: N802, ANN001
        return session_msg(await usecases.verify_session(
            self.rt.db, self.config, request.session_token, request.session_id, slide=True))

    async def GetUser(self, request, context):  # noqa: N802, ANN001
        return user_msg(await usecases.get_user(self.rt.db, request.user_id))

    async def GetMe(self, request, context):  # noqa: N802, ANN001
        caller = ctx.user_id.get()
        if not caller:
            raise usecases.unauthenticated()
        return user_msg(await usecases.get_user(self.rt.db, caller))

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
        return revoked_msg(await usecases.list_revoked(
            self.rt.db, request.since.ToDatetime(tzinfo=UTC), request.after_id,
            request.page_size))


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    servicer = AuthServicer(rt, AuthConfig.from_settings(rt.settings))
    auth_pb2_grpc.add_AuthServiceServicer_to_server(servicer, server)
    return [auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name]
