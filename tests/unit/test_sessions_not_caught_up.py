"""A gateway replica refuses credentials with 503 until it has caught up on revocations."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from starlette.requests import Request

from gateway.identity import Identity
from gateway.revocations import RevokedSessions
from services.runtime.errors import DomainError


def request_with(headers: list[tuple[bytes, bytes]]) -> Request:
    app = SimpleNamespace(state=SimpleNamespace(settings=SimpleNamespace(grpc_deadline_s=1.0)))
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers,
                    "query_string": b"", "app": app})


def test_credentials_are_503_before_the_first_catch_up() -> None:
    revoked = RevokedSessions()
    identity = Identity(backends=None, revoked=revoked)
    for headers in ([(b"authorization", b"Bearer x.y.z")], [(b"cookie", b"session=abc")]):
        with pytest.raises(DomainError) as err:
            asyncio.run(identity.resolve(request_with(headers)))
        assert err.value.code == "SERVICE_UNAVAILABLE" and err.value.retry_after == 1
    # Anonymous requests are not held back, and once caught up credentials are checked.
    assert asyncio.run(identity.resolve(request_with([]))) is None
    revoked.ready = True
    assert asyncio.run(identity.resolve(request_with([(b"cookie", b"session=abc")]))) is None
