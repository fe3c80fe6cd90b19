"""Identity routes: /api/v1/auth/*."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, EmailStr, Field, ValidationError

from gateway import csrf
from gateway.backends import call, iso
from gateway.errors import validation_details
from gateway.identity import SESSION_COOKIE, Identity, Principal, current_principal, current_user
from protos.auth.v1 import auth_pb2
from services.runtime.errors import DomainError

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

TRIBES = {"romans": 1, "teutons": 2, "gauls": 3}
TRIBE_NAMES = {v: k for k, v in TRIBES.items()}


class RegisterBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(pattern=r"^[A-Za-z0-9_]{3,32}$")
    email: EmailStr
    password: str = Field(min_length=8, max_length=1024)
    tribe: Literal["romans", "teutons", "gauls", 1, 2, 3]


class UserOut(BaseModel):
    id: str
    username: str
    email: str
    tribe: Literal["romans", "teutons", "gauls"]
    created_at: str


class LoginBody(BaseModel):
    username: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class RefreshBody(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class ResetRequestBody(BaseModel):
    email: EmailStr


class ResetBody(BaseModel):
    token: str = Field(min_length=1, max_length=512)
    new_password: str = Field(min_length=8, max_length=1024)


class AcceptedOut(BaseModel):
    message: str


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"]
    expires_in: int


def user_out(user: auth_pb2.User) -> UserOut:
    return UserOut(id=user.id, username=user.username, email=user.email,
                   tribe=TRIBE_NAMES[user.tribe], created_at=iso(user.created_at))


@router.post("/register", status_code=201, response_model=UserOut)
async def register(body: RegisterBody, request: Request) -> UserOut:
    tribe = body.tribe if isinstance(body.tribe, int) else TRIBES[body.tribe]
    reply = await call(request, request.app.state.backends.auth.Register,
                       auth_pb2.RegisterRequest(username=body.username, email=body.email,
                                                password=body.password, tribe=tribe))
    return user_out(reply.message)


async def read_login(request: Request) -> LoginBody:
    """The OAuth2 password form or the same fields as JSON."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type == "application/x-www-form-urlencoded":
            form = await request.form()
            data = {k: form.get(k) for k in ("username", "password") if k in form}
        else:
            data = json.loads(await request.body() or b"null")
        return LoginBody.model_validate(data)
    except (ValidationError, ValueError) as err:
        errors = err.errors() if isinstance(err, ValidationError) else [
            {"loc": ("body",), "msg": "the body must be JSON or a form"}]
        raise DomainError("INVALID_INPUT", "The request is invalid.",
                          validation_details(list(errors))) from None


@router.post("/login", response_model=TokenOut,
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": LoginBody.model_json_schema()},
                 "application/x-www-form-urlencoded": {"schema": LoginBody.model_json_schema()},
             }, "required": True}})
async def login(request: Request, response: Response) -> TokenOut:
    body = await read_login(request)
    client_ip = request.client.host if request.client else ""
    reply = await call(request, request.app.state.backends.auth.Login,
                       auth_pb2.LoginRequest(username=body.username, password=body.password,
                                             client_ip=client_ip))
    tokens = reply.message
    response.set_cookie(SESSION_COOKIE, tokens.session_token, httponly=True, samesite="lax",
                        path="/", secure=request.app.state.settings.tls)
    return TokenOut(access_token=tokens.access_token, refresh_token=tokens.refresh_token,
                    token_type="bearer", expires_in=tokens.expires_in)


@router.get("/me", response_model=UserOut)
async def me(request: Request, _: Annotated[str, Depends(current_user)]) -> UserOut:
    # The caller is the metadata's user id (set by current_user), never a request field.
    reply = await call(request, request.app.state.backends.auth.GetMe, auth_pb2.GetMeRequest())
    return user_out(reply.message)


@router.post("/refresh", response_model=TokenOut)
async def refresh(body: RefreshBody, request: Request) -> TokenOut:
    """Rotate the refresh token: the presented one dies; presenting it again ends the session."""
    try:
        reply = await call(request, request.app.state.backends.auth.Refresh,
                           auth_pb2.RefreshRequest(refresh_token=body.refresh_token))
    except DomainError as err:
        ended = err.details.pop("ended_session_id", "")
        if ended:
            # A reused refresh token ended its session: refuse its tokens here at once.
            request.app.state.identity.ended(ended)
        raise
    tokens = reply.message
    return TokenOut(access_token=tokens.access_token, refresh_token=tokens.refresh_token,
                    token_type="bearer", expires_in=tokens.expires_in)


@router.post("/logout", status_code=204, response_class=Response)
async def logout(request: Request,
                 principal: Annotated[Principal, Depends(current_principal)]) -> Response:
    """End the session: its cookie, refresh token and access tokens stop working at once."""
    reply = await call(request, request.app.state.backends.auth.Logout,
                       auth_pb2.LogoutRequest(session_id=principal.session_id))
    identity: Identity = request.app.state.identity
    identity.ended(reply.message.session_id or principal.session_id,
                   request.cookies.get(SESSION_COOKIE, ""))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.app.state.settings.tls)
    return response


@router.post("/password-reset-request", status_code=202, response_model=AcceptedOut)
async def password_reset_request(body: ResetRequestBody, request: Request) -> AcceptedOut:
    """Always 202, whether or not the address is registered (no account enumeration)."""
    await call(request, request.app.state.backends.auth.RequestPasswordReset,
               auth_pb2.PasswordResetRequest(email=body.email))
    return AcceptedOut(message="If the address is registered, a reset link is on its way.")


@router.post("/password-reset", status_code=204, response_class=Response)
async def password_reset(body: ResetBody, request: Request) -> Response:
    await call(request, request.app.state.backends.auth.ResetPassword,
               auth_pb2.ResetPasswordRequest(token=body.token, new_password=body.new_password))
    return Response(status_code=204)


@router.get("/csrf", status_code=204, response_class=Response)
async def csrf_token(request: Request) -> Response:
    """Issue the XSRF-TOKEN cookie that cookie-authenticated writes echo in X-XSRF-TOKEN."""
    response = Response(status_code=204)
    csrf.issue(response, request.app.state.settings.tls)
    return response


@router.get("/keepalive", status_code=204, response_class=Response)
async def keepalive(request: Request,
                    principal: Annotated[Principal, Depends(current_principal)]) -> Response:
    """Slide the session's 30-minute idle expiry."""
    await call(request, request.app.state.backends.auth.KeepAlive,
               auth_pb2.VerifySessionRequest(session_id=principal.session_id))
    return Response(status_code=204)
