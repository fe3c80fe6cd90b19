"""The one error model and the one error table.

A domain error carries the contract's code (e.g. ``ILLEGAL_MOVE``) and optional details.
``ERRORS`` gives every code its gRPC status (what a gRPC client sees) and its HTTP status
(what the gateway answers); nothing else in the house chooses a status. Rule failures are
FAILED_PRECONDITION (as grpc-gateway does: "the system is not in a state for this"),
concurrent-write conflicts ABORTED, duplicates ALREADY_EXISTS, malformed requests
INVALID_ARGUMENT, and a too-slow AI turn DEADLINE_EXCEEDED (never UNAVAILABLE, which
clients and Envoy read as "server down, retry").

Over gRPC an error travels as a ``google.rpc.Status`` (via grpcio-status) whose details
are typed messages, not JSON text:

- ``google.rpc.ErrorInfo``: reason = the code, domain = ``palisade``;
- ``google.rpc.BadRequest``: one ``FieldViolation`` per entry of ``details["fields"]``;
- ``google.rpc.RetryInfo``: ``details["retry_after"]`` seconds (the gateway answers it
  as a ``Retry-After`` header as well);
- ``google.protobuf.Struct``: any other, free-form detail (e.g. ``required``/``current``).

:func:`from_rpc_error` turns that back into the same :class:`DomainError`; a status without
an ErrorInfo falls back to grpc-gateway's code table (``FALLBACK_CODE``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import grpc
from google.protobuf import any_pb2, duration_pb2, json_format, struct_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

DOMAIN = "palisade"
STATUS_DETAILS_KEY = "grpc-status-details-bin"

Code = grpc.StatusCode


class Contract(NamedTuple):
    """How one contract code travels: its gRPC status and the gateway's HTTP status."""

    grpc: grpc.StatusCode
    http: int


def _rule(http: int) -> Contract:
    """A business-rule failure: the request is well formed but the game state refuses it."""
    return Contract(Code.FAILED_PRECONDITION, http)


# Every `NNN CODE` pair of API.md and the seeds (tests/unit/test_error_registry.py holds
# this table against those documents), the rule codes API.md lists in prose, the rules'
# own codes (rules/travian/errors.py) and the fallbacks of FALLBACK_CODE.
ERRORS: dict[str, Contract] = {
    # generic
    "INVALID_INPUT": Contract(Code.INVALID_ARGUMENT, 422),
    "NOT_FOUND": Contract(Code.NOT_FOUND, 404),
    "UNAUTHENTICATED": Contract(Code.UNAUTHENTICATED, 401),
    "UNAUTHORIZED": Contract(Code.UNAUTHENTICATED, 401),
    "FORBIDDEN": Contract(Code.PERMISSION_DENIED, 403),
    "CSRF_FAILED": Contract(Code.PERMISSION_DENIED, 403),
    "RATE_LIMIT_EXCEEDED": Contract(Code.RESOURCE_EXHAUSTED, 429),
    # The same key with another body: the request is wrong, retrying it cannot help.
    "IDEMPOTENCY_KEY_REUSED": Contract(Code.INVALID_ARGUMENT, 422),
    "INTERNAL_ERROR": Contract(Code.INTERNAL, 500),
    "SERVICE_UNAVAILABLE": Contract(Code.UNAVAILABLE, 503),
    "DEADLINE_EXCEEDED": Contract(Code.DEADLINE_EXCEEDED, 504),
    # fallbacks for gRPC codes that carry no domain code
    "CANCELLED": Contract(Code.CANCELLED, 499),
    "CONFLICT": Contract(Code.ABORTED, 409),
    "FAILED_PRECONDITION": _rule(400),
    "NOT_IMPLEMENTED": Contract(Code.UNIMPLEMENTED, 501),
    # identity
    "USERNAME_TAKEN": Contract(Code.ALREADY_EXISTS, 409),
    "EMAIL_TAKEN": Contract(Code.ALREADY_EXISTS, 409),
    "INVALID_CREDENTIALS": Contract(Code.UNAUTHENTICATED, 401),
    "LOGIN_LOCKED": Contract(Code.RESOURCE_EXHAUSTED, 429),
    "INVALID_RESET_TOKEN": _rule(400),  # unknown, used or expired: the token's state
    # village game: rule failures are 400 (API.md)
    "VILLAGE_NOT_FOUND": Contract(Code.NOT_FOUND, 404),
    "REPORT_NOT_FOUND": Contract(Code.NOT_FOUND, 404),
    "INSUFFICIENT_RESOURCES": _rule(400),
    "PREREQUISITES_NOT_MET": _rule(400),
    "QUEUE_FULL": _rule(400),
    "MAX_LEVEL_REACHED": _rule(400),
    "POSITION_OCCUPIED": _rule(400),
    "INVALID_POSITION": _rule(400),
    "CANNOT_CANCEL": _rule(400),
    "NOT_ENOUGH_SETTLERS": _rule(400),
    "COORDINATES_OCCUPIED": _rule(400),
    "NOT_ENOUGH_CULTURE_POINTS": _rule(400),
    "BUILDING_REQUIRED": _rule(400),
    "RESEARCH_REQUIRED": _rule(400),
    "BUILDING_NOT_AVAILABLE": _rule(400),
    "NOT_ENOUGH_EXPANSION_SLOTS": _rule(400),
    "NOT_ENOUGH_UNITS": _rule(400),
    # war (troop movements): rule failures, 400 like the rest of the village game
    "RALLY_POINT_REQUIRED": _rule(400),
    "TROOPS_NOT_AT_HOME": _rule(400),
    "NO_VILLAGE_THERE": _rule(400),
    "SAME_VILLAGE": _rule(400),
    "OWN_VILLAGE": _rule(400),
    "SCOUTS_ONLY": _rule(400),
    "CATAPULT_TARGET_NOT_ALLOWED": _rule(400),
    "BEGINNER_PROTECTION": _rule(400),
    "CANNOT_RECALL": _rule(400),
    # merchants, the hero, oases
    "NOT_ENOUGH_MERCHANTS": _rule(400),
    "HERO_UNAVAILABLE": _rule(400),
    "NOT_ENOUGH_POINTS": _rule(400),
    "OASIS_NOT_EMPTY": _rule(400),
    "NO_OASIS_SLOT": _rule(400),
    "OUT_OF_REACH": _rule(400),
    # tactics game (seed 004): its rule failures are 409 and 422
    "GAME_NOT_FOUND": Contract(Code.NOT_FOUND, 404),
    "MAP_NOT_FOUND": Contract(Code.NOT_FOUND, 404),
    "SAVE_NOT_FOUND": Contract(Code.NOT_FOUND, 404),
    "GAME_LIMIT_REACHED": _rule(409),
    "NOT_PLAYER_TURN": _rule(409),
    "NO_ACTIONS_LEFT": _rule(409),
    "ONE_UNIT_PER_TILE": _rule(409),
    "ILLEGAL_MOVE": _rule(422),
    "INVALID_TARGET": _rule(422),
    "OUT_OF_RANGE": _rule(422),
    # two requests raced for one row: retrying the whole read-modify-write may succeed
    "SAVE_CONFLICT": Contract(Code.ABORTED, 409),
    "TURN_IN_PROGRESS": Contract(Code.ABORTED, 409),
    "STATE_TOO_LARGE": Contract(Code.INVALID_ARGUMENT, 413),
    "MAP_SCHEMA_MISMATCH": Contract(Code.INVALID_ARGUMENT, 422),
    "SCHEMA_MISMATCH": Contract(Code.INVALID_ARGUMENT, 422),
    "SAVE_SLOT_OUT_OF_RANGE": Contract(Code.INVALID_ARGUMENT, 422),
    "AI_TIMEOUT": Contract(Code.DEADLINE_EXCEEDED, 503),
}

# The codes whose failure is a business rule's (API.md: "Rule failures are 400 ...", and
# seed 004's 409/422 rule codes): all FAILED_PRECONDITION on the wire.
RULE_CODES = frozenset(code for code, c in ERRORS.items()
                       if c.grpc == Code.FAILED_PRECONDITION)

# HTTP status per code, a view of ERRORS (the gateway's and the contract tests' lookup).
HTTP_STATUS: dict[str, int] = {code: c.http for code, c in ERRORS.items()}

# A failure that carries no ErrorInfo (a plain gRPC status, e.g. from a deadline or a
# dead peer): grpc-gateway's table (runtime/errors.go), INVALID_ARGUMENT -> 422 as ours.
FALLBACK_CODE: dict[grpc.StatusCode, str] = {
    Code.CANCELLED: "CANCELLED",
    Code.UNKNOWN: "INTERNAL_ERROR",
    Code.INVALID_ARGUMENT: "INVALID_INPUT",
    Code.DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
    Code.NOT_FOUND: "NOT_FOUND",
    Code.ALREADY_EXISTS: "CONFLICT",
    Code.PERMISSION_DENIED: "FORBIDDEN",
    Code.UNAUTHENTICATED: "UNAUTHENTICATED",
    Code.RESOURCE_EXHAUSTED: "RATE_LIMIT_EXCEEDED",
    Code.FAILED_PRECONDITION: "FAILED_PRECONDITION",
    Code.ABORTED: "CONFLICT",
    Code.OUT_OF_RANGE: "FAILED_PRECONDITION",
    Code.UNIMPLEMENTED: "NOT_IMPLEMENTED",
    Code.INTERNAL: "INTERNAL_ERROR",
    Code.UNAVAILABLE: "SERVICE_UNAVAILABLE",
    Code.DATA_LOSS: "INTERNAL_ERROR",
}

# A code nobody registered (a bug the registry test catches) travels as a rule failure.
_UNREGISTERED = _rule(400)


def contract(code: str) -> Contract:
    return ERRORS.get(code, _UNREGISTERED)


class DomainError(Exception):
    """A failure the contract names: raised by use cases and rules, answered as {code, ...}.

    ``details["fields"]`` ({field: problem}) and ``details["retry_after"]`` (seconds) have
    typed wire forms; anything else in ``details`` is free-form."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}

    @property
    def http_status(self) -> int:
        return contract(self.code).http

    @property
    def grpc_code(self) -> grpc.StatusCode:
        return contract(self.code).grpc

    @property
    def retry_after(self) -> int | float | None:
        return self.details.get("retry_after")

    def to_status(self) -> status_pb2.Status:
        """The google.rpc.Status this error travels as, with typed details."""
        extra = {k: v for k, v in self.details.items() if k not in ("fields", "retry_after")}
        messages: list[Any] = [error_details_pb2.ErrorInfo(reason=self.code, domain=DOMAIN)]
        fields = self.details.get("fields")
        if fields:
            messages.append(error_details_pb2.BadRequest(field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=str(f), description=str(d))
                for f, d in fields.items()]))
        if self.retry_after is not None:
            delay = duration_pb2.Duration()
            delay.FromNanoseconds(round(float(self.retry_after) * 1e9))
            messages.append(error_details_pb2.RetryInfo(retry_delay=delay))
        if extra:
            free = struct_pb2.Struct()
            free.update(extra)
            messages.append(free)
        details = []
        for message in messages:
            packed = any_pb2.Any()
            packed.Pack(message)
            details.append(packed)
        return status_pb2.Status(code=self.grpc_code.value[0], message=self.message,
                                 details=details)

    def to_grpc_status(self) -> grpc.Status:
        """For ``ServicerContext.abort_with_status``."""
        return rpc_status.to_status(self.to_status())


def _number(value: float) -> int | float:
    """Struct and Duration carry doubles; give back the int a service put in."""
    return int(value) if float(value).is_integer() else value


def _from_struct(free: struct_pb2.Struct) -> dict[str, Any]:
    def restore(value: Any) -> Any:
        if isinstance(value, float):
            return _number(value)
        if isinstance(value, dict):
            return {k: restore(v) for k, v in value.items()}
        if isinstance(value, list):
            return [restore(v) for v in value]
        return value
    return restore(json_format.MessageToDict(free))


def from_status(status: status_pb2.Status) -> DomainError | None:
    """The DomainError a google.rpc.Status describes, or None if it has no ErrorInfo."""
    code: str | None = None
    details: dict[str, Any] = {}
    for packed in status.details:
        if packed.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            packed.Unpack(info)
            code = info.reason
        elif packed.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            packed.Unpack(bad)
            details["fields"] = {v.field: v.description for v in bad.field_violations}
        elif packed.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            retry = error_details_pb2.RetryInfo()
            packed.Unpack(retry)
            details["retry_after"] = _number(retry.retry_delay.ToNanoseconds() / 1e9)
        elif packed.Is(struct_pb2.Struct.DESCRIPTOR):
            free = struct_pb2.Struct()
            packed.Unpack(free)
            details.update(_from_struct(free))
    if code is None:
        return None
    return DomainError(code, status.message, details)


def from_rpc_error(err: grpc.aio.AioRpcError | grpc.RpcError) -> DomainError:
    """Turn a failed gRPC call back into the DomainError the service raised."""
    code = err.code()
    message = err.details() or ""
    try:
        status = rpc_status.from_call(err)
    except ValueError:  # a status proto that disagrees with the call's own status
        status = None
    if status is not None:
        domain = from_status(status)
        if domain is not None:
            return domain
    fallback = FALLBACK_CODE.get(code, "INTERNAL_ERROR")
    if contract(fallback).http >= 500 and code not in (Code.UNAVAILABLE,
                                                       Code.DEADLINE_EXCEEDED):
        message = "internal error"
    return DomainError(fallback, message or fallback.replace("_", " ").lower())
