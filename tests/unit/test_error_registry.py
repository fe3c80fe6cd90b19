"""The one error registry holds every `NNN CODE` pair the contract documents."""

from __future__ import annotations

import re
from pathlib import Path

import grpc
import pytest

from services.runtime.errors import HTTP_STATUS, DomainError, from_rpc_error

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PAIR = re.compile(r"\b([1-5]\d\d) ([A-Z][A-Z_]{2,})\b")


def documented_pairs() -> set[tuple[int, str]]:
    docs = [SHARED / "API.md", *sorted((SHARED / "seeds").glob("*.txt"))]
    pairs: set[tuple[int, str]] = set()
    for doc in docs:
        pairs |= {(int(s), c) for s, c in PAIR.findall(doc.read_text())}
    return pairs


@pytest.mark.skipif(not (SHARED / "API.md").exists(), reason="shared/ is not beside the repo")
def test_registry_matches_every_documented_status_and_code() -> None:
    pairs = documented_pairs()
    assert len(pairs) > 30
    wrong = {(s, c): HTTP_STATUS.get(c) for s, c in pairs if HTTP_STATUS.get(c) != s}
    assert not wrong, f"registry disagrees with the contract: {wrong}"


@pytest.mark.skipif(not (SHARED / "API.md").exists(), reason="shared/ is not beside the repo")
def test_rule_codes_named_in_prose_are_registered() -> None:
    api = (SHARED / "API.md").read_text()
    section = api[api.index("Rule failures are `400`"):][:300]
    for code in re.findall(r"`([A-Z_]{4,})`", section):
        assert HTTP_STATUS[code] == 400, code


class FakeRpcError(grpc.RpcError):
    def __init__(self, code: grpc.StatusCode, details: str, trailing: tuple = ()) -> None:
        self._code, self._details, self._trailing = code, details, trailing

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    def trailing_metadata(self) -> tuple:
        return self._trailing


def test_domain_error_survives_the_grpc_round_trip() -> None:
    err = DomainError("LOGIN_LOCKED", "Too many failures.", {"attempts": 6},
                      headers={"Retry-After": "60"})
    wire = FakeRpcError(err.grpc_code, err.message,
                        (("grpc-status-details-bin", err.to_status_details()),))
    back = from_rpc_error(wire)
    assert (back.code, back.message, back.details, back.headers) == (
        "LOGIN_LOCKED", "Too many failures.", {"attempts": 6}, {"Retry-After": "60"})
    assert err.grpc_code == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_business_rules_travel_as_failed_precondition() -> None:
    assert DomainError("INSUFFICIENT_RESOURCES", "x").grpc_code == \
        grpc.StatusCode.FAILED_PRECONDITION
    assert DomainError("INVALID_INPUT", "x").grpc_code == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize(("code", "status", "expected"), [
    (grpc.StatusCode.UNAVAILABLE, 503, "SERVICE_UNAVAILABLE"),
    (grpc.StatusCode.DEADLINE_EXCEEDED, 504, "DEADLINE_EXCEEDED"),
    (grpc.StatusCode.INVALID_ARGUMENT, 422, "INVALID_INPUT"),
    (grpc.StatusCode.UNIMPLEMENTED, 501, "NOT_IMPLEMENTED"),
    (grpc.StatusCode.INTERNAL, 500, "INTERNAL_ERROR"),
])
def test_plain_grpc_failures_fall_back_to_grpc_gateway_table(code: grpc.StatusCode, status: int,
                                                             expected: str) -> None:
    err = from_rpc_error(FakeRpcError(code, "boom: SELECT * FROM secrets"))
    assert err.code == expected and HTTP_STATUS[err.code] == status
    if status == 500:
        assert "SELECT" not in err.message
