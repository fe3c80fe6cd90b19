"""The one input boundary: every request is checked here before any route sees it.

Why: a route's model checks shapes, but the values then travel through gRPC, protobuf and
PostgreSQL, which fail loudly (500) on what JSON and URLs allow: NUL, lone surrogates,
NaN/Infinity, integers beyond 64 bits, dates that leave the representable range once
converted to UTC, and bodies too large to hold. One generic middleware refuses those for
every route (including ones added later) with a 4xx in the contract's shape:

- body larger than MAX_BODY_BYTES: 413 PAYLOAD_TOO_LARGE, decided from Content-Length or
  while reading, so a huge body is never buffered;
- path, query and Idempotency-Key: no control characters or lone surrogates (422);
- JSON bodies: nesting at most MAX_DEPTH, strings (and keys) without NUL or lone
  surrogates, only finite numbers, integers within +-(2**53 - 1) (I-JSON), ISO-8601 date
  strings that stay within years 1..9999 in UTC (422 INVALID_INPUT with details.fields);
- form bodies: the same string rules for every field.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import error_response

MAX_DEPTH = 32
MAX_SAFE_INT = 2**53 - 1
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class Invalid(Exception):
    """One refused value: where it was and why."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where = where
        self.why = why


class TooLarge(Exception):
    pass


def check_string(value: str, where: str) -> None:
    if "\x00" in value:
        raise Invalid(where, "must not contain NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid(where, "must not contain lone surrogates") from None
    if DATE_LIKE.match(value):
        check_date(value, where)


def check_date(value: str, where: str) -> None:
    """A date-time that parses must stay representable (years 1..9999) in UTC."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return  # not a date after all; the route's model decides
    if parsed.tzinfo is not None:
        try:
            parsed.astimezone(UTC)
        except OverflowError:
            raise Invalid(where, "date out of range") from None


def _reject_constant(name: str) -> float:
    raise Invalid("body", f"{name} is not a number JSON allows")


def check_json(raw: bytes) -> None:
    """Raise Invalid unless the JSON document obeys the boundary's rules."""
    try:
        doc = json.loads(raw, parse_constant=_reject_constant)
    except Invalid:
        raise
    except RecursionError:
        raise Invalid("body", f"nesting deeper than {MAX_DEPTH}") from None
    except json.JSONDecodeError:
        return  # malformed JSON: the route answers 422 in its own words
    except (ValueError, UnicodeDecodeError) as err:  # e.g. an integer of 5000 digits
        raise Invalid("body", str(err)[:100]) from None
    stack: list[tuple[Any, str, int]] = [(doc, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        name = where or "body"
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise Invalid(name, f"nesting deeper than {MAX_DEPTH}")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    check_string(key, f"{name} key")
                stack.append((item, f"{where}.{key}" if where else str(key), depth + 1))
        elif isinstance(value, str):
            check_string(value, name)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > MAX_SAFE_INT:
                raise Invalid(name, f"integer beyond +-{MAX_SAFE_INT}")
        elif isinstance(value, float) and not math.isfinite(value):
            raise Invalid(name, "number out of range")


def check_form(raw: bytes) -> None:
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True,
                          errors="surrogateescape")
    except UnicodeDecodeError:
        raise Invalid("body", "a form must be UTF-8") from None
    for key, value in pairs:
        check_string(key, "body")
        check_string(value, key)


def check_target(scope: Scope) -> None:
    """Path, query string and Idempotency-Key (which travels as gRPC metadata)."""
    path = scope.get("path", "")
    if CONTROL.search(path) or "\ufffd" in path:
        raise Invalid("path", "must not contain control characters or invalid UTF-8")
    query = scope.get("query_string", b"").decode("latin-1")
    for key, value in parse_qsl(query, keep_blank_values=True, errors="surrogateescape"):
        for text, where in ((key, "query"), (value, key)):
            if CONTROL.search(text):
                raise Invalid(where, "must not contain control characters")
            check_string(text, where)
    for name, value in scope.get("headers", ()):
        if name == b"idempotency-key" and not IDEMPOTENCY_KEY.match(value.decode("latin-1")):
            raise Invalid("Idempotency-Key", "1..255 visible ASCII characters")


def invalid(err: Invalid) -> Any:
    return error_response(422, "INVALID_INPUT", "The request is invalid.",
                          {"fields": {err.where: err.why}})


class InputBoundaryMiddleware:
    """Pure ASGI: reads the body (at most max_body_bytes), checks it, replays it."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = 1 << 20) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def read_body(self, scope: Scope, receive: Receive) -> bytes:
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_body_bytes:
                    raise TooLarge
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            check_target(scope)
            body = await self.read_body(scope, receive)
            content_type = dict(scope.get("headers", ())).get(b"content-type", b"")
            media = content_type.split(b";")[0].strip().lower()
            if media == b"application/x-www-form-urlencoded":
                check_form(body)
            elif body:  # JSON, or something a route may still try to read as JSON
                check_json(body)
        except TooLarge:
            response = error_response(
                413, "PAYLOAD_TOO_LARGE", "The request body is too large.",
                {"max_bytes": self.max_body_bytes}, headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        except Invalid as err:
            await invalid(err)(scope, receive, send)
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
