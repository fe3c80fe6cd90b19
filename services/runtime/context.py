"""Per-request values that travel across hops in gRPC metadata and show in every log line."""

from __future__ import annotations

import contextvars
import uuid

# gRPC metadata keys (lower-case, as gRPC requires).
REQUEST_ID = "x-request-id"
USER_ID = "x-user-id"
IDEMPOTENCY_KEY = "idempotency-key"
REQUEST_HASH = "x-request-hash"
REPLAYED = "idempotent-replayed"

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
user_id: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="")
idempotency_key: contextvars.ContextVar[str] = contextvars.ContextVar("idempotency_key", default="")
request_hash: contextvars.ContextVar[str] = contextvars.ContextVar("request_hash", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex


def outgoing_metadata() -> tuple[tuple[str, str], ...]:
    """Metadata to attach to a downstream gRPC call from inside a request."""
    md = [(REQUEST_ID, request_id.get() or new_request_id())]
    if user_id.get():
        md.append((USER_ID, user_id.get()))
    return tuple(md)
