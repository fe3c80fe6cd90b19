"""The one error model.

A domain error carries the contract's code (e.g. ``ILLEGAL_MOVE``). Over gRPC it
travels as a status whose details hold a ``google.rpc.ErrorInfo`` (reason = the
code, metadata["details"] = JSON). The gateway looks the code up in ``HTTP_STATUS``
to answer ``{code, message, details}`` with the contract's HTTP status, and falls
back to grpc-gateway's code table for codes it does not know.
"""

from __future__ import annotations

import json
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2

DOMAIN = "palisade"
STATUS_DETAILS_KEY = "grpc-status-details-bin"

# Every `NNN CODE` pair of API.md and the seeds (tests/unit/test_error_registry.py
# holds this table against those documents), plus the rule codes API.md lists in prose.
HTTP_STATUS: dict[str, int] = {
    # generic
    "INVALID_INPUT": 422,
    "NOT_FOUND": 404,
    "UNAUTHENTICATED": 401,
    "UNAUTHORIZED": 401,
    "FORBIDDEN": 403,
    "CSRF_FAILED": 403,
    "RATE_LIMIT_EXCEEDED": 429,
    "IDEMPOTENCY_KEY_REUSED": 422,
    "INTERNAL_ERROR": 500,
    "SERVICE_UNAVAILABLE": 503,
    "DEADLINE_EXCEEDED": 504,
    # fallbacks for gRPC codes that carry no domain code
    "CANCELLED": 499,
    "CONFLICT": 409,
    "FAILED_PRECONDITION": 400,
    "NOT_IMPLEMENTED": 501,
    # identity
    "USERNAME_TAKEN": 409,
    "EMAIL_TAKEN": 409,
    "INVALID_CREDENTIALS": 401,
    "LOGIN_LOCKED": 429,
    "INVALID_RESET_TOKEN": 400,
    # village game
    "VILLAGE_NOT_FOUND": 404,
    "INSUFFICIENT_RESOURCES": 400,
    "PREREQUISITES_NOT_MET": 400,
    "QUEUE_FULL": 400,
    "MAX_LEVEL_REACHED": 400,
    "POSITION_OCCUPIED": 400,
    "INVALID_POSITION": 400,
    "CANNOT_CANCEL": 400,
    "NOT_ENOUGH_SETTLERS": 400,
    "COORDINATES_OCCUPIED": 400,
    "NOT_ENOUGH_CULTURE_POINTS": 400,
    "BUILDING_REQUIRED": 400,
    "RESEARCH_REQUIRED": 400,
    "BUILDING_NOT_AVAILABLE": 400,
    "REPORT_NOT_FOUND": 404,
    # tactics game
    "GAME_NOT_FOUND": 404,
    "MAP_NOT_FOUND": 404,
    "SAVE_NOT_FOUND": 404,
    "GAME_LIMIT_REACHED": 409,
    "NOT_PLAYER_TURN": 409,
    "NO_ACTIONS_LEFT": 409,
    "ONE_UNIT_PER_TILE": 409,
    "SAVE_CONFLICT": 409,
    "TURN_IN_PROGRESS": 409,
    "STATE_TOO_LARGE": 413,
    "ILLEGAL_MOVE": 422,
    "INVALID_TARGET": 422,
    "OUT_OF_RANGE": 422,
    "MAP_SCHEMA_MISMATCH": 422,
    "SCHEMA_MISMATCH": 422,
    "SAVE_SLOT_OUT_OF_RANGE": 422,
    "AI_TIMEOUT": 503,
}

# gRPC code used on the wire for each HTTP status (business rules: FAILED_PRECONDITION).
_GRPC_FOR_HTTP: dict[int, grpc.StatusCode] = {
    400: grpc.StatusCode.FAILED_PRECONDITION,
    401: grpc.StatusCode.UNAUTHENTICATED,
    403: grpc.StatusCode.PERMISSION_DENIED,
    404: grpc.StatusCode.NOT_FOUND,
    409: grpc.StatusCode.ABORTED,
    413: grpc.StatusCode.RESOURCE_EXHAUSTED,
    422: grpc.StatusCode.INVALID_ARGUMENT,
    429: grpc.StatusCode.RESOURCE_EXHAUSTED,
    500: grpc.StatusCode.INTERNAL,
    503: grpc.StatusCode.UNAVAILABLE,
    504: grpc.StatusCode.DEADLINE_EXCEEDED,
}

# grpc-gateway's table (runtime/errors.go), except INVALID_ARGUMENT -> 422 as our contract says.
HTTP_FOR_GRPC: dict[grpc.StatusCode, tuple[int, str]] = {
    grpc.StatusCode.CANCELLED: (499, "CANCELLED"),
    grpc.StatusCode.UNKNOWN: (500, "INTERNAL_ERROR"),
    grpc.StatusCode.INVALID_ARGUMENT: (422, "INVALID_INPUT"),
    grpc.StatusCode.DEADLINE_EXCEEDED: (504, "DEADLINE_EXCEEDED"),
    grpc.StatusCode.NOT_FOUND: (404, "NOT_FOUND"),
    grpc.StatusCode.ALREADY_EXISTS: (409, "CONFLICT"),
    grpc.StatusCode.PERMISSION_DENIED: (403, "FORBIDDEN"),
    grpc.StatusCode.UNAUTHENTICATED: (401, "UNAUTHENTICATED"),
    grpc.StatusCode.RESOURCE_EXHAUSTED: (429, "RATE_LIMIT_EXCEEDED"),
    grpc.StatusCode.FAILED_PRECONDITION: (400, "FAILED_PRECONDITION"),
    grpc.StatusCode.ABORTED: (409, "CONFLICT"),
    grpc.StatusCode.OUT_OF_RANGE: (400, "FAILED_PRECONDITION"),
    grpc.StatusCode.UNIMPLEMENTED: (501, "NOT_IMPLEMENTED"),
    grpc.StatusCode.INTERNAL: (500, "INTERNAL_ERROR"),
    grpc.StatusCode.UNAVAILABLE: (503, "SERVICE_UNAVAILABLE"),
    grpc.StatusCode.DATA_LOSS: (500, "INTERNAL_ERROR"),
}


class DomainError(Exception):
    """A failure the contract names: raised by use cases and rules, answered as {code, ...}."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}
        # HTTP headers the gateway should add (e.g. Retry-After on LOGIN_LOCKED).
        self.headers = headers or {}

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)

    @property
    def grpc_code(self) -> grpc.StatusCode:
        return _GRPC_FOR_HTTP.get(self.http_status, grpc.StatusCode.FAILED_PRECONDITION)

    def to_status_details(self) -> bytes:
        """Serialized google.rpc.Status carrying an ErrorInfo with the code."""
        meta = {"details": json.dumps(self.details)}
        if self.headers:
            meta["headers"] = json.dumps(self.headers)
        info = error_details_pb2.ErrorInfo(reason=self.code, domain=DOMAIN, metadata=meta)
        detail = any_pb2.Any()
        detail.Pack(info)
        status = status_pb2.Status(code=self.grpc_code.value[0], message=self.message,
                                   details=[detail])
        return status.SerializeToString()


def from_rpc_error(err: grpc.aio.AioRpcError | grpc.RpcError) -> DomainError:
    """Turn a failed gRPC call back into the DomainError the service raised."""
    code = err.code()
    message = err.details() or ""
    for key, value in err.trailing_metadata() or ():
        if key == STATUS_DETAILS_KEY:
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                info = error_details_pb2.ErrorInfo()
                if detail.Is(info.DESCRIPTOR) and detail.Unpack(info):
                    details = json.loads(info.metadata.get("details", "{}"))
                    headers = json.loads(info.metadata.get("headers", "{}"))
                    return DomainError(info.reason, status.message, details, headers)
    http, fallback = HTTP_FOR_GRPC.get(code, (500, "INTERNAL_ERROR"))
    if http >= 500 and code not in (grpc.StatusCode.UNAVAILABLE,
                                    grpc.StatusCode.DEADLINE_EXCEEDED):
        message = "internal error"
    return DomainError(fallback, message or fallback.replace("_", " ").lower())
