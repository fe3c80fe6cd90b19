"""Every failure leaves the gateway as {code, message, details} with the contract's status."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.runtime import context
from services.runtime.errors import DomainError

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_details(errors: list[dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, str] = {}
    for err in errors:
        fields.setdefault(_field_name(tuple(err.get("loc", ()))), str(err.get("msg", "invalid")))
    return {"fields": fields}


ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
        "message": {"type": "string"},
        "details": {"type": "object"},
    },
}


def declared_body(response: dict[str, Any]) -> bool:
    """True when a route declared its own model for an error status (not FastAPI's 422)."""
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get(
        "$ref", "")
    return bool(ref) and not ref.endswith("/HTTPValidationError")


def describe_errors(app: FastAPI) -> None:
    """OpenAPI: every operation's 4XX/5XX answers are the contract's error body (FastAPI
    would otherwise document its own 422 shape, which this gateway never sends)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Error"] = ERROR_SCHEMA
        error = {"content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/Error"}}}}
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status in [s for s in responses if s[0] in "45"]:
                    if declared_body(responses[status]):
                        continue  # a route's own model for this status (GET /health's 503)
                    responses[status] = {"description": responses[status].get(
                        "description", "Error"), **error}
                responses.setdefault("4XX", {"description": "Client error", **error})
                responses.setdefault("5XX", {"description": "Server error", **error})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    describe_errors(app)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        status = exc.http_status
        if status >= 500 and exc.code == "INTERNAL_ERROR":
            return error_response(500, "INTERNAL_ERROR", "Internal error.")
        headers: dict[str, str] = {}
        if exc.retry_after is not None:  # RetryInfo on the wire
            headers["Retry-After"] = str(exc.retry_after)
        if status == 401:
            headers.setdefault("WWW-Authenticate", "Bearer")
        return error_response(status, exc.code, exc.message, exc.details or None, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "INVALID_INPUT", "The request is invalid.",
                              validation_details(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response(404, "NOT_FOUND", "No such route.")
        if exc.status_code == 405:
            return error_response(405, "METHOD_NOT_ALLOWED", "Method not allowed.",
                                  headers=dict(exc.headers or {}))
        code = "INVALID_INPUT" if exc.status_code == 422 else "HTTP_ERROR"
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc,
                  extra={"path": request.url.path, "request_id": context.request_id.get()})
        return error_response(500, "INTERNAL_ERROR", "Internal error.")


class FaultMiddleware:
    """Innermost: turns an unexpected exception into 500 INTERNAL_ERROR *inside* the
    middleware stack, so even a true fault carries the security headers, X-Request-Id and
    X-RateLimit-* (Starlette's own handler for Exception sits outside every middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error("unhandled error", exc_info=exc,
                      extra={"path": scope.get("path"), "request_id": context.request_id.get()})
            if started:
                raise
            await error_response(500, "INTERNAL_ERROR", "Internal error.")(scope, receive, send)
